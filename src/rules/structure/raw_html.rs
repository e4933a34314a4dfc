use std::collections::HashMap;

use crate::article::Article;
use crate::rules::structure::{html_tags, HtmlTag};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for raw HTML elements in the body, except those of the `allow` option: by default
    /// `br`, `sup`, `sub`, `kbd`, `abbr`, `details` and `summary`, which Markdown has no syntax
    /// for. An `allow` list in the configuration replaces the default one:
    ///
    /// ```yaml
    /// rules:
    ///   raw-html: { level: warning, allow: [br, sup, sub, kbd, iframe] }
    /// ```
    ///
    /// One diagnostic per piece of HTML (an HTML block, or a run of inline tags), naming the
    /// elements it opens. HTML comments are left to other rules (suppression comments,
    /// clipboard markers), and so are HTML in code and Hugo shortcodes (`{{<figure …>}}`).
    /// Off by default: many sites use HTML on purpose.
    ///
    /// ## Why is this bad?
    /// Raw HTML bypasses the theme: it carries inline styles and classes from the editor it was
    /// pasted from, breaks in feeds and AMP pages, and hides Markdown (a `<div>` block turns
    /// the Markdown inside it into plain text). Sites that want clean, portable content keep
    /// HTML to a short list of elements.
    ///
    /// ## Example
    /// ```markdown
    /// <span style="font-weight: 400;">Le sommet s'ouvre à Grenade.</span>
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Le sommet s'ouvre à Grenade.
    /// ```
    pub(crate) struct RawHtml {
        id: "raw-html",
        summary: "Raw HTML element not in the allowed list",
        severity: Warning,
        fix: None,
        default_on: false,
        options: ["allow"],
    }
}

const DEFAULT_ALLOW: &[&str] = &["br", "sup", "sub", "kbd", "abbr", "details", "summary"];

impl Rule for RawHtml {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let allow = allowed(cx);
        let mut open: HashMap<String, usize> = HashMap::new();
        let mut reported: Vec<&HtmlTag> = Vec::new();
        let tags = html_tags(article);
        for tag in &tags {
            if allow.iter().any(|a| a.eq_ignore_ascii_case(&tag.name)) {
                continue;
            }
            // An end tag is reported with its start tag; a lone one on its own.
            if tag.closing {
                match open.get_mut(&tag.name) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        continue;
                    }
                    _ => {}
                }
            } else {
                *open.entry(tag.name.clone()).or_default() += 1;
            }
            reported.push(tag);
        }
        for group in groups(article) {
            let in_group: Vec<&HtmlTag> = reported
                .iter()
                .copied()
                .filter(|t| group.contains(t.span))
                .collect();
            let (Some(first), Some(last)) = (in_group.first(), in_group.last()) else {
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            for tag in &in_group {
                let name = if tag.closing {
                    format!("`</{}>`", tag.written_name)
                } else {
                    format!("`<{}>`", tag.written_name)
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let lines = article.lines();
            let span = if lines.line_of(first.span.start) == lines.line_of(last.span.end) {
                Span::new(first.span.start, last.span.end)
            } else {
                first.span
            };
            if in_group.iter().all(|t| !is_html_element(&t.name)) {
                let (verb, list) = match names.len() {
                    1 => ("is not an HTML element: browsers hide it", names.join("")),
                    _ => (
                        "are not HTML elements: browsers hide them",
                        names.join(", "),
                    ),
                };
                cx.report(
                    span,
                    format!("{list} {verb}, and the page shows nothing there"),
                )
                .help(format!(
                    "A placeholder? Put it in code (`` `<{0}>` ``) or escape it (`\\<{0}>`)",
                    first.written_name
                ));
                continue;
            }
            let (noun, list) = match names.len() {
                1 => ("element", names.join("")),
                _ => ("elements", names.join(", ")),
            };
            cx.report(span, format!("raw HTML {noun} {list}")).help(
                "Write it in Markdown, or add the element to the `allow` option of `raw-html`",
            );
        }
    }
}

/// The raw HTML pieces, those separated only by blank space taken together (the rows of a
/// table split by blank lines are one table).
fn groups(article: &Article<'_>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for &piece in &article.html {
        match out.last_mut() {
            Some(last) if article.source[last.end..piece.start].trim().is_empty() => {
                last.end = piece.end
            }
            _ => out.push(piece),
        }
    }
    out
}

/// The elements of HTML, current and obsolete (`center`, `font`), for telling a pasted tag
/// from a placeholder such as `<username>`.
fn is_html_element(name: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "math",
        "path",
        "g",
        "circle",
        "rect",
        "line",
        "polygon",
        "polyline",
        "text",
        "use",
        "defs",
        "o:p",
    ];
    ELEMENTS.contains(&name)
}

/// The `allow` option, or the default list.
fn allowed(cx: &Context<'_>) -> Vec<String> {
    match cx.option("allow").and_then(|v| v.as_array()) {
        Some(names) => names
            .iter()
            .filter_map(|n| {
                n.as_str()
                    .map(|s| s.trim_matches(['<', '>', '/']).to_string())
            })
            .collect(),
        None => DEFAULT_ALLOW.iter().map(|n| n.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::{json, Map};

    use super::*;
    use crate::diagnostic::Severity;
    use crate::registry::FileSettings;
    use crate::site::{Generator, Site};

    fn messages(source: &str, options: Map<String, serde_json::Value>) -> Vec<String> {
        let article = Article::parse(Path::new("a.md"), source);
        let site = Site::new(PathBuf::from("."), Generator::Unknown, None, &Map::new());
        let settings = FileSettings::default();
        let mut out = Vec::new();
        let mut cx = Context::new(
            "raw-html",
            Severity::Warning,
            &options,
            &settings,
            &site,
            &mut out,
        );
        RawHtml.check(&article, &mut cx);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn the_allow_option_replaces_the_default_list() {
        let source = "a<br>b <iframe src=\"x\"></iframe>\n";
        assert_eq!(
            messages(source, Map::new()),
            ["raw HTML element `<iframe>`"]
        );
        let mut options = Map::new();
        options.insert("allow".into(), json!(["iframe"]));
        assert_eq!(messages(source, options), ["raw HTML element `<br>`"]);
    }
}
