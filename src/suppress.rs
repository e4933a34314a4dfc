//! Inline suppression, in markdownlint's vocabulary with our prefix, inside HTML comments (which
//! render to nothing): `contentlint-disable [RULE…]` … `contentlint-enable [RULE…]`,
//! `contentlint-disable-next-line`, `contentlint-disable-line`, `contentlint-disable-file`; and
//! the front-matter key `contentlint: { disable: [RULE…] }`. No rule named means every rule.

use std::cell::Cell;
use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*contentlint-(disable-next-line|disable-line|disable-file|disable|enable)\b((?:\s+[A-Za-z0-9_-]+)*)\s*-->")
        .unwrap()
});

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Disable,
    Enable,
    NextLine,
    Line,
    File,
}

#[derive(Debug)]
pub struct Directive {
    pub kind: Kind,
    /// The comment.
    pub span: Span,
    /// The rules it names; empty for all.
    pub rules: Vec<String>,
    /// Where it silences.
    region: Span,
    used: Cell<bool>,
}

impl Directive {
    fn covers(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule)
    }
}

#[derive(Debug, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    /// From the front matter: `None` when the key is absent; an empty list silences every rule.
    front_matter: Option<Vec<String>>,
}

impl Suppressions {
    pub fn from_article(article: &Article<'_>) -> Suppressions {
        let mut directives = Vec::new();
        for &html in &article.html {
            let text = article.text(html);
            if memchr::memmem::find(text.as_bytes(), b"contentlint-").is_none() {
                continue;
            }
            for caps in DIRECTIVE.captures_iter(text) {
                let whole = caps.get(0).expect("group 0 always matches");
                let span = Span::new(html.start + whole.start(), html.start + whole.end());
                let kind = match &caps[1] {
                    "disable" => Kind::Disable,
                    "enable" => Kind::Enable,
                    "disable-next-line" => Kind::NextLine,
                    "disable-line" => Kind::Line,
                    _ => Kind::File,
                };
                let rules = caps[2].split_whitespace().map(String::from).collect();
                directives.push(Directive {
                    kind,
                    span,
                    rules,
                    region: Span::empty(span.end),
                    used: Cell::new(false),
                });
            }
        }
        let end = article.source.len();
        for i in 0..directives.len() {
            let directive = &directives[i];
            let region = match directive.kind {
                Kind::File => Span::new(0, end),
                Kind::Line => Span::new(
                    article.line_span(directive.span.start).start,
                    article.line_span(directive.span.end.saturating_sub(1)).end,
                ),
                Kind::NextLine => {
                    let this_line_end = article.line_span(directive.span.end.saturating_sub(1)).end;
                    if this_line_end < end {
                        article.line_span(this_line_end)
                    } else {
                        Span::empty(end)
                    }
                }
                Kind::Disable => {
                    // Until an `enable` that names one of its rules (or names none), else the end.
                    let closing = directives[i + 1..].iter().find(|d| {
                        d.kind == Kind::Enable
                            && (d.rules.is_empty()
                                || directive.rules.is_empty()
                                || d.rules.iter().any(|r| directive.covers(r)))
                    });
                    Span::new(directive.span.end, closing.map_or(end, |d| d.span.start))
                }
                Kind::Enable => Span::empty(directive.span.end),
            };
            directives[i].region = region;
        }
        let front_matter = article.front_matter.as_ref().and_then(|fm| {
            let disable = fm.value("contentlint")?.get("disable")?;
            Some(match disable {
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                serde_json::Value::String(one) => vec![one.clone()],
                _ => Vec::new(),
            })
        });
        Suppressions {
            directives,
            front_matter,
        }
    }

    /// Whether `diagnostic` is silenced; marks the directives that silence it as used.
    pub fn suppresses(&self, diagnostic: &Diagnostic) -> bool {
        if let Some(rules) = &self.front_matter {
            if rules.is_empty() || rules.contains(&diagnostic.rule) {
                return true;
            }
        }
        let at = diagnostic.span.start;
        let mut silenced = false;
        for d in &self.directives {
            let inside = d.region.start <= at && at < d.region.end;
            if d.kind != Kind::Enable && inside && d.covers(&diagnostic.rule) {
                d.used.set(true);
                silenced = true;
            }
        }
        silenced
    }

    /// Directives that silenced nothing (enables excluded: they only end a region).
    pub fn unused(&self) -> impl Iterator<Item = &Directive> {
        self.directives
            .iter()
            .filter(|d| d.kind != Kind::Enable && !d.used.get())
    }
}
