use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::article::{Article, LinkKind};
use crate::diagnostic::{Edit, Fix};
use crate::front_matter::strings;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::site::Resolution;
use crate::site_index::IMAGE_KEYS;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that local files referenced by an article exist: front-matter image keys (the
    /// `keys` option replaces the list below)
    /// (`image`, `images`, `thumbnailImage`, `coverImage`, `featured_image`, `featureImage`,
    /// `cover.image`, `banner`, `og_image`, matched case-insensitively), Markdown images, and
    /// Markdown links to files (a path with an extension other than a page's).
    ///
    /// Paths resolve the way the generator does: Hugo serves `static/` (or `staticDir`) and
    /// `assets/` at `/`, and a page's bundle resources beside the page (`/posts/x/cover.jpg` is
    /// `content/posts/x/cover.jpg`); relative paths resolve beside the article, in its bundle, or
    /// from the site root as themes do; Jekyll serves the site root. Remote URLs, anchors and
    /// page links are not checked.
    ///
    /// A path that exists only with another letter case is still missing: Linux servers are
    /// case-sensitive. A link target that is a bare domain (`team.slack.com`) or an e-mail
    /// address is reported as a link missing its scheme.
    ///
    /// ## Why is this bad?
    /// A missing image is a broken page, a blank social card or a theme error. CMS uploads that
    /// were renamed, or written with the wrong case on a case-insensitive laptop, fail only in
    /// production.
    ///
    /// ## Example
    /// ```yaml
    /// thumbnailImage: assets/img/poutine-pachinyan.jpeg   # no such file under static/
    /// ```
    ///
    /// Use instead (the file exists as `static/img/poutine-pachinyan.jpeg`):
    /// ```yaml
    /// thumbnailImage: /img/poutine-pachinyan.jpeg
    /// ```
    ///
    /// ## Fix safety
    /// Safe when exactly one file matches but for letter case: the reference is rewritten to
    /// it and the page shows the image it meant. Unsafe when exactly one image matches but for
    /// its extension (`.jpg`/`.jpeg`/`.png`/`.webp`/`.gif`), which may be another picture, and
    /// when a missing `https://` or `mailto:` is added.
    pub(crate) struct MissingAsset {
        id: "missing-asset",
        summary: "Referenced image or file does not exist",
        severity: Error,
        fix: Sometimes,
        options: ["keys"],
    }
}

/// Extensions of pages, feeds and generated files: links to them are page links, not assets.
const PAGE_EXTENSIONS: &[&str] = &[
    "md", "markdown", "html", "htm", "php", "asp", "aspx", "xml", "rss",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$").unwrap()
});
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(www\.)?([a-z0-9\-]+\.)+(com|org|net|io|dev|app|fr|de|uk|eu|ch|be|ca|us|co|info|me|tv|gg|xyz|edu|gov|ru|cn|jp|nl|es|it|pl|sk|pt|br|au|ly|to|so|link|site|tech|ai|cloud|network|finance|exchange|news|blog|one|email|global|money|org\.uk|co\.uk)(/.*)?$").unwrap()
});

impl Rule for MissingAsset {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let keys = cx
            .option("keys")
            .and_then(Value::as_array)
            .map(Vec::as_slice);
        let relative = OnceCell::new();
        for (key, text, span) in front_matter_references(article, keys) {
            let reference = Reference {
                what: What::Key(&key),
                text: &text,
                span,
            };
            check_reference(article, cx, &relative, &reference);
        }
        for link in article.links.iter().filter(|l| !l.autolink) {
            let written = article.text(link.dest_span) == link.dest;
            let reference = Reference {
                what: match link.kind {
                    LinkKind::Image => What::Image,
                    LinkKind::Link => What::Link,
                },
                text: &link.dest,
                span: if written { link.dest_span } else { link.span },
            };
            check_reference(article, cx, &relative, &reference);
        }
    }
}

/// A reference to a file: a front-matter image or a link's destination.
struct Reference<'r> {
    what: What<'r>,
    text: &'r str,
    span: Span,
}

/// What holds a reference, as messages name it.
#[derive(Clone, Copy)]
enum What<'r> {
    /// A front-matter image key.
    Key(&'r str),
    Image,
    Link,
}

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::Key(key) => write!(f, "`{key}` image"),
            What::Image => f.write_str("image"),
            What::Link => f.write_str("link"),
        }
    }
}

/// Checks one reference. `relative` is the article's path from the site root, worked out when
/// a first reference needs it (most are URLs or pages, which need no file lookup).
fn check_reference(
    article: &Article<'_>,
    cx: &mut Context<'_>,
    relative: &OnceCell<Option<PathBuf>>,
    reference: &Reference<'_>,
) {
    let Reference {
        what,
        text: reference,
        span,
    } = *reference;
    // Front-matter image keys and Markdown images name images; links may name any file.
    let is_image = !matches!(what, What::Link);
    let reference = reference.trim();
    if reference.is_empty()
        || reference.starts_with(['#', '?'])
        || reference.starts_with("//")
        || has_scheme(reference)
        || has_template_tag(reference)
    {
        return;
    }
    let path = strip_query(reference);
    let decoded = percent_decode(path);
    let is_file = is_image || has_asset_extension(&decoded);
    let looks_remote = is_email(reference) || is_domain(reference);
    if !is_file && !looks_remote {
        return;
    }
    let site = cx.site();
    let relative = relative
        .get_or_init(|| site.relative_to_root(article.absolute_path()))
        .as_deref();
    let resolution = site.resolve(relative, &decoded);
    let (case_variant, extension_variant) = match resolution {
        Resolution::Found => return,
        Resolution::Outside => {
            cx.report(
                span,
                format!("{what} `{reference}` points outside the site"),
            )
            .help("Reference files inside the site (static folders or beside the article)");
            return;
        }
        Resolution::Missing {
            case_variant,
            extension_variant,
        } => (case_variant, extension_variant),
    };
    let edit_in_place = article.text(span) == reference;
    if is_email(reference) {
        let diagnostic = cx
            .report(
                span,
                format!("{what} `{reference}` is an e-mail address without `mailto:`"),
            )
            .help("Add the `mailto:` scheme");
        if edit_in_place {
            diagnostic.fix(Fix::unsafe_edit(Edit::insert(span.start, "mailto:")));
        }
        return;
    }
    if is_domain(reference) {
        let diagnostic = cx
            .report(span, format!("{what} `{reference}` is a domain without `https://`: it is read as a local file"))
            .help("Add the `https://` scheme");
        if edit_in_place {
            diagnostic.fix(Fix::unsafe_edit(Edit::insert(span.start, "https://")));
        }
        return;
    }
    let places = looked_in(cx, reference);
    let diagnostic = cx.report(span, format!("{what} `{reference}` not found"));
    let rewritable = edit_in_place && decoded == reference;
    if let Some(variant) = case_variant {
        diagnostic.help(format!(
            "`{}` exists with another letter case; servers are case-sensitive: use `{}`",
            variant.path, variant.corrected
        ));
        if rewritable {
            diagnostic.fix(Fix::safe(Edit::replace(span, variant.corrected)));
        }
    } else if let Some(variant) = extension_variant {
        diagnostic.help(format!(
            "`{}` exists: use `{}`",
            variant.path, variant.corrected
        ));
        if rewritable {
            diagnostic.fix(Fix::unsafe_edit(Edit::replace(span, variant.corrected)));
        }
    } else {
        diagnostic.help(places);
    }
}

/// Whether `reference` opens with a URL scheme (`https:`, `mailto:`, `data:`): a letter, then
/// at least one letter, digit, `+`, `.` or `-`, then a colon. One letter before `:` is a
/// Windows drive (`C:\…`), not a scheme.
fn has_scheme(reference: &str) -> bool {
    let bytes = reference.as_bytes();
    let name = bytes
        .iter()
        .skip(1)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && name > 0
        && bytes.get(1 + name) == Some(&b':')
}

fn is_email(reference: &str) -> bool {
    reference.contains('@') && EMAIL.is_match(reference)
}

/// The pattern starts with a letter, digit or `-` (case-insensitively: the Kelvin sign and the
/// long s fold to `k` and `s`).
fn is_domain(reference: &str) -> bool {
    reference.starts_with(|c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '\u{212a}' | '\u{17f}')
    }) && DOMAIN.is_match(reference)
}

fn looked_in(cx: &Context<'_>, reference: &str) -> String {
    let site = cx.site();
    let mut places: Vec<String> = site
        .static_dirs
        .iter()
        .map(|d| {
            if d.as_os_str().is_empty() {
                "the site root".to_string()
            } else {
                format!("{}/", d.display())
            }
        })
        .collect();
    if reference.starts_with('/') {
        places.extend(
            site.content_dirs
                .iter()
                .map(|d| format!("{}/ (page bundles)", d.display())),
        );
    } else {
        places.push("the article's folder".into());
    }
    format!(
        "Add the file or correct the path (looked in {})",
        places.join(", ")
    )
}

/// The front matter's image references: (key, reference, span). `keys`: the configured keys,
/// else [`IMAGE_KEYS`].
fn front_matter_references(
    article: &Article<'_>,
    keys: Option<&[Value]>,
) -> Vec<(String, String, Span)> {
    let Some(fm) = &article.front_matter else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for field in fm.fields() {
        let wanted = |k: &str| k.eq_ignore_ascii_case(&field.key);
        let image_key = match keys {
            Some(keys) => keys.iter().filter_map(Value::as_str).any(wanted),
            None => IMAGE_KEYS.iter().copied().any(wanted),
        };
        if !image_key {
            continue;
        }
        for reference in strings(fm.value(&field.key)) {
            let span = find_within(article, field.value_span, &reference);
            out.push((field.key.clone(), reference, span));
        }
    }
    let cover_image = fm
        .value("cover")
        .and_then(Value::as_object)
        .and_then(|cover| cover.iter().find(|(k, _)| k.eq_ignore_ascii_case("image")))
        .and_then(|(_, v)| v.as_str());
    if let Some(reference) = cover_image {
        let within = fm
            .nested_value_span(article.source, "cover", "image")
            .unwrap_or(fm.span);
        let span = find_within(article, within, reference);
        out.push(("cover.image".into(), reference.to_string(), span));
    }
    out
}

fn find_within(article: &Article<'_>, within: Span, needle: &str) -> Span {
    match article.text(within).find(needle.trim()) {
        Some(i) if !needle.trim().is_empty() => {
            Span::new(within.start + i, within.start + i + needle.trim().len())
        }
        _ => within,
    }
}

/// `{{` or `{%` (a Hugo, Jekyll or Eleventy template tag), found in one pass over the bytes:
/// references are short, and a substring search costs more to set up than the pass.
fn has_template_tag(reference: &str) -> bool {
    reference
        .as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'{', b'{' | b'%']))
}

fn strip_query(reference: &str) -> &str {
    let end = reference.find(['?', '#']).unwrap_or(reference.len());
    // Markdown titles are parsed away; a space-separated "=WxH" size suffix is not a path.
    let path = &reference[..end];
    // What is before the first ` =` (one pass over the bytes, no substring search to set up).
    match path.as_bytes().windows(2).position(|pair| pair == b" =") {
        Some(at) => &path[..at],
        None => path,
    }
}

fn has_asset_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 5 => {
            ext.starts_with(|c: char| c.is_ascii_alphabetic())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !PAGE_EXTENSIONS.iter().any(|p| p.eq_ignore_ascii_case(ext))
        }
        _ => false,
    }
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Two hex digits (`from_str_radix` alone would take `%+f` for 0x0f).
        let escape = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        if bytes[i] == b'%' && escape.is_some() {
            if let Ok(byte) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The pattern `has_scheme` stands for.
    static SCHEME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]+:").unwrap());

    #[test]
    fn schemes() {
        for url in [
            "https://a.org",
            "mailto:x@y.z",
            "data:image/png",
            "git+ssh://h",
            "x-y.z:",
        ] {
            assert!(has_scheme(url), "{url}");
        }
        for path in [
            "C:\\img.png",
            "/a:b",
            "img/a:b.png",
            "",
            "h",
            "h:",
            "é:x",
            "1a:",
        ] {
            assert!(!has_scheme(path), "{path}");
        }
    }

    proptest! {
        #[test]
        fn has_scheme_is_the_pattern(reference in "[a-zA-Z0-9+.:/\\\\é-]{0,8}") {
            prop_assert_eq!(has_scheme(&reference), SCHEME.is_match(&reference));
        }

        #[test]
        fn strip_query_keeps_what_is_before_the_query_and_the_size(
            reference in "[a =?#.é{%]{0,12}"
        ) {
            let end = reference.find(['?', '#']).unwrap_or(reference.len());
            let before = reference[..end].split(" =").next().unwrap_or_default();
            prop_assert_eq!(strip_query(&reference), before);
        }

        #[test]
        fn templates_are_told_in_one_pass(reference in "[a{%} ]{0,8}") {
            prop_assert_eq!(
                has_template_tag(&reference),
                reference.contains("{{") || reference.contains("{%")
            );
        }
    }

    #[test]
    fn classifies_references() {
        assert!(has_asset_extension("/files/report.pdf"));
        assert!(!has_asset_extension("/posts/hello/"));
        assert!(!has_asset_extension("../other.md"));
        assert!(!has_asset_extension("/v1.2"));
        assert!(DOMAIN.is_match("team.slack.com"));
        assert!(!DOMAIN.is_match("img/photo.jpg"));
        assert!(EMAIL.is_match("jane@example.org"));
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("a%+fb%-1%2e"), "a%+fb%-1.");
        assert_eq!(strip_query("a.png?w=2#x"), "a.png");
    }
}
