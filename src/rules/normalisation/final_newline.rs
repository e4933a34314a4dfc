use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that the file ends with exactly one line ending: not none (the last line is not
    /// terminated), and not several (blank lines at the end of the file). Blank lines that belong
    /// to a code block left open at the end of the file are its content and are left alone.
    ///
    /// ## Why is this bad?
    /// POSIX tools expect every line to end with a newline: without it `cat` glues the next file
    /// to the last line, `wc -l` miscounts, and Git marks the file with "No newline at end of
    /// file". Blank lines at the end are debris that editors add and remove at random, each time
    /// producing a diff.
    ///
    /// ## Example
    /// ```text
    /// Last paragraph.<EOF>
    /// ```
    /// or
    /// ```text
    /// Last paragraph.\n
    /// \n
    /// \n<EOF>
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Last paragraph.\n<EOF>
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a line ending is added (CRLF when the file's last line ending is CRLF), or the
    /// blank lines after the last line are removed. Nothing renders differently.
    pub(crate) struct FinalNewline {
        id: "final-newline",
        summary: "File does not end with exactly one newline",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FinalNewline {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let source = article.source;
        let content_end = source.trim_end_matches([' ', '\t', '\r', '\n']).len();
        if source[..content_end]
            .trim_start_matches('\u{feff}')
            .is_empty()
        {
            return;
        }
        let tail = &source[content_end..];
        let Some(break_at) = tail.find(['\r', '\n']) else {
            let newline = if source
                .rfind('\n')
                .is_some_and(|i| source[..i].ends_with('\r'))
            {
                "\r\n"
            } else {
                "\n"
            };
            cx.report(Span::empty(source.len()), "no newline at end of file")
                .help("Add a newline")
                .fix(Fix::safe(Edit::insert(source.len(), newline)));
            return;
        };
        let break_len = if tail[break_at..].starts_with("\r\n") {
            2
        } else {
            1
        };
        let extra = Span::new(content_end + break_at + break_len, source.len());
        if extra.is_empty() || article.in_code(extra) {
            return;
        }
        let blank_lines = article.text(extra).matches('\n').count().max(1);
        let message = if blank_lines == 1 {
            "blank line at end of file".to_string()
        } else {
            format!("{blank_lines} blank lines at end of file")
        };
        cx.report(extra, message)
            .help("Remove the blank lines")
            .fix(Fix::safe(Edit::delete(extra)));
    }
}
