//! Text helpers shared by rules.

use unicode_normalization::UnicodeNormalization;

/// Text as a reader compares it: Unicode NFKC, lower case, typographic quotes and apostrophes
/// made plain, whitespace (non-breaking included) collapsed, ends trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}'
            | '\u{2033}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `«  x  »` compares like `"x"`: spaces inside quotes do not count.
pub fn same_text(a: &str, b: &str) -> bool {
    squeeze_quotes(&normalize(a)) == squeeze_quotes(&normalize(b))
}

fn squeeze_quotes(s: &str) -> String {
    s.replace("\" ", "\"").replace(" \"", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_what_readers_do_not_see() {
        assert_eq!(normalize("  L’Arménie\u{a0} TOURNE  "), "l'arménie tourne");
        assert_eq!(normalize("Cafe\u{301}"), normalize("Café"));
        assert!(same_text("« Bonjour »", "\"bonjour\""));
        assert!(!same_text("Bonjour", "Bonsoir"));
    }
}
