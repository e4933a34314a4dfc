//! Settled reports kept in a temporary file while a run goes on: a run over 100,000 files holds
//! a path and a few numbers per file in memory, not every file's diagnostics (ruff and ripgrep
//! print as they go; a linter whose output is sorted, summed up and merged with cross-file
//! results must keep them somewhere until the end). The site index keeps its entries in such a
//! file too (a [`Tape`]).
//!
//! The file is anonymous (deleted as soon as it is made), written in large appends, read back
//! once in output order. When it cannot be made or written, reports stay in memory: a full
//! disk costs memory, never output.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::cache::Findings;
use crate::render::{FileReport, Settled, Tally};

/// Bytes gathered before one write to the file.
const WRITE_AT: usize = 256 * 1024;

/// The temporary file's reports.
#[derive(Default)]
pub struct Spill {
    tape: Tape,
}

/// An anonymous temporary file that records are appended to, and read back from by where they
/// went, in any order and from any thread. Made at the first write; when it cannot be made or
/// written, records stay in memory: a full disk costs memory, never output.
pub struct Tape {
    state: Mutex<State>,
    /// Made at the first write. What is below `State::written` never changes: it is read back
    /// without the lock (positioned reads, in parallel).
    file: OnceLock<File>,
}

struct State {
    /// Making or writing the file failed: records stay in `pending` for good.
    failed: bool,
    /// Bytes written to the file; `pending` follows them.
    written: u64,
    pending: Vec<u8>,
}

/// A settled report, in memory or in the spill. A run holds one per file: the file's path is
/// not kept here (the caller has it, and gives it back to [`Spill::get`]).
pub enum Held {
    /// Boxed: most reports are spilled or clean.
    Here(Box<FileReport>),
    /// A settled report without problems; `text`: its text rendering was made (and is empty).
    Clean {
        text: bool,
    },
    Spilled {
        at: u64,
        len: u32,
        tally: Tally,
    },
}

/// A report as the spill keeps it.
#[derive(Serialize, Deserialize)]
struct Record {
    findings: Findings,
    /// The text format's renderings are most of what the spill holds.
    text: Option<Text>,
}

/// A string written as one and read back as bytes checked by SIMD ([`crate::into_text`]):
/// the text renderings kept in the spill and the cache, mostly box-drawing characters, which
/// the standard check reads slowly. The same layout as a `String`'s.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Text(pub(crate) String);

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(from: D) -> Result<Text, D::Error> {
        use serde::de::{Error, Visitor};

        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("UTF-8 text")
            }
            fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Text, E> {
                crate::into_text(bytes).map(Text).map_err(E::custom)
            }
            fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Text, E> {
                self.visit_byte_buf(bytes.to_vec())
            }
            fn visit_string<E: Error>(self, text: String) -> Result<Text, E> {
                Ok(Text(text))
            }
            fn visit_str<E: Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(text.to_string()))
            }
        }
        from.deserialize_byte_buf(Bytes)
    }
}

impl Record {
    fn into_report(self, path: PathBuf) -> FileReport {
        FileReport {
            path,
            source: String::new(),
            diagnostics: self.findings.diagnostics,
            settled: Some(Settled {
                positions: self.findings.positions,
                fingerprints: self.findings.fingerprints,
                text: self.text.map(|text| text.0),
            }),
        }
    }
}

impl Default for Tape {
    fn default() -> Self {
        Tape::new()
    }
}

impl Tape {
    pub fn new() -> Tape {
        Tape {
            file: OnceLock::new(),
            state: Mutex::new(State {
                failed: false,
                written: 0,
                pending: Vec::new(),
            }),
        }
    }

    /// Appends `value`, encoded; where it went (`None` if it cannot be encoded in a record).
    pub fn put<T: Serialize>(&self, value: &T) -> Option<(u64, u32)> {
        self.put_bytes(&bincode::serialize(value).ok()?)
    }

    /// Appends `bytes` as they are; where they went (`None` past 4 GiB, or if the tape's lock
    /// was poisoned).
    pub fn put_bytes(&self, bytes: &[u8]) -> Option<(u64, u32)> {
        let len = u32::try_from(bytes.len()).ok()?;
        let mut state = self.state.lock().ok()?;
        let at = state.written + state.pending.len() as u64;
        state.pending.extend_from_slice(bytes);
        if state.pending.len() >= WRITE_AT {
            state.write_pending(&self.file);
        }
        Some((at, len))
    }

    /// The value [`Tape::put`] put at `at`, `len` bytes long.
    pub fn get<T: serde::de::DeserializeOwned>(&self, at: u64, len: u32) -> Result<T, String> {
        bincode::deserialize(&self.get_bytes(at, len)?).map_err(|e| e.to_string())
    }

    /// The bytes [`Tape::put_bytes`] put at `at`, `len` bytes long.
    pub fn get_bytes(&self, at: u64, len: u32) -> Result<Vec<u8>, String> {
        let mut bytes = vec![0; len as usize];
        let in_file = {
            let state = self.state.lock().map_err(|e| e.to_string())?;
            if at < state.written {
                true
            } else {
                let from = (at - state.written) as usize;
                let kept = state
                    .pending
                    .get(from..from + bytes.len())
                    .ok_or("past its end")?;
                bytes.copy_from_slice(kept);
                false
            }
        };
        if in_file {
            // Reads that seek must not interleave.
            #[cfg(not(unix))]
            let _one_at_a_time = self.state.lock().map_err(|e| e.to_string())?;
            let file = self.file.get().ok_or("gone")?;
            read_at(file, &mut bytes, at).map_err(|e| e.to_string())?;
        }
        Ok(bytes)
    }

    /// Every value put, in the order put, to `each`, read in large sequential reads; an error
    /// (after the values before it) if one cannot be read back. Holds the tape's lock: `each`
    /// must not use the tape.
    pub fn for_each<T: serde::de::DeserializeOwned>(
        &self,
        mut each: impl FnMut(T),
    ) -> Result<(), String> {
        let state = self.state.lock().map_err(|e| e.to_string())?;
        let file = match self.file.get() {
            Some(file) => Some(file),
            None if state.written == 0 => None,
            None => return Err("gone".into()),
        };
        let in_file = Positioned {
            file,
            at: 0,
            end: state.written,
        };
        let mut reader = std::io::BufReader::with_capacity(
            READ_BY,
            std::io::Read::chain(in_file, &state.pending[..]),
        );
        // Records end where the bytes do: one begins wherever some are left.
        while !std::io::BufRead::fill_buf(&mut reader)
            .map_err(|e| e.to_string())?
            .is_empty()
        {
            each(bincode::deserialize_from(&mut reader).map_err(|e| e.to_string())?);
        }
        Ok(())
    }
}

/// Bytes read at once by [`Tape::for_each`].
const READ_BY: usize = 64 * 1024;

/// The file's bytes from `at` to `end`, by positioned reads (the file's offset is not used).
struct Positioned<'a> {
    file: Option<&'a File>,
    at: u64,
    end: u64,
}

impl std::io::Read for Positioned<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.end - self.at).unwrap_or(usize::MAX);
        let n = buf.len().min(left);
        let Some(file) = self.file.filter(|_| n > 0) else {
            return Ok(0);
        };
        read_at(file, &mut buf[..n], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
impl Tape {
    /// The file is taken to have failed: records stay in memory.
    pub(crate) fn fail_writes(&self) {
        self.state.lock().unwrap().failed = true;
    }
}

impl Spill {
    pub fn new() -> Spill {
        Spill::default()
    }

    /// Keeps a settled report (see [`FileReport::settle`]): a report without problems is kept as
    /// a mark; one still holding its text, or one the spill cannot take, stays in memory.
    pub fn put(&self, mut report: FileReport) -> Held {
        if let Some(clean) = Held::clean(&report) {
            return clean;
        }
        let Some(settled) = report
            .settled
            .take_if(|_| !report.diagnostics.is_empty() && report.source.is_empty())
        else {
            return Held::here(report);
        };
        let tally = Tally::of(&report);
        let record = Record {
            findings: Findings {
                diagnostics: report.diagnostics,
                positions: settled.positions,
                fingerprints: settled.fingerprints,
            },
            text: settled.text.map(Text),
        };
        match self.tape.put(&record) {
            Some((at, len)) => Held::Spilled { at, len, tally },
            None => {
                // Kept in memory for the rest of the run: without the room made for rendering.
                let mut report = record.into_report(report.path);
                if let Some(text) = report.settled.as_mut().and_then(|s| s.text.as_mut()) {
                    text.shrink_to_fit();
                }
                Held::here(report)
            }
        }
    }

    /// The report on `path` back, as it was put.
    pub fn get(&self, held: Held, path: &Path) -> Result<FileReport, String> {
        let (at, len) = match held {
            Held::Here(report) => return Ok(*report),
            Held::Clean { text } => return Ok(Held::clean_report(path, text)),
            Held::Spilled { at, len, .. } => (at, len),
        };
        let record: Record = self.tape.get(at, len).map_err(|why| {
            format!(
                "{}: cannot read its problems back from the temporary file: {why}",
                crate::render::display_path(path)
            )
        })?;
        Ok(record.into_report(path.to_path_buf()))
    }
}

impl State {
    /// Appends `pending` to the file (made on first use in the system's temporary folder);
    /// after a failure, records stay in `pending` for good.
    fn write_pending(&mut self, file: &OnceLock<File>) {
        if self.failed {
            return;
        }
        if file.get().is_none() {
            // Under the state's lock: no other thread makes it meanwhile.
            match tempfile::tempfile() {
                Ok(made) => {
                    let _ = file.set(made);
                }
                Err(_) => {
                    self.failed = true;
                    return;
                }
            }
        }
        let Some(file) = file.get() else {
            self.failed = true;
            return;
        };
        // At its offset: a write that fails halfway leaves nothing behind that a read trusts.
        match write_at(file, &self.pending, self.written) {
            Ok(()) => {
                self.written += self.pending.len() as u64;
                self.pending.clear();
            }
            Err(_) => self.failed = true,
        }
    }
}

impl Held {
    pub fn here(report: FileReport) -> Held {
        Held::Here(Box::new(report))
    }

    pub fn tally(&self) -> Tally {
        match self {
            Held::Here(report) => Tally::of(report),
            Held::Clean { .. } => Tally::default(),
            Held::Spilled { tally, .. } => *tally,
        }
    }

    /// The mark of a settled report without problems, when [`Held::clean_report`] makes it
    /// again exactly.
    fn clean(report: &FileReport) -> Option<Held> {
        let settled = report.settled.as_ref()?;
        let text = match settled.text.as_deref() {
            None => false,
            Some("") => true,
            Some(_) => return None,
        };
        let empty = report.diagnostics.is_empty()
            && report.source.is_empty()
            && settled.positions.is_empty()
            && settled.fingerprints.is_empty();
        empty.then_some(Held::Clean { text })
    }

    fn clean_report(path: &Path, text: bool) -> FileReport {
        let mut report = FileReport::new(path.to_path_buf(), String::new(), Vec::new());
        report.settled = Some(Settled {
            text: text.then(String::new),
            ..Settled::default()
        });
        report
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
pub(crate) fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(not(unix))]
fn write_at(mut file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    file.seek(SeekFrom::Start(at))?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
pub(crate) fn read_at(mut file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::span::Span;

    fn report(i: usize, text: bool) -> FileReport {
        let source = format!("line one\nproblem {i} here\n");
        let diagnostics = (0..=i % 3)
            .map(|k| {
                let mut d = Diagnostic::new(
                    "rule-x",
                    if k == 0 {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    Span::new(9, 16),
                    format!("message {i}.{k}"),
                );
                d.help("do this");
                d
            })
            .collect();
        let mut report = FileReport::new(PathBuf::from(format!("a/{i}.md")), source, diagnostics);
        report.settle(text.then_some(crate::render::text::Style::Plain));
        report
    }

    fn same(a: &FileReport, b: &FileReport) {
        assert_eq!(a.path, b.path);
        assert_eq!(a.source, b.source);
        assert_eq!(a.diagnostics, b.diagnostics);
        let (x, y) = (a.settled.as_ref().unwrap(), b.settled.as_ref().unwrap());
        assert_eq!(x.positions, y.positions);
        assert_eq!(x.fingerprints, y.fingerprints);
        assert_eq!(x.text, y.text);
    }

    #[test]
    fn reports_come_back_as_they_went_in_from_file_and_from_pending() {
        let spill = Spill::new();
        // Enough records for several writes to the file, and some left pending.
        let n = 3000;
        let held: Vec<Held> = (0..n).map(|i| spill.put(report(i, i % 2 == 0))).collect();
        assert!(held.iter().all(|h| matches!(h, Held::Spilled { .. })));
        {
            let state = spill.tape.state.lock().unwrap();
            assert!(state.written > 0, "some records reached the file");
            assert!(!state.pending.is_empty(), "some are still pending");
        }
        for (i, held) in held.into_iter().enumerate().rev() {
            let expected = report(i, i % 2 == 0);
            assert_eq!(held.tally(), Tally::of(&expected));
            same(&spill.get(held, &expected.path).unwrap(), &expected);
        }
    }

    #[test]
    fn text_is_written_and_read_as_a_string_is() {
        use bincode::Options;
        let text = "× ─ rendering, é 語".to_string();
        let varint = bincode::DefaultOptions::new();
        assert_eq!(
            bincode::serialize(&Text(text.clone())).unwrap(),
            bincode::serialize(&text).unwrap()
        );
        assert_eq!(
            varint.serialize(&Text(text.clone())).unwrap(),
            varint.serialize(&text).unwrap()
        );
        let back: Text = bincode::deserialize(&bincode::serialize(&text).unwrap()).unwrap();
        assert_eq!(back, Text(text.clone()));
        let back: Text = varint
            .deserialize(&varint.serialize(&text).unwrap())
            .unwrap();
        assert_eq!(back, Text(text));
    }

    #[test]
    fn a_rendering_that_is_not_utf8_any_more_is_refused() {
        let mut report = report(4, true);
        let settled = report.settled.take().unwrap();
        let text = settled.text.clone().unwrap();
        let record = Record {
            findings: Findings {
                diagnostics: report.diagnostics,
                positions: settled.positions,
                fingerprints: settled.fingerprints,
            },
            text: Some(Text(text.clone())),
        };
        let mut bytes = bincode::serialize(&record).unwrap();
        let back: Record = bincode::deserialize(&bytes).unwrap();
        assert_eq!(back.text, Some(Text(text.clone())));
        // The rendering is last: its first byte of a `─` made a lone continuation byte.
        let at = bytes.len() - text.len() + text.find('─').unwrap();
        bytes[at] = 0x80;
        assert!(bincode::deserialize::<Record>(&bytes).is_err());
    }

    #[test]
    fn unsettled_reports_stay_in_memory() {
        let spill = Spill::new();
        let clean = FileReport::new(PathBuf::from("c.md"), String::new(), Vec::new());
        assert!(matches!(spill.put(clean), Held::Here(_)), "not settled");
        let mut unsettled = report(1, false);
        unsettled.settled = None;
        unsettled.source = "x".into();
        assert!(matches!(spill.put(unsettled), Held::Here(_)));
    }

    #[test]
    fn settled_reports_without_problems_come_back_from_a_mark() {
        let spill = Spill::new();
        for text in [None, Some(crate::render::text::Style::Plain)] {
            let mut clean = FileReport::new(PathBuf::from("c.md"), "a\nb\n".into(), Vec::new());
            clean.settle(text);
            let rendered = clean.settled.as_ref().and_then(|s| s.text.clone());
            let held = spill.put(clean);
            match rendered.as_deref() {
                None | Some("") => assert!(matches!(held, Held::Clean { .. })),
                Some(_) => assert!(matches!(held, Held::Here(_))),
            }
            assert_eq!(held.tally(), Tally::default());
            let back = spill.get(held, Path::new("c.md")).unwrap();
            assert_eq!(back.path, Path::new("c.md"));
            assert!(back.source.is_empty() && back.diagnostics.is_empty());
            let settled = back.settled.unwrap();
            assert!(settled.positions.is_empty() && settled.fingerprints.is_empty());
            assert_eq!(settled.text, rendered);
        }
    }

    #[test]
    fn a_tape_gives_back_every_value_in_order_from_file_and_pending() {
        // Values of many lengths, some longer than a write or a read: they straddle both.
        let values: Vec<(u64, String)> = (0..4000u64)
            .map(|i| {
                (
                    i,
                    "x".repeat((i as usize * 37) % 700 + usize::from(i == 9) * WRITE_AT * 5),
                )
            })
            .collect();
        for failing in [false, true] {
            let tape = Tape::new();
            if failing {
                tape.fail_writes();
            }
            assert_eq!(Tape::new().for_each(|_: u8| panic!("empty")), Ok(()));
            for value in &values {
                tape.put(value).unwrap();
            }
            {
                let state = tape.state.lock().unwrap();
                assert_eq!(state.written > 0, !failing);
                assert!(!state.pending.is_empty());
            }
            let mut back = Vec::new();
            tape.for_each(|value: (u64, String)| back.push(value))
                .unwrap();
            assert_eq!(back, values);
        }
    }

    #[test]
    fn a_spill_that_cannot_write_keeps_its_records() {
        let spill = Spill::new();
        spill.tape.fail_writes();
        let held: Vec<Held> = (0..2000).map(|i| spill.put(report(i, false))).collect();
        assert_eq!(spill.tape.state.lock().unwrap().written, 0);
        for (i, held) in held.into_iter().enumerate() {
            let expected = report(i, false);
            same(&spill.get(held, &expected.path).unwrap(), &expected);
        }
    }
}
