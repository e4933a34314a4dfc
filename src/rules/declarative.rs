//! Declarative rules in YAML, in Vale's vocabulary: `extends: existence | substitution |
//! repetition`, `tokens`, `swap`, `message`, `level`, `scope`. Writers add them without Rust.

use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::article::{Article, LinkKind};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::rules::{Context, FixAvailability, Rule, RuleMeta};
use crate::span::Span;
use crate::yaml;

/// Compiled regexes may not grow beyond this: a rule file cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    extends: String,
    message: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    default: Option<serde_yaml::Value>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    lang: Vec<String>,
    #[serde(default)]
    ignorecase: bool,
    #[serde(default)]
    swap: serde_yaml::Mapping,
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    fix: Option<String>,
    #[serde(default)]
    examples: Option<Examples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Examples {
    bad: String,
    good: String,
}

#[derive(Debug)]
enum Check {
    /// Each match of any token is a problem.
    Existence(Vec<Regex>),
    /// Each match is a problem whose fix is the replacement (`$1` expands groups).
    Substitution(Vec<(Regex, String)>),
    /// The same token twice in a row (`the the`).
    Repetition(Vec<Regex>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Extends {
    Existence,
    Substitution,
    Repetition,
}

/// A rule's patterns as written, compiled on demand.
#[derive(Debug)]
struct Patterns {
    extends: Extends,
    /// Each pattern, with its replacement for substitutions.
    written: Vec<(String, String)>,
    ignorecase: bool,
    /// The rule file, and the line of its `tokens` or `swap` key: what a compile error names.
    path: std::path::PathBuf,
    line: usize,
}

/// What a rule searches with.
#[derive(Debug)]
struct Compiled {
    check: Check,
    /// What every match must hold, as one regex ([`prefilter`]): one search over the stretch
    /// from the first span to the last tells whether any span can match.
    anywhere: Option<Regex>,
}

impl Patterns {
    fn compile(&self) -> Result<Compiled, String> {
        let compile = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(self.ignorecase)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| {
                    format!(
                        "{}:{}: invalid regex `{pattern}`: {e}",
                        self.path.display(),
                        self.line
                    )
                })
        };
        let tokens = || {
            self.written
                .iter()
                .map(|(pattern, _)| compile(pattern))
                .collect::<Result<Vec<_>, _>>()
        };
        let check = match self.extends {
            Extends::Existence => Check::Existence(tokens()?),
            Extends::Repetition => Check::Repetition(tokens()?),
            Extends::Substitution => Check::Substitution(
                self.written
                    .iter()
                    .map(|(pattern, replacement)| Ok((compile(pattern)?, replacement.clone())))
                    .collect::<Result<Vec<_>, String>>()?,
            ),
        };
        let patterns: Vec<&str> = self.written.iter().map(|(p, _)| p.as_str()).collect();
        Ok(Compiled {
            check,
            anywhere: prefilter(&patterns, self.ignorecase),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    Prose,
    Heading,
    LinkText,
    Html,
    FrontMatter(String),
    Raw,
}

#[derive(Debug)]
pub struct PatternRule {
    id: String,
    summary: String,
    docs: String,
    message: String,
    severity: Severity,
    default_on: bool,
    scope: Scope,
    lang: Vec<String>,
    applicability: Applicability,
    patterns: Patterns,
    /// The patterns compiled (`None` if they cannot be: never for a rule [`PatternRule::parse`]
    /// returned, which compiles them; the shipped rules are compiled by a test).
    compiled: std::sync::OnceLock<Option<Compiled>>,
}

impl PatternRule {
    /// Parses a rule file and compiles its patterns; its stem is the rule id. Errors name the
    /// file and line.
    pub fn parse(path: &Path, text: &str) -> Result<PatternRule, String> {
        let rule = Self::parse_uncompiled(path, text)?;
        let compiled = rule.patterns.compile()?;
        rule.compiled.get_or_init(|| Some(compiled));
        Ok(rule)
    }

    /// A rule shipped in the binary: parsed, and its patterns compiled when first used if the
    /// rule is off by default (most runs never use them; compiling is most of loading a rule).
    pub fn parse_shipped(path: &Path, text: &str) -> Result<PatternRule, String> {
        let rule = Self::parse_uncompiled(path, text)?;
        if rule.default_on {
            let compiled = rule.patterns.compile()?;
            rule.compiled.get_or_init(|| Some(compiled));
        }
        Ok(rule)
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| self.patterns.compile().ok())
            .as_ref()
    }

    fn parse_uncompiled(path: &Path, text: &str) -> Result<PatternRule, String> {
        let at = |line: usize, message: String| {
            if line > 0 {
                format!("{}:{line}: {message}", path.display())
            } else {
                format!("{}: {message}", path.display())
            }
        };
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let kebab = !id.is_empty()
            && id.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !kebab {
            return Err(at(
                0,
                format!("the file name `{id}` is the rule id and must be kebab-case"),
            ));
        }
        let raw: RawRule = yaml::from_str(text)
            .map_err(|e| at(e.line, e.message.replace("unknown field", "unknown key")))?;
        let line = |key: &str| yaml::line_of_key(text, key);
        let severity = match raw.level.as_deref() {
            None | Some("warning") | Some("warn") => Severity::Warning,
            Some("error") => Severity::Error,
            Some(other) => {
                return Err(at(
                    line("level"),
                    format!("unknown level `{other}`: expected `warning` or `error`"),
                ))
            }
        };
        let default_on = match &raw.default {
            None => true,
            Some(serde_yaml::Value::Bool(b)) => *b,
            Some(serde_yaml::Value::String(s)) if s == "on" => true,
            Some(serde_yaml::Value::String(s)) if s == "off" => false,
            Some(_) => return Err(at(line("default"), "expected `on` or `off`".into())),
        };
        let scope = match raw.scope.as_deref().unwrap_or("prose") {
            "prose" => Scope::Prose,
            "heading" => Scope::Heading,
            "link-text" => Scope::LinkText,
            "html" => Scope::Html,
            "raw" => Scope::Raw,
            other => match other.strip_prefix("front-matter:") {
                Some(key) if !key.is_empty() => Scope::FrontMatter(key.to_string()),
                _ => {
                    return Err(at(
                        line("scope"),
                        format!("unknown scope `{other}`: expected prose, heading, link-text, html, front-matter:<key> or raw"),
                    ))
                }
            },
        };
        let applicability = match raw.fix.as_deref() {
            None | Some("unsafe") => Applicability::Unsafe,
            Some("safe") => Applicability::Safe,
            Some("display-only") => Applicability::DisplayOnly,
            Some(other) => {
                return Err(at(
                    line("fix"),
                    format!("unknown fix `{other}`: expected safe, unsafe or display-only"),
                ))
            }
        };
        let (extends, key) = match raw.extends.as_str() {
            "existence" => (Extends::Existence, "tokens"),
            "repetition" => (Extends::Repetition, "tokens"),
            "substitution" => (Extends::Substitution, "swap"),
            other => {
                return Err(at(
                    line("extends"),
                    format!(
                    "unknown `extends: {other}`: expected existence, substitution or repetition"
                ),
                ))
            }
        };
        let written: Vec<(String, String)> = if extends == Extends::Substitution {
            if raw.swap.is_empty() {
                return Err(at(
                    line("extends"),
                    "`extends: substitution` needs `swap`".into(),
                ));
            }
            let mut swaps = Vec::new();
            for (pattern, replacement) in &raw.swap {
                let (Some(pattern), Some(replacement)) = (pattern.as_str(), replacement.as_str())
                else {
                    return Err(at(
                        line("swap"),
                        "`swap` maps regexes to replacement strings".into(),
                    ));
                };
                swaps.push((pattern.to_string(), replacement.to_string()));
            }
            swaps
        } else {
            if raw.tokens.is_empty() {
                return Err(at(
                    line("extends"),
                    format!("`extends: {}` needs `tokens`", raw.extends),
                ));
            }
            raw.tokens
                .iter()
                .map(|t| (t.clone(), String::new()))
                .collect()
        };
        // A pattern that is not a regex at all is an error even before it is compiled.
        for (pattern, _) in &written {
            if let Err(e) = regex_syntax::ParserBuilder::new()
                .case_insensitive(raw.ignorecase)
                .build()
                .parse(pattern)
            {
                return Err(at(line(key), format!("invalid regex `{pattern}`: {e}")));
            }
        }
        let patterns = Patterns {
            extends,
            written,
            ignorecase: raw.ignorecase,
            path: path.to_path_buf(),
            line: line(key),
        };
        let summary = raw
            .description
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&raw.message)
            .trim()
            .trim_end_matches('.')
            .to_string();
        let mut docs = format!("## What it does\n{}\n", raw.description.trim());
        if let Some(examples) = &raw.examples {
            docs.push_str(&format!(
                "\n## Example\n```markdown\n{}\n```\n\nUse instead:\n```markdown\n{}\n```\n",
                examples.bad.trim_end(),
                examples.good.trim_end()
            ));
        }
        Ok(PatternRule {
            id,
            summary,
            docs,
            message: raw.message,
            severity,
            default_on,
            scope,
            lang: raw.lang.iter().map(|l| primary_language(l)).collect(),
            applicability,
            patterns,
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// The spans of the article this rule reads.
    fn scope_spans(&self, article: &Article<'_>) -> Vec<Span> {
        match &self.scope {
            Scope::Prose => article.prose.clone(),
            Scope::Heading => within(&article.prose, article.headings.iter().map(|h| h.span)),
            Scope::LinkText => within(
                &article.prose,
                article
                    .links
                    .iter()
                    .filter(|l| l.kind == LinkKind::Link && !l.autolink)
                    .map(|l| l.span),
            ),
            Scope::Html => article.html.clone(),
            Scope::FrontMatter(key) => article
                .front_matter
                .as_ref()
                .and_then(|fm| fm.field(key))
                .map(|f| vec![f.value_span])
                .unwrap_or_default(),
            Scope::Raw => vec![Span::new(0, article.source.len())],
        }
    }

    fn applies_to(&self, article: &Article<'_>, cx: &Context<'_>) -> bool {
        if self.lang.is_empty() {
            return true;
        }
        let from_front_matter = article
            .front_matter
            .as_ref()
            .and_then(|fm| fm.str_value("lang").or_else(|| fm.str_value("language")));
        // Front matter first, then the article's place (`post.fr.md`, `content/fr/`), then config.
        let lang = from_front_matter
            .map(primary_language)
            .or_else(|| {
                let path = article.absolute_path().to_path_buf();
                crate::site_index::path_language(cx.site(), &path)
            })
            .or_else(|| cx.settings().lang.as_deref().map(primary_language));
        lang.is_some_and(|l| self.lang.contains(&l))
    }

    fn message(&self, found: &str, replacement: &str) -> String {
        self.message
            .replace("{match}", found)
            .replace("{replacement}", replacement)
    }
}

impl Rule for PatternRule {
    fn meta(&self) -> RuleMeta<'_> {
        RuleMeta {
            id: &self.id,
            summary: &self.summary,
            docs: &self.docs,
            severity: self.severity,
            fix: match (self.patterns.extends, self.applicability) {
                (Extends::Existence, _) | (_, Applicability::DisplayOnly) => FixAvailability::None,
                _ => FixAvailability::Always,
            },
            default_on: self.default_on,
            options: &[],
        }
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(compiled) = self.compiled() else {
            return;
        };
        if !self.applies_to(article, cx) {
            return;
        }
        let spans = self.scope_spans(article);
        if let (Some(anywhere), Some(first), Some(last)) =
            (&compiled.anywhere, spans.first(), spans.last())
        {
            if !anywhere.is_match(article.text(Span::new(first.start, last.end.max(first.start)))) {
                return;
            }
        }
        for span in spans {
            let text = article.text(span);
            match &compiled.check {
                Check::Existence(tokens) => {
                    for token in tokens {
                        for found in token.find_iter(text) {
                            let at =
                                Span::new(span.start + found.start(), span.start + found.end());
                            cx.report(at, self.message(found.as_str(), ""));
                        }
                    }
                }
                Check::Substitution(swaps) => {
                    for (pattern, replacement) in swaps {
                        for caps in pattern.captures_iter(text) {
                            let found = caps.get(0).expect("group 0 always matches");
                            let mut expanded = String::new();
                            caps.expand(replacement, &mut expanded);
                            if expanded == found.as_str() {
                                continue;
                            }
                            let at =
                                Span::new(span.start + found.start(), span.start + found.end());
                            let message = self.message(found.as_str(), &expanded);
                            cx.report(at, message)
                                .help(format!("Replace with `{expanded}`"))
                                .fix(Fix::new(
                                    Edit::replace(at, expanded),
                                    [],
                                    self.applicability,
                                ));
                        }
                    }
                }
                Check::Repetition(tokens) => {
                    for token in tokens {
                        let found: Vec<regex::Match<'_>> = token.find_iter(text).collect();
                        for pair in found.windows(2) {
                            let (first, second) = (pair[0], pair[1]);
                            let gap = &text[first.end()..second.start()];
                            let same = first.as_str().chars().any(char::is_alphabetic)
                                && first.as_str().to_lowercase() == second.as_str().to_lowercase();
                            if !same || gap.is_empty() || !gap.chars().all(char::is_whitespace) {
                                continue;
                            }
                            let at =
                                Span::new(span.start + first.start(), span.start + second.end());
                            let removal =
                                Span::new(span.start + first.end(), span.start + second.end());
                            cx.report(at, self.message(first.as_str(), first.as_str()))
                                .help(format!("Remove the second `{}`", second.as_str()))
                                .fix(Fix::new(Edit::delete(removal), [], self.applicability));
                        }
                    }
                }
            }
        }
    }
}

/// `fr-FR` → `fr`.
fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// The parts of `runs` inside any of `containers`.
fn within(runs: &[Span], containers: impl Iterator<Item = Span>) -> Vec<Span> {
    let containers: Vec<Span> = containers.collect();
    runs.iter()
        .flat_map(|run| {
            containers.iter().filter_map(move |c| {
                let start = run.start.max(c.start);
                let end = run.end.min(c.end);
                (start < end).then(|| Span::new(start, end))
            })
        })
        .collect()
}

/// One regex that matches wherever any of `patterns` could: their alternation, each without
/// the leading and trailing parts that can match nothing (`[ \t]*`), which would otherwise
/// hide their literals from the regex engine's fast prefilters. A match of a pattern always
/// holds a match of what is left of it, so where this finds nothing, nothing can match.
/// `None` when a pattern holds an assertion (anchors and word boundaries depend on context).
fn prefilter(patterns: &[&str], ignorecase: bool) -> Option<Regex> {
    use regex_syntax::hir::{Hir, HirKind};
    let mut cores = Vec::new();
    for pattern in patterns {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(ignorecase)
            .build()
            .parse(pattern)
            .ok()?;
        if !hir.properties().look_set().is_empty() {
            return None;
        }
        let core = match hir.kind() {
            HirKind::Concat(parts) => {
                let can_be_empty = |h: &&Hir| h.properties().minimum_len() == Some(0);
                let start = parts.iter().take_while(can_be_empty).count();
                let end = parts.len() - parts.iter().rev().take_while(can_be_empty).count();
                if start >= end {
                    hir
                } else {
                    Hir::concat(parts[start..end].to_vec())
                }
            }
            _ => hir,
        };
        cores.push(core);
    }
    let joined = Hir::alternation(cores);
    RegexBuilder::new(&joined.to_string())
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefilter_matches_wherever_a_pattern_can() {
        let patterns = [
            r"[ \t]*(?:&nbsp;|\x{A0})(?:[ \t]*(?:&nbsp;|\x{A0}))+[ \t]*",
            r"(?i)click\s*here",
            r"x*",
        ];
        let filter = super::prefilter(&patterns, false).unwrap();
        for text in [
            "a &nbsp;&nbsp; b",
            "a\u{a0} \u{a0}b",
            "Click  HERE",
            "",
            "nothing at all",
        ] {
            let any = patterns
                .iter()
                .any(|p| regex::Regex::new(p).unwrap().is_match(text));
            assert!(!any || filter.is_match(text), "{text:?}");
        }
        let narrow = super::prefilter(&[patterns[0]], false).unwrap();
        assert!(!narrow.is_match("plain words, spaces   and tabs\t\t"));
        // Assertions depend on what surrounds a span: no prefilter.
        assert!(super::prefilter(&[r"\bthe the\b"], false).is_none());
        assert!(super::prefilter(&[r"^x"], false).is_none());
    }

    use super::*;

    fn parse(text: &str) -> Result<PatternRule, String> {
        PatternRule::parse(Path::new("rules/x/quant-aux.yaml"), text)
    }

    #[test]
    fn a_substitution_rule() {
        let rule = parse(
            "extends: substitution\nmessage: \"'{match}' should be '{replacement}'\"\ndescription: Quand aux.\nignorecase: true\nswap:\n  '\\bquand aux\\b': 'quant aux'\nfix: safe\n",
        )
        .unwrap();
        assert_eq!(rule.meta().id, "quant-aux");
        assert_eq!(rule.meta().severity, Severity::Warning);
        assert_eq!(
            rule.message("quand aux", "quant aux"),
            "'quand aux' should be 'quant aux'"
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = parse("extends: existence\nmessage: m\ntokens: ['(unclosed']\n").unwrap_err();
        assert!(
            err.starts_with("rules/x/quant-aux.yaml:3: invalid regex"),
            "{err}"
        );
        let err = parse("extends: existence\nmessage: m\ntokenz: ['a']\n").unwrap_err();
        assert!(err.contains("unknown key `tokenz`"), "{err}");
        let err = parse("extends: spelling\nmessage: m\n").unwrap_err();
        assert!(err.contains("unknown `extends: spelling`"), "{err}");
        let err = parse("extends: existence\nmessage: m\ntokens: ['a{1000}{1000}']\n").unwrap_err();
        assert!(err.contains("invalid regex"), "{err}");
        let err = PatternRule::parse(
            Path::new("Bad_Name.yaml"),
            "extends: existence\nmessage: m\ntokens: [a]\n",
        )
        .unwrap_err();
        assert!(err.contains("kebab-case"), "{err}");
    }
}
