//! Command-line arguments (clap derive), turned into settings once in `lib::run`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "contentlint",
    version,
    about = "Lint Markdown content with front matter: paste debris, titles, dates, assets"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and folders (default: the current folder)
    Check(CheckArgs),
    /// List every rule with its default severity and fix availability
    Rules,
    /// Show the documentation of one rule
    #[command(alias = "explain")]
    Rule {
        /// Rule id, e.g. `duplicate-title`
        id: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to lint; folders are walked for *.md and *.markdown, honouring .gitignore
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Apply safe fixes, re-linting until nothing fixable is left; files are written atomically
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (judgement calls such as inserting a space in `16:38Mis`)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing
    #[arg(long)]
    pub diff: bool,
    /// With `-` as the path: the name of the file read from stdin (finds its site and rules);
    /// with --fix the fixed text is printed to stdout
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the source line (colour on a terminal, unless NO_COLOR)
    Text,
    /// One JSON document: {"version": 1, "diagnostics": [...], "summary": {...}}
    Json,
}
