use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::front_matter::{Format, FrontMatter};
use crate::rules::normalisation::invisible_characters::is_invisible;
use crate::rules::normalisation::{lines, Line};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::{trim_end_ascii, Span};

declare_rule! {
    /// ## What it does
    /// Checks for spaces and tabs at the end of lines, in the body and in the front matter.
    ///
    /// Two spaces before a line ending in the middle of a paragraph are a Markdown hard line
    /// break (`<br>`): exactly two are kept, a longer run there is trimmed to two. Any other
    /// trailing whitespace is removed, including a "hard break" at the end of a paragraph, where
    /// Markdown ignores it. Two cases are reported apart: a run ending with a tab where a hard
    /// break could be (CommonMark, and so Hugo's Goldmark, wants two spaces; other parsers take
    /// the tab), and whitespace after a backslash (without it, the backslash is a hard break).
    /// Code blocks, inline code and code shortcodes are left alone: their whitespace is content.
    ///
    /// In the front matter, YAML and TOML ignore trailing whitespace, so it is debris as well.
    /// Inside a YAML block scalar (`description: |`) or a TOML multi-line string (`"""`) it is
    /// part of the value; it is still reported there, with an unsafe fix.
    ///
    /// ## Why is this bad?
    /// Trailing whitespace is invisible in the editor and in the page, but shows in every diff,
    /// makes editors that trim on save produce unrelated changes, and long runs of it are left
    /// by rich-text editors and copy-pastes. A run of three or more spaces meant as a hard break
    /// reads as a mistake: the house way is exactly two (or a `\`).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Bike lanes··
    /// ---
    /// The council voted.···
    /// First line of an address····
    /// Second line of the address
    /// ```
    /// (`·` is a space.)
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: Bike lanes
    /// ---
    /// The council voted.
    /// First line of an address··
    /// Second line of the address
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the removed whitespace renders as nothing, and hard line breaks keep their two
    /// spaces. Unsafe inside YAML block scalars and TOML multi-line strings, where the spaces
    /// belong to the value (and a theme that renders it as Markdown could see a hard break),
    /// for a tab where a hard break could be, which only some renderers read as a break, and
    /// after a backslash, which the removal would turn into a hard break.
    pub(crate) struct TrailingWhitespace {
        id: "trailing-whitespace",
        summary: "Spaces or tabs at the end of a line",
        severity: Warning,
        fix: Always,
    }
}

/// A YAML line that opens a block scalar: `key: |`, `- >-`, `key: |2 # comment`.
static YAML_BLOCK_SCALAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^\s*-|:)\s+(?:[&!]\S+\s+)*[|>][-+1-9]{0,2}\s*(?:#.*)?$").unwrap()
});

impl Rule for TrailingWhitespace {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        if let Some(fm) = &article.front_matter {
            check_front_matter(article, fm, cx);
        }
        let newlines = article.lines().newlines_in(article.body);
        if !may_have_trailing_whitespace(article.text(article.body).as_bytes(), newlines) {
            return;
        }
        for line in lines(article, article.body) {
            let Some(ws) = trailing(&line) else {
                continue;
            };
            // After a lone CR, removing the run would glue the CR to the LF into one CRLF.
            if article.in_code(ws) || article.source[..ws.start].ends_with('\r') {
                continue;
            }
            let is_hard_break = || article.hard_breaks.binary_search(&ws.start).is_ok();
            let problem = if ws.start > line.start && is_hard_break() {
                hard_break_problem(article.text(ws))
            } else if after_backslash(&article.source[line.start..ws.start]) {
                Some(AFTER_BACKSLASH)
            } else {
                Some(PLAIN)
            };
            if let Some(problem) = problem {
                problem.report(cx, ws);
            }
        }
    }
}

/// What is wrong with a run of trailing whitespace, and what to do about it.
#[derive(Copy, Clone, Debug)]
struct Problem {
    message: &'static str,
    help: &'static str,
    replacement: &'static str,
    applicability: Applicability,
}

impl Problem {
    fn report(self, cx: &mut Context<'_>, ws: Span) {
        cx.report(ws, self.message).help(self.help).fix(Fix::new(
            Edit::replace(ws, self.replacement),
            [],
            self.applicability,
        ));
    }
}

const PLAIN: Problem = Problem {
    message: "trailing whitespace",
    help: "Remove the trailing whitespace",
    replacement: "",
    applicability: Applicability::Safe,
};

const IN_VALUE: Problem = Problem {
    message: "trailing whitespace inside a multi-line front-matter value",
    help: "Remove it unless the value needs it",
    replacement: "",
    applicability: Applicability::Unsafe,
};

const AFTER_BACKSLASH: Problem = Problem {
    message: "trailing whitespace after a backslash: without it, the backslash is a line break",
    help: "Remove the backslash too, or escape it as `\\\\`",
    replacement: "",
    applicability: Applicability::Unsafe,
};

/// A hard line break as the parser reads it: fine with exactly two spaces.
fn hard_break_problem(run: &str) -> Option<Problem> {
    if !run.ends_with("  ") {
        // CommonMark wants two spaces; pulldown-cmark also takes a tab.
        Some(Problem {
            message:
                "trailing whitespace that only some Markdown renderers read as a hard line break",
            help: "Remove it, or end the line with two spaces for a line break",
            replacement: "",
            applicability: Applicability::Unsafe,
        })
    } else if run != "  " {
        Some(Problem {
            message: "trailing whitespace beyond the two spaces of a hard line break",
            help: "Keep two spaces",
            replacement: "  ",
            applicability: Applicability::Safe,
        })
    } else {
        None
    }
}

/// `text` ends with a backslash that escapes nothing but the line ending once the whitespace
/// goes. Invisible characters between them may go in the same pass: they do not count.
fn after_backslash(text: &str) -> bool {
    let text = text.trim_end_matches(is_invisible);
    text.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Whether a line of `text` may end in spaces or tabs (before its `\r`s and `\n`): false
/// only when none does. A byte scan that skips the line-by-line check of most articles.
/// `newlines`: the offsets of the `\n`s in `text`, in order (the article's line index has them).
pub(super) fn may_have_trailing_whitespace(
    text: &[u8],
    newlines: impl IntoIterator<Item = usize>,
) -> bool {
    let blank_before = |end: usize| {
        let kept = text[..end]
            .iter()
            .rposition(|&b| b != b'\r')
            .map_or(0, |i| i + 1);
        kept > 0 && matches!(text[kept - 1], b' ' | b'\t')
    };
    newlines.into_iter().any(blank_before) || blank_before(text.len())
}

/// The spaces and tabs at the end of `line`, if any.
fn trailing(line: &Line<'_>) -> Option<Span> {
    let kept = trim_end_ascii(line.text, b" \t").len();
    (kept < line.text.len()).then(|| Span::new(line.start + kept, line.start + line.text.len()))
}

fn check_front_matter(article: &Article<'_>, fm: &FrontMatter, cx: &mut Context<'_>) {
    let mut in_value = ValueTracker::new(fm.format);
    for line in lines(article, fm.span) {
        let inside_value = in_value.line(&line);
        let Some(ws) = trailing(&line) else {
            continue;
        };
        let problem = if inside_value && !line.is_blank() {
            IN_VALUE
        } else {
            PLAIN
        };
        problem.report(cx, ws);
    }
}

/// Follows the front matter line by line to tell when a line is inside a multi-line value whose
/// trailing whitespace is content: a YAML block scalar, a TOML multi-line string.
struct ValueTracker {
    format: Format,
    /// YAML: the indentation of the line that opened the block scalar we are in.
    block_indent: Option<usize>,
    /// TOML: inside `"""` or `'''`.
    in_string: Option<&'static str>,
}

impl ValueTracker {
    fn new(format: Format) -> Self {
        Self {
            format,
            block_indent: None,
            in_string: None,
        }
    }

    /// Whether `line` is inside a multi-line value (its end is content).
    fn line(&mut self, line: &Line<'_>) -> bool {
        match self.format {
            Format::Yaml => self.yaml_line(line.text),
            Format::Toml => self.toml_line(line.text),
        }
    }

    fn yaml_line(&mut self, text: &str) -> bool {
        let indent = text.len() - text.trim_start_matches(' ').len();
        let blank = text.trim().is_empty();
        if let Some(opener) = self.block_indent {
            if blank || indent > opener {
                return true;
            }
            self.block_indent = None;
        }
        if text.contains(['|', '>']) && YAML_BLOCK_SCALAR.is_match(text.trim_end()) {
            self.block_indent = Some(indent);
        }
        false
    }

    /// A line is inside a string when the string was open before it, or is opened on it and
    /// not closed by its end.
    fn toml_line(&mut self, text: &str) -> bool {
        let mut rest = text;
        let mut inside_at_end = self.in_string.is_some();
        loop {
            let delimiter = match self.in_string {
                Some(delimiter) => delimiter,
                None => match (rest.find("\"\"\""), rest.find("'''")) {
                    (Some(a), Some(b)) if b < a => "'''",
                    (Some(_), _) => "\"\"\"",
                    (None, Some(_)) => "'''",
                    (None, None) => break,
                },
            };
            let Some(at) = rest.find(delimiter) else {
                break;
            };
            rest = &rest[at + delimiter.len()..];
            self.in_string = match self.in_string {
                Some(_) => None,
                None => Some(delimiter),
            };
            inside_at_end = self.in_string.is_some();
        }
        inside_at_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracked(format: Format, text: &str) -> Vec<bool> {
        let mut tracker = ValueTracker::new(format);
        let article = Article::parse(std::path::Path::new("a.md"), text);
        lines(&article, Span::new(0, text.len()))
            .map(|l| tracker.line(&l))
            .collect()
    }

    #[test]
    fn yaml_block_scalars_are_values() {
        let yaml = "title: T\ndescription: |\n  one\n\n  two\ntags:\n  - >-\n    folded\nend: x\n";
        assert_eq!(
            tracked(Format::Yaml, yaml),
            [false, false, true, true, true, false, false, true, false]
        );
    }

    #[test]
    fn toml_multiline_strings_are_values() {
        let toml = "title = \"T\"\nsummary = \"\"\"\none\ntwo\"\"\"\nx = '''a'''\n";
        assert_eq!(
            tracked(Format::Toml, toml),
            [false, true, true, false, false]
        );
    }
}
