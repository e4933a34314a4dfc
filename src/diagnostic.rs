//! What rules produce: diagnostics, each with an optional fix made of byte-range edits.

use serde::{Deserialize, Serialize};

use crate::span::Span;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How sure a fix is not to change what the reader sees beyond removing the defect.
/// Ordered: a fix applies when its applicability is at least the one required.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion, never applied.
    DisplayOnly,
    /// A judgement call: applied only when the user opts into unsafe fixes.
    Unsafe,
    /// Removes the defect and nothing else.
    Safe,
}

/// One byte-range replacement. An empty `content` deletes; an empty span inserts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn delete(span: Span) -> Self {
        Self {
            span,
            content: String::new(),
        }
    }

    pub fn replace(span: Span, content: impl Into<String>) -> Self {
        Self {
            span,
            content: content.into(),
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Self::replace(Span::empty(at), content)
    }
}

/// Edits applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    edits: Vec<Edit>,
    applicability: Applicability,
}

impl Fix {
    pub fn new(
        first: Edit,
        rest: impl IntoIterator<Item = Edit>,
        applicability: Applicability,
    ) -> Self {
        let mut edits: Vec<Edit> = std::iter::once(first).chain(rest).collect();
        edits.sort();
        edits.dedup();
        Self {
            edits,
            applicability,
        }
    }

    pub fn safe(edit: Edit) -> Self {
        Self::new(edit, [], Applicability::Safe)
    }

    pub fn unsafe_edit(edit: Edit) -> Self {
        Self::new(edit, [], Applicability::Unsafe)
    }

    pub fn display_only(edit: Edit) -> Self {
        Self::new(edit, [], Applicability::DisplayOnly)
    }

    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    pub fn applies(&self, required: Applicability) -> bool {
        self.applicability >= required
    }
}

/// A secondary span, e.g. the front-matter date that a body date disagrees with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub span: Span,
    /// What is wrong; no trailing period.
    pub message: String,
    /// What to do about it; the fix title when a fix exists.
    pub help: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: impl Into<String>,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    /// Fixable by `--fix` without opting into unsafe fixes.
    pub fn has_safe_fix(&self) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| f.applies(Applicability::Safe))
    }
}
