use std::sync::LazyLock;

use regex::Regex;

use crate::article::{Article, LinkKind};
use crate::rules::structure::html_tags;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks for Markdown images without alt text (`![](chart.png)`, `![ ](…)`) and HTML
    /// `<img>` elements without an `alt` attribute. An explicit `alt=""` marks a decorative
    /// image in HTML and is accepted. Images in code blocks, inline code and code shortcodes
    /// are left alone.
    ///
    /// ## Why is this bad?
    /// Alt text is what screen readers say instead of the image, what is shown when it fails to
    /// load, and what search engines index. Editors that upload an image often insert it with
    /// no alt text at all.
    ///
    /// ## Example
    /// ```markdown
    /// ![](/img/blog/sigmausd-dashboard.png)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ![The SigmaUSD dashboard, with the reserve ratio at 400 %](/img/blog/sigmausd-dashboard.png)
    /// ```
    pub(crate) struct ImageAltText {
        id: "image-alt-text",
        summary: "Image without alt text",
        severity: Warning,
        fix: None,
    }
}

/// `alt`, as an attribute name (`alt="…"`, `alt='…'`, `alt=x`, or bare `alt`).
static ALT_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|\s)alt(?:\s*=|\s|/|$)").unwrap());
static SRC_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:^|\s)src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).unwrap()
});

impl Rule for ImageAltText {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for image in article
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Image && !l.has_text())
        {
            let dest = article
                .links
                .iter()
                .find(|l| l.span == image.span)
                .map_or("", |l| l.dest.as_str());
            cx.report(image.span, format!("image `{dest}` has no alt text"))
                .help("Describe the image between the brackets: `![what it shows](…)`");
        }
        for tag in html_tags(article)
            .iter()
            .filter(|t| t.name == "img" && !t.closing)
        {
            if ALT_ATTRIBUTE.is_match(&tag.attributes) {
                continue;
            }
            let src = SRC_ATTRIBUTE
                .captures(&tag.attributes)
                .and_then(|c| c.get(1).or(c.get(2)).or(c.get(3)))
                .map_or("", |m| m.as_str());
            cx.report(tag.span, format!("`<img>` `{src}` has no `alt` attribute"))
                .help("Add `alt=\"…\"` describing the image, or `alt=\"\"` if it is decorative");
        }
    }
}
