//! The per-article hot path (issue #7): parsing, linting with the default rules, fixing, and
//! rendering the text format, on articles embedded from `fixtures/` plus a long synthetic one.
//! Throughput is in bytes of article source. Run with `cargo bench` (`cargo bench -- fix` for
//! one group).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use contentlint::article::Article;
use contentlint::diagnostic::Applicability;
use contentlint::registry::{FileSettings, RuleSet};
use contentlint::render::text;
use contentlint::site::Site;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// One benchmarked article: a name for the report, where it sits in the sample site, its text.
struct Input {
    name: &'static str,
    path: PathBuf,
    source: String,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} B)", self.name, self.source.len())
    }
}

const SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sites/hugo-sample");

fn input(name: &'static str, file: &str, source: impl Into<String>) -> Input {
    Input {
        name,
        path: Path::new(SITE).join("content/posts").join(file),
        source: source.into(),
    }
}

/// Clipboard debris, French dates, a link and a mismatched H1 (the seed article's kind).
fn clipboard_fr() -> Input {
    input(
        "clipboard-fr",
        "conseil-municipal.md",
        include_str!("../fixtures/sites/hugo-sample/content/posts/conseil-municipal.md"),
    )
}

/// Images (one with the wrong case) and glued words.
fn images() -> Input {
    input(
        "images",
        "bike-lanes.md",
        include_str!("../fixtures/sites/hugo-sample/content/posts/bike-lanes.md"),
    )
}

/// Clean: code blocks holding clipboard markers and backslashes, which must not be flagged.
fn clean() -> Input {
    input(
        "clean",
        "clean-article.md",
        include_str!("../fixtures/sites/hugo-sample/content/posts/clean-article.md"),
    )
}

/// Publication statements in six languages, for the date rules.
fn dates_multilingual() -> Input {
    input(
        "dates-multilingual",
        "multilingual.md",
        include_str!("../fixtures/date-mismatch/good-multilingual.md"),
    )
}

/// A long article (about 180 KB): headings, prose, links, images, lists, tables, code blocks and
/// quotes, deterministic so every run measures the same text. Clean, or with paste debris (a
/// clipboard marker and a trailing space) in one section out of ten.
fn long_synthetic(dirty: bool) -> Input {
    let mut text = String::from(
        "---\ntitle: A long report on cycling in the city\n\
         description: Every district, every lane and every count, section by section.\n\
         date: 2024-06-01T09:00:00+02:00\nimage: /images/velo-cargo.jpg\n\
         tags: [cycling, city, report]\n---\n",
    );
    for section in 0..300 {
        let debris = dirty && section % 10 == 5;
        if debris {
            text.push_str("<!--StartFragment-->\n\n");
        }
        text.push_str(&format!(
            "## District {section}\n\n\
             The district counted {riders} riders a day in May, up from {before} a year earlier.{space}\n\
             The [full counts](https://www.example.org/counts/{section}) are published every \
             month, and the *protected* lanes carry most of the growth.\n\n\
             ![Lane in district {section}](/images/bike-lane.png)\n\n\
             - Lanes: {lanes} km\n- Parking spots: {spots}\n- Cargo bikes on loan: {loans}\n\n\
             | Month | Riders |\n|---|---|\n| April | {before} |\n| May | {riders} |\n\n\
             ```sh\ncurl https://www.example.org/api/counts/{section} | jq .riders\n```\n\n\
             > Residents asked for more lanes near the schools; the council will answer in the \
             autumn, once the counts of the summer are known.\n\n",
            riders = 1_000 + section * 37 % 900,
            before = 800 + section * 29 % 700,
            lanes = section % 12 + 1,
            spots = section * 13 % 400,
            loans = section % 40,
            space = if debris { " " } else { "" },
        ));
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    if dirty {
        input("long-dirty", "long-report-pasted.md", text)
    } else {
        input("long-clean", "long-report.md", text)
    }
}

static INPUTS: LazyLock<Vec<Input>> = LazyLock::new(|| {
    vec![
        clipboard_fr(),
        images(),
        clean(),
        dates_multilingual(),
        long_synthetic(false),
    ]
});

/// The articles with fixable problems.
static DIRTY: LazyLock<Vec<Input>> =
    LazyLock::new(|| vec![clipboard_fr(), images(), long_synthetic(true)]);

struct Setup {
    site: Site,
    rules: RuleSet,
    settings: FileSettings,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let site = Site::discover(&clean().path, Path::new(SITE)).expect("the sample site is found");
    let (rules, settings) = contentlint::standard_rules();
    Setup {
        site,
        rules,
        settings,
    }
});

fn inputs() -> impl Iterator<Item = &'static Input> {
    INPUTS.iter()
}

fn dirty() -> impl Iterator<Item = &'static Input> {
    DIRTY.iter()
}

/// `Article::parse`: front matter, YAML, line index and the pulldown-cmark pass.
#[divan::bench(args = inputs())]
fn parse(bencher: Bencher, input: &Input) {
    bencher
        .counter(BytesCount::of_str(&input.source))
        .bench(|| Article::parse(black_box(&input.path), black_box(&input.source)));
}

/// Parse, then every default rule (what `check` does per file, minus reading and rendering).
#[divan::bench(args = inputs())]
fn parse_and_lint(bencher: Bencher, input: &Input) {
    let setup = &*SETUP;
    bencher
        .counter(BytesCount::of_str(&input.source))
        .bench(|| {
            let article = Article::parse(black_box(&input.path), black_box(&input.source));
            contentlint::lint(&article, &setup.site, &setup.rules, &setup.settings)
        });
}

/// `fix_source` with safe fixes: lint, apply, repeat until nothing is left to fix.
#[divan::bench(args = dirty())]
fn fix(bencher: Bencher, input: &Input) {
    let setup = &*SETUP;
    bencher
        .counter(BytesCount::of_str(&input.source))
        .bench(|| {
            contentlint::fix_source(
                black_box(&input.path),
                black_box(&input.source),
                &setup.site,
                &setup.rules,
                &setup.settings,
                Applicability::Safe,
            )
            .expect("the fixes settle")
        });
}

/// The lint's problems as a report of the text format (what `check` prints).
fn report(input: &Input) -> contentlint::render::FileReport {
    let setup = &*SETUP;
    let article = Article::parse(&input.path, &input.source);
    let diagnostics = contentlint::lint(&article, &setup.site, &setup.rules, &setup.settings);
    contentlint::render::FileReport::new(input.path.clone(), input.source.clone(), diagnostics)
}

/// The text format without colour (pipes, CI logs).
#[divan::bench(args = dirty())]
fn render_text_plain(bencher: Bencher, input: &Input) {
    let report = report(input);
    bencher
        .bench(|| contentlint::render::text::render_report(black_box(&report), text::Style::Plain));
}

/// The text format in a terminal (colour).
#[divan::bench(args = dirty())]
fn render_text_fancy(bencher: Bencher, input: &Input) {
    let report = report(input);
    bencher
        .bench(|| contentlint::render::text::render_report(black_box(&report), text::Style::Fancy));
}
