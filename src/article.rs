//! An article parsed once: front matter, and the views of the Markdown body that rules read.
//! Every span is absolute in `source`.

use std::path::Path;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::front_matter::FrontMatter;
use crate::span::{trim_end_ascii, LineIndex, Span};

const BOM: &str = "\u{feff}";

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum HeadingKind {
    Atx,
    Setext,
    Html,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub kind: HeadingKind,
    /// The heading's text content, markup removed.
    pub text: String,
    /// The heading as written, all its lines.
    pub span: Span,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub dest: String,
    /// The whole link or image as written.
    pub span: Span,
    /// Where the destination is written: inside the parentheses, or in the reference definition.
    pub dest_span: Span,
    /// `<https://…>` or `<a@b.c>`: the destination is the text itself.
    pub autolink: bool,
    /// What the link shows as text (an image's alt text), inline code included.
    pub text: String,
    /// The link shows something besides text: an image, or inline HTML such as an icon.
    pub has_media: bool,
}

impl Link {
    pub fn has_text(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

pub struct Article<'a> {
    pub path: &'a Path,
    pub source: &'a str,
    /// The file starts with a UTF-8 byte order mark (kept in `source`, skipped by the parsers).
    pub bom: bool,
    pub front_matter: Option<FrontMatter>,
    /// Everything after the front matter.
    pub body: Span,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Fenced code blocks as pulldown-cmark ends them (at their closing fence, or the end of
    /// their container when never closed), code shortcodes included.
    pub fenced_code: Vec<Span>,
    /// Raw HTML, blocks and inline, comments included; contiguous pieces merged.
    pub html: Vec<Span>,
    /// Code: fenced and indented blocks, inline code, and generator code shortcodes.
    pub code: Vec<Span>,
    /// Prose: text outside code, HTML, autolinks and template tags; contiguous runs merged.
    pub prose: Vec<Span>,
    /// Paragraphs and list items, as written: where a run of text ends.
    pub blocks: Vec<Span>,
    /// Where the hard line breaks written with trailing spaces or tabs start (sorted).
    pub hard_breaks: Vec<usize>,
    /// `path` made absolute, resolved once for every rule that needs it.
    absolute: std::sync::OnceLock<std::path::PathBuf>,
    /// The article as the site index sees it (an article is linted against one site), made once
    /// for the cross-file rules that all compare it with its peers.
    entry: std::sync::OnceLock<Option<crate::site_index::Entry>>,
    lines: LineIndex,
}

/// Hugo `{{< highlight >}}`/`{{< code >}}`, Liquid `{% highlight %}` and `{% raw %}`: Markdown
/// sees plain paragraphs, the generator renders code.
static CODE_SHORTCODE_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\{\{[<%]-?\s*(highlight|code)\b[^}]*?-?[>%]\}\}|\{%-?\s*(highlight|raw)\b[^%]*?-?%\}",
    )
    .unwrap()
});
static HUGO_SHORTCODE_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[<%]-?\s*/\s*(highlight|code)\s*-?[>%]\}\}").unwrap());
static LIQUID_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*end(highlight|raw)\s*-?%\}").unwrap());
/// Any template tag: shortcode calls, Liquid tags and outputs. Not prose.
static TEMPLATE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}").unwrap());
static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^\s*<h([1-6])\b[^>]*>(.*?)</h[1-6]\s*>").unwrap());
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());

/// `path` made canonical by joining its name to its folder's canonical path, which is resolved
/// once per folder and thread: `realpath` costs a `readlink` per component, for every article.
/// `None` when the file itself is a symbolic link (or is gone), which `canonicalize` resolves.
fn canonical_in_known_dir(path: &Path) -> Option<std::path::PathBuf> {
    if std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    in_canonical_dir(path)
}

/// The path the article at `path` is known by (absolute, symlinks resolved): what
/// [`Article::absolute_path`] gives once [`Article::walked`] said whether the walk found it.
pub fn canonical_path(path: &Path, walked: bool) -> std::path::PathBuf {
    walked
        .then(|| in_canonical_dir(path))
        .flatten()
        .unwrap_or_else(|| absolute(path))
}

/// `path` absolute, with symlinks resolved (from the current folder when the file does not
/// exist, as with stdin).
fn absolute(path: &Path) -> std::path::PathBuf {
    canonical_in_known_dir(path)
        .or_else(|| std::fs::canonicalize(path).ok())
        .or_else(|| std::env::current_dir().ok().map(|cwd| cwd.join(path)))
        .unwrap_or_else(|| path.to_path_buf())
}

/// `path`'s name joined to its folder's canonical path (resolved once per folder and thread),
/// for a file known not to be a symbolic link.
fn in_canonical_dir(path: &Path) -> Option<std::path::PathBuf> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static DIRS: RefCell<HashMap<std::path::PathBuf, std::path::PathBuf>> =
            RefCell::new(HashMap::new());
    }
    let name = path.file_name()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    DIRS.with(|dirs| {
        let mut dirs = dirs.borrow_mut();
        if let Some(dir) = dirs.get(parent) {
            return Some(dir.join(name));
        }
        let dir = std::fs::canonicalize(parent).ok()?;
        let joined = dir.join(name);
        dirs.insert(parent.to_path_buf(), dir);
        Some(joined)
    })
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

impl<'a> Article<'a> {
    /// Parses `source`; never fails: problems in the input become diagnostics of the rules.
    pub fn parse(path: &'a Path, source: &'a str) -> Self {
        let mut article = Article::front_matter_only(path, source);
        article.parse_body();
        article
    }

    /// The article with its front matter parsed and its body not: headings, links, blocks
    /// and the rest are empty (for rules that read only the front matter, as cross-file ones).
    pub fn front_matter_only(path: &'a Path, source: &'a str) -> Self {
        let bom = source.starts_with(BOM);
        let start = if bom { BOM.len() } else { 0 };
        let front_matter = FrontMatter::split(source, start);
        let body_start = front_matter.as_ref().map_or(start, |fm| fm.span.end);
        Article {
            path,
            source,
            bom,
            front_matter,
            body: Span::new(body_start, source.len()),
            headings: Vec::new(),
            links: Vec::new(),
            fenced_code: Vec::new(),
            html: Vec::new(),
            code: Vec::new(),
            prose: Vec::new(),
            blocks: Vec::new(),
            hard_breaks: Vec::new(),
            absolute: std::sync::OnceLock::new(),
            entry: std::sync::OnceLock::new(),
            lines: LineIndex::new(source),
        }
    }

    fn parse_body(&mut self) {
        let base = self.body.start;
        let body = &self.source[self.body.range()];
        let parser = Parser::new_ext(body, markdown_options());
        let ref_defs: Vec<(String, Span)> = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| {
                let span = Span::from(def.span.clone());
                // The destination follows `]:`; the label before it may contain the same text.
                let after_label = body[span.range()]
                    .find("]:")
                    .map_or(span.start, |i| span.start + i + 2);
                (
                    label.to_string(),
                    dest_span_within(body, Span::new(after_label, span.end), &def.dest),
                )
            })
            .collect();

        // All spans are relative to `body` until the end, where they are shifted by `base`.
        let mut text_runs: Vec<Span> = Vec::new();
        let mut code: Vec<Span> = Vec::new();
        let mut html: Vec<Span> = Vec::new();
        let mut headings: Vec<Heading> = Vec::new();
        let mut links: Vec<PendingLink> = Vec::new();
        let mut blocks: Vec<Span> = Vec::new();
        let mut fenced: Vec<Span> = Vec::new();
        // Links and images being read, innermost last (indices into `links`).
        let mut open: Vec<usize> = Vec::new();
        let mut in_code_block = false;
        let mut autolink_depth = 0usize;
        let mut heading: Option<(u8, Span, String)> = None;
        for (event, range) in parser.into_offset_iter() {
            let span = Span::from(range);
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code_block = true;
                    if matches!(kind, CodeBlockKind::Fenced(_)) {
                        fenced.push(span);
                    }
                    push_merged(&mut code, span);
                }
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Code(text) => {
                    push_merged(&mut code, span);
                    for &i in &open {
                        links[i].text.push_str(&text);
                    }
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push_str(&text);
                    }
                }
                Event::Html(text) | Event::InlineHtml(text) => {
                    push_merged(&mut html, span);
                    if !text.trim_start().starts_with("<!--") {
                        for &i in &open {
                            links[i].has_media = true;
                        }
                    }
                }
                Event::Start(Tag::Paragraph | Tag::Item) => {
                    blocks.push(trim_trailing_newlines(body, span))
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((heading_level(level), span, String::new()))
                }
                Event::SoftBreak | Event::HardBreak => {
                    let spaces = body[span.range()].starts_with([' ', '\t']);
                    if matches!(event, Event::HardBreak) && spaces {
                        self.hard_breaks.push(base + span.start);
                    }
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push(' ');
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, span, text)) = heading.take() {
                        let kind = if body[span.range()].trim_start().starts_with('#') {
                            HeadingKind::Atx
                        } else {
                            HeadingKind::Setext
                        };
                        headings.push(Heading {
                            level,
                            kind,
                            text: collapse_spaces(&text),
                            span: trim_trailing_newlines(body, span),
                        });
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        autolink_depth += 1;
                    }
                    open.push(links.len());
                    links.push(PendingLink::new(
                        LinkKind::Link,
                        link_type,
                        &dest_url,
                        &id,
                        span,
                    ));
                }
                // Autolinks hold no other links, so any link end closes the autolink we are in.
                Event::End(TagEnd::Link) => {
                    autolink_depth = autolink_depth.saturating_sub(1);
                    open.pop();
                }
                Event::End(TagEnd::Image) => {
                    open.pop();
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    for &i in &open {
                        links[i].has_media = true;
                    }
                    open.push(links.len());
                    links.push(PendingLink::new(
                        LinkKind::Image,
                        link_type,
                        &dest_url,
                        &id,
                        span,
                    ));
                }
                Event::Text(text) => {
                    if let Some((_, _, heading_text)) = heading.as_mut() {
                        heading_text.push_str(&text);
                    }
                    for &i in &open {
                        links[i].text.push_str(&text);
                    }
                    if !in_code_block && autolink_depth == 0 {
                        push_merged(&mut text_runs, span);
                    }
                }
                _ => {}
            }
        }
        let code = merge(code);
        let (code_shortcodes, template_tags) = template_regions(body, &code);
        let shortcodes = merge(code_shortcodes.clone());
        let outside_shortcodes = |span: &Span| !shortcodes.iter().any(|c| c.overlaps(*span));

        headings.extend(html_headings(body, &html));
        headings.retain(|h| outside_shortcodes(&h.span));
        headings.sort_by_key(|h| h.span.start);
        self.headings = headings
            .into_iter()
            .map(|h| Heading {
                span: h.span.shift(base),
                ..h
            })
            .collect();

        let link_spans: Vec<Span> = links.iter().map(|l| l.span).collect();
        self.links = links
            .iter()
            .filter(|l| outside_shortcodes(&l.span))
            .map(|l| l.resolve(body, &ref_defs, &link_spans).shifted(base))
            .collect();
        self.html = subtract(&html, &shortcodes)
            .into_iter()
            .map(|s| s.shift(base))
            .collect();
        self.code = merge([code, code_shortcodes].concat())
            .into_iter()
            .map(|s| s.shift(base))
            .collect();
        let excluded = merge([shortcodes.clone(), template_tags].concat());
        self.prose = subtract(&text_runs, &excluded)
            .into_iter()
            .map(|s| s.shift(base))
            .collect();
        self.blocks = blocks
            .into_iter()
            .filter(outside_shortcodes)
            .map(|s| s.shift(base))
            .collect();
        self.fenced_code = fenced.into_iter().map(|s| s.shift(base)).collect();
    }

    /// The article, told when its file is one a folder walk found as a regular file (never a
    /// symbolic link): its absolute path then costs no `stat`.
    pub fn walked(self, walked: bool) -> Self {
        if walked {
            if let Some(path) = in_canonical_dir(self.path) {
                // Set once, here: nothing read the path before.
                let _ = self.absolute.set(path);
            }
        }
        self
    }

    /// The article's path, absolute and with symlinks resolved (from the current folder when the
    /// file does not exist, as with stdin).
    pub fn absolute_path(&self) -> &Path {
        self.absolute.get_or_init(|| absolute(self.path))
    }

    /// The article as `site`'s index sees it, from its current text (which may be unsaved:
    /// stdin); `None` without front matter or when it is not valid. Made on the first call:
    /// an article is linted against one site.
    pub fn own_entry(&self, site: &crate::site::Site) -> Option<&crate::site_index::Entry> {
        self.entry
            .get_or_init(|| {
                let fm = self.front_matter.as_ref()?;
                fm.data.as_ref().ok()?;
                Some(crate::site_index::Entry::from_front_matter(
                    site,
                    self.absolute_path(),
                    fm,
                ))
            })
            .as_ref()
    }

    /// The article, given the entry `site`'s index holds for it (made from this same text):
    /// [`Article::own_entry`] is then that entry, not made again.
    pub fn indexed_as(self, entry: crate::site_index::Entry) -> Self {
        let valid = self.front_matter.as_ref().is_some_and(|fm| fm.data.is_ok());
        // Set once, here: nothing asked for the entry before.
        let _ = self.entry.set(valid.then_some(entry));
        self
    }

    /// The front-matter `title`, with where its value is written.
    pub fn title(&self) -> Option<(&str, Span)> {
        let fm = self.front_matter.as_ref()?;
        let title = fm.str_value("title")?;
        let span = fm.field("title").map_or(fm.span, |f| f.value_span);
        Some((title, span))
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The line index, kept when the article is done with (reports locate their problems in it).
    pub fn into_line_index(self) -> LineIndex {
        self.lines
    }

    /// The full line holding `offset`, line ending included (what a line deletion removes).
    pub fn line_span(&self, offset: usize) -> Span {
        self.lines.line_span(self.source, offset)
    }

    /// The line holding `offset`, without its line ending.
    pub fn line_content(&self, offset: usize) -> Span {
        self.lines.line_content(self.source, offset)
    }

    /// What to delete to remove the whole lines under `span` without leaving a run of blank
    /// lines: when the lines sit between two blank lines, the blank line after goes too; at
    /// the end of the file, the blank line before goes.
    pub fn line_removal(&self, span: Span) -> Span {
        // Never before the body: the first line may hold the byte order mark.
        let start = self
            .line_span(span.start)
            .start
            .max(self.body.start.min(span.start));
        let mut end = self
            .line_span(span.end.saturating_sub(1).max(span.start))
            .end;
        let is_blank = |s: Span| self.text(s).trim().is_empty();
        let prev = (start > self.body.start).then(|| self.line_span(start - 1));
        let prev_blank = prev.is_some_and(is_blank);
        if end < self.source.len() {
            let next = self.line_span(end);
            if is_blank(next) && (prev_blank || start == self.body.start) {
                end = next.end;
            }
        } else if let Some(prev) = prev.filter(|p| prev_blank && p.start >= self.body.start) {
            return Span::new(prev.start, end);
        }
        Span::new(start, end)
    }

    pub fn in_code(&self, span: Span) -> bool {
        overlaps_any(&self.code, span)
    }

    pub fn text(&self, span: Span) -> &'a str {
        &self.source[span.range()]
    }
}

/// A link as the parser reports it, before its destination is located in the source.
struct PendingLink {
    kind: LinkKind,
    link_type: LinkType,
    dest: String,
    id: String,
    span: Span,
    text: String,
    has_media: bool,
}

impl PendingLink {
    fn new(kind: LinkKind, link_type: LinkType, dest: &str, id: &str, span: Span) -> Self {
        Self {
            kind,
            link_type,
            dest: dest.to_string(),
            id: id.to_string(),
            span,
            text: String::new(),
            has_media: false,
        }
    }

    /// Finds where the destination is written: in the reference definition, inside `<…>`, or
    /// after the `](` that closes the link text (not one inside a nested link, nor in the title).
    fn resolve(&self, body: &str, ref_defs: &[(String, Span)], all: &[Span]) -> Link {
        let span = self.span;
        let autolink = matches!(self.link_type, LinkType::Autolink | LinkType::Email);
        let dest_span = match self.link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => ref_defs
                .iter()
                .find(|(label, _)| label.eq_ignore_ascii_case(&self.id))
                .map_or(span, |(_, s)| *s),
            LinkType::Autolink | LinkType::Email => Span::new(
                span.start + 1,
                span.end.saturating_sub(1).max(span.start + 1),
            ),
            _ => {
                let nested: Vec<Span> = all
                    .iter()
                    .copied()
                    .filter(|o| *o != span && span.contains(*o))
                    .collect();
                let text = &body[span.range()];
                text.match_indices("](")
                    .map(|(i, _)| span.start + i)
                    .filter(|at| !nested.iter().any(|n| n.start <= *at && *at < n.end))
                    .find_map(|at| {
                        let inside = &body[at + 2..span.end];
                        let after = inside.trim_start_matches([' ', '\t', '\n', '<']);
                        after.starts_with(&self.dest).then(|| {
                            let start = at + 2 + (inside.len() - after.len());
                            Span::new(start, start + self.dest.len())
                        })
                    })
                    .unwrap_or(span)
            }
        };
        Link {
            kind: self.kind,
            dest: self.dest.clone(),
            span,
            dest_span,
            autolink,
            text: self.text.clone(),
            has_media: self.has_media,
        }
    }
}

impl Link {
    fn shifted(self, by: usize) -> Link {
        Link {
            span: self.span.shift(by),
            dest_span: self.dest_span.shift(by),
            ..self
        }
    }
}

/// HTML blocks that open with `<h1>`…`<h6>`: the element itself is the heading.
fn html_headings(body: &str, html: &[Span]) -> Vec<Heading> {
    let mut out = Vec::new();
    for &span in html {
        let text = &body[span.range()];
        let opening = text.trim_start().as_bytes();
        let may_be_heading = opening.len() > 2
            && opening[0] == b'<'
            && opening[1].eq_ignore_ascii_case(&b'h')
            && (b'1'..=b'6').contains(&opening[2]);
        if !may_be_heading {
            continue;
        }
        let Some(caps) = HTML_HEADING.captures(text) else {
            continue;
        };
        let whole = caps.get(0).expect("group 0 always matches");
        let level = caps[1].parse::<u8>().unwrap_or(1);
        let inner = HTML_TAG.replace_all(&caps[2], "");
        let leading = whole.as_str().len() - whole.as_str().trim_start().len();
        out.push(Heading {
            level,
            kind: HeadingKind::Html,
            text: collapse_spaces(&decode_basic_entities(&inner)),
            span: Span::new(
                span.start + whole.start() + leading,
                span.start + whole.end(),
            ),
        });
    }
    out
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Code shortcode regions (open tag to close tag, or to the end when unclosed) and all other
/// template tags, as spans relative to `body`.
fn template_regions(body: &str, code: &[Span]) -> (Vec<Span>, Vec<Span>) {
    // Every template tag opens with `{{` or `{%`.
    let bytes = body.as_bytes();
    let opens_tag =
        memchr::memchr_iter(b'{', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%')));
    if !opens_tag {
        return (Vec::new(), Vec::new());
    }
    let in_code = |at: usize| overlaps_any(code, Span::new(at, at + 1));
    let mut regions = Vec::new();
    let mut pos = 0;
    while let Some(open) = CODE_SHORTCODE_OPEN.find_at(body, pos) {
        if in_code(open.start()) {
            // Written about, not used: `{{< highlight >}}` inside backticks or a fence.
            pos = open.end();
            continue;
        }
        let close_re: &Regex = if open.as_str().starts_with("{{") {
            &HUGO_SHORTCODE_CLOSE
        } else {
            &LIQUID_CLOSE
        };
        let end = close_re
            .find_iter(&body[open.end()..])
            .map(|m| (open.end() + m.start(), open.end() + m.end()))
            .find(|(start, _)| !in_code(*start))
            .map_or(body.len(), |(_, end)| end);
        regions.push(Span::new(open.start(), end));
        pos = end;
    }
    let tags = TEMPLATE_TAG
        .find_iter(body)
        .map(|m| Span::new(m.start(), m.end()))
        .collect();
    (regions, tags)
}

/// The span of `dest` as written inside `within` (falls back to `within`).
fn dest_span_within(body: &str, within: Span, dest: &str) -> Span {
    if dest.is_empty() {
        return within;
    }
    match body[within.range()].find(dest) {
        Some(i) => Span::new(within.start + i, within.start + i + dest.len()),
        None => within,
    }
}

fn trim_trailing_newlines(text: &str, span: Span) -> Span {
    let trimmed = trim_end_ascii(&text[span.range()], b"\n\r");
    Span::new(span.start, span.start + trimmed.len())
}

fn decode_basic_entities(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&nbsp;", "\u{a0}")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&rsquo;", "\u{2019}")
}

/// Appends `span`, extending the last span when they touch.
fn push_merged(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.end >= span.start && span.start >= last.start => {
            last.end = last.end.max(span.end)
        }
        _ => spans.push(span),
    }
}

fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        push_merged(&mut out, span);
    }
    out
}

/// `runs` minus `excluded` (both sorted, `excluded` merged).
fn subtract(runs: &[Span], excluded: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(runs.len());
    for &run in runs {
        let mut start = run.start;
        for ex in excluded.iter().filter(|ex| ex.overlaps(run)) {
            if ex.start > start {
                out.push(Span::new(start, ex.start));
            }
            start = start.max(ex.end);
        }
        if start < run.end {
            out.push(Span::new(start, run.end));
        }
    }
    out
}

/// `spans` sorted and merged.
pub fn overlaps_any(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans.get(i).is_some_and(|s| {
        s.overlaps(span) || (span.is_empty() && s.start <= span.start && span.start < s.end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Article<'_> {
        Article::parse(Path::new("a.md"), src)
    }

    #[test]
    fn spans_are_absolute() {
        let src = "---\ntitle: T\n---\n# Héllo `x`\n\nSome ![alt](img/a.png) text.\n";
        let a = parse(src);
        assert_eq!(a.headings.len(), 1);
        assert_eq!(a.headings[0].text, "Héllo x");
        assert_eq!(a.text(a.headings[0].span), "# Héllo `x`");
        assert_eq!(a.links[0].kind, LinkKind::Image);
        assert_eq!(a.text(a.links[0].dest_span), "img/a.png");
        assert_eq!(a.text(a.code[0]), "`x`");
        let prose: Vec<&str> = a.prose.iter().map(|s| a.text(*s)).collect();
        assert_eq!(prose, ["Héllo ", "Some ", "alt", " text."]);
    }

    #[test]
    fn bom_is_remembered_and_skipped() {
        let src = "\u{feff}---\ntitle: T\n---\nbody\n";
        let a = parse(src);
        assert!(a.bom);
        assert_eq!(a.title().unwrap().0, "T");
    }

    #[test]
    fn shortcodes_are_not_prose() {
        let src = "Text.\n\n{{< highlight go >}}\nfoo.Bar()\n{{< /highlight >}}\n\n{% raw %}a.B{% endraw %}\n\nEnd {{< ref \"x.md\" >}}.\n";
        let a = parse(src);
        let prose: String = a.prose.iter().map(|s| a.text(*s)).collect();
        assert!(!prose.contains("foo.Bar"), "{prose}");
        assert!(!prose.contains("a.B"));
        assert!(!prose.contains("ref"));
        assert!(prose.contains("End"));
        assert!(a.in_code(Span::new(
            src.find("foo").unwrap(),
            src.find("foo").unwrap() + 3
        )));
    }

    #[test]
    fn reference_links_point_at_the_definition() {
        let src = "See [it][x].\n\n[x]: /files/a.pdf\n";
        let a = parse(src);
        assert_eq!(a.text(a.links[0].dest_span), "/files/a.pdf");
    }

    #[test]
    fn html_and_setext_headings() {
        let src = "Title\n=====\n\n<h1 class=\"x\">Other &amp; <em>one</em></h1>\n";
        let a = parse(src);
        assert_eq!(a.headings.len(), 2);
        assert_eq!(a.headings[0].kind, HeadingKind::Setext);
        assert_eq!(a.text(a.headings[0].span), "Title\n=====");
        assert_eq!(a.headings[1].kind, HeadingKind::Html);
        assert_eq!(a.headings[1].text, "Other & one");
    }
}
