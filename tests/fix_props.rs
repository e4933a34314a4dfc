//! Property tests of `--fix` over generated articles: idempotent, lossless outside the injected
//! defects, complete, and a no-op on clean articles.

use std::path::Path;

use contentlint::article::Article;
use contentlint::diagnostic::Applicability;
use contentlint::site::Site;
use proptest::prelude::*;

/// One block of a generated article: content that must survive, or a defect a fix removes.
#[derive(Clone, Debug)]
enum Block {
    Content(String),
    Defect(String),
}

const WORDS: &[&str] = &[
    "Esseulée",
    "face",
    "à",
    "l'Azerbaïdjan",
    "l'Arménie",
    "boycotte",
    "le",
    "sommet",
    "de",
    "l'OTSC",
    "Minsk",
    "«\u{a0}citation\u{a0}»",
    "2\u{202f}400",
    "euros",
    "the",
    "summit",
    "was",
    "held",
    "in",
    "**bold**",
    "_italique_",
    "[lien](https://example.org/a)",
    "`code`",
    "naïve",
    "œuvre",
    "10:30\u{a0}PM",
    "iPhone",
    "JavaScript",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 3..14).prop_map(|w| {
        let mut s = w.join(" ");
        s.push('.');
        s
    })
}

fn content_block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => sentence().prop_map(|s| format!("{s}\n")),
        1 => sentence().prop_map(|s| format!("## {s}\n")),
        1 => (sentence(), sentence()).prop_map(|(a, b)| format!("- {a}\n- {b}\n")),
        1 => (sentence(), sentence()).prop_map(|(a, b)| format!("{a}\\\n{b}\n")),
        1 => sentence().prop_map(|s| format!("```html\n<!--StartFragment-->\n\\\n{s}\n<!--EndFragment-->\\\n```\n")),
        1 => sentence().prop_map(|s| format!("> {s}\n")),
    ]
}

fn defect_block() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "<!--StartFragment-->\n",
            "<!--EndFragment-->\n",
            "<!-- EndFragment -->\\\n",
            "\\\n",
        ][..],
    )
    .prop_map(String::from)
}

/// Blocks, each with whether a blank line follows it (pastes often have none).
fn blocks(with_defects: bool) -> impl Strategy<Value = Vec<(Block, bool)>> {
    let defect_weight = if with_defects { 1 } else { 0 };
    let block = prop_oneof![
        3 => content_block().prop_map(Block::Content),
        defect_weight => defect_block().prop_map(Block::Defect),
    ];
    prop::collection::vec((block, prop::bool::weighted(0.7)), 1..12)
}

const TITLE: &str = "Après la débâcle, l'Arménie tourne le dos à Moscou";

fn render(blocks: &[(Block, bool)], duplicate_h1: bool) -> String {
    let mut out = format!("---\ntitle: {TITLE}\ndate: 2023-11-22T22:14:02.647Z\n---\n");
    if duplicate_h1 {
        out.push_str(&format!("# {TITLE}\n\n"));
    }
    for (block, blank_after) in blocks {
        let (Block::Content(text) | Block::Defect(text)) = block;
        out.push_str(text);
        if *blank_after {
            out.push('\n');
        }
    }
    // A clean file ends with exactly one newline.
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    out.push('\n');
    out
}

fn site() -> Site {
    Site::without_files()
}

fn fix(text: &str) -> String {
    let (rules, settings) = contentlint::standard_rules();
    let path = Path::new("content/posts/a.md");
    contentlint::fix_source(path, text, &site(), &rules, &settings, Applicability::Safe)
        .expect("fixing converges")
        .text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fixing_is_idempotent_and_complete(blocks in blocks(true), duplicate_h1 in any::<bool>()) {
        let article = render(&blocks, duplicate_h1);
        let once = fix(&article);
        prop_assert_eq!(&fix(&once), &once);
        let (rules, settings) = contentlint::standard_rules();
        let remaining = contentlint::lint(&Article::parse(Path::new("a.md"), &once), &site(), &rules, &settings);
        prop_assert!(remaining.iter().all(|d| !d.has_safe_fix()), "{:?}", remaining);
    }

    #[test]
    fn content_outside_defects_survives_in_order(blocks in blocks(true), duplicate_h1 in any::<bool>()) {
        let article = render(&blocks, duplicate_h1);
        let fixed = fix(&article);
        let front_matter = format!("---\ntitle: {TITLE}\n");
        prop_assert!(fixed.starts_with(&front_matter));
        let mut rest = fixed.as_str();
        for (block, _) in &blocks {
            let Block::Content(text) = block else { continue };
            // A paragraph whose last line ends in `\` loses that backslash (it breaks nothing).
            let text = text.trim_end_matches('\n');
            let at = rest.find(text).or_else(|| rest.find(text.trim_end_matches('\\')));
            prop_assert!(at.is_some(), "lost {:?} in\n{}", text, fixed);
            rest = &rest[at.unwrap_or_default() + text.trim_end_matches('\\').len()..];
        }
    }

    #[test]
    fn clean_articles_come_back_byte_identical(blocks in blocks(false)) {
        let article = render(&blocks, false);
        prop_assert_eq!(fix(&article), article);
    }
}
