//! The rule API: a rule reads one parsed article (plus its site) and reports diagnostics.

use crate::article::Article;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{FileSettings, RuleSet};
use crate::site::Site;
use crate::span::Span;
use crate::suppress::Suppressions;

mod clipboard_fragment;
pub(crate) mod cross_file;
mod date_mismatch;
mod duplicate_title;
mod encoding;
mod front_matter_syntax;
mod glued_words;
pub(crate) mod metadata;
mod missing_asset;
pub mod normalisation;
mod orphan_asset;
mod redundant_description;
mod slug_collision;
mod stray_backslash;
pub mod structure;
mod title_collision;
mod translation_mismatch;
pub(crate) mod unused_suppression;

pub mod declarative;
pub(crate) mod text;

pub(crate) use date_mismatch::calendar_day;
pub use encoding::Encoding;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// What a rule is, independent of what it finds.
#[derive(Copy, Clone, Debug)]
pub struct RuleMeta<'a> {
    /// Kebab-case id, used in output, config and suppression comments.
    pub id: &'a str,
    pub summary: &'a str,
    /// Markdown: What it does / Why is this bad? / Example / Fix safety.
    pub docs: &'a str,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Off unless selected (`--extend-select`, or a level in the config).
    pub default_on: bool,
    /// Option keys the rule reads from its config mapping (besides `level`).
    pub options: &'a [&'a str],
}

/// A rule reads one article (`check`), or the whole site once (`check_site`), or both.
pub trait Rule: Send + Sync {
    fn meta(&self) -> RuleMeta<'_>;

    fn check(&self, _article: &Article<'_>, _cx: &mut Context<'_>) {}

    /// Problems of the site as a whole, each about one file (which need not be an article).
    fn check_site(&self, _site: &Site) -> Vec<SiteProblem> {
        Vec::new()
    }

    /// The rule compares the article with its peers in the site index (`Site::articles`) and
    /// reports nothing for an article that no other one shares a title, a URL, an alias or a
    /// translation key with ([`crate::site_index::SiteIndex::has_peers`]). A whole-site run
    /// lints every article without these rules, builds the index from what it parsed, and
    /// runs them again only on articles with peers.
    fn cross_file(&self) -> bool {
        false
    }
}

/// A problem found by `check_site`: the file it is about, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteProblem {
    /// Absolute path of the file.
    pub path: std::path::PathBuf,
    pub message: String,
    pub help: String,
}

/// `values[0]`, or `default` for an empty slice (a `const fn` for `declare_rule!`).
pub const fn first_or(values: &[bool], default: bool) -> bool {
    match values {
        [first, ..] => *first,
        [] => default,
    }
}

/// What a rule sees besides the article: where to report, its options, the site.
pub struct Context<'a> {
    id: &'a str,
    severity: Severity,
    options: &'a serde_json::Map<String, serde_json::Value>,
    settings: &'a FileSettings,
    site: &'a Site,
    out: &'a mut Vec<Diagnostic>,
    /// Set for rules that run after the others (`unused-suppression`).
    after: Option<After<'a>>,
}

/// What a rule running after the others may see: the suppression comments, after filtering,
/// and every known rule id.
#[derive(Copy, Clone)]
pub struct After<'a> {
    pub suppressions: &'a Suppressions,
    pub rules: &'a RuleSet,
}

impl<'a> Context<'a> {
    pub fn new(
        id: &'a str,
        severity: Severity,
        options: &'a serde_json::Map<String, serde_json::Value>,
        settings: &'a FileSettings,
        site: &'a Site,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            id,
            severity,
            options,
            settings,
            site,
            out,
            after: None,
        }
    }

    pub fn with_after(mut self, after: After<'a>) -> Self {
        self.after = Some(after);
        self
    }

    pub fn after(&self) -> Option<After<'a>> {
        self.after
    }

    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// One of the rule's options from the configuration (`keys` of `missing-asset`, …).
    pub fn option(&self, key: &str) -> Option<&'a serde_json::Value> {
        self.options.get(key)
    }

    pub fn settings(&self) -> &'a FileSettings {
        self.settings
    }

    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::new(self.id, self.severity, span, message));
        self.out.last_mut().expect("just pushed")
    }
}

/// Declares a rule as a unit struct whose doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            severity: $sev:ident,
            fix: $fix:ident
            $(, default_on: $on:literal)?
            $(, options: [$($opt:literal),* $(,)?])?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta<'static> = $crate::rules::RuleMeta {
                id: $id,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                severity: $crate::diagnostic::Severity::$sev,
                fix: $crate::rules::FixAvailability::$fix,
                default_on: $crate::rules::first_or(&[$($on)?], true),
                options: &[$($($opt),*)?],
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every built-in rule, in the order `contentlint rules` lists them.
pub fn builtins() -> impl Iterator<Item = &'static dyn Rule> {
    BUILTINS
        .iter()
        .chain(metadata::RULES)
        .chain(normalisation::RULES)
        .chain(structure::RULES)
        .copied()
}

/// The seed's rules, cross-file rules and suppression; the groups have their own lists.
pub static BUILTINS: &[&dyn Rule] = &[
    &encoding::Encoding,
    &front_matter_syntax::FrontMatterSyntax,
    &clipboard_fragment::ClipboardFragment,
    &stray_backslash::StrayBackslash,
    &duplicate_title::DuplicateTitle,
    &redundant_description::RedundantDescription,
    &date_mismatch::DateMismatch,
    &missing_asset::MissingAsset,
    &glued_words::GluedWords,
    &title_collision::TitleCollision,
    &slug_collision::SlugCollision,
    &translation_mismatch::TranslationMismatch,
    &orphan_asset::OrphanAsset,
    &unused_suppression::UnusedSuppression,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    builtins().find(|r| r.meta().id == id)
}

/// Documentation with the leading space of each doc-comment line removed.
pub fn docs(meta: &RuleMeta<'_>) -> String {
    meta.docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}
