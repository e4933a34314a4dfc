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
    /// The baseline of `reports`, taken one at a time (a run's are read back from its spill).
    pub fn of<R: std::borrow::Borrow<FileReport>>(
        reports: impl IntoIterator<Item = R>,
    ) -> Baseline {
        let mut entries: Vec<Entry> = Vec::new();
        for report in reports {
            let r = report.borrow();
            entries.extend((0..r.diagnostics.len()).map(|i| entry(r, i)));
        }
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

    /// The entries by path, counted, for filtering reports one at a time (in parallel).
    pub fn by_path(&self) -> BaselineFilter {
        let mut by_path: HashMap<String, HashMap<Entry, usize>> = HashMap::new();
        for e in &self.entries {
            *by_path
                .entry(e.path.clone())
                .or_default()
                .entry(e.clone())
                .or_default() += 1;
        }
        BaselineFilter { by_path }
    }

    /// Drops from `reports` the problems the baseline knows (each entry excuses one problem);
    /// returns how many were dropped.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let filter = self.by_path();
        reports.iter_mut().map(|r| filter.filter(r)).sum()
    }
}

/// A baseline ready to filter reports.
#[derive(Debug, Default)]
pub struct BaselineFilter {
    by_path: HashMap<String, HashMap<Entry, usize>>,
}

impl BaselineFilter {
    /// Drops from `report` the problems the baseline knows for its file (each entry excuses
    /// one problem); returns how many were dropped.
    pub fn filter(&self, report: &mut FileReport) -> usize {
        let Some(known) = self.by_path.get(&display_path(&report.path)) else {
            return 0;
        };
        let mut remaining = known.clone();
        let keys: Vec<Entry> = (0..report.diagnostics.len())
            .map(|i| entry(report, i))
            .collect();
        let mut dropped = 0;
        report.retain(|i, _| match remaining.get_mut(&keys[i]) {
            Some(n) if *n > 0 => {
                *n -= 1;
                dropped += 1;
                false
            }
            _ => true,
        });
        dropped
    }
}

fn entry(report: &FileReport, i: usize) -> Entry {
    Entry {
        rule: report.diagnostics[i].rule.clone(),
        path: display_path(&report.path),
        fingerprint: report.fingerprint(i),
    }
}

/// What identifies a problem across edits: its offending text, or its message when the text
/// is blank (a missing file, an insertion point).
pub fn fingerprint(source: &str, d: &crate::diagnostic::Diagnostic) -> String {
    fingerprint_text(fingerprint_hash(source, d))
}

/// [`fingerprint`] as a number, as reports keep it.
pub fn fingerprint_hash(source: &str, d: &crate::diagnostic::Diagnostic) -> u64 {
    let text = source.get(d.span.start..d.span.end).unwrap_or_default();
    let offending = if text.trim().is_empty() {
        d.message.as_str()
    } else {
        text
    };
    fnv1a(offending.trim().as_bytes())
}

/// A fingerprint as baselines write it.
pub fn fingerprint_text(hash: u64) -> String {
    format!("{hash:016x}")
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike the standard hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
