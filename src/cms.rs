//! Decap / Netlify CMS configuration (`static/admin/config.yml` or `admin/config.yml`): its
//! collections describe the front matter of the articles they hold, a schema for free.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
pub struct CmsConfig {
    #[serde(default)]
    pub media_folder: Option<String>,
    #[serde(default)]
    pub public_folder: Option<String>,
    #[serde(default)]
    pub collections: Vec<Collection>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Collection {
    #[serde(default)]
    pub name: String,
    /// Folder collections: every article in this folder.
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default)]
    pub fields: Vec<CmsField>,
    /// File collections: one entry per file.
    #[serde(default)]
    pub files: Vec<CmsFile>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CmsFile {
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub fields: Vec<CmsField>,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct CmsField {
    pub name: String,
    #[serde(default)]
    pub widget: Option<String>,
    /// Decap's default is required; content written before the CMS rarely is, so only an
    /// explicit `required: true` is enforced.
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub multiple: Option<bool>,
    #[serde(default)]
    pub options: Vec<serde_yaml::Value>,
}

pub const CONFIG_PATHS: &[&str] = &[
    "static/admin/config.yml",
    "admin/config.yml",
    "static/admin/config.yaml",
    "public/admin/config.yml",
];

impl CmsConfig {
    /// The CMS configuration of the site at `root`, if it has one that parses.
    pub fn find(root: &Path) -> Option<(String, CmsConfig)> {
        CONFIG_PATHS.iter().find_map(|rel| {
            let text = std::fs::read_to_string(root.join(rel)).ok()?;
            let config = crate::yaml::from_str::<CmsConfig>(&text).ok()?;
            Some((rel.to_string(), config))
        })
    }

    /// The fields that describe the article at `relative` (site-root relative, `/`-separated).
    pub fn fields_for(&self, relative: &str) -> Option<(&str, &[CmsField])> {
        for collection in &self.collections {
            if let Some(folder) = &collection.folder {
                let folder = folder.trim_matches('/');
                let inside = relative
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest.starts_with('/') && !rest[1..].contains('/'));
                if inside {
                    return Some((&collection.name, &collection.fields));
                }
            }
            if let Some(file) = collection
                .files
                .iter()
                .find(|f| f.file.trim_matches('/') == relative)
            {
                return Some((&collection.name, &file.fields));
            }
        }
        None
    }
}

impl CmsField {
    /// The values a `select` widget allows.
    pub fn options(&self) -> Vec<String> {
        self.options
            .iter()
            .filter_map(|o| match o {
                serde_yaml::Value::String(s) => Some(s.clone()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                serde_yaml::Value::Mapping(m) => m.get("value").map(|v| match v {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => crate::yaml::to_json(other).to_string(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// A JSON value's kind, as messages name it.
pub fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
