//! `.contentlint.yaml`: rule levels and options, per-folder overrides, excludes, site settings and
//! extra rule folders. Found from each linted file upward to the repository root, or given with
//! `--config`. A bad file is an error with its line and a "did you mean".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::yaml::{self, did_you_mean, line_of_key};

pub const CONFIG_FILE: &str = ".contentlint.yaml";

/// A rule's level in a config: off, or on at a severity.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// What a config says about one rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSetting {
    pub level: Option<Level>,
    pub options: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<String, serde_yaml::Value>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    site: SiteSettings,
    #[serde(default)]
    rule_dirs: Vec<PathBuf>,
    #[serde(default)]
    format: Option<crate::cli::Format>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, serde_yaml::Value>,
}

/// What auto-detection guessed about the site, made explicit.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub generator: Option<GeneratorName>,
    pub static_dirs: Option<Vec<PathBuf>>,
    /// IANA time zone used by date rules.
    pub timezone: Option<String>,
    /// Default language of articles; front matter `lang` wins.
    pub lang: Option<String>,
}

#[derive(Copy, Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum GeneratorName {
    Hugo,
    Jekyll,
    None,
}

#[derive(Debug)]
pub struct Override {
    files: GlobSet,
    pub rules: BTreeMap<String, RuleSetting>,
}

/// A loaded, validated configuration file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The folder the config's globs are relative to.
    pub dir: PathBuf,
    pub rules: BTreeMap<String, RuleSetting>,
    pub overrides: Vec<Override>,
    exclude: GlobSet,
    pub site: SiteSettings,
    pub timezone: Option<chrono_tz::Tz>,
    /// Absolute folders of extra YAML rules.
    pub rule_dirs: Vec<PathBuf>,
}

/// A config error: which file, which line, what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

impl Config {
    /// Reads and validates `path`. `known_rules` are every rule id with the options it takes.
    pub fn load(path: &Path, known_rules: &[(String, Vec<String>)]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text, known_rules)
    }

    /// The output format a config names; errors are reported when the config is loaded.
    pub fn format_of(path: &Path) -> Option<crate::cli::Format> {
        let text = std::fs::read_to_string(path).ok()?;
        yaml::from_str::<RawConfig>(&text).ok()?.format
    }

    /// The extra rule folders a config names (absolute), read before the rules are known.
    pub fn rule_dirs_of(path: &Path) -> Result<Vec<PathBuf>, ConfigError> {
        let error = |line: usize, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| error(0, format!("cannot read: {e}")))?;
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let raw: RawConfig =
            yaml::from_str(&text).map_err(|e| error(e.line, explain_yaml_error(&e.message)))?;
        let dir = std::fs::canonicalize(path.parent().unwrap_or(Path::new(".")))
            .unwrap_or_else(|_| path.parent().unwrap_or(Path::new(".")).to_path_buf());
        Ok(raw.rule_dirs.iter().map(|d| dir.join(d)).collect())
    }

    pub fn parse(
        path: &Path,
        text: &str,
        known_rules: &[(String, Vec<String>)],
    ) -> Result<Config, ConfigError> {
        let error = |line: usize, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            yaml::from_str(text).map_err(|e| error(e.line, explain_yaml_error(&e.message)))?
        };
        let dir = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."));
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let rules =
            rule_settings(&raw.rules, text, known_rules).map_err(|(line, m)| error(line, m))?;
        let mut overrides = Vec::new();
        for raw_override in &raw.overrides {
            overrides.push(Override {
                files: glob_set(&raw_override.files)
                    .map_err(|m| error(line_of_key(text, "files"), m))?,
                rules: rule_settings(&raw_override.rules, text, known_rules)
                    .map_err(|(line, m)| error(line, m))?,
            });
        }
        let exclude = glob_set(&raw.exclude).map_err(|m| error(line_of_key(text, "exclude"), m))?;
        let timezone = match &raw.site.timezone {
            None => None,
            Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| {
                error(
                    line_of_key(text, "timezone"),
                    format!(
                        "unknown time zone `{name}`: expected an IANA name such as `Europe/Paris`"
                    ),
                )
            })?),
        };
        let rule_dirs = raw.rule_dirs.iter().map(|d| dir.join(d)).collect();
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            rules,
            overrides,
            exclude,
            site: raw.site,
            timezone,
            rule_dirs,
        })
    }

    /// `path` relative to the config's folder, for glob matching.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        match std::fs::canonicalize(path) {
            Ok(absolute) => absolute
                .strip_prefix(&self.dir)
                .map(|p| std::borrow::Cow::Owned(p.to_path_buf()))
                .unwrap_or(std::borrow::Cow::Borrowed(path)),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.relative(path))
    }

    /// Which `overrides` apply to `path`, by position: files with the same list share settings.
    pub fn matching_overrides(&self, path: &Path) -> Vec<usize> {
        if self.overrides.is_empty() {
            return Vec::new();
        }
        let relative = self.relative(path);
        (0..self.overrides.len())
            .filter(|&i| self.overrides[i].files.is_match(&relative))
            .collect()
    }

    /// The rule settings that apply to `path`: the top-level ones, then each matching override
    /// in order (later entries win).
    pub fn rules_for(&self, path: &Path) -> BTreeMap<String, RuleSetting> {
        let mut rules = self.rules.clone();
        if self.overrides.is_empty() {
            return rules;
        }
        let relative = self.relative(path);
        for o in self
            .overrides
            .iter()
            .filter(|o| o.files.is_match(&relative))
        {
            for (id, setting) in &o.rules {
                let entry = rules.entry(id.clone()).or_default();
                if setting.level.is_some() {
                    entry.level = setting.level;
                }
                entry.options.extend(setting.options.clone());
            }
        }
        rules
    }
}

/// Where the config for a file lives: the nearest `.contentlint.yaml` from the file's folder up
/// to the repository root (the folder holding `.git`), inclusive.
pub fn find_config(file: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(file)
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|cwd| cwd.join(file)))?;
    for dir in start.ancestors().skip(1) {
        let candidate = dir.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

fn explain_yaml_error(message: &str) -> String {
    match message.strip_prefix("unknown field ") {
        Some(rest) => format!("unknown key {rest}"),
        None => message.to_string(),
    }
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| format!("bad glob `{pattern}`: {}", e.kind()))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| e.to_string())
}

fn rule_settings(
    raw: &BTreeMap<String, serde_yaml::Value>,
    text: &str,
    known_rules: &[(String, Vec<String>)],
) -> Result<BTreeMap<String, RuleSetting>, (usize, String)> {
    let mut out = BTreeMap::new();
    for (id, value) in raw {
        let line = line_of_key(text, id);
        let Some((_, options)) = known_rules.iter().find(|(known, _)| known == id) else {
            let hint = did_you_mean(id, known_rules.iter().map(|(k, _)| k.as_str()))
                .map(|s| format!(": did you mean `{s}`?"))
                .unwrap_or_default();
            return Err((line, format!("unknown rule `{id}`{hint}")));
        };
        out.insert(
            id.clone(),
            rule_setting(id, value, options).map_err(|m| (line, m))?,
        );
    }
    Ok(out)
}

const LEVELS: &str = "`off`, `warning` or `error`";

fn parse_level(value: &serde_yaml::Value) -> Result<Level, String> {
    match value {
        serde_yaml::Value::Bool(false) => Ok(Level::Off),
        serde_yaml::Value::String(s) => match s.as_str() {
            "off" => Ok(Level::Off),
            "warning" | "warn" => Ok(Level::On(Severity::Warning)),
            "error" => Ok(Level::On(Severity::Error)),
            other => {
                let hint = did_you_mean(other, ["off", "warning", "error"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                Err(format!("unknown level `{other}`{hint}: expected {LEVELS}"))
            }
        },
        _ => Err(format!(
            "expected {LEVELS}, or a mapping with `level` and options"
        )),
    }
}

fn rule_setting(
    id: &str,
    value: &serde_yaml::Value,
    options: &[String],
) -> Result<RuleSetting, String> {
    let serde_yaml::Value::Mapping(map) = value else {
        return Ok(RuleSetting {
            level: Some(parse_level(value).map_err(|m| format!("rule `{id}`: {m}"))?),
            options: Default::default(),
        });
    };
    let mut setting = RuleSetting::default();
    for (key, value) in map {
        let key = key.as_str().unwrap_or_default();
        if key == "level" {
            setting.level = Some(parse_level(value).map_err(|m| format!("rule `{id}`: {m}"))?);
        } else if options.iter().any(|o| o == key) {
            setting
                .options
                .insert(key.to_string(), yaml::to_json(value));
        } else {
            let mut allowed: Vec<&str> = vec!["level"];
            allowed.extend(options.iter().map(String::as_str));
            let hint = did_you_mean(key, allowed.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "rule `{id}` has no option `{key}`{hint}: expected {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(setting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<(String, Vec<String>)> {
        vec![
            ("glued-words".into(), vec![]),
            ("missing-asset".into(), vec!["keys".into()]),
        ]
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/tmp/.contentlint.yaml"), text, &known())
    }

    #[test]
    fn levels_and_options() {
        let config = parse(
            "rules:\n  glued-words: off\n  missing-asset: { level: warn, keys: [image, hero] }\nsite:\n  timezone: Europe/Paris\n",
        )
        .unwrap();
        assert_eq!(config.rules["glued-words"].level, Some(Level::Off));
        assert_eq!(
            config.rules["missing-asset"].level,
            Some(Level::On(Severity::Warning))
        );
        assert_eq!(
            config.rules["missing-asset"].options["keys"],
            serde_json::json!(["image", "hero"])
        );
        assert_eq!(config.timezone, Some(chrono_tz::Europe::Paris));
        assert_eq!(
            parse("rules:\n  glued-words: false\n").unwrap().rules["glued-words"].level,
            Some(Level::Off)
        );
    }

    #[test]
    fn errors_name_the_line_and_suggest() {
        let err = parse("rules:\n  glued-word: off\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("did you mean `glued-words`"),
            "{}",
            err.message
        );
        let err = parse("rulez:\n  glued-words: off\n").unwrap_err();
        assert!(
            err.message.contains("unknown key `rulez`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 1);
        let err = parse("rules:\n  glued-words: loud\n").unwrap_err();
        assert!(
            err.message.contains("expected `off`, `warning` or `error`"),
            "{}",
            err.message
        );
        let err = parse("rules:\n  missing-asset: { kyes: [a] }\n").unwrap_err();
        assert!(
            err.message.contains("did you mean `keys`"),
            "{}",
            err.message
        );
        let err = parse("exclude: ['a/[']\n").unwrap_err();
        assert!(err.message.contains("bad glob"), "{}", err.message);
        let err = parse("site:\n  timezone: Mars/Olympus\n").unwrap_err();
        assert!(err.message.contains("unknown time zone"), "{}", err.message);
        let err = parse("overrides: 3\n").unwrap_err();
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
