//! contentlint: a linter for Markdown content with front matter (Hugo, Jekyll, Decap CMS sites).
//!
//! Each article is parsed once into an [`article::Article`]; every rule of [`rules::BUILTINS`]
//! reads it with its [`site::Site`] and reports [`diagnostic::Diagnostic`]s; [`render`] prints them.

pub mod article;
pub mod cli;
pub mod diagnostic;
pub mod fix;
pub mod front_matter;
pub(crate) mod glued;
pub(crate) mod pubdate;
pub mod render;
pub mod rules;
pub mod site;
pub mod span;
pub mod walk;
pub mod write;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::article::Article;
use crate::cli::{CheckArgs, Cli, Command, Format};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::render::{FileReport, Summary};
use crate::rules::{Context, Encoding, BUILTINS};
use crate::site::Site;
use crate::span::Span;

/// Exit codes, as ruff: clean, problems found, the tool could not do its job.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs every rule over one parsed article; diagnostics sorted by position, then rule.
pub fn lint(article: &Article<'_>, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in BUILTINS {
        let mut cx = Context::new(rule.meta(), site, &mut out);
        rule.check(article, &mut cx);
    }
    out.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    out
}

/// Decodes and lints one file's bytes. Bytes that are not UTF-8 give one `encoding` diagnostic.
pub fn lint_bytes(path: &Path, bytes: Vec<u8>, site: &Site) -> FileReport {
    match String::from_utf8(bytes) {
        Ok(source) => {
            let diagnostics = lint(&Article::parse(path, &source), site);
            FileReport {
                path: path.to_path_buf(),
                source,
                diagnostics,
            }
        }
        Err(err) => {
            let utf8_error = err.utf8_error();
            let source = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let mut diagnostic = Encoding::invalid_utf8(&utf8_error);
            // Shown against the lossy text, where the bad run became one U+FFFD.
            let at = utf8_error.valid_up_to();
            diagnostic.span = Span::new(at, at + '\u{fffd}'.len_utf8());
            FileReport {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// The whole command line: returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules => {
            let mut out = String::new();
            for rule in BUILTINS {
                let meta = rule.meta();
                out.push_str(&format!(
                    "{:<24} {:<8} fix: {:<10} {}\n",
                    meta.id,
                    meta.severity.as_str(),
                    meta.fix.as_str(),
                    meta.summary
                ));
            }
            emit(&out)
        }
        Command::Rule { id } => match rules::find(&id) {
            Some(rule) => {
                let meta = rule.meta();
                emit(&format!(
                    "# {}\n\n{}\n\n{}",
                    meta.id,
                    meta.summary,
                    rules::docs(&meta)
                ))
            }
            None => {
                let known: Vec<&str> = BUILTINS.iter().map(|r| r.meta().id).collect();
                eprintln!(
                    "error: unknown rule `{id}` (known rules: {})",
                    known.join(", ")
                );
                EXIT_ERROR
            }
        },
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Mode {
    Check,
    Fix,
    Diff,
}

/// The command line resolved once; the per-file work reads only this.
struct Settings {
    mode: Mode,
    required: Applicability,
}

/// What became of one file.
struct Processed {
    report: FileReport,
    /// Problems removed by fixes (written, or that would be with --diff).
    fixed: usize,
    diff: Option<String>,
    /// A failure that leaves the file untouched (exit 2).
    error: Option<String>,
}

fn check(args: &CheckArgs) -> u8 {
    let settings = Settings {
        mode: if args.diff {
            Mode::Diff
        } else if args.fix {
            Mode::Fix
        } else {
            Mode::Check
        },
        required: if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return check_stdin(args, &settings);
    }
    let (targets, mut errors) = walk::collect(&args.paths);
    let mut sites = SiteCache::default();
    let mut jobs: Vec<(PathBuf, Arc<Site>)> = Vec::with_capacity(targets.len());
    for target in targets {
        match sites.for_file(&target.path, &target.linted_dir) {
            Ok(site) => jobs.push((target.path, site)),
            Err(err) => errors.push(err),
        }
    }
    let results: Vec<Result<Processed, String>> = jobs
        .par_iter()
        .map(|(path, site)| {
            let bytes =
                std::fs::read(path).map_err(|e| format!("{}: {e}", render::display_path(path)))?;
            Ok(process(path, bytes, site, &settings))
        })
        .collect();
    let mut processed = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => {
                errors.extend(file.error.clone());
                processed.push(file);
            }
            Err(err) => errors.push(err),
        }
    }
    errors.sort();
    errors.dedup();
    for error in &errors {
        eprintln!("error: {error}");
    }
    let fixed: usize = processed.iter().map(|p| p.fixed).sum();
    let fixed_files = processed.iter().filter(|p| p.fixed > 0).count();
    if settings.mode == Mode::Diff {
        let diffs: String = processed.iter().filter_map(|p| p.diff.as_deref()).collect();
        let emitted = emit(&diffs);
        eprintln!(
            "Would fix {fixed} {} in {fixed_files} {}",
            plural(fixed, "problem"),
            plural(fixed_files, "file")
        );
        return if emitted != EXIT_OK {
            emitted
        } else if !errors.is_empty() {
            EXIT_ERROR
        } else if diffs.is_empty() {
            EXIT_OK
        } else {
            EXIT_PROBLEMS
        };
    }
    let reports: Vec<FileReport> = processed.into_iter().map(|p| p.report).collect();
    let mut summary = Summary::of(&reports);
    let summary_line = if settings.mode == Mode::Fix {
        summary.fixed = Some(fixed);
        format!(
            "Fixed {fixed} {} in {fixed_files} {}; {} remaining",
            plural(fixed, "problem"),
            plural(fixed_files, "file"),
            summary.problems
        )
    } else {
        summary.line()
    };
    let output = match args.format {
        Format::Json => render::json::render(&reports, &summary),
        Format::Text => render::text::render(&reports, text_style(), &summary_line),
    };
    let emitted = emit(&output);
    if emitted != EXIT_OK {
        return emitted;
    }
    exit_code(&errors, &reports)
}

fn exit_code(errors: &[String], reports: &[FileReport]) -> u8 {
    let has_error = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        EXIT_ERROR
    } else if has_error {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// `check [--fix|--diff] --stdin-filename NAME -`: the text comes from stdin; fixed text goes
/// to stdout and the remaining problems to stderr.
fn check_stdin(args: &CheckArgs, settings: &Settings) -> u8 {
    if args.paths.len() != 1 {
        eprintln!("error: `-` (stdin) cannot be combined with other paths");
        return EXIT_ERROR;
    }
    let mut bytes = Vec::new();
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
        eprintln!("error: cannot read stdin: {e}");
        return EXIT_ERROR;
    }
    let path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("stdin.md"));
    let site = match Site::discover(&path, Path::new(".")) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    let original = bytes.clone();
    let file = process(
        &path,
        bytes,
        &site,
        &Settings {
            // Never write over NAME: the fixed text goes to stdout.
            mode: if settings.mode == Mode::Check {
                Mode::Check
            } else {
                Mode::Diff
            },
            required: settings.required,
        },
    );
    if let Some(error) = &file.error {
        eprintln!("error: {error}");
    }
    let reports = [file.report];
    let output = match args.format {
        Format::Json => render::json::render(&reports, &Summary::of(&reports)),
        Format::Text => render::text::render(
            &reports,
            render::text::Style::Plain,
            &Summary::of(&reports).line(),
        ),
    };
    let emitted = match settings.mode {
        Mode::Check => emit(&output),
        Mode::Diff => emit(file.diff.as_deref().unwrap_or("")),
        Mode::Fix => {
            eprint!("{output}");
            let fixed = if file.fixed > 0 {
                reports[0].source.as_bytes()
            } else {
                &original
            };
            emit_bytes(fixed)
        }
    };
    if emitted != EXIT_OK {
        return emitted;
    }
    let errors: Vec<String> = file.error.into_iter().collect();
    match settings.mode {
        Mode::Diff if errors.is_empty() => u8::from(file.diff.is_some()),
        _ => exit_code(&errors, &reports),
    }
}

/// Lints, or fixes, one file's bytes.
fn process(path: &Path, bytes: Vec<u8>, site: &Site, settings: &Settings) -> Processed {
    let checked = |report: FileReport, error: Option<String>| Processed {
        report,
        fixed: 0,
        diff: None,
        error,
    };
    if settings.mode == Mode::Check {
        return checked(lint_bytes(path, bytes, site), None);
    }
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        // Never written: a file that could not be decoded cannot be fixed without losing bytes.
        Err(err) => return checked(lint_bytes(path, err.into_bytes(), site), None),
    };
    let outcome = match fix::lint_fix(path, &source, site, settings.required) {
        Ok(outcome) => outcome,
        Err(err) => {
            let error = format!("{}: {err}", render::display_path(path));
            let diagnostics = lint(&Article::parse(path, &source), site);
            return checked(
                FileReport {
                    path: path.to_path_buf(),
                    source,
                    diagnostics,
                },
                Some(error),
            );
        }
    };
    let changed = outcome.text != source;
    let mut diff = None;
    let mut error = None;
    if changed && settings.mode == Mode::Diff {
        diff = Some(unified_diff(path, &source, &outcome.text));
    } else if changed && settings.mode == Mode::Fix {
        if let Err(e) = write::write_atomic(path, outcome.text.as_bytes()) {
            error = Some(format!(
                "{}: cannot write the fixed file: {e}",
                render::display_path(path)
            ));
            let diagnostics = lint(&Article::parse(path, &source), site);
            return checked(
                FileReport {
                    path: path.to_path_buf(),
                    source,
                    diagnostics,
                },
                error,
            );
        }
    }
    let fixed = if changed { outcome.fixed_count() } else { 0 };
    Processed {
        report: FileReport {
            path: path.to_path_buf(),
            source: outcome.text,
            diagnostics: outcome.remaining,
        },
        fixed,
        diff,
        error,
    }
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let shown = render::display_path(path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn text_style() -> render::text::Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || !std::io::stdout().is_terminal() {
        render::text::Style::Plain
    } else {
        render::text::Style::Fancy
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends the run quietly, as in ripgrep.
fn emit(text: &str) -> u8 {
    emit_bytes(text.as_bytes())
}

fn emit_bytes(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}

/// Sites discovered so far, by the folder of the files that asked and by root.
#[derive(Default)]
struct SiteCache {
    by_dir: HashMap<(PathBuf, PathBuf), Arc<Site>>,
    by_root: HashMap<PathBuf, Arc<Site>>,
}

impl SiteCache {
    fn for_file(&mut self, file: &Path, linted_dir: &Path) -> Result<Arc<Site>, String> {
        let key = (
            file.parent().unwrap_or(Path::new(".")).to_path_buf(),
            linted_dir.to_path_buf(),
        );
        if let Some(site) = self.by_dir.get(&key) {
            return Ok(site.clone());
        }
        let site = Site::discover(file, linted_dir)?;
        let site = self
            .by_root
            .entry(site.root.clone())
            .or_insert_with(|| Arc::new(site))
            .clone();
        self.by_dir.insert(key, site.clone());
        Ok(site)
    }
}
