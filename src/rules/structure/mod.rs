//! Structure rules: headings, links, images, code fences and raw HTML.

use crate::rules::Rule;

/// The rules of this group, in the order `contentlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[];
