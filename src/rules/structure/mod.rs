//! Structure rules: headings, links, images, code fences and raw HTML.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::{Article, Heading, HeadingKind};
use crate::diagnostic::Edit;
use crate::rules::Rule;
use crate::span::Span;

mod empty_heading;
mod empty_link;
mod heading_increment;
mod image_alt_text;
mod multiple_h1;
mod raw_html;
mod unclosed_code_fence;

/// The rules of this group, in the order `contentlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &heading_increment::HeadingIncrement,
    &multiple_h1::MultipleH1,
    &empty_heading::EmptyHeading,
    &empty_link::EmptyLink,
    &image_alt_text::ImageAltText,
    &unclosed_code_fence::UnclosedCodeFence,
    &raw_html::RawHtml,
];

/// A start or end tag found in raw HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HtmlTag {
    /// Lower case.
    name: String,
    /// As written.
    written_name: String,
    closing: bool,
    span: Span,
    /// The attributes as written (empty for an end tag).
    attributes: String,
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)/?>"#).unwrap()
});

/// The start and end tags of the raw HTML in the body, outside comments, code and template
/// tags (`{{<figure …>}}` is a Hugo shortcode, not an element).
fn html_tags(article: &Article<'_>) -> Vec<HtmlTag> {
    let mut tags = Vec::new();
    for &html in &article.html {
        let text = article.text(html);
        let mut at = 0;
        while let Some(found) = text[at..].find('<') {
            let start = at + found;
            let rest = &text[start..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                at = comment
                    .find("-->")
                    .map_or(text.len(), |end| start + 4 + end + 3);
                continue;
            }
            let Some(caps) = TAG.captures(rest) else {
                at = start + 1;
                continue;
            };
            let whole = caps.get(0).expect("group 0 always matches");
            let span = Span::new(html.start + start, html.start + start + whole.end());
            at = start + whole.end();
            let in_template = article.source[..span.start].ends_with("{{")
                || article.source[span.end..].starts_with("}}");
            if in_template || article.in_code(span) {
                continue;
            }
            tags.push(HtmlTag {
                name: caps[2].to_ascii_lowercase(),
                written_name: caps[2].to_string(),
                closing: !caps[1].is_empty(),
                span,
                attributes: caps[3].to_string(),
            });
        }
    }
    tags
}

/// Headings with something to show: text, an image, or inline HTML (an icon).
fn has_content(article: &Article<'_>, heading: &Heading) -> bool {
    if !heading.text.trim().is_empty() {
        return true;
    }
    let written = heading_inner(article, heading);
    written.contains("![") || written.contains("<img") || written.contains("<IMG")
}

/// A heading's source without its markers: `## x ##` gives `x`, `<h2 id="a">x</h2>` gives `x`.
fn heading_inner<'a>(article: &Article<'a>, heading: &Heading) -> &'a str {
    let text = article.text(heading.span);
    match heading.kind {
        HeadingKind::Atx => {
            let text = text.trim().trim_start_matches('#');
            let text = text.trim_end();
            let without_closing = text.trim_end_matches('#');
            // A closing sequence must follow a space (`## C#` keeps its `#`).
            if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
                without_closing.trim()
            } else {
                text.trim()
            }
        }
        HeadingKind::Setext => text.lines().next().unwrap_or_default().trim(),
        HeadingKind::Html => {
            let open_end = text.find('>').map_or(text.len(), |i| i + 1);
            let close_start = text.rfind("</").unwrap_or(text.len()).max(open_end);
            text[open_end..close_start].trim()
        }
    }
}

/// The edits that make `heading` a heading of `level`, when its markup allows it.
fn relevel(article: &Article<'_>, heading: &Heading, level: u8) -> Option<Vec<Edit>> {
    let text = article.text(heading.span);
    let start = heading.span.start;
    match heading.kind {
        HeadingKind::Atx => {
            let hashes = text.find('#')?;
            let run = text[hashes..].len() - text[hashes..].trim_start_matches('#').len();
            Some(vec![Edit::replace(
                Span::new(start + hashes, start + hashes + run),
                "#".repeat(usize::from(level)),
            )])
        }
        HeadingKind::Html => {
            let digit = |at: usize| {
                text.as_bytes()
                    .get(at)
                    .is_some_and(u8::is_ascii_digit)
                    .then(|| {
                        Edit::replace(Span::new(start + at, start + at + 1), level.to_string())
                    })
            };
            let open = digit(2)?;
            let close = digit(text.rfind("</")? + 3)?;
            Some(vec![open, close])
        }
        HeadingKind::Setext => None,
    }
}

/// A heading's text for a message: its first words when it is long.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", cut.trim_end())
}

/// The heading's lines when nothing else is on them, else `None`.
fn lines_of_alone(article: &Article<'_>, span: Span) -> Option<Span> {
    let first = article.line_content(span.start);
    let last = article.line_content(span.end.saturating_sub(1).max(span.start));
    let alone = article.source[first.start..span.start].trim().is_empty()
        && article.source[span.end..last.end].trim().is_empty();
    alone.then(|| article.line_removal(span))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn finds_link_contents() {
        let src = "[](a) [x](b) [![](i.png)](c) [<i class=\"fa\"></i>](d) ![alt](e.png)\n";
        let article = Article::parse(Path::new("a.md"), src);
        let found: Vec<(bool, bool)> = article
            .links
            .iter()
            .map(|l| (l.has_text(), l.has_media))
            .collect();
        assert_eq!(
            found,
            [
                (false, false),
                (true, false),
                (false, true),
                (false, false),
                (false, true),
                (true, false)
            ]
        );
    }

    #[test]
    fn finds_html_tags_outside_comments_and_shortcodes() {
        let src = "a <span class=\"x\">b</span> <!-- <div> --> {{<figure src=\"x\">}}\n";
        let article = Article::parse(Path::new("a.md"), src);
        let names: Vec<(String, bool)> = html_tags(&article)
            .into_iter()
            .map(|t| (t.name, t.closing))
            .collect();
        assert_eq!(names, [("span".into(), false), ("span".into(), true)]);
    }

    #[test]
    fn strips_heading_markers() {
        let src = "## C#\n\n## x ##\n\n##\n\n<h2 id=\"a\"> y </h2>\n";
        let article = Article::parse(Path::new("a.md"), src);
        let inner: Vec<&str> = article
            .headings
            .iter()
            .map(|h| heading_inner(&article, h))
            .collect();
        assert_eq!(inner, ["C#", "x", "", "y"]);
    }
}
