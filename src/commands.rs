//! The subcommands. Raw arguments become settings once (`Workspace`, `Settings`); the per-file
//! work reads only those.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::article::Article;
use crate::cache::{
    Cache, Findings, NewCross, NewEntry, NewFile, NewRendering, Recorded, Stamp, ToRecord, Validity,
};
use crate::cli::{
    CheckArgs, Cli, Command, ConfigArgs, ConfigSource, ExplainArgs, FailOn, Format, RulesArgs,
};
use crate::config::{find_config, Config, CONFIG_FILE};
use crate::diagnostic::Applicability;
use crate::registry::{FileSettings, RuleSet, Selection};
use crate::render::{self, FileReport, Summary};
use crate::rules::docs;
use crate::site::{Generator, Site};
use crate::site_index::{path_hash, Entry, SiteIndex, Stored};
use crate::spill::{Held, Spill, Tape};
use crate::{fix, lint, lint_bytes, walk, write, EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS};

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Init { force } => init(force),
        Command::Config(args) => show_config(&args),
    }
}

/// The rules and configurations of a run, loaded once.
struct Workspace {
    rules: RuleSet,
    /// Loaded configurations by path.
    configs: HashMap<PathBuf, Arc<Config>>,
    /// The configuration of each folder that holds a linted file.
    config_of_dir: HashMap<PathBuf, Option<PathBuf>>,
    sites: HashMap<(PathBuf, Option<PathBuf>), Arc<Site>>,
    /// Sites by (folder of a linted file, folder named on the command line).
    site_of_dir: HashMap<(PathBuf, PathBuf), Arc<Site>>,
    /// Settings by configuration and the overrides that match: files share them.
    job_settings: HashMap<(Option<PathBuf>, Vec<usize>), Arc<JobSettings>>,
    /// The tool version and the text of every configuration and rule file, hashed.
    fingerprint: u64,
    /// Sites whose files were listed ahead: a site of the same root shares the listing.
    listed: Vec<Site>,
}

/// One file's settings, and the same without cross-file rules (which run once the site index
/// holds every article).
struct JobSettings {
    full: FileSettings,
    local: FileSettings,
    /// The cross-file rules of `full` alone.
    cross: FileSettings,
    /// `full` has cross-file rules.
    cross_file: bool,
    /// What a cached result of the linting pass must have been made with.
    key: u64,
    /// What a cached result of the cross-file pass must have been made with (besides the site
    /// index).
    full_key: u64,
}

/// A file to lint, with its site and settings.
#[derive(Clone, Copy)]
struct Job<'a> {
    path: &'a Path,
    site: &'a Arc<Site>,
    settings: &'a Arc<JobSettings>,
    /// Found by the walk as a regular file (not a symbolic link).
    walked: bool,
}

/// The files to lint, in order. A run holds one per file: its path (one after the other in one
/// buffer), and the number of what it shares with the other files of its folder (its site, its
/// settings and how it was found).
struct Jobs {
    /// Tagged with their kind's number.
    files: walk::Paths,
    kinds: Vec<Kind>,
}

/// What the files of one folder share.
struct Kind {
    site: Arc<Site>,
    settings: Arc<JobSettings>,
    walked: bool,
}

/// Numbers the kinds of files as they come, for [`Jobs`].
#[derive(Default)]
struct Kinds {
    kinds: Vec<Kind>,
    /// Each kind's number, by its site's and settings' addresses and `walked`.
    numbers: HashMap<(usize, usize, bool), u32>,
    last: Option<u32>,
}

impl Kinds {
    /// The number of the kind of files of `site` with `settings`.
    fn number(&mut self, site: &Arc<Site>, settings: &Arc<JobSettings>, walked: bool) -> u32 {
        // The files of a folder come one after the other.
        if let Some(last) = self.last {
            let kind = &self.kinds[last as usize];
            if Arc::ptr_eq(&kind.site, site)
                && Arc::ptr_eq(&kind.settings, settings)
                && kind.walked == walked
            {
                return last;
            }
        }
        let key = (
            Arc::as_ptr(site) as usize,
            Arc::as_ptr(settings) as usize,
            walked,
        );
        let number = match self.numbers.get(&key) {
            Some(&number) => number,
            None => {
                // No more kinds than files, whose paths' 16 bytes each fit in memory.
                let number = u32::try_from(self.kinds.len()).expect("fewer than 2^32 kinds");
                self.kinds.push(Kind {
                    site: Arc::clone(site),
                    settings: Arc::clone(settings),
                    walked,
                });
                self.numbers.insert(key, number);
                number
            }
        };
        self.last = Some(number);
        number
    }
}

impl Jobs {
    /// `files`, each tagged with the number of its kind in `kinds`.
    fn new(files: walk::Paths, kinds: Kinds) -> Jobs {
        Jobs {
            files,
            kinds: kinds.kinds,
        }
    }

    fn len(&self) -> usize {
        self.files.len()
    }

    /// Job number `i`.
    fn get(&self, i: usize) -> Job<'_> {
        let (path, kind) = self.files.get(i);
        let kind = &self.kinds[kind as usize];
        Job {
            path,
            site: &kind.site,
            settings: &kind.settings,
            walked: kind.walked,
        }
    }

    fn iter(&self) -> impl Iterator<Item = Job<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn par_iter(&self) -> impl IndexedParallelIterator<Item = Job<'_>> + '_ {
        (0..self.len()).into_par_iter().map(|i| self.get(i))
    }
}

#[derive(Clone, Debug)]
enum ConfigChoice {
    Discover,
    File(PathBuf),
    None,
}

impl Workspace {
    /// Finds the configuration of every folder in `files`, loads the rule folders they name,
    /// then validates each configuration against the full set of rules.
    fn prepare(source: &ConfigSource, files: &[&Path]) -> Result<Workspace, String> {
        Workspace::prepare_with(source, files, RuleSet::standard())
    }

    /// [`Workspace::prepare`] with the shipped rules already loaded (`standard`).
    fn prepare_with(
        source: &ConfigSource,
        files: &[&Path],
        standard: Result<RuleSet, String>,
    ) -> Result<Workspace, String> {
        let choice = match (&source.config, source.no_config) {
            (_, true) => ConfigChoice::None,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Discover,
        };
        let mut config_of_dir = HashMap::new();
        for file in files {
            let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
            if config_of_dir.contains_key(&dir) {
                continue;
            }
            let config = match &choice {
                ConfigChoice::Discover => find_config(file),
                ConfigChoice::File(path) => Some(path.clone()),
                ConfigChoice::None => None,
            };
            config_of_dir.insert(dir, config);
        }
        let mut paths: Vec<PathBuf> = config_of_dir.values().flatten().cloned().collect();
        paths.sort();
        paths.dedup();
        let mut rules = standard?;
        let mut rule_dirs: Vec<PathBuf> = Vec::new();
        for path in &paths {
            rule_dirs.extend(Config::rule_dirs_of(path).map_err(|e| e.to_string())?);
        }
        rule_dirs.sort();
        rule_dirs.dedup();
        for dir in &rule_dirs {
            rules.add_dir(dir)?;
        }
        let mut inputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        for path in &paths {
            inputs.push((path.clone(), std::fs::read(path).unwrap_or_default()));
        }
        for dir in &rule_dirs {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            for file in files {
                let text = std::fs::read(&file).unwrap_or_default();
                inputs.push((file, text));
            }
        }
        let fingerprint = crate::cache::hash_of(&(env!("CARGO_PKG_VERSION"), inputs));
        let known = rules.known();
        let mut configs = HashMap::new();
        for path in paths {
            let config = Config::load(&path, &known).map_err(|e| e.to_string())?;
            configs.insert(path, Arc::new(config));
        }
        Ok(Workspace {
            rules,
            configs,
            config_of_dir,
            sites: HashMap::new(),
            site_of_dir: HashMap::new(),
            job_settings: HashMap::new(),
            fingerprint,
            listed: Vec::new(),
        })
    }

    fn config_for(&self, file: &Path) -> Option<Arc<Config>> {
        let dir = file.parent().unwrap_or(Path::new("."));
        let path = self.config_of_dir.get(dir)?.as_ref()?;
        self.configs.get(path).cloned()
    }

    fn settings_for(&self, file: &Path, selection: &Selection) -> FileSettings {
        let config = self.config_for(file);
        let rule_settings = config
            .as_ref()
            .map(|c| c.rules_for(file))
            .unwrap_or_default();
        FileSettings {
            rules: self.rules.activate(&rule_settings, selection),
            timezone: config.as_ref().and_then(|c| c.timezone),
            lang: config.as_ref().and_then(|c| c.site.lang.clone()),
        }
    }

    /// [`Workspace::settings_for`], shared by the files it is the same for.
    fn job_settings_for(&mut self, file: &Path, selection: &Selection) -> Arc<JobSettings> {
        let config = self.config_for(file);
        let key = match &config {
            Some(config) => (Some(config.path.clone()), config.matching_overrides(file)),
            None => (None, Vec::new()),
        };
        if let Some(settings) = self.job_settings.get(&key) {
            return settings.clone();
        }
        let full = self.settings_for(file, selection);
        let mut local = full.clone();
        local
            .rules
            .retain(|active| !self.rules.get(active.index).cross_file());
        let cross_file = local.rules.len() != full.rules.len();
        let mut cross = full.clone();
        cross
            .rules
            .retain(|active| self.rules.get(active.index).cross_file());
        // With cross-file rules, the linting pass also makes the article's index entry.
        let cache_key =
            crate::cache::hash_of(&(self.fingerprint, format!("{local:?}"), cross_file));
        let full_key = crate::cache::hash_of(&(self.fingerprint, format!("{full:?}")));
        let settings = Arc::new(JobSettings {
            cross_file,
            full,
            local,
            cross,
            key: cache_key,
            full_key,
        });
        self.job_settings.insert(key, settings.clone());
        settings
    }

    fn site_for(&mut self, file: &Path, linted_dir: &Path) -> Result<Arc<Site>, String> {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let dir_key = (dir, linted_dir.to_path_buf());
        if let Some(site) = self.site_of_dir.get(&dir_key) {
            return Ok(site.clone());
        }
        let config = self.config_for(file);
        let site = Site::discover(file, linted_dir)?;
        let key = (site.root.clone(), config.as_ref().map(|c| c.path.clone()));
        if let Some(site) = self.sites.get(&key) {
            self.site_of_dir.insert(dir_key, site.clone());
            return Ok(site.clone());
        }
        let mut site = match &config {
            Some(config) => site.with_settings(&config.site),
            None => site,
        };
        for listed in &self.listed {
            site.share_files(listed);
        }
        let site = Arc::new(site);
        self.sites.insert(key, site.clone());
        self.site_of_dir.insert(dir_key, site.clone());
        Ok(site)
    }

    fn is_excluded(&self, file: &Path) -> bool {
        self.config_for(file).is_some_and(|c| c.is_excluded(file))
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
    selection: Selection,
}

/// What became of one file (a run holds one per file: what most files lack is boxed).
struct Processed {
    /// In memory while it is being made; once settled, in the run's spill. `None`: the file
    /// could not be read (see [`Processed::error`]).
    report: Option<Held>,
    /// Problems removed by fixes (written, or that would be with --diff).
    fixed: u32,
    /// The length of the text its report is about (when it was linted, not cached, and
    /// shorter than 4 GiB).
    linted_len: Option<u32>,
    rare: Option<Box<Rare>>,
    /// When cross-file rules are to run, the hash of the path of the article's index entry
    /// (the canonical path): what finds the article in its site's index.
    indexed: Option<u64>,
    /// The linting pass made the entry: it is on the run's tape of entries and its keys on the
    /// tape of keys (see [`cross_file`]); a run holds no more of it until the index is made.
    /// (Else it is in the cache.)
    on_tape: bool,
    /// The file as the cache knows it, and what to remember of it for the next run.
    cached: Option<Box<CacheUpdate>>,
}

// A run holds one outcome per file: what few files have is boxed (checked when built).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Processed>() <= 80);

/// What few files have: a diff, or a failure.
struct Rare {
    diff: Option<Box<str>>,
    /// A failure that leaves the file untouched (exit 2), or that it could not be read.
    error: Option<Box<str>>,
}

impl Processed {
    /// An outcome with `report`, and no more.
    fn of(report: Option<FileReport>) -> Processed {
        Processed {
            linted_len: None,
            report: report.map(Held::here),
            fixed: 0,
            rare: None,
            indexed: None,
            on_tape: false,
            cached: None,
        }
    }

    /// The outcome of linting a text into `report`.
    fn linted(report: FileReport) -> Processed {
        Processed {
            linted_len: u32::try_from(report.source.len()).ok(),
            ..Processed::of(Some(report))
        }
    }

    /// A file that could not be read (or read back), for the reason `error`.
    fn failed(error: String) -> Processed {
        Processed::of(None).with_rare(None, Some(error))
    }

    /// With `diff` and `error`, when there is either.
    fn with_rare(mut self, diff: Option<String>, error: Option<String>) -> Processed {
        if diff.is_some() || error.is_some() {
            self.rare = Some(Box::new(Rare {
                diff: diff.map(String::into_boxed_str),
                error: error.map(String::into_boxed_str),
            }));
        }
        self
    }

    /// The file's unified diff (under --diff, when it would change).
    fn diff(&self) -> Option<&str> {
        self.rare.as_ref()?.diff.as_deref()
    }

    /// A failure that leaves the file untouched (exit 2), or that it could not be read.
    fn error(&self) -> Option<&str> {
        self.rare.as_ref()?.error.as_deref()
    }
}

/// A linted file, for the cache: its content hash, and its new records.
struct CacheUpdate {
    content: u64,
    /// The canonical path of its index entry, when the entry is in the cache.
    entry_path: Option<PathBuf>,
    file: Option<Box<NewFile>>,
    entry: Option<Box<NewEntry>>,
    /// The file's record holds but its time moved or is no longer racy.
    refreshed: Option<Validity>,
    /// The file's record holds and keeps no text rendering.
    unrendered: bool,
    /// The text rendering this run made for a record that kept none.
    rendering: Option<Box<NewRendering>>,
}

/// A site's hashes, for the cache: everything rules read of it besides the articles (settings
/// and list of files), and only its settings (what index entries depend on).
#[derive(Copy, Clone, Debug, Default)]
struct SiteKeys {
    full: u64,
    settings: u64,
}

/// A file's result from the cache, as the linting pass would have made it (its index entry
/// stays in the cache until needed); `None` when its findings cannot be read or do not decode.
/// Its text rendering comes too when it was made under `render_key`.
fn from_cache(
    path: &Path,
    hit: &crate::cache::Hit<'_>,
    cross_file: bool,
    render_key: Option<u64>,
) -> Option<Processed> {
    let recorded = hit.lint()?;
    let unrendered = recorded.1.is_none();
    Some(Processed {
        cached: Some(Box::new(CacheUpdate {
            content: hit.content(),
            entry_path: hit.entry_path().filter(|_| cross_file),
            file: None,
            entry: None,
            refreshed: hit.refreshed(),
            unrendered,
            rendering: None,
        })),
        ..Processed::of(Some(cached_report(path, recorded, render_key)))
    })
}

/// A report made of cached findings, without the file's text, with their text rendering when
/// it was made under `render_key`.
fn cached_report(path: &Path, recorded: Recorded, render_key: Option<u64>) -> FileReport {
    let (findings, rendered) = recorded;
    let mut report = FileReport::new(path.to_path_buf(), String::new(), findings.diagnostics);
    report.settled = Some(render::Settled {
        positions: findings.positions,
        fingerprints: findings.fingerprints,
        text: rendered
            .filter(|&(made_with, _)| Some(made_with) == render_key)
            .map(|(_, text)| text),
    });
    report
}

/// The text format shows source lines: a cached report with problems gets its file's text
/// back (`bytes`, when already read), unless its rendering came from the cache too. Returns
/// whether it got the text back.
fn with_source(report: &mut FileReport, bytes: Option<Vec<u8>>) -> Result<bool, String> {
    let rendered = report.settled.as_ref().is_some_and(|s| s.text.is_some());
    if report.diagnostics.is_empty() || rendered {
        return Ok(false);
    }
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => std::fs::read(&report.path)
            .map_err(|e| format!("{}: {e}", render::display_path(&report.path)))?,
    };
    report.source = String::from_utf8_lossy(&bytes).into_owned();
    report.settled = None;
    Ok(true)
}

/// Whether a cached report's record, of `content` and with no rendering (`unrendered`), is to
/// take the rendering of the text [`with_source`] gave back (`read`): only if that text is the
/// content recorded (a file edited since the cache trusted its size and time is not; nor is
/// one that is not UTF-8, whose text is not its bytes), and only when renderings are kept.
fn takes_rendering(
    report: &FileReport,
    read: bool,
    (unrendered, content): (bool, u64),
    render_key: Option<u64>,
) -> bool {
    read && unrendered
        && render_key.is_some()
        && crate::cache::hash_bytes(report.source.as_bytes()) == content
}

/// `report` rendered in `style` now, when it has problems, for the cache to keep under
/// `render_key`: settling it later keeps this rendering. (Only a baseline could change the
/// report before it is settled, and with one there is no `render_key`.)
fn render_for_cache(
    report: &mut FileReport,
    style: Option<render::text::Style>,
    render_key: Option<u64>,
) -> Option<(u64, &str)> {
    let key = render_key.filter(|_| !report.diagnostics.is_empty())?;
    report.settle(style);
    Some((key, report.settled.as_ref()?.text.as_deref()?))
}

/// What output needs of a report whose text is at hand, for the cache.
fn findings_of(report: &mut FileReport) -> Findings {
    report.locate();
    let settled = report.settled.clone().unwrap_or_default();
    Findings {
        diagnostics: report.diagnostics.clone(),
        positions: settled.positions,
        fingerprints: settled.fingerprints,
    }
}

fn check(args: &CheckArgs) -> u8 {
    if args.fix {
        oversubscribe_for_writes();
    }
    let format = args
        .format
        .unwrap_or_else(|| configured_format(&args.config));
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
        selection: Selection {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
        },
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return check_stdin(args, &settings);
    }
    // Walking the folders overlaps with compiling the shipped rules and listing the files of
    // the sites of the folders named (the assets that links are checked against).
    let ((mut targets, mut errors), (standard, listed)) = rayon::join(
        || walk::collect(&args.paths),
        || {
            let standard = RuleSet::standard();
            let listed: Vec<Site> = args
                .paths
                .iter()
                .filter(|path| path.is_dir())
                .filter_map(|dir| Site::discover(dir, dir).ok())
                .inspect(Site::list_files)
                .collect();
            (standard, listed)
        },
    );
    let walked_whole = match (args.paths.as_slice(), &args.changed_since) {
        ([dir], None) if dir.is_dir() => Some((dir.clone(), targets.len())),
        _ => None,
    };
    if let Some(reference) = &args.changed_since {
        match changed_files(reference) {
            Ok(changed) => targets
                .retain(|t| std::fs::canonicalize(t.path).is_ok_and(|p| changed.contains(&p))),
            Err(err) => {
                eprintln!("error: {err}");
                return EXIT_ERROR;
            }
        }
    }
    let files: Vec<&Path> = targets.iter().map(|t| t.path).collect();
    let mut workspace = match Workspace::prepare_with(&args.config, &files, standard) {
        Ok(workspace) => Workspace {
            listed,
            ..workspace
        },
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    drop(files);
    if let Some(err) = unknown_selected(&workspace.rules, &settings.selection) {
        eprintln!("error: {err}");
        return EXIT_ERROR;
    }
    let mut kinds = Kinds::default();
    // The files of one folder without configuration share their site and settings.
    let mut previous: Option<(PathBuf, PathBuf, Arc<Site>, Arc<JobSettings>)> = None;
    let files = targets.into_paths(|target| {
        let dir = target.path.parent().unwrap_or(Path::new("."));
        if let Some((_, _, site, job_settings)) = previous
            .as_ref()
            .filter(|(d, linted, _, _)| d == dir && linted == target.linted_dir)
        {
            return Some(kinds.number(site, job_settings, target.walked));
        }
        if target.walked && workspace.is_excluded(target.path) {
            return None;
        }
        match workspace.site_for(target.path, target.linted_dir) {
            Ok(site) => {
                let job_settings = workspace.job_settings_for(target.path, &settings.selection);
                previous = workspace.config_for(target.path).is_none().then(|| {
                    let dir = dir.to_path_buf();
                    (
                        dir,
                        target.linted_dir.to_path_buf(),
                        site.clone(),
                        job_settings.clone(),
                    )
                });
                Some(kinds.number(&site, &job_settings, target.walked))
            }
            Err(err) => {
                errors.push(err);
                None
            }
        }
    });
    let jobs = Jobs::new(files, kinds);
    // One folder walked whole (nothing left out): the site whose only content folder it is has
    // these files for articles, and is not walked again.
    let walked_whole = walked_whole
        .filter(|&(_, walked)| walked == jobs.len())
        .and_then(|(dir, _)| Some((std::fs::canonicalize(&dir).ok()?, walk::clean(&dir))));
    let baseline = match (&args.baseline, &args.write_baseline) {
        (Some(path), None) => match crate::baseline::Baseline::read(path) {
            Ok(baseline) => Some(baseline.by_path()),
            Err(err) => {
                eprintln!("error: {err}");
                return EXIT_ERROR;
            }
        },
        _ => None,
    };
    // Reports keep what output needs and drop the file's text as soon as they are final; the
    // text format is rendered then, while the text is at hand (or, for the cache to keep, as
    // soon as the linting pass's findings are: see `render_key`).
    let text = (format == Format::Text && !args.statistics).then(text_style);
    // The cache keeps a file's text rendering under the key of what it depends on besides the
    // file and its findings: the style, and the current folder (paths are shown relative to
    // it). A baseline filters what is shown: with one, renderings are neither kept nor taken.
    let render_key = text.filter(|_| baseline.is_none()).map(|style| {
        let fancy = matches!(style, render::text::Style::Fancy);
        crate::cache::hash_of(&(fancy, render::current_folder()))
    });
    let finish = |report: &mut FileReport| {
        if let Some(baseline) = &baseline {
            baseline.filter(report);
        }
        report.settle(text);
    };
    // Settled reports wait in a temporary file for the end of the run: memory stays flat.
    let spill = Spill::new();
    // The index entries the linting pass makes, for the cross-file pass.
    let entries = Arc::new(Tape::new());
    let settle = |held: &mut Option<Held>| {
        if let Some(Held::Here(report)) = held {
            finish(report);
            *held = Some(spill.put(std::mem::take(&mut **report)));
        }
    };
    let rules = &workspace.rules;
    // Results of earlier runs: only plain checks read and write them (fixes rewrite files).
    let use_cache = settings.mode == Mode::Check && !args.no_cache;
    // The sites of the run, and whether cross-file rules run on any of their articles.
    let mut sites: Vec<(&Arc<Site>, bool)> = Vec::new();
    for job in jobs.iter() {
        match sites.iter_mut().find(|(s, _)| Arc::ptr_eq(s, job.site)) {
            Some((_, cross_file)) => *cross_file |= job.settings.cross_file,
            None => sites.push((job.site, job.settings.cross_file)),
        }
    }
    // The keys of the index entries the linting pass makes, hashed, with the number of the job
    // that made each: a tape per site (each site's index reads its own).
    let index_keys: HashMap<usize, Tape> = sites
        .iter()
        .filter(|(_, cross_file)| *cross_file)
        .map(|(site, _)| (Arc::as_ptr(site) as usize, Tape::new()))
        .collect();
    // Reading the cache, listing each site's files (its fingerprint) and listing its articles
    // (for cross-file rules) overlap.
    let ((mut cache, articles), site_keys) = rayon::join(
        || {
            let articles: HashMap<usize, Articles> = sites
                .iter()
                .filter(|(_, cross_file)| *cross_file)
                .map(|(site, _)| {
                    let walked = walked_whole
                        .as_ref()
                        .filter(|(root, _)| {
                            crate::site_index::content_roots(site) == std::slice::from_ref(root)
                        })
                        .filter(|(_, dir)| jobs.iter().all(|job| job.path.starts_with(dir)));
                    let articles = match walked {
                        // Made when needed, from the jobs: not held through the linting pass.
                        Some((root, dir)) => Articles::Walked {
                            root: root.clone(),
                            dir: dir.clone(),
                        },
                        None => Articles::Listed(crate::site_index::article_paths(site)),
                    };
                    (Arc::as_ptr(site) as usize, articles)
                })
                .collect();
            let cache = use_cache.then(|| {
                Cache::open(
                    args.cache_dir
                        .as_deref()
                        .unwrap_or(Path::new(crate::cache::DEFAULT_DIR)),
                )
            });
            (cache, articles)
        },
        || {
            sites
                .par_iter()
                .filter(|_| use_cache)
                .map(|(site, _)| {
                    let keys = SiteKeys {
                        full: site.fingerprint(),
                        settings: site.settings_fingerprint(),
                    };
                    (Arc::as_ptr(site) as usize, keys)
                })
                .collect::<HashMap<usize, SiteKeys>>()
        },
    );
    let progress = progress_bar(jobs.len(), args.quiet);
    // For --verbose: how many files were linted, and how many taken from the cache.
    let (linted, hits) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // Each job's outcome, in place (a run holds one per file: never copied).
    let mut processed: Vec<Processed> = jobs
        .par_iter()
        .enumerate()
        .map(|(number, job)| -> Result<Processed, String> {
            let shown = || render::display_path(job.path);
            let keys = site_keys
                .get(&(Arc::as_ptr(job.site) as usize))
                .copied()
                .unwrap_or_default();
            let stamp = cache.as_ref().and_then(|_| Stamp::of(job.path));
            let mut bytes = None;
            let mut content = None;
            if let (Some(cache), Some(stamp)) = (&cache, stamp) {
                let hit = cache.lookup(job.path, stamp, job.settings.key, keys.full, || {
                    bytes = std::fs::read(job.path).ok();
                    content = bytes.as_deref().map(crate::cache::hash_bytes);
                    content
                });
                let cached = hit.and_then(|hit| {
                    from_cache(job.path, &hit, job.settings.cross_file, render_key)
                });
                if let Some(mut processed) = cached {
                    if let (Some(_), Some(Held::Here(report))) = (text, &mut processed.report) {
                        let read = with_source(report, bytes.take())?;
                        // Rendered from the file the record is of: a record without any
                        // rendering keeps it for the next run. (One made in another style or
                        // folder stays: runs in turn would rewrite the cache each time.)
                        if let Some(update) = &mut processed.cached {
                            let record = (update.unrendered, update.content);
                            if takes_rendering(report, read, record, render_key) {
                                let findings = findings_of(report);
                                update.rendering = render_for_cache(report, text, render_key)
                                    .and_then(|rendered| cache.new_rendering(&findings, rendered))
                                    .map(Box::new);
                            }
                        }
                    }
                    settle(&mut processed.report);
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                    hits.fetch_add(1, Ordering::Relaxed);
                    return Ok(processed);
                }
            }
            let bytes = match bytes {
                Some(bytes) => bytes,
                None => read_article(job.path).map_err(|e| format!("{}: {e}", shown()))?,
            };
            let content =
                stamp.map(|_| content.unwrap_or_else(|| crate::cache::hash_bytes(&bytes)));
            let (mut processed, entry) = process(job, bytes, rules, &settings);
            linted.fetch_add(1, Ordering::Relaxed);
            let failed = processed.error().is_some();
            if let (Some(cache), Some(stamp), Some(content), false, Some(Held::Here(report))) =
                (&cache, stamp, content, failed, &mut processed.report)
            {
                let findings = findings_of(report);
                debug_assert!(render_key.is_none() || baseline.is_none());
                // Taped from the report's own rendering, which the report keeps.
                let rendered = render_for_cache(report, text, render_key);
                let file = Validity::now(stamp, content);
                let entry = entry.as_ref();
                processed.cached = Some(Box::new(CacheUpdate {
                    content,
                    entry_path: None,
                    file: cache
                        .new_file(
                            job.path,
                            file,
                            job.settings.key,
                            keys.full,
                            entry.map(|e| e.path.as_path()),
                            (&findings, rendered),
                        )
                        .map(Box::new),
                    entry: entry
                        .and_then(|e| cache.new_entry(&e.path, file, keys.settings, Some(e)))
                        .map(Box::new),
                    refreshed: None,
                    unrendered: false,
                    rendering: None,
                }));
            }
            // On the tapes until the site's index is made.
            processed.indexed = entry
                .and_then(|e| Stored::put(&entries, &e))
                .and_then(|stored| {
                    index_keys
                        .get(&(Arc::as_ptr(job.site) as usize))?
                        .put(&(number, &stored))
                        .map(|_| stored.path_hash())
                });
            processed.on_tape = processed.indexed.is_some();
            if settings.mode != Mode::Diff {
                settle(&mut processed.report);
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            Ok(processed)
        })
        .map(|result| result.unwrap_or_else(Processed::failed))
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // The renames of this run made durable, one sync per folder written in.
    write::sync_folders();
    let mut new_files = Vec::new();
    let mut new_entries = Vec::new();
    for (job, file) in jobs.iter().zip(&mut processed) {
        if let (Some(cache), Some(update)) = (&mut cache, &mut file.cached) {
            new_files.extend(update.file.take().map(|b| *b));
            new_entries.extend(update.entry.take().map(|b| *b));
            if let Some(refreshed) = update.refreshed.take() {
                cache.refresh(job.path, refreshed);
            }
            if let Some(rendering) = update.rendering.take() {
                cache.store_rendering(job.path, update.content, *rendering);
            }
        }
        errors.extend(file.error().map(String::from));
    }
    if let Some(cache) = &mut cache {
        cache.store_files(new_files);
        cache.store_entries(new_entries);
    }
    // What --verbose says of each site's cross-file results.
    let mut site_notes = if settings.mode == Mode::Diff {
        Vec::new()
    } else {
        let cached = cache.as_mut().map(|cache| (cache, &site_keys));
        let (failed, notes) = cross_file(
            &jobs,
            &mut processed,
            rules,
            Settling {
                settle: &settle,
                spill: &spill,
                filtered: baseline.is_some(),
                style: text,
                render_key,
            },
            Tapes {
                entries,
                keys: index_keys,
            },
            articles,
            cached,
        );
        errors.extend(failed);
        notes
    };
    if args.verbose {
        let (linted, hits) = (linted.into_inner(), hits.into_inner());
        let files = plural(linted, "file");
        match (use_cache, settings.mode) {
            (true, _) => eprintln!("note: {linted} {files} linted, {hits} from the cache"),
            (false, Mode::Check) => eprintln!("note: {linted} {files} linted; --no-cache"),
            (false, Mode::Fix) => eprintln!("note: {linted} {files} linted; --fix uses no cache"),
            (false, Mode::Diff) => eprintln!("note: {linted} {files} linted; --diff uses no cache"),
        }
        site_notes.sort();
        for note in &site_notes {
            eprintln!("note: {note}");
        }
    }
    if let Some(cache) = cache {
        cache.save();
    }
    errors.sort();
    errors.dedup();
    for error in &errors {
        eprintln!("error: {error}");
    }
    let fixed: usize = processed.iter().map(|p| p.fixed as usize).sum();
    let fixed_files = processed.iter().filter(|p| p.fixed > 0).count();
    if settings.mode == Mode::Diff {
        let diffs: String = processed.iter().filter_map(Processed::diff).collect();
        let emitted = emit(diffs.as_bytes());
        eprintln!(
            "Would fix {fixed} {} in {fixed_files} {}",
            plural(fixed, "problem"),
            plural(fixed_files, "file")
        );
        return if emitted != EXIT_OK {
            emitted
        } else if !errors.is_empty() {
            EXIT_ERROR
        } else if diffs.is_empty() || args.exit_zero {
            EXIT_OK
        } else {
            EXIT_PROBLEMS
        };
    }
    let mut site_reports = site_reports(&jobs, &workspace.rules);
    site_reports.iter_mut().for_each(finish);
    let site_held: Vec<(PathBuf, Held)> = site_reports
        .into_iter()
        .map(|report| (report.path.clone(), Held::here(report)))
        .collect();
    let tallies = processed.iter().filter_map(|p| p.report.as_ref());
    let mut summary = Summary::of_tallies(
        tallies
            .chain(site_held.iter().map(|(_, held)| held))
            .map(Held::tally),
    );
    let held = in_output_order(&jobs, processed, site_held);
    // Reports come back from the spill in output order; one that cannot is an error (exit 2).
    let unread = std::sync::Mutex::new(Vec::new());
    let load = |(path, held): (std::borrow::Cow<'_, Path>, Held)| {
        spill.get(held, &path).unwrap_or_else(|err| {
            if let Ok(mut unread) = unread.lock() {
                unread.push(err);
            }
            FileReport::default()
        })
    };
    if let Some(path) = &args.write_baseline {
        let baseline = crate::baseline::Baseline::of(held.into_iter().map(load));
        let unread = unread.into_inner().unwrap_or_default();
        if let Some(err) = unread.first() {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
        if let Err(err) = baseline.write(path) {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
        eprintln!(
            "Wrote {} problems to the baseline {}",
            baseline.entries.len(),
            path.display()
        );
        return EXIT_OK;
    }
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
    let summary_line = if args.quiet {
        String::new()
    } else {
        summary_line
    };
    let emitted = if format == Format::Text && summary.files == 0 && !errors.is_empty() {
        // Nothing was linted and the errors said why: a summary would only add noise.
        drop(held);
        EXIT_OK
    } else {
        // Streamed: neither the reports nor the output are ever held whole in memory.
        let document = render::stream::Document {
            summary: &summary,
            summary_line: &summary_line,
            style: text_style(),
            rules: &workspace.rules,
        };
        emit_with(|out| match format {
            _ if args.statistics => {
                out.write_all(statistics(held.into_iter().map(load), format).as_bytes())
            }
            _ => render::stream::write(out, format, held, load, document),
        })
    };
    if emitted != EXIT_OK {
        return emitted;
    }
    let mut unread = unread.into_inner().unwrap_or_default();
    // Read back in parallel: in path order, as the reports are.
    unread.sort();
    for err in &unread {
        eprintln!("error: {err}");
    }
    if !unread.is_empty() {
        return EXIT_ERROR;
    }
    let code = exit_code(&errors, &summary, args);
    // The process ends now: freeing every site and index one by one is wasted time.
    std::mem::forget(jobs);
    std::mem::forget(workspace);
    code
}

/// Each report with the path it is about (a file that could not be read has none), in output
/// order: the jobs' (in path order already, see [`walk::collect`]), with the reports on whole
/// sites (`site`) merged in. Made one at a time: a run holds the outcomes already.
fn in_output_order<'a>(
    jobs: &'a Jobs,
    processed: Vec<Processed>,
    site: Vec<(PathBuf, Held)>,
) -> impl Iterator<Item = (std::borrow::Cow<'a, Path>, Held)> + Send + 'a {
    use std::borrow::Cow;
    debug_assert!(jobs.iter().map(|job| walk::order_key(job.path)).is_sorted());
    let mut site: Vec<(Vec<u8>, PathBuf, Held)> = site
        .into_iter()
        .map(|(path, held)| (walk::order_key(&path), path, held))
        .collect();
    site.sort_by(|a, b| a.0.cmp(&b.0));
    let mut site = site.into_iter().peekable();
    let mut files = jobs
        .iter()
        .zip(processed)
        .filter_map(|(job, p)| Some((job.path, p.report?)))
        .peekable();
    std::iter::from_fn(move || {
        // On equal paths, the file's report first.
        let site_first = match (files.peek(), site.peek()) {
            (Some((file, _)), Some((key, _, _))) => *key < walk::order_key(file),
            (None, Some(_)) => true,
            _ => false,
        };
        if site_first {
            site.next().map(|(_, path, held)| (Cow::Owned(path), held))
        } else {
            files.next().map(|(path, held)| (Cow::Borrowed(path), held))
        }
    })
}

/// Files that differ from `reference` in the git repository of the current folder, and
/// untracked ones, as absolute paths.
fn changed_files(reference: &str) -> Result<std::collections::HashSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("--changed-since needs git: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let diff = git(&["diff", "--name-only", "-z", reference, "--"])?;
    let untracked = git(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--full-name",
    ])?;
    Ok(diff
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|p| !p.is_empty())
        .filter_map(|p| std::fs::canonicalize(top.join(p)).ok())
        .collect())
}

/// Cross-file rules, after the linting pass: each site's index is built from the entries that
/// pass made (reading only the articles it did not lint, in parallel), then the articles that
/// have peers in it are linted again with every rule, from the file as it now is on disk.
///
/// With the cache, an article's cross-file result (or the note that it has no peers) is kept
/// under the hash of the index it was found with; the index's hash is kept under the hash of
/// what it is made of (every article's path and content), which the cache knows without
/// reading the files: over an unchanged site, nothing is read, parsed or linted again.
///
/// Returns an error when the site index's temporary file failed under the run, and what
/// `--verbose` says of each site: whether its index was built.
fn cross_file<'j>(
    jobs: &'j Jobs,
    processed: &mut [Processed],
    rules: &RuleSet,
    out: Settling<'_, impl Fn(&mut Option<Held>) + Sync>,
    tapes: Tapes,
    mut articles: HashMap<usize, Articles>,
    mut cache: Option<(&mut Cache, &HashMap<usize, SiteKeys>)>,
) -> (Option<String>, Vec<String>) {
    let Settling {
        settle,
        spill,
        filtered,
        style,
        render_key,
    } = out;
    let Tapes {
        entries,
        keys: keys_tape,
    } = tapes;
    let at = |job: Job<'_>| Arc::as_ptr(job.site) as usize;
    // The sites of the linted articles.
    let mut sites: HashMap<usize, CrossSite<'j>> = HashMap::new();
    // Each linted article's entry in its site's index, by the hash of its canonical path (a
    // run holds one per file: not a copy of the path).
    for (job, file) in jobs.iter().zip(processed.iter_mut()) {
        if let (None, Some(cached)) = (file.indexed, file.cached.as_mut()) {
            file.indexed = cached.entry_path.take().map(|path| path_hash(&path));
        }
        if file.indexed.is_some() {
            sites
                .entry(at(job))
                .or_insert_with(|| CrossSite::new(job.site));
        }
    }
    let linted = Linted {
        jobs,
        processed,
        by_hash: std::sync::OnceLock::new(),
    };
    let stored = cache.as_ref().map(|(cache, keys)| (&**cache, *keys));
    // Cross-file messages show paths relative to it.
    let cwd = render::current_folder().unwrap_or(Path::new(""));
    let new_entries = std::sync::Mutex::new(Vec::new());
    // Cross-file results taken from the cache without their rendering, given the one made.
    let given = std::sync::Mutex::new(Vec::new());
    let mut index_keys = Vec::new();
    let mut notes = Vec::new();
    for (at, site) in sites.iter_mut() {
        let stored = stored.map(|(cache, keys)| (cache, keys.get(at).copied().unwrap_or_default()));
        let listing = articles.remove(at).map(|articles| articles.listing(jobs));
        site.survey(&linted, listing, stored, &new_entries, &entries);
        if let (Some((cache, keys)), Some(made_of)) = (stored, site.made_of) {
            site.index_key = cache.index_key(keys.settings, made_of);
            site.result_key = site
                .index_key
                .map(|index| crate::cache::hash_of(&(keys.full, index, &cwd)));
        }
    }
    // What each article's cross-file result is: from the cache, or to be found with the index.
    // What the cache holds of an article's cross-file result under `key`: a result found
    // becomes the article's report at once (its findings are not held until the end), unless
    // its text, which the text format shows, cannot be read.
    let from_cache = |job: Job<'_>, file: &mut Processed, key: Option<u64>| {
        let content = file.cached.as_ref().map(|c| c.content);
        let (Some((cache, _)), Some(key), Some(content)) = (stored, key, content) else {
            return Cross::Unknown;
        };
        let recorded = match cache.cross(job.path, content, key) {
            Some(Some(recorded)) => recorded,
            Some(None) => return Cross::Stands,
            None => return Cross::Unknown,
        };
        let unrendered = recorded.1.is_none();
        let mut report = cached_report(job.path, recorded, render_key);
        let read = match style.map(|_| with_source(&mut report, None)) {
            Some(Ok(read)) => read,
            Some(Err(_)) => return Cross::Unknown,
            None => false,
        };
        // Rendered from the file the result is of: a result without any rendering keeps it
        // (as in the linting pass).
        if takes_rendering(&report, read, (unrendered, content), render_key) {
            let findings = findings_of(&mut report);
            let kept = render_for_cache(&mut report, style, render_key)
                .and_then(|rendered| cache.new_cross(Some((&findings, Some(rendered)))));
            if let (Some(kept), Ok(mut given)) = (kept, given.lock()) {
                given.push((job.path.to_path_buf(), content, key, kept));
            }
        }
        file.report = Some(Held::here(report));
        settle(&mut file.report);
        Cross::Settled
    };
    // An article's key for the cache's cross-file results of its site.
    let result_key = |job: Job<'_>, site: &CrossSite<'_>| {
        site.result_key
            .map(|key| crate::cache::hash_of(&(job.settings.full_key, key)))
    };
    let mut outcomes: Vec<Cross> = jobs
        .par_iter()
        .zip(processed.par_iter_mut())
        .map(|(job, file)| {
            let Some(site) = sites.get(&at(job)) else {
                return Cross::Stands;
            };
            if file.indexed.is_none() {
                return Cross::Stands;
            }
            from_cache(job, file, result_key(job, site))
        })
        .collect();
    // The sites whose index is needed, built, and the results that the cache holds for it.
    for (at, site) in sites.iter_mut() {
        let needed = jobs.iter().zip(&outcomes).any(|(job, outcome)| {
            Arc::as_ptr(job.site) as usize == *at && matches!(outcome, Cross::Unknown)
        });
        let shown = match render::display_path(&site.site.root) {
            here if here.is_empty() => ".".to_string(),
            shown => shown,
        };
        if !needed {
            notes.push(format!(
                "site `{shown}`: every cross-file result from the cache, no index built"
            ));
            continue;
        }
        let keys = stored.and_then(|(_, keys)| keys.get(at).copied());
        let stored = stored.map(|(cache, _)| cache);
        let index = site.index(
            stored,
            keys.unwrap_or_default(),
            (&entries, keys_tape.get(at)),
            jobs.len(),
        );
        notes.push(format!(
            "site `{shown}`: index of {} {} built",
            index.len(),
            plural(index.len(), "article")
        ));
        if let (Some(keys), Some(made_of)) = (keys, site.made_of) {
            let index_key = index.fingerprint();
            index_keys.push((keys.settings, made_of, index_key));
            site.result_key = Some(crate::cache::hash_of(&(keys.full, index_key, &cwd)));
        }
        site.built = Some(index);
    }
    // Taped as they are found: a run holds only where each is.
    let found: Vec<(PathBuf, u64, u64, NewCross)> = jobs
        .par_iter()
        .zip(processed.par_iter_mut())
        .zip(outcomes.par_iter_mut())
        .filter_map(|((job, file), outcome)| {
            let content = stored.and(file.cached.as_ref()).map(|c| c.content);
            let site = sites.get(&at(job))?;
            let key = result_key(job, site);
            // The result may be known now that the index's hash is.
            if let Cross::Unknown = outcome {
                *outcome = from_cache(job, file, key);
            }
            if !matches!(outcome, Cross::Unknown) {
                return None;
            }
            let index = site.built?;
            let canonical = || crate::article::canonical_path(job.path, job.walked);
            let at = index.position(file.indexed?, canonical)?;
            let remember = |found: Option<ToRecord<'_>>| {
                let (content, key) = (content?, key?);
                let findings = stored?.0.new_cross(found)?;
                Some((job.path.to_path_buf(), content, key, findings))
            };
            if !index.has_peers(at) {
                // (Or the article is not in the index, and another path has its path's hash:
                // then it has no peers either.)
                return remember(None);
            }
            let entry = index.entry(at).filter(|entry| entry.path == canonical())?;
            // The file as it now is (fixed, under --fix); if it cannot be read any more, the
            // first pass's report stands.
            let bytes = std::fs::read(job.path).ok()?;
            // Cached only if it is still the file the linting pass saw.
            let same = content.is_some_and(|c| c == crate::cache::hash_bytes(&bytes));
            let unchanged = same
                || (content.is_none()
                    && file
                        .linted_len
                        .is_some_and(|len| len as usize == bytes.len()));
            // Unless a suppression comment or the baseline could have changed the linting
            // pass's report, the cross-file problems are added to it (only the front matter is
            // parsed again); else the article is linted again with every rule.
            let earlier =
                (unchanged && !filtered && memchr::memmem::find(&bytes, b"contentlint").is_none())
                    .then(|| file.report.take())
                    .flatten()
                    .and_then(|held| spill.get(held, job.path).ok());
            let mut report = match (earlier, crate::into_text(bytes)) {
                (Some(earlier), Ok(text)) => with_cross_file(job, text, entry, rules, earlier),
                (_, Ok(text)) => lint_bytes(
                    job.path,
                    text.into_bytes(),
                    job.site,
                    rules,
                    &job.settings.full,
                ),
                (_, Err(err)) => lint_bytes(
                    job.path,
                    err.into_bytes(),
                    job.site,
                    rules,
                    &job.settings.full,
                ),
            };
            let found = same.then(|| findings_of(&mut report));
            let remembered = found.and_then(|found| {
                let rendered = render_for_cache(&mut report, style, render_key);
                remember(Some((&found, rendered)))
            });
            file.report = Some(Held::here(report));
            settle(&mut file.report);
            remembered
        })
        .collect();
    // An entry that could not be read back from the temporary file was missed as a peer: the
    // run says so, and keeps none of the cross-file results.
    let unreadable = sites
        .values()
        .any(|site| site.built.is_some_and(SiteIndex::unreadable));
    if let Some((cache, _)) = &mut cache {
        cache.store_entries(new_entries.into_inner().unwrap_or_default());
        // (Made from the cache's own results, whatever the index.)
        for (path, content, key, kept) in given.into_inner().unwrap_or_default() {
            cache.store_cross(&path, content, key, kept);
        }
        if !unreadable {
            for (site, made_of, key) in index_keys {
                cache.store_index_key(site, made_of, key);
            }
            for (path, content, key, findings) in found {
                cache.store_cross(&path, content, key, findings);
            }
        }
    }
    let error = unreadable.then(|| {
        "cannot read the site index back from its temporary file: problems found by comparing \
         articles may be missing"
            .to_string()
    });
    (error, notes)
}

/// A site's articles, for its index.
enum Articles {
    /// Their canonical paths, in index order.
    Listed(Vec<PathBuf>),
    /// The files of the run: its one folder `dir` walked whole, the site's only content folder,
    /// whose canonical path is `root`.
    Walked { root: PathBuf, dir: PathBuf },
}

/// The canonical paths of a site's articles, in index order (see
/// [`crate::site_index::article_paths`]), made one at a time, each with the job that may be
/// the article (for a walked site: the job it was made from).
type Listing<'j> = Box<dyn Iterator<Item = (PathBuf, Option<usize>)> + 'j>;

impl Articles {
    fn listing(self, jobs: &Jobs) -> Listing<'_> {
        match self {
            Articles::Listed(paths) => Box::new(paths.into_iter().map(|path| (path, None))),
            Articles::Walked { root, dir } => {
                // Under one root, canonical paths sort as the paths below it do. Each job by
                // where its path below `dir` starts (the end of its bytes: a run holds 8 bytes
                // a job here, not a reference to each path).
                let bytes = |job: u32| jobs.get(job as usize).path.as_os_str().as_encoded_bytes();
                let below = |&(start, job): &(u32, u32)| &bytes(job)[start as usize..];
                let mut relative: Vec<(u32, u32)> = jobs
                    .par_iter()
                    .enumerate()
                    .filter_map(|(i, job)| {
                        let below = job.path.strip_prefix(&dir).ok()?.as_os_str().len();
                        let start = job.path.as_os_str().len() - below;
                        Some((u32::try_from(start).ok()?, u32::try_from(i).ok()?))
                    })
                    .collect();
                relative.par_sort_unstable_by(|a, b| below(a).cmp(below(b)).then(a.1.cmp(&b.1)));
                relative.dedup_by(|a, b| below(a) == below(b));
                Box::new(relative.into_iter().filter_map(move |(_, job)| {
                    let path = jobs.get(job as usize).path.strip_prefix(&dir).ok()?;
                    Some((root.join(path), Some(job as usize)))
                }))
            }
        }
    }
}

/// The linting pass's index entries (see [`Stored::put`]), and their keys with the number of the
/// job that made each (`(usize, Stored)`), on a tape per site (by its address).
struct Tapes {
    entries: Arc<Tape>,
    keys: HashMap<usize, Tape>,
}

/// How the cross-file pass settles the reports it makes.
struct Settling<'a, F> {
    settle: &'a F,
    /// Where the linting pass's reports are.
    spill: &'a Spill,
    /// A baseline filters reports.
    filtered: bool,
    /// The text format's style: a report from the cache needs its rendering, or its file's
    /// text back.
    style: Option<render::text::Style>,
    /// What the cache keeps a text rendering under (see `render_key` in [`check`]); `None`:
    /// renderings are neither kept nor taken.
    render_key: Option<u64>,
}

/// An article's cross-file result, as far as known.
enum Cross {
    /// The linting pass's findings stand: the article has no peers (or is not in the index).
    Stands,
    /// The article's report is what the cross-file pass found, from the cache.
    Settled,
    /// To be found with the site index.
    Unknown,
}

/// An entry made already, on the run's tape (`None`: not an article).
type Made = Option<Box<Stored>>;

/// `earlier`, the linting pass's report on `text`, with the problems the cross-file rules of
/// `cross` find: only the front matter is parsed again, and the article's entry is the one the
/// index holds (made by the linting pass from the same text). The report is the one a lint with
/// every rule makes when nothing filtered `earlier` (no suppression comment, no baseline): its
/// diagnostics, in the same order, located.
fn with_cross_file(
    job: Job<'_>,
    text: String,
    entry: Entry,
    rules: &RuleSet,
    earlier: FileReport,
) -> FileReport {
    let path = job.path;
    let article = Article::front_matter_only(path, &text)
        .walked(job.walked)
        .indexed_as(entry);
    let mut diagnostics = lint(&article, job.site, rules, &job.settings.cross);
    let lines = article.into_line_index();
    diagnostics.extend(earlier.diagnostics);
    // `lint`'s order; stable, and no two rules share a problem.
    diagnostics.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    let mut report = FileReport::new(path.to_path_buf(), text, diagnostics);
    report.locate_with(&lines);
    report
}

/// A site, for the cross-file pass.
struct CrossSite<'s> {
    site: &'s Site,
    /// The articles, in index order.
    articles: Vec<Surveyed>,
    /// With the cache: the hash of every article's path and content.
    made_of: Option<u64>,
    /// With the cache: the hash of the site's index, when known.
    index_key: Option<u64>,
    /// With the cache: what cross-file results of this site are kept under (with the job's
    /// settings), when the index's hash is known.
    result_key: Option<u64>,
    built: Option<&'s SiteIndex>,
}

/// What the linting pass made, for [`CrossSite::survey`].
struct Linted<'a> {
    jobs: &'a Jobs,
    processed: &'a [Processed],
    /// A job by its site and the hash of its entry's path, made on first use.
    by_hash: std::sync::OnceLock<HashMap<(usize, u64), usize>>,
}

impl Linted<'_> {
    /// A job of `site` whose article is the one at `path` (canonical; the jobs of one path
    /// made the same entry), given the job it may be (`hint`), else found by the hash of the
    /// path.
    fn job_of(&self, site: &Site, path: &Path, hint: Option<usize>) -> Option<usize> {
        let site = site as *const Site as usize;
        let i = match hint {
            Some(i) => i,
            None => *self
                .by_hash
                .get_or_init(|| {
                    let mut by_hash = HashMap::new();
                    for (i, (job, file)) in self.jobs.iter().zip(self.processed).enumerate() {
                        if let Some(hash) = file.indexed {
                            // A second path with the same hash (never seen) is read again.
                            let site = Arc::as_ptr(job.site) as usize;
                            by_hash.entry((site, hash)).or_insert(i);
                        }
                    }
                    by_hash
                })
                .get(&(site, path_hash(path)))?,
        };
        let job = self.jobs.get(i);
        let here = Arc::as_ptr(job.site) as usize == site && self.processed[i].indexed.is_some();
        (here && crate::article::canonical_path(job.path, job.walked) == path).then_some(i)
    }
}

/// An article of a site, as the survey lists it.
struct Row {
    /// Its canonical path.
    path: PathBuf,
    /// With the cache, its content hash (`None`: the file cannot be read).
    content: Option<u64>,
    /// Its entry, when the survey made it.
    made: Option<Made>,
    /// The number of the job that linted it.
    job: Option<usize>,
}

/// An article of a site, surveyed: what its index entry is made from. A run holds one per
/// article until the index is made, 16 bytes.
enum Surveyed {
    /// The entry the linting pass made, on the run's tapes, by job number `0`.
    Linted(usize),
    /// The entry the survey made.
    Made(Made),
    /// The article whose entry is to be made, from the cache or from the file: its canonical
    /// path, and its content hash (with the cache, when the file can be read).
    ToMake(Box<(PathBuf, Option<u64>)>),
}

impl Surveyed {
    /// `row`, surveyed: the path of an article whose entry is made is not kept.
    fn of(row: Row, processed: &[Processed]) -> Surveyed {
        match (row.made, row.job) {
            (Some(made), _) => Surveyed::Made(made),
            (None, Some(i)) if processed[i].on_tape => Surveyed::Linted(i),
            (None, _) => Surveyed::ToMake(Box::new((row.path, row.content))),
        }
    }
}

impl<'s> CrossSite<'s> {
    fn new(site: &'s Site) -> CrossSite<'s> {
        CrossSite {
            site,
            articles: Vec::new(),
            made_of: None,
            index_key: None,
            result_key: None,
            built: None,
        }
    }

    /// Lists the site's articles (unless `listing` does), each with the job that linted it;
    /// with the cache, the content of each (from the linting pass, or from the cache when its
    /// entry's record holds, else from the file, whose entry is then made, put on `tape` and
    /// kept in `new`) and what the index is made of.
    fn survey(
        &mut self,
        linted: &Linted<'_>,
        listing: Option<Listing<'_>>,
        cache: Option<(&Cache, SiteKeys)>,
        new: &std::sync::Mutex<Vec<NewEntry>>,
        tape: &Tape,
    ) {
        let site = self.site;
        let listing = listing.unwrap_or_else(|| {
            let paths = crate::site_index::article_paths(site);
            Box::new(paths.into_iter().map(|path| (path, None)))
        });
        let rows = listing.map(|(path, hint)| {
            let job = linted.job_of(site, &path, hint);
            let content = job
                .and_then(|i| linted.processed[i].cached.as_ref())
                .map(|cached| cached.content);
            Row {
                path,
                content,
                made: None,
                job,
            }
        });
        let Some((cache, keys)) = cache else {
            self.articles = rows
                .map(|row| Surveyed::of(row, linted.processed))
                .collect();
            return;
        };
        // Each article's part of what the index is made of (its path, as bytes: `Path`'s hash
        // walks its components, three times slower; and its content), and the articles whose
        // content this run did not find (they are read, or found in the cache, in parallel
        // after): a run holds 8 bytes an article here, and the path of those only.
        let part = |row: &Row| crate::cache::hash_of(&(row.path.as_os_str(), row.content));
        let mut parts = Vec::new();
        let mut unknown = Vec::new();
        self.articles = rows
            .enumerate()
            .map(|(i, row)| {
                if row.content.is_none() {
                    parts.push(0);
                    unknown.push((i, row.path, row.job));
                    // Its place, taken once it is surveyed.
                    return Surveyed::Made(None);
                }
                parts.push(part(&row));
                Surveyed::of(row, linted.processed)
            })
            .collect();
        let surveyed: Vec<(usize, u64, Surveyed)> = unknown
            .into_par_iter()
            .map(|(i, path, job)| {
                let (content, entry) = surveyed_entry(site, &path, cache, keys.settings, new);
                let made = entry.map(|entry| made(tape, entry));
                let row = Row {
                    path,
                    content,
                    made,
                    job,
                };
                (i, part(&row), Surveyed::of(row, linted.processed))
            })
            .collect();
        for (i, part, article) in surveyed {
            parts[i] = part;
            self.articles[i] = article;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&keys.settings, &mut hasher);
        std::hash::Hash::hash(&parts, &mut hasher);
        self.made_of = Some(std::hash::Hasher::finish(&hasher));
    }

    /// The site's index (built once: the first index built wins), from the entries the linting
    /// pass made (on `tapes`: the entries, and this site's keys, for `jobs` jobs), those
    /// [`CrossSite::survey`] made, those in the cache and, for the rest, the files, read in
    /// parallel; entries made here are put on the tape of entries.
    fn index(
        &mut self,
        cache: Option<&Cache>,
        keys: SiteKeys,
        tapes: (&Arc<Tape>, Option<&Tape>),
        jobs: usize,
    ) -> &'s SiteIndex {
        let site = self.site;
        let (tape, linted) = tapes;
        let mut articles = std::mem::take(&mut self.articles);
        site.articles_or(|| {
            articles.par_iter_mut().for_each(|article| {
                if let Surveyed::ToMake(to_make) = article {
                    let (path, content) = &**to_make;
                    let cached = || cache?.entry_of(path, (*content)?, keys.settings);
                    let entry =
                        cached().unwrap_or_else(|| crate::site_index::read_entry(site, path));
                    *article = Surveyed::Made(made(tape, entry));
                }
            });
            // Each entry's number in the index: the linting pass's by their job's number (a
            // job of another site, or another job of one path, has none). The survey's list is
            // not held while the index is made.
            let mut numbered = vec![u32::MAX; jobs];
            let mut made = Vec::new();
            let mut len = 0;
            for article in articles {
                match article {
                    Surveyed::Linted(job) => {
                        if let Some(number) = numbered.get_mut(job) {
                            *number = u32::try_from(len).unwrap_or(u32::MAX);
                        }
                    }
                    Surveyed::Made(Some(stored)) => made.push((len, stored)),
                    Surveyed::Made(None) | Surveyed::ToMake(_) => continue,
                }
                len += 1;
            }
            SiteIndex::of(Arc::clone(tape), len, |each| {
                made.iter()
                    .for_each(|(number, stored)| each(*number, stored));
                let Some(linted) = linted else {
                    return true;
                };
                let from_linted =
                    linted.for_each(|(job, stored): (usize, Stored)| match numbered.get(job) {
                        Some(&number) if number != u32::MAX => each(number as usize, &stored),
                        _ => {}
                    });
                from_linted.is_ok()
            })
        })
    }
}

/// `entry` (`None`: not an article), put on `tape`.
fn made(tape: &Tape, entry: Option<Entry>) -> Made {
    entry.and_then(|entry| Stored::put(tape, &entry).map(Box::new))
}

/// The content hash of an article the linting pass did not lint (`path` is canonical), and its
/// entry when it had to be made from the file: from the cache when its entry's record holds
/// (keeping in `new` what changed), else from the file.
fn surveyed_entry(
    site: &Site,
    path: &Path,
    cache: &Cache,
    settings: u64,
    new: &std::sync::Mutex<Vec<NewEntry>>,
) -> (Option<u64>, Option<Option<Entry>>) {
    let keep = |record: Option<NewEntry>| {
        if let (Some(record), Ok(mut new)) = (record, new.lock()) {
            new.push(record);
        }
    };
    let Some(stamp) = Stamp::of(path) else {
        return (None, None);
    };
    let mut bytes = None;
    let hit = cache.entry(path, stamp, settings, || {
        bytes = std::fs::read(path).ok();
        bytes.as_deref().map(crate::cache::hash_bytes)
    });
    if let Some((content, refreshed)) = hit {
        if let Some(file) = refreshed {
            // Kept with its entry: decoded and written again, rarely (a racy record).
            let entry = cache.entry_of(path, content, settings);
            if let Some(entry) = &entry {
                keep(cache.new_entry(path, file, settings, entry.as_ref()));
            }
            return (Some(content), entry);
        }
        return (Some(content), None);
    }
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(_) => return (None, None),
        },
    };
    let file = Validity::now(stamp, crate::cache::hash_bytes(&bytes));
    let entry = String::from_utf8(bytes)
        .ok()
        .map(|text| Entry::from_text(site, path, &text));
    keep(cache.new_entry(path, file, settings, entry.as_ref()));
    (Some(file.content), Some(entry))
}

/// Problems of whole sites (`check_site` rules), once per site, as reports on the files they
/// are about.
fn site_reports(jobs: &Jobs, rules: &RuleSet) -> Vec<FileReport> {
    let mut seen: Vec<*const Site> = Vec::new();
    let mut out = Vec::new();
    for job in jobs.iter() {
        let site = job.site;
        if seen.contains(&Arc::as_ptr(site)) {
            continue;
        }
        seen.push(Arc::as_ptr(site));
        for active in &job.settings.full.rules {
            let rule = rules.get(active.index);
            for problem in rule.check_site(site) {
                let mut diagnostic = crate::diagnostic::Diagnostic::new(
                    rule.meta().id,
                    active.severity,
                    crate::span::Span::empty(0),
                    problem.message,
                );
                diagnostic.help(problem.help);
                out.push(FileReport::new(
                    problem.path,
                    String::new(),
                    vec![diagnostic],
                ));
            }
        }
    }
    out
}

/// A file's bytes, as `std::fs::read` gives them but without asking the file's size and position
/// first (`File`'s own `read_to_end` does; `Take` reads plainly): two system calls less per
/// article. Articles are small, and reading to the end finds the end.
fn read_article(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(16 * 1024);
    std::fs::File::open(path)?
        .take(u64::MAX)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The `format` of the configuration for the current folder, else text.
fn configured_format(source: &ConfigSource) -> Format {
    let config = match (&source.config, source.no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => find_config(Path::new("./.contentlint-probe.md")),
    };
    config
        .and_then(|path| Config::format_of(&path))
        .unwrap_or(Format::Text)
}

/// A progress bar on stderr for long runs on a terminal; never in CI (not a terminal) or quiet.
fn progress_bar(files: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    const AT_LEAST: usize = 500;
    if quiet || files < AT_LEAST || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

#[derive(Serialize)]
struct RuleCount {
    rule: String,
    count: usize,
    fixable: usize,
}

/// `--statistics`: problems per rule, most frequent first, with how many `--fix` would fix.
fn statistics(reports: impl Iterator<Item = FileReport>, format: Format) -> String {
    let mut counts: std::collections::BTreeMap<String, (usize, usize)> =
        std::collections::BTreeMap::new();
    for report in reports {
        for d in &report.diagnostics {
            let fixable = usize::from(d.has_safe_fix());
            match counts.get_mut(&d.rule) {
                Some(entry) => *entry = (entry.0 + 1, entry.1 + fixable),
                None => drop(counts.insert(d.rule.clone(), (1, fixable))),
            }
        }
    }
    let mut rows: Vec<RuleCount> = counts
        .into_iter()
        .map(|(rule, (count, fixable))| RuleCount {
            rule,
            count,
            fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    if matches!(format, Format::Json | Format::JsonLines) {
        return serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
    }
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:>6}  {:<width$}  {:>7}\n", "count", "rule", "fixable");
    for row in &rows {
        out.push_str(&format!(
            "{:>6}  {:<width$}  {:>7}\n",
            row.count, row.rule, row.fixable
        ));
    }
    out
}

fn unknown_selected(rules: &RuleSet, selection: &Selection) -> Option<String> {
    let named = selection
        .select
        .iter()
        .flatten()
        .chain(&selection.extend_select)
        .chain(&selection.ignore);
    for id in named {
        if rules.find(id).is_none() {
            let hint = crate::yaml::did_you_mean(id, rules.ids())
                .map(|s| format!(": did you mean `{s}`?"))
                .unwrap_or_default();
            return Some(format!("unknown rule `{id}`{hint}"));
        }
    }
    None
}

fn exit_code(errors: &[String], summary: &Summary, args: &CheckArgs) -> u8 {
    let failing = match args.fail_on {
        FailOn::Warning => summary.problems > 0,
        FailOn::Error => summary.errors > 0,
    };
    let warnings = summary.warnings;
    let failing = failing || args.max_warnings.is_some_and(|max| warnings > max);
    if !errors.is_empty() {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
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
    let mut workspace = match Workspace::prepare(&args.config, &[path.as_path()]) {
        Ok(workspace) => workspace,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    let site = match workspace.site_for(&path, Path::new(".")) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    if args.verbose {
        eprintln!(
            "note: standard input linted as `{}`; no cache",
            path.display()
        );
    }
    // Alone, the article is linted with every rule at once (the index is read from disk).
    let full = workspace.settings_for(&path, &settings.selection);
    let job_settings = Arc::new(JobSettings {
        local: full.clone(),
        cross: FileSettings {
            rules: Vec::new(),
            ..full.clone()
        },
        full,
        cross_file: false,
        key: 0,
        full_key: 0,
    });
    let job = Job {
        path: &path,
        site: &site,
        settings: &job_settings,
        // Standard input, linted as if it were `path`: not a file the walk found.
        walked: false,
    };
    let original = bytes.clone();
    // Never write over NAME: the fixed text goes to stdout.
    let stdin_settings = Settings {
        mode: if settings.mode == Mode::Check {
            Mode::Check
        } else {
            Mode::Diff
        },
        required: settings.required,
        selection: settings.selection.clone(),
    };
    let (mut file, _) = process(job, bytes, &workspace.rules, &stdin_settings);
    if let Some(error) = file.error() {
        eprintln!("error: {error}");
    }
    let report = match file
        .report
        .take()
        .map(|held| Spill::new().get(held, job.path))
    {
        Some(Ok(report)) => report,
        Some(Err(err)) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
        // Only a file that could not be read has no report, and its error was shown.
        None => return EXIT_ERROR,
    };
    let reports = [report];
    let summary = Summary::of(&reports);
    let format = args
        .format
        .unwrap_or_else(|| configured_format(&args.config));
    let document = render::stream::Document {
        summary: &summary,
        summary_line: &summary.line(),
        style: render::text::Style::Plain,
        rules: &workspace.rules,
    };
    let output = render::stream::render(format, &reports, document);
    let emitted = match settings.mode {
        Mode::Check => emit(output.as_bytes()),
        Mode::Diff => emit(file.diff().unwrap_or("").as_bytes()),
        Mode::Fix => {
            eprint!("{output}");
            let fixed = if file.fixed > 0 {
                reports[0].source.as_bytes()
            } else {
                &original
            };
            emit(fixed)
        }
    };
    if emitted != EXIT_OK {
        return emitted;
    }
    let errors: Vec<String> = file.error().iter().map(|e| e.to_string()).collect();
    match settings.mode {
        Mode::Diff if errors.is_empty() => u8::from(file.diff().is_some() && !args.exit_zero),
        _ => exit_code(&errors, &summary, args),
    }
}

/// Lints, or fixes, one file's bytes, without cross-file rules; with them, its index entry.
fn process(
    job: Job<'_>,
    bytes: Vec<u8>,
    rules: &RuleSet,
    settings: &Settings,
) -> (Processed, Option<Entry>) {
    let (path, site, walked) = (job.path, job.site.as_ref(), job.walked);
    let job = job.settings.as_ref();
    let file = &job.local;
    let checked = |report: FileReport, error: Option<String>| {
        Processed::linted(report).with_rare(None, error)
    };
    let source = match crate::into_text(bytes) {
        Ok(source) => source,
        // Never written: a file that could not be decoded cannot be fixed without losing bytes.
        Err(err) => {
            let report = lint_bytes(path, err.into_bytes(), site, rules, file);
            return (checked(report, None), None);
        }
    };
    if settings.mode == Mode::Check {
        let article = Article::parse(path, &source).walked(walked);
        let diagnostics = lint(&article, site, rules, file);
        let entry = job.cross_file.then(|| Entry::of_article(site, &article));
        let lines = article.into_line_index();
        let mut report = FileReport::new(path.to_path_buf(), source, diagnostics);
        // Located with the article's line index rather than one made again.
        report.locate_with(&lines);
        return (checked(report, None), entry);
    }
    let untouched = |source: String, error: String| {
        let diagnostics = lint(
            &Article::parse(path, &source).walked(walked),
            site,
            rules,
            file,
        );
        checked(
            FileReport::new(path.to_path_buf(), source, diagnostics),
            Some(error),
        )
    };
    // The index entry of the text as last linted: the fixed text, once the fixes settle.
    let last_entry = std::cell::RefCell::new(None);
    let outcome = match fix::lint_fix(&source, settings.required, |text| {
        let article = Article::parse(path, text).walked(walked);
        if job.cross_file && settings.mode == Mode::Fix {
            *last_entry.borrow_mut() = Some(Entry::of_article(site, &article));
        }
        lint(&article, site, rules, file)
    }) {
        Ok(outcome) => outcome,
        Err(err) => {
            let error = format!("{}: {err}", render::display_path(path));
            return (untouched(source, error), None);
        }
    };
    let changed = outcome.text != source;
    let mut diff = None;
    if changed && settings.mode == Mode::Diff {
        diff = Some(unified_diff(path, &source, &outcome.text));
    } else if changed && settings.mode == Mode::Fix {
        if let Err(e) = write::write_atomic(path, outcome.text.as_bytes()) {
            let error = format!(
                "{}: cannot write the fixed file: {e}",
                render::display_path(path)
            );
            return (untouched(source, error), None);
        }
    }
    let fixed = if changed { outcome.fixed_count() } else { 0 };
    let report = FileReport::new(path.to_path_buf(), outcome.text, outcome.remaining);
    let processed = Processed {
        fixed: u32::try_from(fixed).unwrap_or(u32::MAX),
        ..Processed::linted(report).with_rare(diff, None)
    };
    (processed, last_entry.into_inner())
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
fn emit(bytes: &[u8]) -> u8 {
    emit_with(|out| out.write_all(bytes))
}

/// Writes to stdout through a buffer; a closed pipe (`| head`) is not an error.
fn emit_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> u8 {
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}

/// The rules a command sees: standard ones plus those of the configuration for the current folder.
fn workspace_here(source: &ConfigSource) -> Result<Workspace, u8> {
    let here = Path::new("./.contentlint-probe.md");
    Workspace::prepare(source, &[here]).map_err(|err| {
        eprintln!("error: {err}");
        EXIT_ERROR
    })
}

#[derive(Serialize)]
struct RuleListing<'a> {
    name: &'a str,
    source: String,
    level: &'static str,
    default: &'static str,
    fixable: &'static str,
    summary: &'a str,
}

fn list_rules(args: &RulesArgs) -> u8 {
    let workspace = match workspace_here(&args.config) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let listing: Vec<RuleListing<'_>> = workspace
        .rules
        .iter()
        .map(|(rule, origin)| {
            let meta = rule.meta();
            RuleListing {
                name: meta.id,
                source: origin.to_string(),
                level: meta.severity.as_str(),
                default: if meta.default_on { "on" } else { "off" },
                fixable: match meta.fix {
                    crate::rules::FixAvailability::Always => "always",
                    crate::rules::FixAvailability::Sometimes => "sometimes",
                    crate::rules::FixAvailability::None => "never",
                },
                summary: meta.summary,
            }
        })
        .collect();
    let out = match args.format {
        Format::Json | Format::JsonLines => {
            serde_json::to_string_pretty(&listing).unwrap_or_default() + "\n"
        }
        _ => listing
            .iter()
            .map(|r| {
                format!(
                    "{:<28} {:<8} {:<4} fix: {:<10} {:<36} {}\n",
                    r.name, r.level, r.default, r.fixable, r.source, r.summary
                )
            })
            .collect(),
    };
    emit(out.as_bytes())
}

fn explain(args: &ExplainArgs) -> u8 {
    let workspace = match workspace_here(&args.config) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let Some((rule, origin)) = workspace.rules.find(&args.id) else {
        let hint = crate::yaml::did_you_mean(&args.id, workspace.rules.ids())
            .map(|s| format!(": did you mean `{s}`?"))
            .unwrap_or_default();
        eprintln!("error: unknown rule `{}`{hint}", args.id);
        return EXIT_ERROR;
    };
    let meta = rule.meta();
    let default = if meta.default_on {
        "on by default"
    } else {
        "off by default (opt-in)"
    };
    emit(
        format!(
            "# {}\n\n{}\n\nLevel: {}, {default}. Source: {origin}.\n\n{}\n",
            meta.id,
            meta.summary,
            meta.severity.as_str(),
            docs(&meta).trim_end()
        )
        .as_bytes(),
    )
}

fn init(force: bool) -> u8 {
    let path = Path::new(CONFIG_FILE);
    if path.exists() && !force {
        eprintln!("error: {CONFIG_FILE} already exists (use --force to overwrite)");
        return EXIT_ERROR;
    }
    let site = match Site::discover(Path::new("./.contentlint-probe.md"), Path::new(".")) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    let generator = match site.generator {
        Generator::Hugo => "hugo",
        Generator::Jekyll => "jekyll",
        Generator::Unknown => "none",
    };
    let static_dirs: Vec<String> = site
        .static_dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let text = format!(
        "# contentlint configuration (https://github.com/contentlint). Every key is optional.\n\
         \n\
         # Rule levels: off | warning | error, or a mapping with `level` and the rule's options.\n\
         rules:\n  \
         # glued-words: off\n  \
         # missing-asset: {{ level: error, keys: [image, thumbnailImage] }}\n  \
         # unused-suppression: warning        # opt-in rules are turned on by giving a level\n\
         \n\
         # Later entries win; globs are relative to this file's folder.\n\
         overrides: []\n  \
         # - files: [\"content/drafts/**\"]\n  \
         #   rules: {{ missing-asset: off }}\n\
         \n\
         exclude: []\n\
         \n\
         # What contentlint detected about this site.\n\
         site:\n  \
         generator: {generator}\n  \
         static_dirs: [{}]\n  \
         # timezone: Europe/Paris             # IANA name used to compare dates\n  \
         # lang: fr                           # default language of articles\n\
         \n\
         # Folders of your own YAML rules (Vale-style: existence | substitution | repetition).\n\
         rule_dirs: []\n",
        static_dirs.join(", ")
    );
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("error: cannot write {CONFIG_FILE}: {e}");
        return EXIT_ERROR;
    }
    eprintln!("Wrote {CONFIG_FILE} for a {generator} site");
    EXIT_OK
}

#[derive(Serialize)]
struct EffectiveConfig {
    path: String,
    config: Option<String>,
    site_root: String,
    generator: &'static str,
    static_dirs: Vec<String>,
    timezone: Option<String>,
    lang: Option<String>,
    excluded: bool,
    rules: Vec<EffectiveRule>,
}

#[derive(Serialize)]
struct EffectiveRule {
    name: String,
    level: &'static str,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    options: serde_json::Map<String, serde_json::Value>,
}

fn show_config(args: &ConfigArgs) -> u8 {
    let probe = if args.path.is_dir() {
        args.path.join(".contentlint-probe.md")
    } else {
        args.path.clone()
    };
    let mut workspace = match Workspace::prepare(&args.config, &[probe.as_path()]) {
        Ok(w) => w,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    let linted_dir = if args.path.is_dir() {
        args.path.clone()
    } else {
        PathBuf::from(".")
    };
    let site = match workspace.site_for(&probe, &linted_dir) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_ERROR;
        }
    };
    let settings = workspace.settings_for(&probe, &Selection::default());
    let config = workspace.config_for(&probe);
    let effective = EffectiveConfig {
        path: render::display_path(&args.path),
        config: config.as_ref().map(|c| render::display_path(&c.path)),
        site_root: site.root.display().to_string(),
        generator: match site.generator {
            Generator::Hugo => "hugo",
            Generator::Jekyll => "jekyll",
            Generator::Unknown => "none",
        },
        static_dirs: site
            .static_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect(),
        timezone: settings.timezone.map(|tz| tz.name().to_string()),
        lang: settings.lang.clone(),
        excluded: workspace.is_excluded(&probe),
        rules: workspace
            .rules
            .iter()
            .enumerate()
            .map(|(index, (rule, _))| {
                let active = settings.rules.iter().find(|a| a.index == index);
                EffectiveRule {
                    name: rule.meta().id.to_string(),
                    level: active.map_or("off", |a| a.severity.as_str()),
                    options: active.map(|a| a.options.clone()).unwrap_or_default(),
                }
            })
            .collect(),
    };
    emit((serde_json::to_string_pretty(&effective).unwrap_or_default() + "\n").as_bytes())
}

/// `--fix` waits on the disk (each rewritten file is synced before it replaces the original):
/// twice as many threads as cores keep the cores busy meanwhile. `RAYON_NUM_THREADS` wins.
fn oversubscribe_for_writes() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    // Fails only when the pool already exists, which then serves as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(2 * cores)
        .build_global();
}
