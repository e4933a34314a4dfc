//! A file's text for miette's graphical handler, which reads the lines around a span three
//! times for each problem it shows. miette's own [`SourceCode`] for `str` walks the text from
//! its first byte each time; a file with many problems is walked as many times (the text
//! format spent half its time there). [`Source`] starts from a few lines before the span and
//! gives the same contents, lines and columns. The line ends before that start are counted
//! from where the previous read counted them to: a report's problems are read in order, and
//! a file with thousands of them is counted once, not once per problem.

use std::sync::Mutex;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text, as [`miette::NamedSource`] over a `String` is, without a copy of the text.
#[derive(Debug)]
pub struct Source<'a> {
    name: String,
    text: &'a str,
    /// A line start at which a read started, and the number of line ends before it.
    counted: Mutex<(usize, usize)>,
}

impl<'a> Source<'a> {
    pub fn new(name: String, text: &'a str) -> Source<'a> {
        Source {
            name,
            text,
            counted: Mutex::new((0, 0)),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// What miette's own `SourceCode` for `str` reads for `span` with these lines of context.
    pub fn context(
        &self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<MietteSpanContents<'a>, MietteError> {
        context_info(
            self.text.as_bytes(),
            span,
            context_lines_before,
            context_lines_after,
            &self.counted,
        )
    }
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.context(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// miette 7's `context_info` (`source_impls.rs`, MIT or Apache-2.0), byte for byte the same
/// scan, but started at a line start [`resume_point`] chooses rather than at the text's start:
/// its state there is what the scan from the start would have (see `resume_point`).
fn context_info<'a>(
    input: &'a [u8],
    span: &SourceSpan,
    context_lines_before: usize,
    context_lines_after: usize,
    counted: &Mutex<(usize, usize)>,
) -> Result<MietteSpanContents<'a>, MietteError> {
    let (start, lines_before) = resume_point(input, span, context_lines_before, counted);
    let mut offset = start;
    let mut line_count = lines_before;
    let mut start_line = lines_before;
    let mut start_column = 0usize;
    let mut before_lines_starts = std::collections::VecDeque::new();
    let mut current_line_start = start;
    let mut end_lines = 0usize;
    let mut post_span = false;
    let mut post_span_got_newline = false;
    // miette steps byte by byte; between line ends, a byte only counts a column when it is
    // before the span, and the first one at or past `post` sets `post_span` (and may end the
    // scan). Those runs are taken whole here.
    let post = (span.offset() + span.len()).saturating_sub(1);
    loop {
        let run_end =
            memchr::memchr2(b'\n', b'\r', &input[offset..]).map_or(input.len(), |i| offset + i);
        let stop = post.max(offset);
        if stop < run_end {
            post_span = true;
            if end_lines >= context_lines_after {
                start_column += span.offset().min(stop + 1).saturating_sub(offset);
                offset = stop + 1;
                break;
            }
        }
        start_column += span.offset().min(run_end).saturating_sub(offset);
        offset = run_end;
        let Some(&char) = input.get(offset) else {
            break;
        };
        // A line end, as miette steps over it.
        line_count += 1;
        if char == b'\r' && input.get(offset + 1) == Some(&b'\n') {
            offset += 1;
        }
        if offset < span.offset() {
            start_column = 0;
            before_lines_starts.push_back(current_line_start);
            if before_lines_starts.len() > context_lines_before {
                start_line += 1;
                before_lines_starts.pop_front();
            }
        } else if offset >= span.offset() + span.len().saturating_sub(1) && post_span {
            start_column = 0;
            if post_span_got_newline {
                end_lines += 1;
            } else {
                post_span_got_newline = true;
            }
            if end_lines >= context_lines_after {
                offset += 1;
                break;
            }
        }
        current_line_start = offset + 1;
        if offset >= post {
            post_span = true;
            if end_lines >= context_lines_after {
                offset += 1;
                break;
            }
        }
        offset += 1;
    }
    if offset >= (span.offset() + span.len()).saturating_sub(1) {
        let starting_offset = before_lines_starts.front().copied().unwrap_or({
            if context_lines_before == 0 {
                span.offset()
            } else {
                0
            }
        });
        Ok(MietteSpanContents::new(
            &input[starting_offset..offset],
            (starting_offset, offset - starting_offset).into(),
            start_line,
            if context_lines_before == 0 {
                start_column
            } else {
                0
            },
            line_count,
        ))
    } else {
        Err(MietteError::OutOfBounds)
    }
}

/// Where [`context_info`] may start scanning for `span`, and the number of line ends (`\n`,
/// `\r\n` or a lone `\r`, as miette counts them) before it.
///
/// The start is a line start before which the scan from the text's start takes only its
/// "before the span" steps (every byte there is before the span's start and before the
/// byte at which it sets `post_span`), with `context_lines_before + 1` more line ends between
/// it and the span. Its state there is then: columns reset, the line ends counted for
/// `line_count`, and a queue of line starts that the line ends still to come refill whole;
/// its first line (`start_line`) has moved by one for each line end past the queue's
/// length, and so does the resumed scan's, started at the number of line ends before.
///
/// The line ends before it are counted from the line start `counted` holds, forward or back,
/// and `counted` then holds this one.
fn resume_point(
    input: &[u8],
    span: &SourceSpan,
    context_lines_before: usize,
    counted: &Mutex<(usize, usize)>,
) -> (usize, usize) {
    let limit = span
        .offset()
        .min((span.offset() + span.len()).saturating_sub(1))
        .min(input.len());
    // A line starts after `\n`, and after a `\r` not followed by `\n`.
    let starts_line = |p: usize| match input[p - 1] {
        b'\n' => true,
        _ => input.get(p) != Some(&b'\n'),
    };
    let mut needed = context_lines_before.saturating_add(2);
    let mut end = limit;
    let mut start = 0;
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', &input[..end]) {
        end = i;
        if starts_line(i + 1) {
            needed -= 1;
            if needed == 0 {
                start = i + 1;
                break;
            }
        }
    }
    if start == 0 {
        return (0, 0);
    }
    // A poisoned count is still a count: it is only ever written whole.
    let mut counted = counted.lock().unwrap_or_else(|e| e.into_inner());
    let (from, known) = *counted;
    let before = if from <= start {
        known + line_ends(input, from..start)
    } else {
        known - line_ends(input, start..from)
    };
    *counted = (start, before);
    (start, before)
}

/// The line ends (as miette counts them) that end in `range` of `input`.
fn line_ends(input: &[u8], range: std::ops::Range<usize>) -> usize {
    let from = range.start;
    let between = &input[range];
    // memchr counts one byte with SIMD; `\r`, rare, is looked at only when there is one.
    let mut count = memchr::memchr_iter(b'\n', between).count();
    if memchr::memchr(b'\r', between).is_some() {
        count += memchr::memchr_iter(b'\r', between)
            .filter(|&i| input.get(from + i + 1) != Some(&b'\n'))
            .count();
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What miette's own `str` source reads, and what `source` reads, for a span inside the
    /// text (the text format keeps spans there; miette's panics on some past its end).
    fn both(source: &Source, span: (usize, usize), before: usize, after: usize) {
        let text = source.text();
        if span.0 + span.1 > text.len() {
            return;
        }
        let span = SourceSpan::from(span);
        let theirs = text.read_span(&span, before, after);
        let ours = source.read_span(&span, before, after);
        match (theirs, ours) {
            (Ok(theirs), Ok(ours)) => {
                let read = |c: &dyn SpanContents<'_>| {
                    (
                        c.data().to_vec(),
                        *c.span(),
                        c.line(),
                        c.column(),
                        c.line_count(),
                    )
                };
                assert_eq!(
                    read(&*theirs),
                    read(&*ours),
                    "{text:?} {span:?} {before} {after}"
                );
                assert_eq!(ours.name(), Some("a.md"));
            }
            (Err(_), Err(_)) => {}
            (theirs, ours) => panic!(
                "{text:?} {span:?} {before} {after}: miette {:?}, ours {:?}",
                theirs.is_ok(),
                ours.is_ok()
            ),
        };
    }

    #[test]
    fn reads_what_miette_reads_on_line_ends_of_every_kind() {
        let texts = [
            "",
            "one line",
            "a\nb\nc\nd\ne\nf\n",
            "a\r\nb\r\nc\r\nd\r\ne\r\n",
            "a\rb\rc\rd\re\r",
            "\n\n\n\n\n\n\n",
            "\r\n\r\r\n\n\r\r\n\r",
            "title: é\n\nsome text\r\nmore\rtext é\n\nlast",
        ];
        for text in texts {
            // One source for every read, forward then back: each read counts line ends from
            // where the one before stopped.
            let source = Source::new("a.md".into(), text);
            let offsets: Vec<usize> = (0..=text.len()).chain((0..=text.len()).rev()).collect();
            for offset in offsets {
                for len in 0..4 {
                    for context in 0..3 {
                        both(&source, (offset, len), context, context);
                        both(&source, (offset, len), context, 1);
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn reads_what_miette_reads(
            (text, spans) in "[a\u{e9} \n\r]{0,80}".prop_flat_map(|text| {
                let end = text.len();
                let span = (0..=end).prop_flat_map(move |offset| (Just(offset), 0..=end - offset));
                (Just(text), proptest::collection::vec(span, 1..6))
            }),
            before in 0usize..4,
            after in 0usize..4,
        ) {
            // Reads in any order from one source.
            let source = Source::new("a.md".into(), &text);
            for span in spans {
                both(&source, span, before, after);
            }
        }
    }
}
