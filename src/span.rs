//! Byte spans into an article's source, and the line index that turns them into line/column.

use std::ops::Range;

use serde::Serialize;

/// A byte range into the original source of an article.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub const fn shift(self, by: usize) -> Self {
        Self::new(self.start + by, self.end + by)
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.len()).into()
    }
}

/// 1-based line and column; the column counts characters, not bytes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, for turning byte offsets into line/column.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = Vec::with_capacity(source.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// The lines inside `within` as (start, end) pairs, the end after the line ending (or at
    /// `within.end`). `within` starts at a line start.
    pub fn lines_in(&self, within: Span) -> impl Iterator<Item = (usize, usize)> + '_ {
        let first = self.line_of(within.start);
        self.starts[first..]
            .iter()
            .enumerate()
            .map_while(move |(i, &start)| {
                (start < within.end).then(|| {
                    let next = self.starts.get(first + i + 1).copied();
                    (start, next.map_or(within.end, |n| n.min(within.end)))
                })
            })
    }

    /// Offsets of the `\n`s inside `within`, relative to its start: the line starts the index
    /// holds, less one (no search of the text).
    pub fn newlines_in(&self, within: Span) -> impl Iterator<Item = usize> + '_ {
        let first = self.starts.partition_point(|&s| s <= within.start);
        self.starts[first..]
            .iter()
            .map_while(move |&s| (s <= within.end).then(|| s - 1 - within.start))
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The full line holding `offset`, including its line ending.
    pub fn line_span(&self, source: &str, offset: usize) -> Span {
        let line = self.line_of(offset);
        let end = self.starts.get(line + 1).copied().unwrap_or(source.len());
        Span::new(self.starts[line], end)
    }

    /// The line holding `offset`, without its line ending (`\n` or `\r\n`).
    pub fn line_content(&self, source: &str, offset: usize) -> Span {
        let full = self.line_span(source, offset);
        let text = &source[full.range()];
        Span::new(full.start, full.start + trim_end_ascii(text, b"\n\r").len())
    }

    pub fn line_col(&self, source: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        // A byte order mark is not a column.
        let line_text = &source[self.starts[line]..offset];
        let line_text = if line == 0 {
            line_text.trim_start_matches('\u{feff}')
        } else {
            line_text
        };
        let column = line_text.chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(s: &str, mut offset: usize) -> usize {
    if offset >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `text` without the characters of `set` at its end: `str::trim_end_matches` with ASCII
/// characters, done on bytes.
pub fn trim_end_ascii<'t>(text: &'t str, set: &[u8]) -> &'t str {
    debug_assert!(set.is_ascii());
    let kept = text
        .as_bytes()
        .iter()
        .rposition(|b| !set.contains(b))
        .map_or(0, |i| i + 1);
    // The bytes cut are ASCII: `kept` is a character boundary.
    &text[..kept]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn newlines_in_are_the_newlines(text in "[a\n\r]{0,30}", from in 0usize..31, len in 0usize..31) {
            let start = from.min(text.len());
            let within = Span::new(start, (start + len).min(text.len()));
            let expected: Vec<usize> =
                memchr::memchr_iter(b'\n', text[within.range()].as_bytes()).collect();
            let index = LineIndex::new(&text);
            prop_assert_eq!(index.newlines_in(within).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn trim_end_ascii_is_trim_end_matches(text in "[a é\t\r\n]{0,8}") {
            prop_assert_eq!(trim_end_ascii(&text, b"\n\r"), text.trim_end_matches(['\n', '\r']));
            prop_assert_eq!(trim_end_ascii(&text, b" \t"), text.trim_end_matches([' ', '\t']));
        }
    }

    #[test]
    fn columns_count_characters() {
        let src = "é\nàbc\n";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(src, 0), LineCol { line: 1, column: 1 });
        let b = src.find('b').unwrap();
        assert_eq!(index.line_col(src, b), LineCol { line: 2, column: 2 });
        assert_eq!(
            index.line_col(src, src.len()),
            LineCol { line: 3, column: 1 }
        );
    }

    #[test]
    fn line_spans_keep_or_drop_the_ending() {
        let src = "a\r\nbb\nc";
        let index = LineIndex::new(src);
        assert_eq!(index.line_span(src, 1), Span::new(0, 3));
        assert_eq!(index.line_content(src, 1), Span::new(0, 1));
        assert_eq!(index.line_content(src, 6), Span::new(6, 7));
    }
}
