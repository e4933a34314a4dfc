//! Baselines for legacy repositories: today's problems recorded by rule, path and a fingerprint
//! of the offending text (not line numbers, so edits elsewhere in a file keep them valid); a
//! later run reports only what is not in the baseline.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::render::{display_path, FileReport};

#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
}

impl Baseline {
    pub fn of(reports: &[FileReport]) -> Baseline {
        let mut entries: Vec<Entry> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(move |d| entry(r, d)))
            .collect();
        entries.sort();
        Baseline {
            version: 1,
            entries,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a contentlint baseline: {e}", path.display()))
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Drops from `reports` the problems the baseline knows (each entry excuses one problem);
    /// returns how many were dropped.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let mut remaining: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.entries {
            *remaining.entry(e).or_default() += 1;
        }
        let mut dropped = 0;
        for report in reports.iter_mut() {
            let keys: Vec<Entry> = report
                .diagnostics
                .iter()
                .map(|d| entry(report, d))
                .collect();
            let mut index = 0;
            report.diagnostics.retain(|_| {
                let key = &keys[index];
                index += 1;
                match remaining.get_mut(key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        dropped += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        dropped
    }
}

fn entry(report: &FileReport, d: &crate::diagnostic::Diagnostic) -> Entry {
    let text = report
        .source
        .get(d.span.start..d.span.end)
        .unwrap_or_default();
    // A zero-width problem (a missing file, an insertion point) is known by its message.
    let offending = if text.trim().is_empty() {
        d.message.as_str()
    } else {
        text
    };
    Entry {
        rule: d.rule.clone(),
        path: display_path(&report.path),
        fingerprint: format!("{:016x}", fnv1a(offending.trim().as_bytes())),
    }
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike the standard hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
