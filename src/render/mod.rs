//! Output formats. Rules never render; the engine hands finished reports here.

pub mod concise;
pub mod github;
pub mod json;
pub mod junit;
mod layout;
pub mod sarif;
mod source;
pub mod stream;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::{LineCol, LineIndex};

/// One linted file and what was found in it.
#[derive(Default)]
pub struct FileReport {
    /// The path as the user would type it.
    pub path: PathBuf,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// What output needs from `source`, kept by [`FileReport::settle`] when the text is dropped.
    pub settled: Option<Settled>,
}

/// A report's positions, baseline fingerprints and text rendering, computed while its file's
/// text was at hand: a run over thousands of files keeps these, not the files.
#[derive(Clone, Debug, Default)]
pub struct Settled {
    /// Start and end of each diagnostic, 1-based.
    pub positions: Vec<(LineCol, LineCol)>,
    /// Each diagnostic's baseline fingerprint (see [`crate::baseline::fingerprint`]).
    pub fingerprints: Vec<u64>,
    /// The report in `--format text`, when that is the format of the run.
    pub text: Option<String>,
}

impl FileReport {
    pub fn new(path: PathBuf, source: String, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path,
            source,
            diagnostics,
            settled: None,
        }
    }

    /// Computes what rendering and baselines need from the text (positions, fingerprints).
    pub fn locate(&mut self) {
        if self.settled.is_some() {
            return;
        }
        if self.diagnostics.is_empty() {
            self.settled = Some(Settled::default());
            return;
        }
        self.locate_with(&LineIndex::new(&self.source));
    }

    /// [`FileReport::locate`] with the line index of `source`, when one is at hand.
    pub fn locate_with(&mut self, index: &LineIndex) {
        if self.settled.is_some() {
            return;
        }
        let positions = self
            .diagnostics
            .iter()
            .map(|d| {
                (
                    index.line_col(&self.source, d.span.start),
                    index.line_col(&self.source, d.span.end),
                )
            })
            .collect();
        let fingerprints = self
            .diagnostics
            .iter()
            .map(|d| crate::baseline::fingerprint_hash(&self.source, d))
            .collect();
        self.settled = Some(Settled {
            positions,
            fingerprints,
            text: None,
        });
    }

    /// [`FileReport::locate`], then drops the text. With `text`, first renders the report in
    /// that style (rendering needs the source lines).
    pub fn settle(&mut self, text: Option<text::Style>) {
        self.locate();
        if let (Some(style), Some(settled)) = (text, &self.settled) {
            if settled.text.is_none() {
                let rendered = text::render_report(self, style);
                if let Some(settled) = &mut self.settled {
                    settled.text = Some(rendered);
                }
            }
        }
        self.source = String::new();
    }

    /// Keeps the diagnostics (and what was settled about them) for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(usize, &Diagnostic) -> bool) {
        let mask: Vec<bool> = self
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| keep(i, d))
            .collect();
        fn apply<T>(items: &mut Vec<T>, mask: &[bool]) {
            let mut kept = mask.iter();
            items.retain(|_| kept.next().copied().unwrap_or(true));
        }
        apply(&mut self.diagnostics, &mask);
        if let Some(settled) = &mut self.settled {
            apply(&mut settled.positions, &mask);
            apply(&mut settled.fingerprints, &mask);
            // The rendering showed the dropped ones: it is stale.
            if mask.contains(&false) {
                settled.text = None;
            }
        }
    }

    /// The baseline fingerprint of diagnostic `i`.
    pub fn fingerprint(&self, i: usize) -> String {
        match &self.settled {
            Some(settled) => crate::baseline::fingerprint_text(settled.fingerprints[i]),
            None => crate::baseline::fingerprint(&self.source, &self.diagnostics[i]),
        }
    }
}

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub problems: usize,
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub files_with_problems: usize,
    /// Problems with a safe fix, applied by `--fix`.
    pub fixable: usize,
    /// Problems fixed, after `--fix`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<usize>,
}

/// What one report adds to the run's summary and exit code.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub problems: u32,
    pub errors: u32,
    pub warnings: u32,
    pub fixable: u32,
}

impl Tally {
    pub fn of(report: &FileReport) -> Tally {
        let mut tally = Tally::default();
        for d in &report.diagnostics {
            tally.problems += 1;
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
            }
            tally.fixable += u32::from(d.has_safe_fix());
        }
        tally
    }
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        Summary::of_tallies(reports.iter().map(Tally::of))
    }

    /// The summary of reports, one tally per file.
    pub fn of_tallies(tallies: impl IntoIterator<Item = Tally>) -> Summary {
        let mut summary = Summary::default();
        for tally in tallies {
            summary.files += 1;
            summary.files_with_problems += usize::from(tally.problems > 0);
            summary.problems += tally.problems as usize;
            summary.errors += tally.errors as usize;
            summary.warnings += tally.warnings as usize;
            summary.fixable += tally.fixable as usize;
        }
        summary
    }

    /// "12 problems (9 errors, 3 warnings) in 1 file, 10 fixable with --fix"
    pub fn line(&self) -> String {
        if self.problems == 0 {
            return format!(
                "No problems in {} {}",
                self.files,
                plural(self.files, "file", "files")
            );
        }
        let mut line = format!(
            "{} {} ({} {}, {} {}) in {} {}",
            self.problems,
            plural(self.problems, "problem", "problems"),
            self.errors,
            plural(self.errors, "error", "errors"),
            self.warnings,
            plural(self.warnings, "warning", "warnings"),
            self.files_with_problems,
            plural(self.files_with_problems, "file", "files"),
        );
        if self.fixable > 0 {
            line.push_str(&format!(", {} fixable with --fix", self.fixable));
        }
        line
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The current folder, as [`display_path`] shows paths relative to it: read at the first call
/// (a system call each time was 8,000 a run over 10,000 articles), as no run changes it.
pub fn current_folder() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// `path` relative to the current folder (as it was at the first call) when it lies below it,
/// `/`-separated.
pub fn display_path(path: &Path) -> String {
    let relative = if path.is_absolute() {
        current_folder()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let shown = relative.to_string_lossy().replace('\\', "/");
    shown
        .strip_prefix("./")
        .map(str::to_string)
        .unwrap_or(shown)
}

/// A diagnostic with its file and 1-based positions, in output order (path, then position).
pub struct Located<'a> {
    pub path: String,
    pub start: LineCol,
    pub end: LineCol,
    pub diagnostic: &'a Diagnostic,
    pub source: &'a str,
}

/// The diagnostics of one report, located.
pub fn located_in(report: &FileReport) -> Vec<Located<'_>> {
    if report.diagnostics.is_empty() {
        return Vec::new();
    }
    let path = display_path(&report.path);
    if let Some(settled) = &report.settled {
        return report
            .diagnostics
            .iter()
            .zip(&settled.positions)
            .map(|(d, &(start, end))| Located {
                path: path.clone(),
                start,
                end,
                diagnostic: d,
                source: &report.source,
            })
            .collect();
    }
    let index = LineIndex::new(&report.source);
    report
        .diagnostics
        .iter()
        .map(|d| Located {
            path: path.clone(),
            start: index.line_col(&report.source, d.span.start),
            end: index.line_col(&report.source, d.span.end),
            diagnostic: d,
            source: &report.source,
        })
        .collect()
}

/// Where a rule's documentation lives, for formats that link to it (SARIF).
pub fn rule_docs_url(id: &str) -> String {
    format!("{DOCS_URL}#{id}")
}

pub const DOCS_URL: &str = "https://github.com/contentlint/contentlint/blob/main/docs/rules.md";

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use crate::span::Span;

    /// A report on `path` with `diagnostics` problems, half of them with a help and a fix.
    pub fn report(path: &str, diagnostics: usize) -> FileReport {
        let source = "line one\nline two \"quoted\" é\n".repeat(3);
        let diagnostics = (0..diagnostics)
            .map(|i| {
                let mut d = Diagnostic::new(
                    "trailing-whitespace",
                    Severity::Warning,
                    Span::new(i, i + 3),
                    format!("message {i} with \"quotes\"\nand a newline"),
                );
                if i % 2 == 0 {
                    d.help("a help");
                    d.fix(Fix::safe(Edit::delete(Span::new(i, i + 1))));
                }
                d
            })
            .collect();
        FileReport::new(path.into(), source, diagnostics)
    }

    /// A document in the plain text style, without a summary line.
    pub fn plain<'a>(
        summary: &'a Summary,
        rules: &'a crate::registry::RuleSet,
    ) -> stream::Document<'a> {
        stream::Document {
            summary,
            summary_line: "",
            style: text::Style::Plain,
            rules,
        }
    }

    /// Runs to render: none, clean, mixed, and more reports than are rendered at a time.
    pub fn cases() -> Vec<Vec<FileReport>> {
        vec![
            vec![],
            vec![report("a.md", 0)],
            vec![report("a.md", 0), report("b.md", 2), report("c.md", 0)],
            (0..700)
                .map(|i| report(&format!("d/{i:04}.md"), i % 4))
                .collect(),
        ]
    }
}
