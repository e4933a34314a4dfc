//! The result cache: a cached run says exactly what an uncached one says, and anything that can
//! change the answer (a file's text, its settings, the site's files, a corrupt cache) is noticed.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// `check --format json` over `site`, with the cache in `cache` (or none), from `site`'s folder.
fn run(site: &Path, cache: Option<&Path>, extra: &[&str]) -> (String, i32) {
    let mut command = Command::cargo_bin("contentlint").unwrap();
    command
        .current_dir(site)
        .args(["check", "--no-config", "--format", "json", "."]);
    match cache {
        Some(dir) => command.arg("--cache-dir").arg(dir),
        None => command.arg("--no-cache"),
    };
    let out = command.args(extra).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// The cache's file in the folder `dir`.
fn cache_file(dir: &Path) -> std::path::PathBuf {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .unwrap()
}

fn sample_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites/hugo-sample"),
        dir.path(),
    );
    dir
}

/// Every Markdown file under `dir`, with its text.
fn articles(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(articles(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn cached_runs_say_what_uncached_runs_say() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let uncached = run(site.path(), None, &[]);
    assert!(
        uncached.0.contains("\"rule\""),
        "the sample site has problems"
    );
    assert!(
        fs::read_dir(cache.path()).unwrap().next().is_none(),
        "--no-cache writes nothing"
    );
    let first = run(site.path(), Some(cache.path()), &[]);
    assert_eq!(first, uncached);
    let written: Vec<_> = fs::read_dir(cache.path()).unwrap().flatten().collect();
    assert!(!written.is_empty(), "the first run fills the cache");
    assert_eq!(run(site.path(), Some(cache.path()), &[]), uncached);
    // The text format reads the source lines of cached problems.
    let text = |cache: Option<&Path>| {
        let mut command = Command::cargo_bin("contentlint").unwrap();
        command
            .current_dir(site.path())
            .args(["check", "--no-config", "."]);
        match cache {
            Some(dir) => command.arg("--cache-dir").arg(dir),
            None => command.arg("--no-cache"),
        };
        command.output().unwrap().stdout
    };
    assert_eq!(text(Some(cache.path())), text(None));
}

#[test]
fn edits_settings_and_site_files_are_noticed() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let c = Some(cache.path());
    run(site.path(), c, &[]);

    // An edited article (same size, so only its time and content tell).
    let article = articles(site.path())
        .into_iter()
        .find(|p| fs::read_to_string(p).unwrap().contains("title"))
        .unwrap();
    let text = fs::read_to_string(&article).unwrap();
    let edited = text.replacen("title", "TITLE", 1);
    assert_eq!(edited.len(), text.len());
    fs::write(&article, &edited).unwrap();
    assert_eq!(
        run(site.path(), c, &[]),
        run(site.path(), None, &[]),
        "an edited file is linted again"
    );
    // Added trailing whitespace: a new problem at once.
    fs::write(&article, format!("{edited}trailing   \n")).unwrap();
    let (json, _) = run(site.path(), c, &[]);
    assert!(json.contains("trailing-whitespace"));
    assert_eq!(run(site.path(), c, &[]), run(site.path(), None, &[]));

    // Other settings: another answer, never the cached one.
    let ignored = run(site.path(), c, &["--ignore", "trailing-whitespace"]);
    assert!(!ignored.0.contains("trailing-whitespace"));
    assert_eq!(
        ignored,
        run(site.path(), None, &["--ignore", "trailing-whitespace"])
    );

    // A missing image that appears: missing-asset must see it.
    let (before, _) = run(site.path(), c, &[]);
    let missing: Vec<String> = serde_json::from_str::<serde_json::Value>(&before).unwrap()
        ["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-asset")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(!missing.is_empty(), "the sample site has a missing image");
    assert!(missing.iter().any(|m| m.contains("/images/Bike-Lane.png")));
    fs::create_dir_all(site.path().join("static/images")).unwrap();
    fs::write(site.path().join("static/images/Bike-Lane.png"), b"").unwrap();
    let (after, _) = run(site.path(), c, &[]);
    assert!(
        !after.contains("Bike-Lane.png` not found"),
        "the cached missing-asset result was used after the image appeared"
    );
    assert_eq!(run(site.path(), c, &[]), run(site.path(), None, &[]));
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let c = Some(cache.path());
    let expected = run(site.path(), None, &[]);
    run(site.path(), c, &[]);
    let file = cache_file(cache.path());
    let good = fs::read(&file).unwrap();
    let truncated = good[..good.len() / 2].to_vec();
    // A huge length prefix: must not make the reader allocate it.
    let mut huge = good.clone();
    huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
    for garbage in [truncated, b"\0\xff".to_vec(), Vec::new(), huge] {
        fs::write(&file, garbage).unwrap();
        assert_eq!(run(site.path(), c, &[]), expected);
        // Rewritten whole (entries may come in another order).
        assert!(
            fs::read(&file).unwrap().len() == good.len(),
            "the cache was not rewritten"
        );
    }
}

/// A Hugo site of `(file name, title, date)` posts, each with a little prose.
fn posts_site(posts: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = \"https://x.org/\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    for (name, title, date) in posts {
        write_post(dir.path(), name, title, date);
    }
    dir
}

/// Three posts, two of them with one title.
fn bike_lanes_site() -> tempfile::TempDir {
    posts_site(&[
        ("a.md", "Bike lanes", "2024-03-01"),
        ("b.md", "Bike lanes", "2024-03-02"),
        ("c.md", "City budget", "2024-03-03"),
    ])
}

fn write_post(site: &Path, name: &str, title: &str, date: &str) {
    let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n\nSome prose about {title}.\n");
    fs::write(site.join("content/posts").join(name), text).unwrap();
}

/// The JSON report of `check` run in `site` over `paths`, with the cache in `cache` (or none).
fn check(site: &Path, cache: Option<&Path>, paths: &[&str]) -> String {
    let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
    check_in(site, cache, "json", &paths)
}

/// The report of `check` in `format`, run in the folder `from` over `paths`, with the cache in
/// `cache` (or none).
fn check_in(from: &Path, cache: Option<&Path>, format: &str, paths: &[&Path]) -> String {
    let mut command = Command::cargo_bin("contentlint").unwrap();
    command
        .current_dir(from)
        .args(["check", "--no-config", "--format", format])
        .args(paths);
    match cache {
        Some(dir) => command.arg("--cache-dir").arg(dir),
        None => command.arg("--no-cache"),
    };
    let out = command.output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The messages of `rule` in a JSON report, by path.
fn messages(json: &str, rule: &str) -> Vec<(String, String)> {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            let path = d["path"].as_str().unwrap().to_string();
            (path, d["message"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Runs with the cache twice (the second run uses what the first recorded) and checks both
/// say what an uncached run says; returns that.
fn same_with_and_without_cache(site: &Path, cache: &Path, paths: &[&str]) -> String {
    let uncached = check(site, None, paths);
    assert_eq!(
        check(site, Some(cache), paths),
        uncached,
        "first cached run"
    );
    assert_eq!(
        check(site, Some(cache), paths),
        uncached,
        "second cached run"
    );
    uncached
}

/// Moves a file's time back, as if it had been written long ago (so the cache trusts its size
/// and time instead of checking its content).
fn age(path: &Path, seconds: u64) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds);
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(past).unwrap();
}

/// Rewrites a file with text of the same size, keeping its time: a change no cache can see
/// (as git's index, it trusts size and time), so a run that still reports the old text shows
/// it used the cache.
fn rewrite_unseen(path: &Path, text: &str) {
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    assert_eq!(fs::metadata(path).unwrap().len(), text.len() as u64);
    fs::write(path, text).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

#[test]
fn cross_file_results_follow_the_other_articles() {
    let site = bike_lanes_site();
    let cache = tempfile::tempdir().unwrap();
    let (s, c) = (site.path(), cache.path());
    let json = same_with_and_without_cache(s, c, &["."]);
    let titles = messages(&json, "title-collision");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].1.contains("content/posts/b.md"));

    // Another article takes the title: `a.md`, unchanged, now names it too.
    write_post(s, "c.md", "Bike lanes", "2024-03-03");
    let json = same_with_and_without_cache(s, c, &["."]);
    let titles = messages(&json, "title-collision");
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles[0].1.contains("content/posts/c.md"), "{titles:?}");

    // One leaves (same size, time moved back: only its content tells).
    write_post(s, "b.md", "Bike lanez", "2024-03-02");
    age(&s.join("content/posts/b.md"), 3600);
    let json = same_with_and_without_cache(s, c, &["."]);
    let titles = messages(&json, "title-collision");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles.iter().all(|(_, m)| !m.contains("b.md")),
        "{titles:?}"
    );

    // An article added, then removed.
    write_post(s, "d.md", "Bike lanes", "2024-03-04");
    let json = same_with_and_without_cache(s, c, &["."]);
    assert_eq!(messages(&json, "title-collision").len(), 3);
    fs::remove_file(s.join("content/posts/d.md")).unwrap();
    let json = same_with_and_without_cache(s, c, &["."]);
    assert_eq!(messages(&json, "title-collision").len(), 2);

    // Messages name articles from the current folder: another folder, other messages.
    let from_content = same_with_and_without_cache(&s.join("content"), c, &["."]);
    let titles = messages(&from_content, "title-collision");
    assert!(titles[0].1.contains("`posts/c.md`"), "{titles:?}");

    // The cross-file results and the index come from the cache: a change it cannot see
    // (`c.md` rewritten with another title, same size and time) leaves them as they were.
    for name in ["a.md", "b.md", "c.md"] {
        age(&s.join("content/posts").join(name), 3600);
    }
    let before = same_with_and_without_cache(s, c, &["."]);
    let c_md = s.join("content/posts/c.md");
    let text = fs::read_to_string(&c_md).unwrap();
    rewrite_unseen(&c_md, &text.replace("Bike lanes", "Bike lanez"));
    assert_eq!(check(s, Some(c), &["."]), before);
    assert_ne!(check(s, None, &["."]), before);
}

#[test]
fn one_file_sees_edits_of_the_articles_it_did_not_lint() {
    let site = bike_lanes_site();
    for name in ["a.md", "b.md", "c.md"] {
        age(&site.path().join("content/posts").join(name), 3600);
    }
    let cache = tempfile::tempdir().unwrap();
    let (s, c) = (site.path(), cache.path());
    let one = ["content/posts/a.md"];
    // A whole run first, then the pre-commit case: one file, the others from the cache.
    same_with_and_without_cache(s, c, &["."]);
    let json = same_with_and_without_cache(s, c, &one);
    assert_eq!(messages(&json, "title-collision").len(), 1);

    // An article that is only indexed changes its title (same size, another time).
    write_post(s, "b.md", "Bike lanez", "2024-03-02");
    age(&s.join("content/posts/b.md"), 60);
    let json = same_with_and_without_cache(s, c, &one);
    assert!(messages(&json, "title-collision").is_empty(), "{json}");

    // Another takes the title.
    write_post(s, "c.md", "Bike lanes", "2024-03-03");
    let json = same_with_and_without_cache(s, c, &one);
    let titles = messages(&json, "title-collision");
    assert_eq!(titles.len(), 1);
    assert!(titles[0].1.contains("content/posts/c.md"), "{titles:?}");

    // One that is not text any more leaves the index.
    fs::write(
        s.join("content/posts/c.md"),
        b"---\ntitle: \"Bike lanes\"\n---\n\xff\n",
    )
    .unwrap();
    let json = same_with_and_without_cache(s, c, &one);
    assert!(messages(&json, "title-collision").is_empty(), "{json}");
    // And the whole run agrees.
    same_with_and_without_cache(s, c, &["."]);

    // The entries of the articles not linted come from the cache: a change it cannot see
    // (`b.md` rewritten with the title again, same size and time) is not read.
    write_post(s, "c.md", "City budget", "2024-03-03");
    for name in ["a.md", "b.md", "c.md"] {
        age(&s.join("content/posts").join(name), 3600);
    }
    let before = same_with_and_without_cache(s, c, &one);
    assert!(messages(&before, "title-collision").is_empty(), "{before}");
    let b_md = s.join("content/posts/b.md");
    let text = fs::read_to_string(&b_md).unwrap();
    rewrite_unseen(&b_md, &text.replace("Bike lanez", "Bike lanes"));
    assert_eq!(check(s, Some(c), &one), before);
    assert_ne!(check(s, None, &one), before);
}

#[test]
fn the_cache_does_not_list_itself_among_the_site_files() {
    // In the site root (the default cache folder), the second run must use the first's
    // results: it can only if the cache's own files do not change the site's list of files.
    let site = posts_site(&[]);
    let article = site.path().join("content/posts/a.md");
    let text = "---\ntitle: \"Bike lanes\"\n---\n\nSome prose.   \n";
    fs::write(&article, text).unwrap();
    age(&article, 3600);
    let modified = fs::metadata(&article).unwrap().modified().unwrap();
    let run = || {
        let out = Command::cargo_bin("contentlint")
            .unwrap()
            .current_dir(site.path())
            .args(["check", "--no-config", "--format", "json", "."])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("trailing-whitespace"));
    assert!(site.path().join(".contentlint_cache").is_dir());
    // A change the cache cannot see (same size, same time): only a hit still reports the
    // trailing spaces.
    fs::write(&article, text.replace("prose.   ", "prose.xyz")).unwrap();
    fs::File::options()
        .write(true)
        .open(&article)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(run(), first);
}

#[test]
fn text_reruns_take_the_rendering_from_the_cache_in_the_same_folder_only() {
    let site = sample_site();
    let here = site.path();
    for post in articles(here) {
        age(&post, 3600);
    }
    let cache = tempfile::tempdir().unwrap();
    // The site by its absolute path, from one folder or another.
    let text = |from: &Path, cache: Option<&Path>| check_in(from, cache, "text", &[here]);
    let first = text(here, Some(cache.path()));
    assert!(first.contains("Two kilometres"), "{first}");
    assert_eq!(first, text(here, None));
    // A change no cache can see, to a line shown around a problem (the findings stay the same).
    let post = here.join("content/posts/bike-lanes.md");
    let edited = fs::read_to_string(&post)
        .unwrap()
        .replace("Two kilometres", "Two kilometers");
    rewrite_unseen(&post, &edited);
    // From the same folder, the rendering kept with the findings: the file is not read.
    assert_eq!(text(here, Some(cache.path())), first);
    // Another folder shows other paths: the file is read and rendered again.
    let content = here.join("content");
    let from_content = text(&content, Some(cache.path()));
    assert!(from_content.contains("Two kilometers"), "{from_content}");
    assert_eq!(from_content, text(&content, None));
    // A cache filled by a JSON run keeps no rendering: the text format reads the file, and
    // the records whose findings hit take the rendering made from it.
    let json_cache = tempfile::tempdir().unwrap();
    check_in(here, Some(json_cache.path()), "json", &[here]);
    let after_json = text(here, Some(json_cache.path()));
    assert!(after_json.contains("Two kilometers"), "{after_json}");
    assert_eq!(after_json, text(here, None));
    // The next text run takes that rendering: another unseen change does not show.
    let edited = fs::read_to_string(&post)
        .unwrap()
        .replace("Two kilometers", "Two kilometerz");
    rewrite_unseen(&post, &edited);
    assert_eq!(text(here, Some(json_cache.path())), after_json);
    assert!(text(here, None).contains("Two kilometerz"));
    // A rendering made in one folder stays when a run from another folder renders the file
    // again (runs in turn would otherwise rewrite the cache each time).
    let recorded = edited.replace("Two kilometerz", "Two kilometers");
    rewrite_unseen(&post, &recorded);
    let elsewhere = text(&content, Some(json_cache.path()));
    assert!(elsewhere.contains("Two kilometers"), "{elsewhere}");
    rewrite_unseen(&post, &edited);
    assert_eq!(text(here, Some(json_cache.path())), after_json);
}

/// What `check --verbose` says on stderr, run in `site` over `paths` with the cache in `cache`.
fn notes(site: &Path, cache: &Path, paths: &[&str]) -> Vec<String> {
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(site)
        .args(["check", "--no-config", "--format", "json", "--verbose"])
        .arg("--cache-dir")
        .arg(cache)
        .args(paths)
        .output()
        .unwrap();
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn a_rerun_takes_the_site_index_key_from_the_cache_and_builds_no_index() {
    let site = bike_lanes_site();
    let cache = tempfile::tempdir().unwrap();
    let (s, c) = (site.path(), cache.path());
    for name in ["a.md", "b.md", "c.md"] {
        age(&s.join("content/posts").join(name), 3600);
    }
    let built = [
        "note: 3 files linted, 0 from the cache",
        "note: site `.`: index of 3 articles built",
    ];
    assert_eq!(notes(s, c, &["."]), built);
    // Nothing changed: every result, cross-file ones included, comes from the cache under the
    // index's key, which the cache knows for these articles: no index is built.
    let cached = [
        "note: 0 files linted, 3 from the cache",
        "note: site `.`: every cross-file result from the cache, no index built",
    ];
    assert_eq!(notes(s, c, &["."]), cached);
    // So does a pre-commit run over one file: the others are known from their entries.
    assert_eq!(
        notes(s, c, &["content/posts/a.md"]),
        [
            "note: 0 files linted, 1 from the cache",
            "note: site `.`: every cross-file result from the cache, no index built",
        ]
    );
    // An article edited (another title): it is linted again and the index is built again, as
    // its key is not in the cache; the results are the uncached ones.
    write_post(s, "c.md", "Bike lanes", "2024-03-03");
    assert_eq!(
        notes(s, c, &["."]),
        [
            "note: 1 file linted, 2 from the cache",
            "note: site `.`: index of 3 articles built",
        ]
    );
    assert_eq!(notes(s, c, &["."]), cached);
    assert_eq!(check(s, Some(c), &["."]), check(s, None, &["."]));
    assert_eq!(
        messages(&check(s, Some(c), &["."]), "title-collision").len(),
        3
    );
    // Without the cache, the note says so and the index is built.
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(s)
        .args(["check", "--no-config", "--no-cache", "-v", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("note: 3 files linted; --no-cache\n"),
        "{stderr}"
    );
    assert!(stderr.contains("index of 3 articles built"), "{stderr}");
}

#[test]
fn text_reruns_take_cross_file_renderings_from_the_cache() {
    let site = posts_site(&[
        ("a.md", "Bike lanes", "2024-03-01"),
        ("b.md", "Bike lanes", "2024-03-02"),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let (s, c) = (site.path(), cache.path());
    for name in ["a.md", "b.md"] {
        age(&s.join("content/posts").join(name), 3600);
    }
    let text = |cache: Option<&Path>| check_in(s, cache, "text", &[Path::new(".")]);
    let first = text(Some(c));
    assert!(first.contains("title: \"Bike lanes\""), "{first}");
    assert!(first.contains("the same title is used by"), "{first}");
    assert_eq!(first, text(None));
    // A change no cache can see, to the line the title collision shows (same size and time).
    let a = s.join("content/posts/a.md");
    let edited = fs::read_to_string(&a)
        .unwrap()
        .replace("title: \"Bike lanes\"", "title: \"Bike lanez\"");
    rewrite_unseen(&a, &edited);
    // The cross-file result and its rendering come from the cache: `a.md` is not read again.
    let again = text(Some(c));
    assert_eq!(again, first);
    // Without the cache, the file as it is now: the titles differ.
    assert!(!text(None).contains("the same title is used by"));

    // A cache filled by a JSON run: the first text run renders the cross-file result from the
    // file and keeps the rendering, which the next one takes.
    rewrite_unseen(
        &a,
        &fs::read_to_string(&a).unwrap().replace("lanez", "lanes"),
    );
    let json_cache = tempfile::tempdir().unwrap();
    check_in(s, Some(json_cache.path()), "json", &[Path::new(".")]);
    assert_eq!(text(Some(json_cache.path())), first);
    rewrite_unseen(&a, &edited);
    assert_eq!(text(Some(json_cache.path())), first);
}

#[test]
fn a_rendering_is_kept_only_for_the_text_the_record_is_of() {
    // The cache trusts size and time: a text run over a file edited without either changing
    // renders the new text, which must not be kept for the recorded content.
    let sample = sample_site();
    let posts = bike_lanes_site();
    let cases = [
        (
            sample.path(),
            "content/posts/bike-lanes.md",
            "Two kilometres",
            "Two kilometrez",
        ),
        (
            posts.path(),
            "content/posts/a.md",
            "title: \"Bike lanes\"",
            "title: \"Bike lanez\"",
        ),
    ];
    for (site, post, recorded, unseen) in cases {
        let post = site.join(post);
        for article in articles(site) {
            age(&article, 3600);
        }
        let cache = tempfile::tempdir().unwrap();
        let text = |cache: Option<&Path>| check_in(site, cache, "text", &[Path::new(".")]);
        check_in(site, Some(cache.path()), "json", &[Path::new(".")]);
        let original = fs::read_to_string(&post).unwrap();
        assert!(original.contains(recorded));
        rewrite_unseen(&post, &original.replace(recorded, unseen));
        assert!(text(Some(cache.path())).contains(unseen));
        // Back to the recorded text: what is shown is that text, not the edit's rendering.
        rewrite_unseen(&post, &original);
        assert_eq!(text(Some(cache.path())), text(None), "{}", post.display());
    }
}
