use crate::article::Article;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that a file is valid UTF-8, and that its text holds no U+FFFD replacement
    /// character (`�`), the mark of text once decoded with the wrong encoding.
    ///
    /// ## Why is this bad?
    /// Generators read content as UTF-8: other bytes break the build or print mojibake. A `�`
    /// means the original letter is already lost and must be restored by hand.
    ///
    /// ## Example
    /// A file saved as Latin-1 from an old editor: `Publi\xe9 le 22 nov.`
    ///
    /// Use instead: the same text saved as UTF-8, `Publié le 22 nov.`
    pub struct Encoding {
        id: "encoding",
        summary: "File is not valid UTF-8, or holds replacement characters",
        severity: Error,
        fix: None,
    }
}

impl Encoding {
    /// The diagnostic for bytes that are not UTF-8: the run is reported at the first bad byte.
    pub fn invalid_utf8(error: &std::str::Utf8Error) -> Diagnostic {
        let at = error.valid_up_to();
        let len = error.error_len().unwrap_or(1);
        let mut diagnostic = Diagnostic::new(
            Self::META.id,
            Severity::Error,
            Span::new(at, at + len),
            format!("file is not valid UTF-8 (invalid byte at offset {at})"),
        );
        diagnostic.help("Re-save the file as UTF-8; no other rule ran on it");
        diagnostic
    }
}

impl Rule for Encoding {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let replacement = "\u{fffd}".as_bytes();
        for at in memchr::memmem::find_iter(article.source.as_bytes(), replacement) {
            cx.report(
                Span::new(at, at + '\u{fffd}'.len_utf8()),
                "replacement character `\u{fffd}`: a letter was lost to a bad decode",
            )
            .help("Restore the original character");
        }
    }
}
