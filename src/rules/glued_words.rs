use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::glued::{find_glued, GluedKind};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks prose for words glued together by a copy-paste that dropped a line break:
    /// a time or year directly followed by a capitalised word (`16:38Mis à jour`,
    /// `2024Published`), a unit or time zone run into a word (`10:05 PMUpdated`), or a
    /// lower-case sentence end with no space before the next sentence (`midnight.Officials`).
    ///
    /// Only prose is read: code, HTML, URLs, shortcodes and front matter are skipped. The
    /// whole token is checked, so brand names (iPhone, McDonald's, 1Password), times
    /// (10:30 PM), abbreviations (e.g., U.S.A.), versions, file names, domains, e-mail
    /// addresses and identifiers (`Release.Namespace`, `System.IO`) stay quiet. Ellipses
    /// (`etc...Then`) are a writing style, not a paste, and are not reported.
    ///
    /// ## Why is this bad?
    /// Pasting from a web page flattens block boundaries: the byline's time runs into the
    /// next line, a paragraph's last sentence into the next one. Readers see `16:38Mis`.
    ///
    /// ## Example
    /// ```markdown
    /// Publié le 22 nov. 2023 à 16:38Mis à jour le 22 nov. 2023 à 17:29
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Publié le 22 nov. 2023 à 16:38 Mis à jour le 22 nov. 2023 à 17:29
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a space is inserted at the glue point, but the paste may also have lost a
    /// line or paragraph break there, which only a person can tell.
    pub(crate) struct GluedWords {
        id: "glued-words",
        summary: "Words glued together by a copy-paste (`16:38Mis`, `midnight.Officials`)",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for GluedWords {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for &run in &article.prose {
            for glued in find_glued(article.text(run)) {
                let span = Span::from(glued.span).shift(run.start);
                let at = run.start + glued.split_at;
                let left = &article.source[span.start..at];
                let right =
                    article.source[at..span.end].trim_end_matches(|c: char| !c.is_alphanumeric());
                let what = match glued.kind {
                    GluedKind::Number => "number",
                    GluedKind::Unit => "unit",
                    GluedKind::SentenceEnd => "sentence end",
                };
                cx.report(span, format!("{what} `{left}` glued to the word `{right}`"))
                    .help("Insert a space (or the line break the paste lost)")
                    .fix(Fix::unsafe_edit(Edit::insert(at, " ")));
            }
        }
    }
}
