//! Crash-safe `--fix`: a run killed with SIGKILL at any moment leaves every file byte-identical
//! to its original or to its fully fixed version, never half-written; the next `--fix` finishes
//! the work, and the temporary files of the killed run are removed, never linted.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLES: usize = 1_500;
const TRIALS: usize = 4;
const BINARY: &str = env!("CARGO_BIN_EXE_contentlint");

/// xorshift64*: a small deterministic generator, so every run of the test sees the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "the",
    "summit",
    "was",
    "held",
    "in",
    "Minsk",
    "naïve",
    "œuvre",
    "article",
    "content",
    "**bold**",
    "_italic_",
    "`code`",
    "[link](https://example.org/a)",
    "écrit",
    "l'été",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 4 + rng.below(10);
    let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    format!("{}.", words.join(" "))
}

/// One small article with some of the defects a rich-text paste leaves: trailing whitespace,
/// clipboard markers, lone `\` lines, CRLF line endings and a byte order mark.
fn article(rng: &mut Rng, index: usize) -> Vec<u8> {
    let mut lines = vec![
        "---".to_string(),
        format!("title: Article {index}"),
        format!("date: 2023-{:02}-{:02}", 1 + index % 12, 1 + index % 28),
        "---".to_string(),
    ];
    for _ in 0..1 + rng.below(5) {
        match rng.below(6) {
            0 => lines.push("<!--StartFragment-->".into()),
            1 => lines.push("\\".into()),
            _ => {}
        }
        let mut paragraph = sentence(rng);
        if rng.chance(30) {
            paragraph.push_str(["  ", " ", "\t"][rng.below(3)]);
        }
        lines.push(paragraph);
        if rng.chance(20) {
            lines.push("<!--EndFragment-->".into());
        }
        lines.push(String::new());
    }
    let newline = if rng.chance(15) { "\r\n" } else { "\n" };
    let mut text = lines.join(newline);
    text.push_str(newline);
    if rng.chance(10) {
        text.insert(0, '\u{feff}');
    }
    text.into_bytes()
}

type Files = BTreeMap<PathBuf, Vec<u8>>;

/// The generated articles, by path relative to the site root.
fn corpus() -> Files {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..ARTICLES)
        .map(|i| {
            let path = PathBuf::from(format!("content/posts/{:02}/{i:04}.md", i / 100));
            (path, article(&mut rng, i))
        })
        .collect()
}

/// A temporary folder in memory where there is one: SIGKILL safety does not depend on the disk,
/// and each write's fsync would otherwise dominate the test's time.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    tempfile::tempdir_in(shm)
        .or_else(|_| tempfile::tempdir())
        .unwrap()
}

fn site_with(files: &Files) -> tempfile::TempDir {
    let dir = scratch_dir();
    fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("static")).unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Every file under `content/`, temporary files included, by path relative to the site root.
fn read_tree(root: &Path) -> Files {
    fn walk(root: &Path, dir: &Path, out: &mut Files) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = Files::new();
    walk(root, &root.join("content"), &mut out);
    out
}

fn is_temporary(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(".contentlint-"))
}

fn fix_command(dir: &Path) -> Command {
    let mut cmd = Command::new(BINARY);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--fix", "--quiet", "--format", "json", "."]);
    cmd
}

/// Runs `--fix` to the end; returns the paths it reported diagnostics for.
fn fix_to_completion(dir: &Path) -> Vec<String> {
    let output = fix_command(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "--fix failed: {stderr}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// The id of a process that has exited and been reaped.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[derive(Debug)]
enum Outcome {
    /// Killed before any file was written.
    TooEarly,
    /// Killed with some files written and some not: what the test is for.
    Partial,
    /// Every file was written before the kill.
    TooLate,
}

/// One trial: kill `--fix` after `delay`, check every file, then finish the work.
fn trial(originals: &Files, fixed: &Files, delay: Duration) -> Outcome {
    let site = site_with(originals);
    let mut child = fix_command(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL: no destructor, no cleanup, as a crash or an OOM kill
    child.wait().unwrap();

    let after_kill = read_tree(site.path());
    let mut written = 0;
    let mut still_original = None;
    for (path, bytes) in &after_kill {
        if is_temporary(path) {
            continue;
        }
        let original = originals
            .get(path)
            .unwrap_or_else(|| panic!("new file {path:?}"));
        if bytes == &fixed[path] {
            written += usize::from(original != bytes);
        } else {
            assert_eq!(
                bytes, original,
                "{path:?} is neither the original nor the fixed version after SIGKILL at {delay:?}"
            );
            still_original = Some(path.clone());
        }
    }
    let articles = after_kill.keys().filter(|p| !is_temporary(p)).count();
    assert_eq!(articles, originals.len(), "a file vanished");

    // A leftover of a killed run, beside a file the next run must write: removed, not linted.
    if let Some(path) = &still_original {
        let leftover = site
            .path()
            .join(path.parent().unwrap())
            .join(format!(".contentlint-{}-zz9Zz9.tmp", dead_pid()));
        fs::write(leftover, &originals[path]).unwrap();
    }
    let reported = fix_to_completion(site.path());
    assert!(
        reported.iter().all(|p| p.ends_with(".md")),
        "a temporary file was linted: {reported:?}"
    );
    let done = read_tree(site.path());
    let leftovers: Vec<&PathBuf> = done.keys().filter(|p| is_temporary(p)).collect();
    assert!(
        leftovers.is_empty(),
        "temporary files remain: {leftovers:?}"
    );
    assert_eq!(done.len(), fixed.len());
    for (path, bytes) in &done {
        assert_eq!(bytes, &fixed[path], "{path:?} after the second --fix");
    }

    let unchanged = originals.iter().filter(|(p, b)| fixed[*p] == **b).count();
    match written {
        0 => Outcome::TooEarly,
        n if n + unchanged == originals.len() => Outcome::TooLate,
        _ => Outcome::Partial,
    }
}

#[test]
fn a_killed_fix_leaves_each_file_original_or_fixed_and_the_next_run_completes() {
    let originals = corpus();
    let reference = site_with(&originals);
    let started = Instant::now();
    fix_to_completion(reference.path());
    let full_run = started.elapsed();
    let fixed = read_tree(reference.path());
    assert_eq!(fixed.len(), originals.len());
    let changed = originals.iter().filter(|(p, b)| fixed[*p] != **b).count();
    assert!(
        changed * 10 > originals.len() * 8,
        "only {changed} of {} generated articles need fixing",
        originals.len()
    );

    // Delays spread over the run (deterministic), then narrowed towards the moments that land
    // mid-write if no trial did.
    let mut rng = Rng(42);
    let mut early = Duration::ZERO;
    let mut late = full_run;
    let mut partial = 0;
    let mut outcomes = Vec::new();
    for i in 0..TRIALS + 4 {
        if i >= TRIALS && partial > 0 {
            break;
        }
        let delay = if i < TRIALS {
            full_run
                .mul_f64(0.25 + 0.7 * (i as f64 + rng.below(100) as f64 / 100.0) / TRIALS as f64)
        } else {
            (early + late) / 2
        };
        let outcome = trial(&originals, &fixed, delay);
        match outcome {
            Outcome::TooEarly => early = early.max(delay),
            Outcome::TooLate => late = late.min(delay),
            Outcome::Partial => partial += 1,
        }
        outcomes.push((delay, outcome));
    }
    eprintln!("full run {full_run:?}; trials (delay, outcome): {outcomes:?}");
    assert!(
        partial > 0,
        "no kill landed while files were being written (full run {full_run:?}): {outcomes:?}"
    );
}
