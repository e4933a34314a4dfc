//! Every format, streamed: reports are loaded (read back from the run's spill) and rendered in
//! parallel, a slice at a time, while the slice before is written. Neither the reports nor the
//! output are held whole, whatever the format.

use std::borrow::Borrow;
use std::io::Write;

use rayon::prelude::*;

use crate::cli::Format;
use crate::registry::RuleSet;
use crate::render::{concise, github, json, junit, sarif, text, FileReport, Summary};

/// What a format's document holds besides the reports.
#[derive(Copy, Clone)]
pub struct Document<'a> {
    pub summary: &'a Summary,
    /// The text format's last line (empty: none).
    pub summary_line: &'a str,
    pub style: text::Style,
    /// The rules, which SARIF describes.
    pub rules: &'a RuleSet,
}

/// The reports in `format`, as one string (one report, or a test's few).
pub fn render(format: Format, reports: &[FileReport], document: Document<'_>) -> String {
    let mut out = Vec::new();
    write(&mut out, format, reports, |report| report, document)
        .expect("writing to memory does not fail");
    String::from_utf8(out).expect("every format is UTF-8")
}

/// The reports that `load` makes of `items`, in `format`, to `out`.
pub fn write<T: Send, R: Borrow<FileReport>>(
    out: &mut dyn Write,
    format: Format,
    items: impl IntoIterator<Item = T, IntoIter: Send>,
    load: impl Fn(T) -> R + Send + Sync,
    document: Document<'_>,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            let style = document.style;
            let any = each(
                out,
                items,
                load,
                |r| text::render_separated(r, style),
                b"\n",
            )?;
            text::write_summary(out, any, document.summary_line)
        }
        Format::Concise => each(out, items, load, concise::render_report, b"").map(drop),
        Format::JsonLines => each(out, items, load, json::render_report_lines, b"").map(drop),
        Format::Github => each(out, items, load, github::render_report, b"").map(drop),
        Format::Json => {
            out.write_all(json::HEADER)?;
            elements(out, items, load, json::render_report, json::INDENT)?;
            json::write_footer(out, document.summary)
        }
        Format::Sarif => {
            let (header, footer) = sarif::frame(document.rules);
            out.write_all(header.as_bytes())?;
            let ids: Vec<&str> = document.rules.ids().collect();
            let render = |r: &FileReport| sarif::render_report(r, &ids);
            elements(out, items, load, render, sarif::INDENT)?;
            out.write_all(footer.as_bytes())
        }
        Format::Junit => {
            junit::write_header(out, document.summary)?;
            each(out, items, load, junit::render_report, b"")?;
            junit::write_footer(out)
        }
    }
}

/// The elements of a JSON array, each report's rendering a `,` and elements (see [`each`]),
/// then, when there is one, the line break and `indent` before the array's closing bracket,
/// as serde_json's pretty printer ends an array.
fn elements<T: Send, R: Borrow<FileReport>>(
    out: &mut dyn Write,
    items: impl IntoIterator<Item = T, IntoIter: Send>,
    load: impl Fn(T) -> R + Send + Sync,
    render: impl Fn(&FileReport) -> Vec<u8> + Send + Sync,
    indent: &[u8],
) -> std::io::Result<()> {
    if each(out, items, load, render, b",")? {
        out.write_all(b"\n")?;
        out.write_all(indent)?;
    }
    Ok(())
}

/// Writes each report's rendering in order, [`SLICE`] reports rendered in parallel at a time
/// while the slice before is written. A rendering that is not empty starts with `separator`,
/// but the first one written. Whether any was written.
fn each<T: Send, R: Borrow<FileReport>>(
    out: &mut dyn Write,
    items: impl IntoIterator<Item = T, IntoIter: Send>,
    load: impl Fn(T) -> R + Send + Sync,
    render: impl Fn(&FileReport) -> Vec<u8> + Send + Sync,
    separator: &[u8],
) -> std::io::Result<bool> {
    /// Reports rendered at a time.
    const SLICE: usize = 256;
    let mut any = false;
    std::thread::scope(|scope| -> std::io::Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let mut items = items.into_iter();
        let (load, render) = (&load, &render);
        scope.spawn(move || loop {
            let slice: Vec<T> = items.by_ref().take(SLICE).collect();
            if slice.is_empty() {
                return;
            }
            let rendered: Vec<Vec<u8>> = slice
                .into_par_iter()
                .map(|item| render(load(item).borrow()))
                .collect();
            // The writer stopped (a closed pipe): so does rendering.
            if send.send(rendered.concat()).is_err() {
                return;
            }
        });
        for rendered in receive {
            let rendered = match rendered.strip_prefix(separator) {
                Some(rest) if !any => rest,
                _ => &rendered[..],
            };
            any |= !rendered.is_empty();
            out.write_all(rendered)?;
        }
        Ok(())
    })?;
    Ok(any)
}
