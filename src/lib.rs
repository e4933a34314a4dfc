//! contentlint: a linter for Markdown content with front matter (Hugo, Jekyll, Decap CMS sites).
//!
//! Each article is parsed once into an [`article::Article`]; every rule of [`rules::BUILTINS`]
//! reads it with its [`site::Site`] and reports [`diagnostic::Diagnostic`]s; [`render`] prints them.

pub mod article;
pub mod cli;
pub mod diagnostic;
pub mod front_matter;
pub(crate) mod glued;
pub(crate) mod pubdate;
pub mod render;
pub mod rules;
pub mod site;
pub mod span;
pub mod walk;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::article::Article;
use crate::cli::{CheckArgs, Cli, Command, Format};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::FileReport;
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

fn check(args: &CheckArgs) -> u8 {
    let (targets, mut errors) = walk::collect(&args.paths);
    let mut sites = SiteCache::default();
    let mut jobs: Vec<(PathBuf, Arc<Site>)> = Vec::with_capacity(targets.len());
    for target in targets {
        match sites.for_file(&target.path, &target.linted_dir) {
            Ok(site) => jobs.push((target.path, site)),
            Err(err) => errors.push(err),
        }
    }
    let results: Vec<Result<FileReport, String>> = jobs
        .par_iter()
        .map(|(path, site)| {
            let bytes =
                std::fs::read(path).map_err(|e| format!("{}: {e}", render::display_path(path)))?;
            Ok(lint_bytes(path, bytes, site))
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(err) => errors.push(err),
        }
    }
    errors.sort();
    errors.dedup();
    for error in &errors {
        eprintln!("error: {error}");
    }
    let output = match args.format {
        Format::Json => render::json::render(&reports),
        Format::Text => render::text::render(&reports, text_style()),
    };
    let emitted = emit(&output);
    if emitted != EXIT_OK {
        return emitted;
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error)
    {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
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
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
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
