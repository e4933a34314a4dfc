//! Parsing any text into an article never panics, and its spans stay inside the text.
#![no_main]

use contentlint::article::Article;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let article = Article::parse(common::path(), source);
    assert!(article.body.end == source.len() && article.body.start <= article.body.end);
    if let Some(fm) = &article.front_matter {
        assert!(fm.span.end <= source.len() && fm.inner.start >= fm.span.start);
        for field in fm.fields() {
            assert!(source.get(field.key_span.range()).is_some());
            assert!(source.get(field.value_span.range()).is_some());
            assert!(source.get(field.entry_span.range()).is_some());
        }
    }
});
