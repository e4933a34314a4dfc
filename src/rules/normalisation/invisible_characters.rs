use std::sync::LazyLock;

use regex::Regex;

use pulldown_cmark::{Event, Parser, Tag};

use crate::article::{markdown_options, overlaps_any, Article};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks the Markdown body, outside code, for invisible characters left by copy-pastes
    /// from web pages, word processors and chat tools:
    ///
    /// - zero-width space (U+200B), unless next to a script written without spaces (Thai, Lao,
    ///   Khmer, Myanmar, Tibetan, Chinese, Japanese), where it marks word boundaries;
    /// - zero-width non-joiner and joiner (U+200C, U+200D) only next to an ASCII letter or
    ///   digit, or between ASCII characters, spaces and line ends: between emoji (woman, U+200D,
    ///   laptop is one emoji), Persian or Indic letters they shape the text and are left alone;
    /// - soft hyphen (U+00AD);
    /// - a byte order mark (U+FEFF) anywhere but at the very start of the file (see `bom`);
    /// - directional marks and controls (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069),
    ///   unless the article holds right-to-left text (Hebrew, Arabic…) that needs them;
    /// - a no-break space (U+00A0) between two ASCII letters, in English articles only (front
    ///   matter `lang`, else the file's place such as `post.en.md` or `content/en/`, else
    ///   `site.lang` in the configuration). English typography has no use for it there, while
    ///   other languages' may (French puts one in `XXe siècle`, some houses after short words);
    ///   an article of unknown language is not checked for it. No-break spaces next to digits
    ///   (`10 km`), before `; : ! ?` or inside `« »` are never reported; runs of them are
    ///   `nbsp-run`'s business.
    ///
    /// The front matter is not read. To keep one of these characters on purpose, write it as an
    /// entity (`&shy;`, `&zwj;`, `&#8203;`, `&nbsp;`) or use `<wbr>`: entities are not flagged.
    ///
    /// ## Why is this bad?
    /// Nobody sees them, but they break things: a word with a zero-width space or a soft hyphen
    /// inside is not found by the site search or by Ctrl+F, a link or a command copied from the
    /// page fails, directional controls reorder text unexpectedly (and can hide what the source
    /// says), and a no-break space glues two words so that lines wrap badly on small screens.
    ///
    /// ## Example
    /// ```text
    /// Install it with apt⟨U+200B⟩-get, then run the set⟨U+00AD⟩up.
    /// ```
    /// (`⟨U+200B⟩` stands for the invisible character.)
    ///
    /// Use instead:
    /// ```markdown
    /// Install it with apt-get, then run the setup.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the characters are removed, which changes nothing visible but where a line may
    /// wrap. Unsafe in two cases: inside a link destination, an HTML tag or a template tag,
    /// where the character is part of a URL or file name (the file may really be named so);
    /// and when removing it changes how the Markdown parses, because it was hiding syntax (a
    /// U+FEFF before `2.` keeps the line from being a list item, a line holding only a U+200B
    /// is an empty paragraph). The rule checks this by parsing the text again without it.
    ///
    /// A no-break space between letters becomes a plain space, which changes only where the
    /// line may wrap: safe (unsafe in a link destination or a tag, as above).
    pub(crate) struct InvisibleCharacters {
        id: "invisible-characters",
        summary: "Zero-width spaces, soft hyphens and other invisible characters",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for InvisibleCharacters {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let body = article.text(article.body);
        // Every character looked for is encoded from a 0xC2, 0xE2 or 0xEF byte: most bodies
        // are passed over at memchr speed.
        let candidates = memchr::memchr3_iter(0xC2, 0xE2, 0xEF, body.as_bytes());
        if !candidates
            .filter_map(|at| body.get(at..)?.chars().next())
            .any(|c| c == NBSP || is_invisible(c))
        {
            return;
        }
        let (runs, nbsps) = Scan::new(article).findings();
        let inert = inert_removals(article, &runs);
        for (run, inert) in runs.iter().zip(inert) {
            report_run(cx, article, run, inert);
        }
        if !nbsps.is_empty() {
            let language = Language::of(article, cx);
            for (span, in_target) in nbsps {
                report_nbsp(cx, span, language, in_target);
            }
        }
    }
}

/// One pass over the body's characters.
struct Scan<'a> {
    article: &'a Article<'a>,
    /// The body's characters with their absolute offsets.
    chars: Vec<(usize, char)>,
    protected: Vec<Span>,
    has_rtl: Option<bool>,
}

impl<'a> Scan<'a> {
    fn new(article: &'a Article<'a>) -> Self {
        let chars = article
            .text(article.body)
            .char_indices()
            .map(|(offset, c)| (article.body.start + offset, c))
            .collect();
        Self {
            article,
            chars,
            protected: protected_spans(article),
            has_rtl: None,
        }
    }

    /// The runs of invisible characters to report, and the no-break spaces between letters
    /// (with whether each is in a link destination or a tag).
    fn findings(mut self) -> (Vec<Run>, Vec<(Span, bool)>) {
        let mut runs: Vec<Run> = Vec::new();
        let mut nbsps: Vec<(Span, bool)> = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            let (at, c) = self.chars[i];
            if c == NBSP {
                let span = Span::new(at, at + c.len_utf8());
                if self.between_letters(i) && !self.article.in_code(span) {
                    nbsps.push((span, overlaps_any(&self.protected, span)));
                }
                i += 1;
            } else if is_invisible(c) {
                i = self.run_from(i, &mut runs);
            } else {
                i += 1;
            }
        }
        (runs, nbsps)
    }

    fn between_letters(&self, i: usize) -> bool {
        let letter = |j: Option<usize>| {
            j.and_then(|j| self.chars.get(j))
                .is_some_and(|(_, c)| c.is_ascii_alphabetic())
        };
        letter(i.checked_sub(1)) && letter(Some(i + 1))
    }

    /// Adds the flagged characters of the run of invisible characters starting at `start`,
    /// judged by what surrounds the whole run; returns where the run ends.
    fn run_from(&mut self, start: usize, runs: &mut Vec<Run>) -> usize {
        let end = (start..self.chars.len())
            .find(|&j| !is_invisible(self.chars[j].1))
            .unwrap_or(self.chars.len());
        let before = start.checked_sub(1).map(|j| self.chars[j].1);
        let after = self.chars.get(end).map(|(_, c)| *c);
        // Between a lone CR and an LF, removing the run would make one CRLF of two endings.
        let glues_line_endings = before == Some('\r') && after == Some('\n');
        for j in start..end {
            let (at, c) = self.chars[j];
            let span = Span::new(at, at + c.len_utf8());
            if !self.flagged(at, c, before, after) || self.article.in_code(span) {
                continue;
            }
            let in_target = overlaps_any(&self.protected, span);
            match runs.last_mut() {
                Some(run) if run.span.end == span.start && run.in_target == in_target => {
                    run.span.end = span.end;
                    run.count += 1;
                }
                _ => runs.push(Run {
                    span,
                    count: 1,
                    in_target,
                    glues_line_endings,
                }),
            }
        }
        end
    }

    fn flagged(&mut self, at: usize, c: char, before: Option<char>, after: Option<char>) -> bool {
        let source = self.article.source;
        match kind(c).expect("an invisible character") {
            Kind::ZeroWidthSpace => !no_space_script(before) && !no_space_script(after),
            Kind::Joiner => joiner_is_debris(before, after),
            Kind::SoftHyphen => true,
            // Marks at the very start are all `bom`'s.
            Kind::ByteOrderMark => !source[..at].trim_start_matches(c).is_empty(),
            Kind::Directional => !*self
                .has_rtl
                .get_or_insert_with(|| source.chars().any(is_right_to_left)),
        }
    }
}

/// Adjacent invisible characters, reported as one problem.
#[derive(Copy, Clone, Debug)]
struct Run {
    span: Span,
    count: usize,
    /// Inside a link destination, an HTML tag or a template tag.
    in_target: bool,
    /// Between a lone CR and an LF.
    glues_line_endings: bool,
}

/// Runs above this number are not tried one by one: their fixes are all unsafe.
const MAX_TRIALS: usize = 64;

/// For each run, whether removing it leaves the Markdown structure as it was. An invisible
/// character can hide syntax: a U+FEFF before `2.` keeps the line from being a list item, one
/// alone on a line makes it a paragraph. Removing all the runs is tried first (one parse);
/// when that changes the structure, each run is tried alone, and the ones that pass are tried
/// together again.
fn inert_removals(article: &Article<'_>, runs: &[Run]) -> Vec<bool> {
    let candidates: Vec<usize> = (0..runs.len())
        .filter(|&i| !runs[i].in_target && !runs[i].glues_line_endings)
        .collect();
    let mut inert = vec![false; runs.len()];
    if candidates.is_empty() {
        return inert;
    }
    // Byte order marks at the start are `bom`'s, gone in the same pass: compare without them.
    let marks = article.source.len() - article.source.trim_start_matches('\u{feff}').len();
    let leading = Span::new(article.body.start, marks.max(article.body.start));
    let original = structure(&without(article, &[leading]));
    let unchanged = |chosen: &[usize]| {
        let spans: Vec<Span> = std::iter::once(leading)
            .chain(chosen.iter().map(|&i| runs[i].span))
            .collect();
        structure(&without(article, &spans)) == original
    };
    let passing: Vec<usize> = if unchanged(&candidates) {
        candidates
    } else if candidates.len() > MAX_TRIALS {
        Vec::new()
    } else {
        let alone: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| unchanged(&[i]))
            .collect();
        if unchanged(&alone) {
            alone
        } else {
            Vec::new()
        }
    };
    for i in passing {
        inert[i] = true;
    }
    inert
}

/// The body with `spans` (sorted, absolute) removed.
fn without(article: &Article<'_>, spans: &[Span]) -> String {
    let body = article.body;
    let mut out = String::with_capacity(body.len());
    let mut last = body.start;
    for span in spans {
        out.push_str(&article.source[last..span.start]);
        last = span.end;
    }
    out.push_str(&article.source[last..body.end]);
    out
}

/// What a Markdown text renders to, in a form that ignores the characters this rule removes
/// and the runs of whitespace a browser collapses (removing a character never adds or removes
/// a space, so whitespace next to a tag may be taken loosely).
fn structure(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, markdown_options()) {
        // Text is joined to the text around it: the parser may split it differently.
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::Code(t) => push_field(&mut out, "code", &t),
            Event::Html(t) => push_field(&mut out, "html", &t),
            Event::InlineHtml(t) => push_field(&mut out, "inline-html", &t),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                push_field(&mut out, "link", &dest_url);
                push_field(&mut out, "title", &title);
            }
            other => out.push_str(&format!(" \u{1}{other:?}\u{2} ")),
        }
    }
    let kept: String = out.chars().filter(|&c| kind(c).is_none()).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A piece of the structure that text does not merge with.
/// Spaces around it: only the text's own whitespace counts, not where a tag interrupts it.
fn push_field(out: &mut String, name: &str, value: &str) {
    out.push_str(" \u{1}");
    out.push_str(name);
    out.push('\u{2}');
    out.push_str(value);
    out.push_str("\u{2} ");
}

const NBSP: char = '\u{a0}';

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    ZeroWidthSpace,
    /// Zero-width joiner or non-joiner.
    Joiner,
    SoftHyphen,
    ByteOrderMark,
    Directional,
}

/// One of the characters this rule may remove (not the no-break space, which it replaces).
pub(super) fn is_invisible(c: char) -> bool {
    kind(c).is_some()
}

fn kind(c: char) -> Option<Kind> {
    Some(match c {
        '\u{200b}' => Kind::ZeroWidthSpace,
        '\u{200c}' | '\u{200d}' => Kind::Joiner,
        '\u{ad}' => Kind::SoftHyphen,
        '\u{feff}' => Kind::ByteOrderMark,
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Kind::Directional
        }
        _ => return None,
    })
}

fn name(c: char) -> &'static str {
    match c {
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{ad}' => "soft hyphen",
        '\u{feff}' => "byte order mark",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' => "directional embedding or override",
        '\u{2066}'..='\u{2069}' => "directional isolate",
        _ => "invisible character",
    }
}

/// Where a character is part of what the text points at rather than what it says: link
/// destinations, HTML tags (attribute values), template tags. Removing it there changes the
/// target (a file may really be named so), so the fix is unsafe.
fn protected_spans(article: &Article<'_>) -> Vec<Span> {
    let mut spans: Vec<Span> = article
        .links
        .iter()
        .filter(|l| l.dest_span != l.span)
        .map(|l| l.dest_span)
        .collect();
    for &html in &article.html {
        spans.extend(
            HTML_TAG
                .find_iter(article.text(html))
                .map(|m| Span::new(html.start + m.start(), html.start + m.end())),
        );
    }
    let base = article.body.start;
    spans.extend(
        TEMPLATE_TAG
            .find_iter(article.text(article.body))
            .map(|m| Span::new(base + m.start(), base + m.end())),
    );
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>]*>").unwrap());
static TEMPLATE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").unwrap());

fn report_run(cx: &mut Context<'_>, article: &Article<'_>, run: &Run, inert: bool) {
    let mut names: Vec<String> = Vec::new();
    for c in article.text(run.span).chars() {
        let described = format!("{} (U+{:04X})", name(c), c as u32);
        if !names.contains(&described) {
            names.push(described);
        }
    }
    let message = match (run.count, names.len()) {
        (1, _) => names.join(""),
        (n, 1) => format!("{} repeated {n} times", names[0]),
        (n, _) => format!("{n} invisible characters: {}", names.join(", ")),
    };
    let help = if run.in_target {
        "Remove it from the link or tag, and rename the file it names if needed"
    } else if !inert {
        "Remove it, and check the Markdown it was hiding"
    } else if run.count == 1 {
        "Remove the invisible character"
    } else {
        "Remove the invisible characters"
    };
    let applicability = if inert {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    cx.report(run.span, message).help(help).fix(Fix::new(
        Edit::delete(run.span),
        [],
        applicability,
    ));
}

fn report_nbsp(cx: &mut Context<'_>, span: Span, lang: Language, in_target: bool) {
    if lang != Language::English {
        return;
    }
    let applicability = if in_target {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    cx.report(span, "no-break space (U+00A0) between two words")
        .help("Replace it with a space")
        .fix(Fix::new(Edit::replace(span, " "), [], applicability));
}

/// A joiner next to an ASCII letter or digit, or with nothing but ASCII (or a line end) around
/// it, joins nothing: emoji sequences and the scripts that need joiners are not ASCII.
fn joiner_is_debris(before: Option<char>, after: Option<char>) -> bool {
    let alphanumeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let ascii_or_end = |c: Option<char>| c.is_none_or(|c| c.is_ascii());
    alphanumeric(before) || alphanumeric(after) || (ascii_or_end(before) && ascii_or_end(after))
}

/// Scripts written without spaces between words, where U+200B marks the word boundaries.
fn no_space_script(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        matches!(c,
            '\u{0e00}'..='\u{0eff}'     // Thai, Lao
            | '\u{0f00}'..='\u{0fff}'   // Tibetan
            | '\u{1000}'..='\u{109f}'   // Myanmar
            | '\u{1780}'..='\u{17ff}'   // Khmer
            | '\u{19e0}'..='\u{19ff}'   // Khmer symbols
            | '\u{2e80}'..='\u{9fff}'   // CJK radicals, kana, CJK ideographs
            | '\u{ac00}'..='\u{d7af}'   // Hangul
            | '\u{f900}'..='\u{faff}'   // CJK compatibility ideographs
            | '\u{ff00}'..='\u{ffef}'   // full-width forms
            | '\u{20000}'..='\u{3134f}' // CJK extensions
        )
    })
}

fn is_right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08ff}'     // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic
        | '\u{fb1d}'..='\u{fdff}'   // Hebrew and Arabic presentation forms
        | '\u{fe70}'..='\u{fefe}'   // Arabic presentation forms B
        | '\u{10800}'..='\u{10fff}' // historic right-to-left scripts
        | '\u{1e800}'..='\u{1efff}' // Adlam and others
    )
}

/// What the article's language says about no-break spaces between words.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Language {
    English,
    /// Another language, or none known.
    Other,
}

impl Language {
    /// Front matter first, then the article's place (`post.fr.md`, `content/fr/`), then config.
    fn of(article: &Article<'_>, cx: &Context<'_>) -> Self {
        let from_front_matter = article
            .front_matter
            .as_ref()
            .and_then(|fm| fm.str_value("lang").or_else(|| fm.str_value("language")))
            .map(str::to_string);
        let tag = from_front_matter
            .or_else(|| {
                let path = article.absolute_path().to_path_buf();
                crate::site_index::path_language(cx.site(), &path)
            })
            .or_else(|| cx.settings().lang.clone());
        let primary = tag.as_deref().and_then(|t| t.split(['-', '_']).next());
        if primary.is_some_and(|p| p.eq_ignore_ascii_case("en")) {
            Language::English
        } else {
            Language::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joiners_in_emoji_and_persian_are_kept() {
        // Woman, ZWJ, laptop: between two emoji.
        assert!(!joiner_is_debris(Some('\u{1f469}'), Some('\u{1f4bb}')));
        // می‌خواهم: between Persian letters.
        assert!(!joiner_is_debris(Some('\u{06cc}'), Some('\u{062e}')));
        // At a line start before an Arabic letter: forces its medial form.
        assert!(!joiner_is_debris(None, Some('\u{0647}')));
        assert!(joiner_is_debris(Some('a'), Some('b')));
        assert!(joiner_is_debris(Some(' '), None));
        assert!(joiner_is_debris(Some('\u{1f469}'), Some('x')));
    }

    #[test]
    fn zero_width_spaces_mark_words_in_thai() {
        assert!(no_space_script(Some('\u{0e01}')));
        assert!(no_space_script(Some('日')));
        assert!(!no_space_script(Some('é')));
        assert!(!no_space_script(None));
    }
}
