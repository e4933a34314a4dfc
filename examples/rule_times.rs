//! Where linting time goes, rule by rule, single-threaded, over every Markdown file of a folder:
//!   cargo run --release --example rule_times -- DIR
//! Prints the time to read and parse all articles, then each default rule's time over them
//! (cross-file rules included: their first run builds the site index), slowest first.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use contentlint::article::Article;
use contentlint::registry::FileSettings;
use contentlint::site::Site;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: rule_times DIR");
        std::process::exit(2);
    };
    let (targets, _) = contentlint::walk::collect(std::slice::from_ref(&dir));
    let Some(first) = targets.iter().next() else {
        eprintln!("no Markdown files under {}", dir.display());
        std::process::exit(2);
    };
    let site = match Site::discover(first.path, &dir) {
        Ok(site) => site,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    };
    let (rules, settings) = contentlint::standard_rules();

    let started = Instant::now();
    let sources: Vec<(PathBuf, String)> = targets
        .iter()
        .filter_map(|t| Some((t.path.to_path_buf(), std::fs::read_to_string(t.path).ok()?)))
        .collect();
    let read = started.elapsed();
    let bytes: usize = sources.iter().map(|(_, s)| s.len()).sum();

    let started = Instant::now();
    for (_, s) in &sources {
        std::hint::black_box(contentlint::front_matter::FrontMatter::split(s, 0));
    }
    let front_matter = started.elapsed();
    let started = Instant::now();
    for (_, s) in &sources {
        std::hint::black_box(contentlint::span::LineIndex::new(s));
    }
    let lines = started.elapsed();

    let started = Instant::now();
    let articles: Vec<Article<'_>> = sources.iter().map(|(p, s)| Article::parse(p, s)).collect();
    let parse = started.elapsed();

    let started = Instant::now();
    for (_, s) in &sources {
        let body = contentlint::front_matter::FrontMatter::split(s, 0).map_or(0, |fm| fm.span.end);
        let parser =
            pulldown_cmark::Parser::new_ext(&s[body..], contentlint::article::markdown_options());
        std::hint::black_box(parser.into_offset_iter().count());
    }
    let markdown = started.elapsed() - front_matter;

    // The fixed cost of a lint call (suppressions, contexts), and all rules in one call.
    let none = FileSettings {
        rules: Vec::new(),
        ..settings.clone()
    };
    let started = Instant::now();
    for a in &articles {
        std::hint::black_box(contentlint::lint(a, &site, &rules, &none));
    }
    let overhead = started.elapsed();
    let started = Instant::now();
    for a in &articles {
        std::hint::black_box(contentlint::lint(a, &site, &rules, &settings));
    }
    let together = started.elapsed();
    println!(
        "pulldown-cmark alone {:.0} ms; lint with no rule {:.0} ms, with every rule {:.0} ms",
        markdown.as_secs_f64() * 1e3,
        overhead.as_secs_f64() * 1e3,
        together.as_secs_f64() * 1e3
    );

    let mut times: Vec<(String, Duration, usize)> = Vec::new();
    for active in &settings.rules {
        let one = FileSettings {
            rules: vec![active.clone()],
            ..settings.clone()
        };
        let started = Instant::now();
        let found: usize = articles
            .iter()
            .map(|a| contentlint::lint(a, &site, &rules, &one).len())
            .sum();
        let id = rules.get(active.index).meta().id.to_string();
        times.push((id, started.elapsed(), found));
    }
    times.sort_by_key(|t| std::cmp::Reverse(t.1));
    let total: Duration = times.iter().map(|t| t.1).sum();
    println!(
        "{} files, {:.1} MB: read {:.0} ms, parse {:.0} ms (front matter {:.0} ms, line index {:.0} ms), rules {:.0} ms",
        sources.len(),
        bytes as f64 / 1e6,
        read.as_secs_f64() * 1e3,
        parse.as_secs_f64() * 1e3,
        front_matter.as_secs_f64() * 1e3,
        lines.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3
    );
    for (id, time, found) in times {
        println!("{:>8.1} ms  {id} ({found})", time.as_secs_f64() * 1e3);
    }
}
