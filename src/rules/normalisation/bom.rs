use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for a UTF-8 byte order mark (U+FEFF, the bytes `EF BB BF`) at the start of the
    /// file (several, when the file was encoded twice). A U+FEFF further in the text is
    /// `invisible-characters`' business.
    ///
    /// ## Why is this bad?
    /// UTF-8 has no byte order to mark. Windows editors (Notepad, older Visual Studio) add it
    /// anyway, and tools that do not expect it stumble: a front-matter fence preceded by the BOM
    /// is not recognised by every generator or script, `cat`-ed files carry a stray character
    /// into the middle of the output, and diffs show a change nobody can see.
    ///
    /// ## Example
    /// A file whose first bytes are `EF BB BF 2D 2D 2D` (`\u{feff}---`).
    ///
    /// Use instead: the same file starting directly with `---` (`2D 2D 2D`).
    ///
    /// ## Fix safety
    /// Safe: the marks are removed (three bytes each); they are never displayed and the text
    /// is unchanged.
    pub(crate) struct Bom {
        id: "bom",
        summary: "File starts with a UTF-8 byte order mark",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for Bom {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        if !article.bom {
            return;
        }
        // A file encoded twice starts with two marks: both go.
        let marks = article.source.len() - article.source.trim_start_matches(BOM).len();
        let span = Span::new(0, marks);
        let (message, help) = match marks / BOM.len_utf8() {
            1 => (
                "file starts with a UTF-8 byte order mark".to_string(),
                "Remove the byte order mark",
            ),
            n => (
                format!("file starts with {n} UTF-8 byte order marks"),
                "Remove the byte order marks",
            ),
        };
        cx.report(span, message)
            .help(help)
            .fix(Fix::safe(Edit::delete(span)));
    }
}

const BOM: char = '\u{feff}';
