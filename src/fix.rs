//! Applying fixes: one central fixer, re-linting until nothing applicable is left (ruff's model).

use std::collections::BTreeMap;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::front_matter::FrontMatter;

/// Passes before a file that keeps changing is declared a bug in a rule.
pub const MAX_PASSES: usize = 10;

/// The text after one pass, and how many fixes of each rule were applied.
#[derive(Debug)]
pub struct Applied {
    pub output: String,
    pub by_rule: BTreeMap<String, usize>,
}

/// Applies the fixes of `diagnostics` that reach `required`, in source order. A fix whose edits
/// overlap an edit already taken waits for the next pass; the edits of one fix go in together or
/// not at all; an edit proposed by two rules is applied once. `None` when nothing applies.
pub fn apply_fixes(
    source: &str,
    diagnostics: &[Diagnostic],
    required: Applicability,
) -> Option<Applied> {
    let mut fixes: Vec<(&str, &[Edit])> = diagnostics
        .iter()
        .filter_map(|d| {
            let fix = d.fix.as_ref().filter(|f| f.applies(required))?;
            (!fix.edits().is_empty()).then_some((d.rule.as_str(), fix.edits()))
        })
        .collect();
    fixes.sort_by(|a, b| (a.1[0].span.start, a.0).cmp(&(b.1[0].span.start, b.0)));

    let mut taken: Vec<&Edit> = Vec::new();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for (rule, edits) in fixes {
        let fresh: Vec<&Edit> = edits.iter().filter(|e| !taken.contains(e)).collect();
        if fresh.iter().any(|e| taken.iter().any(|t| conflicts(t, e))) {
            continue;
        }
        taken.extend(fresh);
        *by_rule.entry(rule.to_string()).or_default() += 1;
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort();
    let mut output = String::with_capacity(source.len());
    let mut last = 0;
    for edit in taken {
        output.push_str(&source[last..edit.span.start]);
        output.push_str(&edit.content);
        last = edit.span.end;
    }
    output.push_str(&source[last..]);
    Some(Applied { output, by_rule })
}

/// Two edits conflict when their ranges overlap, or both insert at one point (order unknown).
/// Edits that only touch, like two adjacent line deletions, go in together.
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let overlap = a.span.start < b.span.end && b.span.start < a.span.end;
    let same_point = a.span.start == b.span.start && (a.span.is_empty() || b.span.is_empty());
    overlap || same_point || a.span.contains(b.span) || b.span.contains(a.span)
}

/// The result of fixing one file.
#[derive(Debug)]
pub struct FixOutcome {
    pub text: String,
    /// Diagnostics of the final text.
    pub remaining: Vec<Diagnostic>,
    /// Fixes applied, by rule.
    pub fixed: BTreeMap<String, usize>,
    /// Problems before the first pass.
    pub initial_problems: usize,
}

impl FixOutcome {
    /// Problems that are gone. One fix can settle several problems (removing a
    /// `<!--EndFragment-->\` line settles the stray backslash too), so this counts problems,
    /// not edits.
    pub fn fixed_count(&self) -> usize {
        self.initial_problems.saturating_sub(self.remaining.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    /// Fixes kept applying for `MAX_PASSES` passes: a bug in these rules.
    DidNotConverge { rules: Vec<String> },
    /// The front matter parsed before the fixes and does not after: a bug in these rules.
    BrokeFrontMatter { rules: Vec<String> },
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::DidNotConverge { rules } => write!(
                f,
                "internal error: fixes did not settle after {MAX_PASSES} passes (rules: {}); the file was left untouched",
                rules.join(", ")
            ),
            FixError::BrokeFrontMatter { rules } => write!(
                f,
                "internal error: fixes broke the front matter (rules: {}); the file was left untouched",
                rules.join(", ")
            ),
        }
    }
}

/// Lints and fixes `source` until no applicable fix is left: lint, apply, repeat. `lint` runs
/// the rules over a text (parsing it into an article first).
pub fn lint_fix(
    source: &str,
    required: Applicability,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Result<FixOutcome, FixError> {
    // Where the front matter is; it is parsed only if the fixes change it.
    let block = FrontMatter::block_of(source);
    // Front matter too large to parse is never rewritten, nor is the body after it.
    if block.as_ref().is_some_and(|b| b.is_too_large()) {
        let remaining = lint(source);
        return Ok(FixOutcome {
            text: source.to_string(),
            initial_problems: remaining.len(),
            remaining,
            fixed: BTreeMap::new(),
        });
    }
    let had_front_matter = block.is_some();
    let mut text = source.to_string();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let mut initial_problems = None;
    for _ in 0..MAX_PASSES {
        let diagnostics = lint(&text);
        let initial_problems = *initial_problems.get_or_insert(diagnostics.len());
        let applied = apply_fixes(&text, &diagnostics, required).and_then(|applied| {
            if had_front_matter || FrontMatter::of(&applied.output).is_none() {
                Some(applied)
            } else {
                apply_without_creating_front_matter(&text, &diagnostics, required)
            }
        });
        let Some(applied) = applied else {
            // The front matter cannot have changed when the text still opens with its block.
            let block_kept = block
                .as_ref()
                .is_some_and(|b| b.closed && text.starts_with(&source[..b.span.end]));
            if !block_kept && front_matter_valid(source) && !front_matter_valid(&text) {
                return Err(FixError::BrokeFrontMatter {
                    rules: fixed.into_keys().collect(),
                });
            }
            return Ok(FixOutcome {
                text,
                remaining: diagnostics,
                fixed,
                initial_problems,
            });
        };
        for (rule, count) in applied.by_rule {
            *fixed.entry(rule).or_default() += count;
        }
        text = applied.output;
    }
    let mut rules: Vec<String> = lint(&text)
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applies(required)))
        .map(|d| d.rule.clone())
        .collect();
    rules.sort();
    rules.dedup();
    Err(FixError::DidNotConverge { rules })
}

/// Fixes that each look harmless can together bring a `---` line to the top of a file without
/// front matter (a clipboard marker and a lone `\` above a thematic break): the generator would
/// then read the text below as metadata. This applies the fixes of the pass in order, leaving out
/// each one that tips the text over (found by binary search, at most [`MAX_LEFT_OUT`] of them);
/// those stay reported, unfixed. `None` when no fix can go in.
fn apply_without_creating_front_matter(
    text: &str,
    diagnostics: &[Diagnostic],
    required: Applicability,
) -> Option<Applied> {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applies(required) && !f.edits().is_empty())
        })
        .collect();
    candidates.sort_by_key(|d| {
        (
            d.fix.as_ref().map_or(0, |f| f.edits()[0].span.start),
            &d.rule,
        )
    });
    let apply = |set: &[&Diagnostic]| {
        let owned: Vec<Diagnostic> = set.iter().map(|d| (*d).clone()).collect();
        apply_fixes(text, &owned, required)
    };
    let keeps_out = |set: &[&Diagnostic]| {
        apply(set).is_none_or(|applied| FrontMatter::of(&applied.output).is_none())
    };
    let mut kept: Vec<&Diagnostic> = Vec::new();
    let mut rest: &[&Diagnostic] = &candidates;
    for _ in 0..MAX_LEFT_OUT {
        let with = |n: usize| [kept.as_slice(), &rest[..n]].concat();
        if keeps_out(&with(rest.len())) {
            kept.extend_from_slice(rest);
            return apply(&kept);
        }
        // keeps_out(lo) and !keeps_out(hi): leave out rest[lo], the fix that tips it over.
        let (mut lo, mut hi) = (0, rest.len());
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if keeps_out(&with(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        kept.extend_from_slice(&rest[..lo]);
        rest = &rest[hi..];
    }
    apply(&kept)
}

/// Fixes left out of one pass for creating front matter before the pass gives up on the rest.
const MAX_LEFT_OUT: usize = 8;

/// The front matter as an article of `text` sees it (after a byte order mark) parses.
fn front_matter_valid(text: &str) -> bool {
    FrontMatter::of(text)
        .as_ref()
        .is_none_or(|fm| fm.data.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};
    use crate::span::Span;

    fn diagnostic(rule: &str, fix: Fix) -> Diagnostic {
        let mut d = Diagnostic::new(rule, Severity::Error, Span::new(0, 0), "m");
        d.fix(fix);
        d
    }

    #[test]
    fn applies_in_order_and_defers_overlaps() {
        let src = "abcdef";
        let diagnostics = [
            diagnostic("b", Fix::safe(Edit::replace(Span::new(2, 4), "X"))),
            diagnostic("a", Fix::safe(Edit::delete(Span::new(0, 1)))),
            diagnostic("c", Fix::safe(Edit::delete(Span::new(3, 5)))),
            diagnostic("d", Fix::safe(Edit::delete(Span::new(4, 5)))),
            diagnostic("u", Fix::unsafe_edit(Edit::insert(6, "!"))),
        ];
        let applied = apply_fixes(src, &diagnostics, Applicability::Safe).unwrap();
        assert_eq!(applied.output, "bXf");
        assert_eq!(applied.by_rule.keys().collect::<Vec<_>>(), ["a", "b", "d"]);
        let applied = apply_fixes(src, &diagnostics, Applicability::Unsafe).unwrap();
        assert_eq!(applied.output, "bXf!");
    }

    #[test]
    fn identical_edits_apply_once_and_fixes_are_atomic() {
        let src = "0123456789";
        let shared = Edit::delete(Span::new(1, 2));
        let diagnostics = [
            diagnostic("a", Fix::safe(shared.clone())),
            diagnostic(
                "b",
                Fix::new(shared, [Edit::delete(Span::new(5, 6))], Applicability::Safe),
            ),
            diagnostic(
                "c",
                Fix::new(
                    Edit::delete(Span::new(3, 4)),
                    [Edit::delete(Span::new(5, 7))],
                    Applicability::Safe,
                ),
            ),
        ];
        let applied = apply_fixes(src, &diagnostics, Applicability::Safe).unwrap();
        assert_eq!(applied.output, "02346789");
        assert!(!applied.by_rule.contains_key("c"));
        assert!(apply_fixes(src, &[], Applicability::Safe).is_none());
    }

    #[test]
    fn a_fix_that_never_settles_is_an_error_naming_its_rule() {
        // A broken rule: it always wants one more `!`.
        let lint = |text: &str| {
            vec![diagnostic(
                "shouty",
                Fix::safe(Edit::insert(text.len(), "!")),
            )]
        };
        let err = lint_fix("Hi", Applicability::Safe, lint).unwrap_err();
        assert_eq!(
            err,
            FixError::DidNotConverge {
                rules: vec!["shouty".into()]
            }
        );
        assert!(err.to_string().contains("shouty"));
    }

    #[test]
    fn fixes_never_turn_the_top_of_a_file_into_front_matter() {
        // Deleting the marker alone, or the `\` alone, is harmless; both would expose the `---`.
        let source = "<!--StartFragment-->\n\\\n---\nText.  \n";
        let lint = |text: &str| {
            let mut out = Vec::new();
            // (rule, text it looks for, bytes of it to delete)
            for (rule, needle, len) in [
                ("marker", "<!--StartFragment-->\n", 21),
                ("backslash", "\\\n", 2),
                ("whitespace", "  \n", 2),
            ] {
                if let Some(at) = text.find(needle) {
                    let edit = Edit::delete(Span::new(at, at + len));
                    out.push(diagnostic(rule, Fix::safe(edit)));
                }
            }
            out
        };
        let outcome = lint_fix(source, Applicability::Safe, lint).unwrap();
        assert_eq!(outcome.text, "\\\n---\nText.\n");
        assert!(FrontMatter::of(&outcome.text).is_none());
        assert_eq!(outcome.remaining.len(), 1);
        assert_eq!(outcome.remaining[0].rule, "backslash");
    }

    #[test]
    fn a_fix_that_breaks_the_front_matter_is_refused() {
        let lint = |text: &str| match text.find("\n---\n") {
            Some(at) => vec![diagnostic(
                "eats-fence",
                Fix::safe(Edit::delete(Span::new(at + 1, at + 5))),
            )],
            None => Vec::new(),
        };
        let err = lint_fix("---\ntitle: T\n---\nBody\n", Applicability::Safe, lint).unwrap_err();
        assert_eq!(
            err,
            FixError::BrokeFrontMatter {
                rules: vec!["eats-fence".into()]
            }
        );
    }

    #[test]
    fn display_only_fixes_never_apply() {
        let diagnostics = [diagnostic(
            "a",
            Fix::display_only(Edit::delete(Span::new(0, 1))),
        )];
        assert!(apply_fixes("ab", &diagnostics, Applicability::Unsafe).is_none());
    }
}
