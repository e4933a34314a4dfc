//! miette's graphical layout of a diagnostic, written directly for the common one: spans that
//! each lie within one line, a message and help that fit their line. Both of the text format's
//! themes: without colour (pipes, CI logs) and with it (terminals). It gives the bytes
//! miette's handler gives (tested against it, on every fixture and by a proptest), at a
//! fraction of the cost: miette builds and styles a string for every part of a snippet. Anything
//! else (a span over several lines, spans that start together, a label over several lines,
//! source miette cannot read) is left to miette.
//!
//! The layout follows `miette::handlers::graphical` 7.6 (MIT or Apache-2.0): `render_report`
//! with the options [`super::text`] gives it (context lines 1, tab width 4, lines not wrapped),
//! and a diagnostic with a code, no URL, no cause and nothing related.

use std::borrow::Cow;

use miette::{MietteSpanContents, SourceSpan, SpanContents};
use unicode_width::UnicodeWidthChar;

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::source::Source;
use crate::render::text::Style;

/// Lines of context miette shows before and after a span.
const CONTEXT_LINES: usize = 1;
/// Columns of a tab stop.
const TAB_WIDTH: usize = 4;

/// The styles of miette's theme, as the escape sequences that start them ("" for none).
pub struct Theme {
    error: &'static str,
    warning: &'static str,
    help: &'static str,
    link: &'static str,
    linum: &'static str,
    /// A mark's, by its place among the diagnostic's marks, cycling.
    highlights: &'static [&'static str],
}

/// The theme miette draws `style` in.
pub fn theme(style: Style) -> &'static Theme {
    match style {
        Style::Fancy => &COLOUR,
        Style::Plain => &PLAIN,
    }
}

/// miette's `GraphicalTheme::unicode_nocolor`.
const PLAIN: Theme = Theme {
    error: "",
    warning: "",
    help: "",
    link: "",
    linum: "",
    highlights: &[""],
};

/// miette's `GraphicalTheme::unicode`: its `ThemeStyles::ansi`, as owo-colors writes them.
const COLOUR: Theme = Theme {
    error: "\x1b[31m",
    warning: "\x1b[33m",
    help: "\x1b[36m",
    link: "\x1b[36;1;4m",
    linum: "\x1b[2m",
    highlights: &["\x1b[35;1m", "\x1b[33;1m", "\x1b[32;1m"],
};

/// Appends what `write` writes in `style`, then the sequence that ends a style.
fn styled(out: &mut String, style: &str, write: impl FnOnce(&mut String)) {
    out.push_str(style);
    write(out);
    if !style.is_empty() {
        out.push_str("\x1b[0m");
    }
}

/// A span of a diagnostic as miette is given it: the primary one has no text.
#[derive(Clone, Copy)]
pub struct Mark<'a> {
    pub span: SourceSpan,
    pub label: Option<&'a str>,
    pub primary: bool,
}

impl Mark<'_> {
    fn end(&self) -> usize {
        self.span.offset() + self.span.len()
    }
}

/// Appends `d` as miette's handler of `theme` that does not wrap lays it out, with its `marks` as
/// given to miette, if each mark lies within one line, no two start at the same byte and no
/// label holds a line break (the caller has checked that `d`'s message and help fit their
/// line), and says whether it did; else leaves `out` as it was.
pub fn render(
    out: &mut String,
    theme: &Theme,
    d: &Diagnostic,
    source: &Source,
    marks: Vec<Mark>,
) -> bool {
    let before = out.len();
    let done = try_render(out, theme, d, source, marks).is_some();
    if !done {
        out.truncate(before);
    }
    done
}

fn try_render(
    out: &mut String,
    theme: &Theme,
    d: &Diagnostic,
    source: &Source,
    mut marks: Vec<Mark>,
) -> Option<()> {
    marks.sort_by_key(|mark| mark.span.offset());
    // miette's sort is unstable: the order of marks that start together is its own.
    if marks
        .windows(2)
        .any(|pair| pair[0].span.offset() == pair[1].span.offset())
        || marks
            .iter()
            .any(|mark| mark.label.is_some_and(|l| l.contains('\n')))
    {
        return None;
    }
    let (icon, severity) = match d.severity {
        Severity::Error => ("×", theme.error),
        Severity::Warning => ("⚠", theme.warning),
    };
    styled(out, severity, |out| out.push_str(&d.rule));
    out.push_str("\n\n  ");
    styled(out, severity, |out| out.push_str(icon));
    out.push(' ');
    out.push_str(&d.message);
    out.push('\n');
    for (context, contents) in contexts(source, &marks)? {
        snippet(out, theme, source, context, &contents, &marks)?;
    }
    if let Some(help) = &d.help {
        styled(out, theme.help, |out| out.push_str("  help: "));
        out.push_str(help);
        out.push('\n');
    }
    Some(())
}

/// The spans whose lines are shown together (miette's `render_snippets`), each with what
/// miette reads of it: one per mark, or one over marks whose lines of context meet.
fn contexts<'a>(
    source: &Source<'a>,
    marks: &[Mark],
) -> Option<Vec<(SourceSpan, MietteSpanContents<'a>)>> {
    let mut contexts: Vec<(SourceSpan, MietteSpanContents)> = Vec::with_capacity(marks.len());
    for mark in marks {
        let right = source
            .context(&mark.span, CONTEXT_LINES, CONTEXT_LINES)
            .ok()?;
        if let Some((left, left_contents)) = contexts.last() {
            if left_contents.line() + left_contents.line_count() >= right.line() {
                let end = (left.offset() + left.len()).max(mark.end());
                let merged = SourceSpan::from((left.offset(), end - left.offset()));
                if let Ok(both) = source.context(&merged, CONTEXT_LINES, CONTEXT_LINES) {
                    contexts.pop();
                    contexts.push((merged, both));
                    continue;
                }
            }
        }
        contexts.push((mark.span, right));
    }
    Some(contexts)
}

/// One snippet: the lines around `context` (`contents`, as miette reads them) with every mark
/// on them (miette's `render_context`, for marks within one line). None for a mark over
/// several lines.
fn snippet(
    out: &mut String,
    theme: &Theme,
    source: &Source,
    context: SourceSpan,
    contents: &MietteSpanContents,
    marks: &[Mark],
) -> Option<()> {
    // miette reads the bytes as UTF-8, lossily: on char boundaries (a context runs from a line
    // start to a line end or the text's end), they are the text's own.
    let read = contents.span();
    let data = match source.text().get(read.offset()..read.offset() + read.len()) {
        Some(data) => Cow::Borrowed(data),
        None => String::from_utf8_lossy(contents.data()),
    };
    let lines = lines(&data, contents);
    if lines
        .iter()
        .any(|line| marks.iter().any(|mark| line.applies_gutter(mark.span)))
    {
        // A mark over several lines: miette draws it in a gutter.
        return None;
    }
    let inside = |mark: &&Mark| {
        context.offset() <= mark.span.offset() && mark.end() <= context.offset() + context.len()
    };
    let primary = marks
        .iter()
        .filter(inside)
        .find(|mark| mark.primary)
        .or_else(|| marks.iter().find(inside));
    let (line, column) = match primary {
        Some(mark) => {
            let at = source.context(&mark.span, 0, 0).ok()?;
            (at.line(), at.column())
        }
        // Never: a context holds the mark it was read for (kept as miette has it).
        None => (contents.line(), contents.column()),
    };
    let width = digits(lines.last().map_or(0, |line| line.number)).len();
    pad(out, width + 2);
    out.push_str("╭─[");
    styled(out, theme.link, |out| {
        out.push_str(source.name());
        out.push(':');
        digits(line + 1).push_to(out);
        out.push(':');
        digits(column + 1).push_to(out);
    });
    out.push_str("]\n");
    let mut on_line = Vec::new();
    for line in &lines {
        out.push(' ');
        // The number is padded inside its style, as owo-colors passes the width on.
        styled(out, theme.linum, |out| {
            let number = digits(line.number);
            pad(out, width - number.len());
            number.push_to(out);
        });
        out.push_str(" │ ");
        expand_tabs(out, line.text);
        out.push('\n');
        on_line.clear();
        on_line.extend(
            marks
                .iter()
                .zip(theme.highlights.iter().copied().cycle())
                .filter(|(mark, _)| line.applies(mark.span)),
        );
        if !on_line.is_empty() {
            no_number(out, width);
            highlights(out, line, &on_line, width);
        }
    }
    pad(out, width + 2);
    out.push_str("╰────\n");
    Some(())
}

/// `n` spaces.
fn pad(out: &mut String, n: usize) {
    repeat(out, ' ', n);
}

/// `c` `n` times: pushed as slices of a run of them, not a character at a time (a snippet's
/// gutters and rules are most of its characters).
fn repeat(out: &mut String, c: char, n: usize) {
    // RUN characters each.
    const RUN: usize = 64;
    const SPACES: &str = "                                                                ";
    const RULES: &str = "────────────────────────────────────────────────────────────────";
    let (run, width) = match c {
        ' ' => (SPACES, 1),
        '─' => (RULES, '─'.len_utf8()),
        _ => {
            out.extend(std::iter::repeat_n(c, n));
            return;
        }
    };
    let mut left = n;
    while left > 0 {
        let now = left.min(RUN);
        out.push_str(&run[..now * width]);
        left -= now;
    }
}

/// The decimal digits of `n`, as `{}` writes them (the formatter's padding is most of the cost
/// of a line's gutter).
fn digits(mut n: usize) -> Digits {
    let mut digits = Digits {
        bytes: [0; 20],
        start: 20,
    };
    loop {
        digits.start -= 1;
        digits.bytes[digits.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return digits;
        }
    }
}

/// The digits of a number, held on the stack.
struct Digits {
    bytes: [u8; 20],
    start: usize,
}

impl Digits {
    fn len(&self) -> usize {
        self.bytes.len() - self.start
    }

    /// The digits pushed onto `out` (ASCII: each byte is its character).
    fn push_to(&self, out: &mut String) {
        out.extend(self.bytes[self.start..].iter().map(|&b| char::from(b)));
    }
}

/// The gutter of a line under a source line: the line number's room, then `·`.
fn no_number(out: &mut String, width: usize) {
    out.push(' ');
    pad(out, width);
    out.push_str(" · ");
}

/// The marks within `line` (miette's `render_single_line_highlights`, after the gutter): a
/// rule under each, `▲` under an empty one, `┬` at the middle of a labelled one, then from
/// the last to the first, a line for each label, reached by `╰──` past the `│` of the marks
/// before it.
fn highlights(out: &mut String, line: &Line, marks: &[(&Mark, &str)], width: usize) {
    let mut highest = 0;
    let mut middles = Vec::with_capacity(marks.len());
    for &(mark, style) in marks {
        let start = line.visual_offset(mark.span.offset(), true).max(highest);
        let end = if mark.span.is_empty() {
            start + 1
        } else {
            line.visual_offset(mark.end(), false).max(start + 1)
        };
        let middle = (start + end) / 2;
        // The space before the rule is inside its style, as miette writes it.
        styled(out, style, |out| {
            pad(out, start.saturating_sub(highest));
            repeat(out, '─', middle - start);
            out.push(if mark.span.is_empty() {
                '▲'
            } else if mark.label.is_some() {
                '┬'
            } else {
                '─'
            });
            repeat(out, '─', end - middle - 1);
        });
        highest = highest.max(end);
        middles.push(middle);
    }
    out.push('\n');
    for &(mark, style) in marks.iter().rev() {
        let Some(label) = mark.label else { continue };
        no_number(out, width);
        let mut column = 1;
        for (&(other, other_style), &middle) in marks.iter().zip(&middles) {
            if column < middle + 1 {
                pad(out, middle + 1 - column);
                column = middle + 1;
            }
            // No two marks start together (see `try_render`): the same start is the same mark.
            if other.span.offset() != mark.span.offset() {
                styled(out, other_style, |out| out.push('│'));
                column += 1;
            } else {
                // miette styles the label, then the whole line with it.
                styled(out, style, |out| {
                    out.push_str("╰── ");
                    styled(out, style, |out| out.push_str(label));
                });
                out.push('\n');
                break;
            }
        }
    }
}

/// One line of a snippet, as miette's `get_lines` makes it.
struct Line<'a> {
    /// Its number from 1.
    number: usize,
    /// Its first byte in the file.
    offset: usize,
    /// Its length with its line end.
    length: usize,
    /// Its text without its line end (a lone `\r` stays).
    text: &'a str,
}

/// The lines of a span's context, as miette's `get_lines` splits and numbers them.
fn lines<'a>(data: &'a str, context: &MietteSpanContents) -> Vec<Line<'a>> {
    // miette steps char by char; only `\r` and `\n` matter, and the runs between them are
    // taken whole here. Its column is only ever compared with 0.
    let bytes = data.as_bytes();
    let mut line = context.line();
    let mut column = context.column();
    let base = context.span().offset();
    // The current line starts at data[start], its text ends at data[text_end].
    let mut start = 0;
    let mut text_end = 0;
    let mut lines = Vec::with_capacity(2 * CONTEXT_LINES + 1);
    let mut i = 0;
    while i < bytes.len() {
        let run_end = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        if run_end > i {
            column += run_end - i;
            text_end = run_end;
            i = run_end;
        }
        if i == bytes.len() {
            // The last line, without a line end: miette counts it when it meets the end.
            line += 1;
        } else if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            // A lone `\r` stays in the line's text.
            i += 1;
            text_end = i;
            column += 1;
        } else {
            i += if bytes[i] == b'\r' { 2 } else { 1 };
            line += 1;
            column = 0;
        }
        if column == 0 || i == bytes.len() {
            lines.push(Line {
                number: line,
                offset: base + start,
                length: i - start,
                text: &data[start..text_end],
            });
            start = i;
            text_end = i;
        }
    }
    lines
}

impl Line<'_> {
    /// Whether `span` is drawn on or beside this line (miette's `span_applies`).
    fn applies(&self, span: SourceSpan) -> bool {
        let (start, end) = (span.offset(), span.offset() + span.len().max(1));
        let line_end = self.offset + self.length;
        (start >= self.offset && start < line_end)
            || (start < self.offset && end > line_end)
            || (end > self.offset && end <= line_end)
    }

    /// Whether `span` is drawn in the gutter beside this line, as one over several lines is
    /// (miette's `span_applies_gutter`).
    fn applies_gutter(&self, span: SourceSpan) -> bool {
        let (start, end) = (span.offset(), span.offset() + span.len().max(1));
        let line_end = self.offset + self.length;
        self.applies(span)
            && !((start >= self.offset && start < line_end)
                && (end > self.offset && end <= line_end))
    }

    /// The column on screen of byte `offset` of the file, on this line (miette's
    /// `visual_offset`): a byte inside a character counts as its first column if `start`,
    /// else as the one after it; past the line's text, one column past its end.
    fn visual_offset(&self, offset: usize, start: bool) -> usize {
        let mut index = offset - self.offset;
        while index <= self.text.len() && !self.text.is_char_boundary(index) {
            if start {
                index -= 1;
            } else {
                index += 1;
            }
        }
        let width = width_of(&self.text[..index.min(self.text.len())]);
        if index > self.text.len() {
            width + 1
        } else {
            width
        }
    }
}

/// The columns each character of a line takes on screen (miette's `line_visual_char_width`):
/// a tab reaches the next tab stop, an ANSI escape sequence takes none.
fn widths(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut column = 0;
    let mut escaped = false;
    text.chars().map(move |c| {
        let width = char_width(c, column, &mut escaped);
        column += width;
        width
    })
}

/// The columns `c` takes at `column`, in an escape sequence or not (`escaped`, which it
/// updates): one step of [`widths`].
fn char_width(c: char, column: usize, escaped: &mut bool) -> usize {
    match (*escaped, c) {
        (false, '\t') => TAB_WIDTH - column % TAB_WIDTH,
        (false, '\x1b') => {
            *escaped = true;
            0
        }
        (false, c) => c.width().unwrap_or(0),
        (true, 'm') => {
            *escaped = false;
            0
        }
        (true, _) => 0,
    }
}

/// The columns `text` takes on screen: the sum of its [`widths`], with printable ASCII (one
/// column each) counted without decoding it (a mark's columns are counted from its line's
/// start, and a paragraph is one long line).
fn width_of(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut sum = 0;
    let mut i = 0;
    while i < bytes.len() {
        let printable = bytes[i..]
            .iter()
            .position(|b| !(b' '..=b'~').contains(b))
            .unwrap_or(bytes.len() - i);
        sum += printable;
        i += printable;
        if i == bytes.len() {
            break;
        }
        // The rest from the first other character, which `widths` takes from column `sum`
        // (an escape sequence runs to its `m`: those bytes are counted there too).
        let rest = &text[i..];
        let mut column = sum;
        let mut escaped = false;
        let mut taken = 0;
        for c in rest.chars() {
            column += char_width(c, column, &mut escaped);
            taken += c.len_utf8();
            if !escaped {
                break;
            }
        }
        sum = column;
        i += taken;
    }
    sum
}

/// A line's text with its tabs turned into spaces (miette's `render_line_text`).
fn expand_tabs(out: &mut String, text: &str) {
    if !text.contains('\t') {
        out.push_str(text);
        return;
    }
    for (c, width) in text.chars().zip(widths(text)) {
        if c == '\t' {
            pad(out, width);
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_of_is_the_sum_of_the_widths() {
        for text in [
            "",
            "plain ASCII text",
            "Publié le 22 nov. 2023 à 16:38",
            "a\tb\t\tc",
            "\tindented é\tthen",
            "漢字 and ｗｉｄｅ letters",
            "\x1b[31mred\x1b[0m text",
            "\x1b[1;4mstyled é\x1b[0m\tafter",
            "unclosed \x1b[31 escape",
            "control \x07 bell and \u{200b} zero width",
            "emoji 👍🏽 and e\u{301}",
        ] {
            assert_eq!(width_of(text), widths(text).sum::<usize>(), "{text:?}");
        }
        // Strings drawn from the characters that matter, by a fixed generator.
        let alphabet = [
            'a', 'm', ' ', '\t', '\x1b', '[', 'é', '漢', '\u{301}', '\x07', '~',
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(width_of(&text), widths(&text).sum::<usize>(), "{text:?}");
        }
    }

    #[test]
    fn repeat_pushes_the_character_n_times() {
        for c in [' ', '─', 'x', '語'] {
            for n in [0, 1, 2, 63, 64, 65, 130] {
                let mut out = String::from("<");
                repeat(&mut out, c, n);
                assert_eq!(out, format!("<{}", c.to_string().repeat(n)));
            }
        }
    }

    #[test]
    fn digits_are_what_display_writes() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u32::MAX as usize, usize::MAX] {
            let mut pushed = String::from(">");
            digits(n).push_to(&mut pushed);
            assert_eq!(pushed, format!(">{n}"));
            assert_eq!(digits(n).len(), n.to_string().len());
        }
    }
}
