//! Every rule of a run: the built-ins, the YAML rules shipped in `rules/`, and the user's; and
//! which of them apply to a file, at which level, with which options.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Level, RuleSetting};
use crate::diagnostic::Severity;
use crate::rules::declarative::PatternRule;
use crate::rules::{builtins, Rule, RuleMeta};

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A YAML file: `rules/<pack>/<id>.yaml` for shipped rules, the user's path otherwise.
    Yaml(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin => f.write_str("builtin"),
            Origin::Yaml(path) => write!(f, "yaml:{}", path.display()),
        }
    }
}

#[derive(Clone)]
pub struct RuleSet {
    rules: Vec<(Arc<dyn Rule>, Origin)>,
}

/// A built-in rule, held like the YAML ones.
struct Builtin(&'static dyn Rule);

impl Rule for Builtin {
    fn meta(&self) -> RuleMeta<'_> {
        self.0.meta()
    }

    fn check(&self, article: &crate::article::Article<'_>, cx: &mut crate::rules::Context<'_>) {
        self.0.check(article, cx)
    }

    fn check_site(&self, site: &crate::site::Site) -> Vec<crate::rules::SiteProblem> {
        self.0.check_site(site)
    }

    fn cross_file(&self) -> bool {
        self.0.cross_file()
    }
}

/// The rules shipped in the repository's `rules/` folder, built into the binary.
static SHIPPED: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/rules");

impl RuleSet {
    /// Built-in and shipped rules (parsed once per process; the set is cheap to clone).
    pub fn standard() -> Result<RuleSet, String> {
        static STANDARD: std::sync::OnceLock<Result<RuleSet, String>> = std::sync::OnceLock::new();
        STANDARD.get_or_init(RuleSet::load_standard).clone()
    }

    fn load_standard() -> Result<RuleSet, String> {
        let mut set = RuleSet {
            rules: builtins()
                .map(|r| (Arc::new(Builtin(r)) as Arc<dyn Rule>, Origin::Builtin))
                .collect(),
        };
        let mut shipped: Vec<&include_dir::File<'static>> = Vec::new();
        collect_yaml(&SHIPPED, &mut shipped);
        shipped.sort_by_key(|f| f.path());
        for file in shipped {
            let path = Path::new("rules").join(file.path());
            let text = file
                .contents_utf8()
                .ok_or_else(|| format!("{}: not UTF-8", path.display()))?;
            set.add(PatternRule::parse_shipped(&path, text)?, Origin::Yaml(path))?;
        }
        Ok(set)
    }

    /// Adds every `*.yaml` rule of `dir` (recursively), failing on a reused id.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), String> {
        let mut files = Vec::new();
        for entry in ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .build()
        {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = entry.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path.to_path_buf());
            }
        }
        if files.is_empty() && !dir.is_dir() {
            return Err(format!("{}: rule folder not found", dir.display()));
        }
        files.sort();
        for path in files {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            self.add(PatternRule::parse(&path, &text)?, Origin::Yaml(path))?;
        }
        Ok(())
    }

    fn add(&mut self, rule: PatternRule, origin: Origin) -> Result<(), String> {
        if let Some((_, existing)) = self
            .rules
            .iter()
            .find(|(r, _)| r.meta().id == rule.meta().id)
        {
            let existing = match existing {
                Origin::Builtin => "a built-in rule".to_string(),
                Origin::Yaml(p) => p.display().to_string(),
            };
            let here = match &origin {
                Origin::Builtin => String::new(),
                Origin::Yaml(p) => p.display().to_string(),
            };
            return Err(format!(
                "{here}: rule id `{}` is already used by {existing}",
                rule.meta().id
            ));
        }
        self.rules.push((Arc::new(rule), origin));
        Ok(())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&dyn Rule, &Origin)> {
        self.rules.iter().map(|(r, o)| (r.as_ref(), o))
    }

    pub fn get(&self, index: usize) -> &dyn Rule {
        self.rules[index].0.as_ref()
    }

    pub fn find(&self, id: &str) -> Option<(&dyn Rule, &Origin)> {
        self.iter().find(|(r, _)| r.meta().id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|(r, _)| r.meta().id)
    }

    /// Every id with the options it accepts, for validating configs.
    pub fn known(&self) -> Vec<(String, Vec<String>)> {
        self.rules
            .iter()
            .map(|(r, _)| {
                let meta = r.meta();
                (
                    meta.id.to_string(),
                    meta.options.iter().map(|o| o.to_string()).collect(),
                )
            })
            .collect()
    }

    /// The rules that run on a file, from its config rule settings and the command line.
    pub fn activate(
        &self,
        config: &BTreeMap<String, RuleSetting>,
        selection: &Selection,
    ) -> Vec<ActiveRule> {
        let mut active = Vec::new();
        for (index, (rule, _)) in self.rules.iter().enumerate() {
            let meta = rule.meta();
            let setting = config.get(meta.id);
            let configured = setting.and_then(|s| s.level);
            let mut on = match configured {
                Some(Level::Off) => false,
                Some(Level::On(_)) => true,
                None => meta.default_on,
            };
            if let Some(select) = &selection.select {
                on = select.iter().any(|s| s == meta.id);
            }
            if selection.extend_select.iter().any(|s| s == meta.id) {
                on = true;
            }
            if selection.ignore.iter().any(|s| s == meta.id) {
                on = false;
            }
            if !on {
                continue;
            }
            let severity = match configured {
                Some(Level::On(severity)) => severity,
                _ => meta.severity,
            };
            active.push(ActiveRule {
                index,
                severity,
                options: setting.map(|s| s.options.clone()).unwrap_or_default(),
            });
        }
        active
    }
}

impl RuleSet {
    /// `docs/rules.md`: every rule with its level, default, fix and documentation.
    pub fn reference_markdown(&self) -> String {
        let mut out = String::from(
            "# Rules\n\n<!-- Generated from the rules' own documentation by `CONTENTLINT_UPDATE_DOCS=1 cargo test --test docs`; do not edit. -->\n\n",
        );
        out.push_str(
            "| rule | source | level | default | fix | summary |\n|---|---|---|---|---|---|\n",
        );
        for (rule, origin) in self.iter() {
            let meta = rule.meta();
            out.push_str(&format!(
                "| [`{id}`](#{id}) | {origin} | {} | {} | {} | {} |\n",
                meta.severity.as_str(),
                if meta.default_on { "on" } else { "off" },
                meta.fix.as_str(),
                meta.summary.replace('|', "\\|"),
                id = meta.id,
            ));
        }
        for (rule, origin) in self.iter() {
            let meta = rule.meta();
            let docs = crate::rules::docs(&meta).replace("\n## ", "\n### ");
            let docs = docs
                .strip_prefix("## ")
                .map_or(docs.clone(), |rest| format!("### {rest}"));
            out.push_str(&format!(
                "\n## {}\n\n{}. Level `{}`, {}; source: {origin}.\n\n{}\n",
                meta.id,
                meta.summary,
                meta.severity.as_str(),
                if meta.default_on {
                    "on by default"
                } else {
                    "off by default (opt-in)"
                },
                docs.trim_end()
            ));
        }
        out
    }
}

fn collect_yaml<'a>(dir: &'a include_dir::Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "yaml") {
            out.push(file);
        }
    }
    for sub in dir.dirs() {
        collect_yaml(sub, out);
    }
}

/// `--select`, `--extend-select`, `--ignore` from the command line.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// A rule that runs on a file.
#[derive(Clone, Debug)]
pub struct ActiveRule {
    pub index: usize,
    pub severity: Severity,
    pub options: serde_json::Map<String, serde_json::Value>,
}

/// Everything about one file's run that is not the article: the active rules, and the settings
/// of date and language rules.
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    pub rules: Vec<ActiveRule>,
    pub timezone: Option<chrono_tz::Tz>,
    /// Default language of articles (front matter `lang` wins).
    pub lang: Option<String>,
}

#[cfg(test)]
mod cross_file_tests {
    use super::*;

    /// The engine runs cross-file rules after the index is built only if the set says which
    /// they are: the wrapper must not hide it.
    #[test]
    fn the_set_knows_its_cross_file_rules() {
        let rules = RuleSet::standard().unwrap();
        let cross: Vec<&str> = rules
            .iter()
            .filter(|(r, _)| r.cross_file())
            .map(|(r, _)| r.meta().id)
            .collect();
        assert_eq!(
            cross,
            ["title-collision", "slug-collision", "translation-mismatch"]
        );
    }
}

#[cfg(test)]
mod shipped_tests {
    use super::*;

    /// The shipped rules that are off by default are compiled when first used, where an error
    /// could not be reported: every one must compile.
    #[test]
    fn every_shipped_rule_compiles() {
        let mut shipped = Vec::new();
        collect_yaml(&SHIPPED, &mut shipped);
        assert!(shipped.len() >= 14, "{}", shipped.len());
        for file in shipped {
            let path = Path::new("rules").join(file.path());
            let text = file.contents_utf8().unwrap();
            if let Err(err) = PatternRule::parse(&path, text) {
                panic!("{err}");
            }
        }
    }
}
