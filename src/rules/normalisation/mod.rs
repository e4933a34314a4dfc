//! Normalisation rules: line endings, BOM, whitespace, invisible characters. All fix safely, so
//! that `--fix` leaves LF line endings, no BOM and clean whitespace.

use crate::rules::Rule;

/// The rules of this group, in the order `contentlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[];
