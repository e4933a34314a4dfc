//! Command-line arguments (clap derive), turned into settings once in `commands`.

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
    Check(Box<CheckArgs>),
    /// List every rule with its origin, level, default and fix availability
    Rules(RulesArgs),
    /// Show the documentation of one rule
    #[command(alias = "rule")]
    Explain(ExplainArgs),
    /// Write a commented starter `.contentlint.yaml` for the site in the current folder
    Init {
        /// Overwrite an existing `.contentlint.yaml`
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration for a path
    Config(ConfigArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConfigSource {
    /// Use this configuration file instead of discovering `.contentlint.yaml`
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every `.contentlint.yaml`
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to lint; folders are walked for *.md and *.markdown, honouring .gitignore.
    /// `-` reads stdin (see --stdin-filename)
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format (default: `format` in the configuration, else text)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Apply safe fixes, re-linting until nothing fixable is left; files are written atomically
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (judgement calls such as inserting a space in `16:38Mis`)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing
    #[arg(long)]
    pub diff: bool,
    /// With `-` as the path: the name of the file read from stdin (finds its site and config);
    /// with --fix the fixed text is printed to stdout
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Run only these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Option<Vec<String>>,
    /// Also run these rules, e.g. opt-in ones
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub extend_select: Vec<String>,
    /// Do not run these rules
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Exit 0 even when problems are found (2 still means the tool failed)
    #[arg(long)]
    pub exit_zero: bool,
    /// Fail (exit 1) when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Print a table of problem counts per rule instead of the problems
    #[arg(long)]
    pub statistics: bool,
    /// Print only the problems: no summary line, no progress bar
    #[arg(long, short)]
    pub quiet: bool,
    /// Lint only the articles that differ from this git ref (and untracked ones); cross-file
    /// rules still see the whole site
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Record today's problems in FILE, so that later runs with --baseline report only new ones
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report (and fail on) only the problems that are not in this baseline
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Do not read or write the cache of earlier results
    #[arg(long)]
    pub no_cache: bool,
    /// Where the cache lives (default: .contentlint_cache in the current folder)
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Also say on stderr how the run went: files linted and taken from the cache, and where
    /// each site's cross-file results came from
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    #[command(flatten)]
    pub config: ConfigSource,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub config: ConfigSource,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Rule id, e.g. `duplicate-title`
    pub id: String,
    #[command(flatten)]
    pub config: ConfigSource,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// The file (or folder) whose configuration to show
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub config: ConfigSource,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// rustc-style diagnostics with the source line (colour on a terminal, unless NO_COLOR)
    Text,
    /// `path:line:col: severity[rule] message`, one line each
    Concise,
    /// One JSON document: {"version": 1, "diagnostics": [...], "summary": {...}}
    Json,
    /// One JSON object per diagnostic per line
    JsonLines,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// JUnit XML: one testsuite per file (GitLab, Jenkins)
    Junit,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Warning,
    Error,
}
