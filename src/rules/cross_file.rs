//! Shared by the rules that compare an article with the rest of its site.

use std::path::Path;

/// How to name another article in a message: relative to the current folder when possible.
pub fn shown(path: &Path) -> String {
    crate::render::display_path(path)
}
