//! Shared by the rules that compare an article with the rest of its site.

use std::path::Path;

use crate::article::Article;
use crate::site::Site;
use crate::site_index::Entry;

/// The article as the site index sees it, from its current text (which may be unsaved: stdin).
pub fn own_entry(article: &Article<'_>, site: &Site) -> Option<Entry> {
    let fm = article.front_matter.as_ref()?;
    fm.data.as_ref().ok()?;
    Some(Entry::from_front_matter(site, article.absolute_path(), fm))
}

/// How to name another article in a message: relative to the current folder when possible.
pub fn shown(path: &Path) -> String {
    crate::render::display_path(path)
}
