use globset::Glob;
use serde_json::Value;

use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that every article has the front-matter keys it needs. By default that is
    /// `title`; the `keys` option replaces the list, and the `files` option requires more keys
    /// by glob (relative to the site root):
    /// `required-keys: { keys: [title], files: { "content/posts/**": [title, date, description] } }`.
    /// A site with a Decap/Netlify CMS configuration also gets the fields its collections mark
    /// `required: true` (see `front-matter-schema`).
    ///
    /// ## Why is this bad?
    /// A post without `date` sorts to the beginning of time, one without `title` shows its file
    /// name; the theme does not complain, the reader sees it.
    ///
    /// ## Example
    /// ```yaml
    /// title: Summit in Minsk
    /// ```
    /// under `content/posts/` with `date` required.
    ///
    /// Use instead:
    /// ```yaml
    /// title: Summit in Minsk
    /// date: 2023-11-22
    /// ```
    pub(crate) struct RequiredKeys {
        id: "required-keys",
        summary: "Article missing a required front-matter key",
        severity: Error,
        fix: None,
        options: ["keys", "files"],
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

impl Rule for RequiredKeys {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let mut required = cx
            .option("keys")
            .map(strings)
            .unwrap_or_else(|| vec!["title".to_string()]);
        let relative = cx
            .site()
            .relative_to_root(article.absolute_path())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|| article.path.to_string_lossy().replace('\\', "/"));
        if let Some(Value::Object(files)) = cx.option("files") {
            for (pattern, keys) in files {
                if Glob::new(pattern).is_ok_and(|g| g.compile_matcher().is_match(&relative)) {
                    required.extend(strings(keys));
                }
            }
        }
        if let Some((_, cms)) = cx.site().cms() {
            if let Some((_, fields)) = cms.fields_for(&relative) {
                required.extend(
                    fields
                        .iter()
                        .filter(|f| f.required == Some(true) && f.name != "body")
                        .map(|f| f.name.clone()),
                );
            }
        }
        required.sort();
        required.dedup();
        let Some(fm) = &article.front_matter else {
            if !required.is_empty() {
                cx.report(
                    Span::empty(article.body.start),
                    format!("no front matter: `{}` required", required.join("`, `")),
                )
                .help("Add a front matter block with the required keys");
            }
            return;
        };
        if fm.data.is_err() {
            return; // front-matter-syntax reports it; nothing can be said of its keys
        }
        let missing: Vec<&String> = required.iter().filter(|k| fm.value(k).is_none()).collect();
        if missing.is_empty() {
            return;
        }
        let fence = Span::new(fm.span.start, fm.span.start + 3);
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.report(fence, format!("missing required front-matter key {list}"))
            .help("Add the missing keys");
    }
}
