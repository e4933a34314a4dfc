use serde_json::Value;

use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::front_matter::Field;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks top-level string values of the front matter (plain or quoted, not `|`/`>` block
    /// scalars) for leading or trailing whitespace and for runs of spaces or line breaks
    /// inside: the marks of text pasted into a CMS field.
    ///
    /// ## Why is this bad?
    /// The theme prints the value as is: a title with a leading space is misaligned, a double
    /// space shows in search results, and two titles that differ only in spacing look like
    /// two different strings to every tool.
    ///
    /// ## Example
    /// ```yaml
    /// summary: " l'Arménie boycotte le sommet"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// summary: "l'Arménie boycotte le sommet"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the value's text inside its quotes is edited (never the key, the quotes or
    /// the line structure); values with escape sequences are left for a person.
    pub(crate) struct FrontMatterWhitespace {
        id: "front-matter-whitespace",
        summary: "Front-matter value with stray leading, trailing or repeated whitespace",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for FrontMatterWhitespace {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        for field in fm.fields() {
            let Some(Value::String(value)) = fm.value(&field.key) else {
                continue;
            };
            let written = article.text(field.value_span);
            if written.starts_with(['|', '>']) || value.trim().is_empty() {
                continue;
            }
            let padded = value.trim() != value;
            let runs = value.contains("  ") || value.trim().contains('\n');
            if !padded && !runs {
                continue;
            }
            let what = match (padded, runs) {
                (true, true) => "leading or trailing whitespace and repeated whitespace",
                (true, false) => "leading or trailing whitespace",
                _ => "repeated whitespace",
            };
            let diagnostic = cx
                .report(field.value_span, format!("`{}` has {what}", field.key))
                .help("Trim the value and collapse its inner whitespace");
            if let Some(fix) = whitespace_fix(article, field) {
                diagnostic.fix(fix);
            }
        }
    }
}

/// Edits inside the quotes (or the plain value) of a one-line value; for a multi-line quoted
/// value, only the whitespace right inside the quotes.
fn whitespace_fix(article: &Article<'_>, field: &Field) -> Option<Fix> {
    let written = article.text(field.value_span);
    let quote = written.chars().next().filter(|c| *c == '"' || *c == '\'');
    let (inner_start, inner_end) = match quote {
        Some(q) if written.len() >= 2 && written.ends_with(q) => (1, written.len() - 1),
        Some(_) => return None,
        None => (0, written.len()),
    };
    let inner = &written[inner_start..inner_end];
    if inner.contains('\\') || (quote == Some('\'') && inner.contains("''")) {
        return None;
    }
    let base = field.value_span.start + inner_start;
    let mut edits = Vec::new();
    if !inner.contains('\n') {
        let cleaned = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        if cleaned != inner && !cleaned.is_empty() {
            edits.push(Edit::replace(Span::new(base, base + inner.len()), cleaned));
        }
    } else if quote.is_some() {
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        if lead > 0 && !inner[..lead].contains('\n') {
            edits.push(Edit::delete(Span::new(base, base + lead)));
        }
        if trail > 0 && !inner[inner.len() - trail..].contains('\n') {
            edits.push(Edit::delete(Span::new(
                base + inner.len() - trail,
                base + inner.len(),
            )));
        }
    }
    let mut edits = edits.into_iter();
    let first = edits.next()?;
    Some(Fix::new(
        first,
        edits,
        crate::diagnostic::Applicability::Safe,
    ))
}
