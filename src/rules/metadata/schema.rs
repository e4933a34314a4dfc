use serde_json::Value;

use crate::article::Article;
use crate::cms::{kind_of, CmsField};
use crate::diagnostic::{Edit, Fix};
use crate::front_matter::Field;
use crate::rules::metadata::Written;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks front-matter values against a schema: the `fields` option maps each key to its
    /// type, `string`, `date`, `bool`, `number`, `list`, or a list of allowed values:
    /// `front-matter-schema: { fields: { draft: bool, date: date, status: [draft, published] } }`.
    ///
    /// With no configuration, a site with a Decap/Netlify CMS configuration
    /// (`static/admin/config.yml` or `admin/config.yml`) gets its collections as the schema:
    /// each article of a collection's folder is checked against the collection's fields
    /// (`datetime`, `boolean`, `number`, `list`, `select` with its options). Empty values are
    /// left to `empty-front-matter-value`, missing ones to `required-keys`.
    ///
    /// ## Why is this bad?
    /// Themes and CMS forms read these values by type: `draft: "false"` is a non-empty string,
    /// so the page counts as a draft; a tag outside the CMS's options cannot be edited in the
    /// CMS again.
    ///
    /// ## Example
    /// ```yaml
    /// draft: "false"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// draft: false
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a quoted `"true"`/`"false"` or number is unquoted; the type changes, which is
    /// the point, but templates that compared it as a string would change behaviour.
    pub(crate) struct FrontMatterSchema {
        id: "front-matter-schema",
        summary: "Front-matter value of the wrong type, or outside its allowed values",
        severity: Error,
        fix: Sometimes,
        options: ["fields"],
    }
}

/// What a key must hold.
#[derive(Clone, Debug, PartialEq)]
enum Expected {
    Text,
    Date,
    Bool,
    Number,
    List,
    OneOf(Vec<String>),
    ManyOf(Vec<String>),
}

impl Expected {
    fn from_config(value: &Value) -> Option<Expected> {
        match value {
            Value::String(s) => match s.as_str() {
                "string" | "text" => Some(Expected::Text),
                "date" | "datetime" => Some(Expected::Date),
                "bool" | "boolean" => Some(Expected::Bool),
                "number" | "int" | "integer" | "float" => Some(Expected::Number),
                "list" | "array" => Some(Expected::List),
                _ => None,
            },
            Value::Array(items) => Some(Expected::OneOf(items.iter().map(plain).collect())),
            _ => None,
        }
    }

    fn from_cms(field: &CmsField) -> Option<Expected> {
        match field.widget.as_deref().unwrap_or("string") {
            "string" | "text" => Some(Expected::Text),
            "datetime" | "date" => Some(Expected::Date),
            "boolean" => Some(Expected::Bool),
            "number" => Some(Expected::Number),
            "list" => Some(Expected::List),
            "select" if field.multiple == Some(true) => Some(Expected::ManyOf(field.options())),
            "select" => Some(Expected::OneOf(field.options())),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Expected::Text => "a string".into(),
            Expected::Date => "a date".into(),
            Expected::Bool => "a boolean".into(),
            Expected::Number => "a number".into(),
            Expected::List => "a list".into(),
            Expected::OneOf(options) => format!("one of {}", quoted(options)),
            Expected::ManyOf(options) => format!("a list of {}", quoted(options)),
        }
    }
}

fn quoted(options: &[String]) -> String {
    options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Rule for FrontMatterSchema {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        if fm.data.is_err() {
            return;
        }
        let mut schema: Vec<(String, Expected, String)> = Vec::new();
        if let Some(Value::Object(fields)) = cx.option("fields") {
            for (key, kind) in fields {
                if let Some(expected) = Expected::from_config(kind) {
                    schema.push((key.clone(), expected, "the configuration".into()));
                }
            }
        } else if let Some((path, cms)) = cx.site().cms() {
            let relative = cx
                .site()
                .relative_to_root(article.absolute_path())
                .map(|p| p.to_string_lossy().replace('\\', "/"));
            if let Some((collection, fields)) = relative.as_deref().and_then(|r| cms.fields_for(r))
            {
                for field in fields {
                    if let Some(expected) = Expected::from_cms(field) {
                        schema.push((
                            field.name.clone(),
                            expected,
                            format!("the `{collection}` collection of {path}"),
                        ));
                    }
                }
            }
        }
        for (key, expected, source) in schema {
            let (Some(field), Some(value)) = (fm.field(&key), fm.value(&key)) else {
                continue;
            };
            if matches!(value, Value::Null) || value.as_str().is_some_and(|s| s.trim().is_empty()) {
                continue;
            }
            if conforms(value, &expected) {
                continue;
            }
            let found = match (&expected, value) {
                (Expected::ManyOf(options), Value::Array(items)) => {
                    let outside: Vec<String> = items
                        .iter()
                        .map(plain)
                        .filter(|i| !options.contains(i))
                        .collect();
                    quoted(&outside)
                }
                _ => kind_of(value),
            };
            let message = format!(
                "`{}` must be {}, found {found}",
                field.key,
                expected.describe()
            );
            let diagnostic = cx
                .report(field.value_span, message)
                .help(format!("As {source} says"));
            if let Some(fix) = unquote_fix(article, field, value, &expected) {
                diagnostic.fix(fix);
            }
        }
    }
}

fn conforms(value: &Value, expected: &Expected) -> bool {
    match (expected, value) {
        (Expected::Text, Value::String(_)) => true,
        (Expected::Date, Value::String(s)) => Written::parse(s).is_some(),
        (Expected::Bool, Value::Bool(_)) => true,
        (Expected::Number, Value::Number(_)) => true,
        (Expected::List, Value::Array(_)) => true,
        (Expected::OneOf(options), v) => options.contains(&plain(v)),
        (Expected::ManyOf(options), Value::Array(items)) => {
            items.iter().all(|i| options.contains(&plain(i)))
        }
        (Expected::ManyOf(options), Value::String(s)) => options.contains(s),
        _ => false,
    }
}

/// `"false"` → `false`, `"3"` → `3`, when the value is written as one quoted scalar.
fn unquote_fix(
    article: &Article<'_>,
    field: &Field,
    value: &Value,
    expected: &Expected,
) -> Option<Fix> {
    let Value::String(s) = value else { return None };
    let fits = match expected {
        Expected::Bool => s == "true" || s == "false",
        Expected::Number => s.parse::<f64>().is_ok_and(f64::is_finite),
        _ => false,
    };
    let written = article.text(field.value_span);
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    (fits && quoted && &written[1..written.len() - 1] == s)
        .then(|| Fix::unsafe_edit(Edit::replace(field.value_span, s.clone())))
}
