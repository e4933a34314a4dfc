use std::path::Path;

use aho_corasick::AhoCorasick;

use crate::rules::{declare_rule, Rule, RuleMeta, SiteProblem};
use crate::site::Site;

declare_rule! {
    /// ## What it does
    /// Finds media files under the site's static folders (images, PDFs, audio, video) that no
    /// article, front matter, site configuration, layout or data file names. Opt-in, for
    /// one-off clean-ups: select it with `--extend-select orphan-asset` and lint the whole site.
    ///
    /// A file counts as used when its file name appears anywhere in those texts, so a path
    /// built by a template from a name still counts; the rule errs on the side of keeping.
    ///
    /// ## Why is this bad?
    /// CMS media libraries keep every upload forever: repositories grow by hundreds of
    /// megabytes of images that no page shows, and every clone and deploy pays for them.
    ///
    /// ## Example
    /// `static/img/uploads/screenshot-2019.png`, referenced by no page.
    ///
    /// Use instead: delete the file, or link it from the article that needs it.
    pub(crate) struct OrphanAsset {
        id: "orphan-asset",
        summary: "Media file in the static folders that nothing references",
        severity: Warning,
        fix: None,
        default_on: false,
    }
}

/// Files worth reporting: media, not the scripts, styles and icons that templates load.
const MEDIA: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "pdf", "mp4", "webm",
    "mov", "mp3", "ogg", "wav",
];
/// Where references to assets live besides the articles.
const TEXT_FOLDERS: &[&str] = &[
    "content",
    "layouts",
    "data",
    "themes",
    "_layouts",
    "_includes",
    "_data",
    "src",
];
const TEXT_FILES: &[&str] = &[
    "md", "markdown", "html", "htm", "toml", "yaml", "yml", "json", "js", "jsx", "ts", "tsx",
    "css", "scss", "liquid",
];

impl Rule for OrphanAsset {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check_site(&self, site: &Site) -> Vec<SiteProblem> {
        let static_prefixes: Vec<String> = site
            .static_dirs
            .iter()
            .map(|d| d.to_string_lossy().replace('\\', "/"))
            .filter(|d| !d.is_empty())
            .map(|d| format!("{}/", d.trim_end_matches('/')))
            .collect();
        let mut assets: Vec<String> = site
            .all_files()
            .filter(|f| static_prefixes.iter().any(|p| f.starts_with(p.as_str())))
            .filter(|f| is_media(f))
            .collect();
        assets.sort_unstable();
        if assets.is_empty() {
            return Vec::new();
        }
        let names: Vec<&str> = assets
            .iter()
            .map(|a| a.rsplit('/').next().unwrap_or(a))
            .collect();
        let Ok(matcher) = AhoCorasick::new(&names) else {
            return Vec::new();
        };
        let mut used = vec![false; names.len()];
        for text in reference_texts(site) {
            for found in matcher.find_overlapping_iter(&text) {
                used[found.pattern().as_usize()] = true;
            }
        }
        assets
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(asset, _)| SiteProblem {
                path: site.root.join(asset),
                message: format!("`{asset}` is referenced by no article, configuration or layout"),
                help: "Delete the file if no page needs it".into(),
            })
            .collect()
    }
}

fn is_media(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.starts_with('.')
        && name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| MEDIA.iter().any(|m| m.eq_ignore_ascii_case(ext)))
}

/// The texts that may name an asset: articles, configuration, layouts, data, and the site's
/// own configuration files at the root.
fn reference_texts(site: &Site) -> impl Iterator<Item = String> + '_ {
    let is_text = |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_FILES.iter().any(|t| t.eq_ignore_ascii_case(e)))
    };
    let roots: Vec<std::path::PathBuf> = TEXT_FOLDERS
        .iter()
        .map(|f| site.root.join(f))
        .chain(site.content_dirs.iter().map(|d| site.root.join(d)))
        .filter(|p| p.is_dir())
        .collect();
    let root_files = std::fs::read_dir(&site.root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file());
    let walked = roots.into_iter().flat_map(|root| {
        ignore::WalkBuilder::new(root)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
    });
    root_files
        .chain(walked)
        .filter(move |p| is_text(p))
        .filter_map(|p| std::fs::read(&p).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}
