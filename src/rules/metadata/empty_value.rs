use serde_json::Value;

use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports top-level front-matter keys written with no value (`description:`, `image: ""`,
    /// `tags: []`). Opt-in: CMS forms save every optional field, so such keys are common and
    /// usually harmless; turn it on to tidy a repository.
    ///
    /// ## Why is this bad?
    /// An empty key looks like information and is not: themes test for the key and print an
    /// empty line, an empty alt or a broken image instead of falling back to their default.
    ///
    /// ## Example
    /// ```yaml
    /// thumbnailImage:
    /// ```
    ///
    /// Use instead: remove the key, or give it a value.
    pub(crate) struct EmptyFrontMatterValue {
        id: "empty-front-matter-value",
        summary: "Front-matter key with an empty value",
        severity: Warning,
        fix: None,
        default_on: false,
    }
}

impl Rule for EmptyFrontMatterValue {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        for field in fm.fields() {
            let empty = match fm.value(&field.key) {
                Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(Value::Array(items)) => items.is_empty(),
                Some(Value::Object(map)) => map.is_empty(),
                _ => false,
            };
            if empty {
                cx.report(field.key_span, format!("`{}` has no value", field.key))
                    .help("Give it a value or remove the key");
            }
        }
    }
}
