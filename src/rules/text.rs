//! Text helpers shared by rules.

use unicode_normalization::UnicodeNormalization;

/// Text as a reader compares it: Unicode NFKC, lower case, typographic quotes and apostrophes
/// made plain, whitespace (non-breaking included) collapsed, ends trimmed.
pub fn normalize(text: &str) -> String {
    // Most titles are in NFKC already (a quick check says so without decomposing them): the
    // normalisation would give them back unchanged.
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return collapsed(
            text.chars().flat_map(char::to_lowercase).map(plain_quote),
            text.len(),
        );
    }
    collapsed(folded(text), text.len())
}

/// `chars` with whitespace runs as one space, ends trimmed.
fn collapsed(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
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

/// NFKC, lower case, typographic quotes as ASCII ones: what `normalize` makes of each char.
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkc().flat_map(char::to_lowercase).map(plain_quote)
}

fn plain_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' | '\u{2033}' => '"',
        c => c,
    }
}

/// `normalize(text)` without the spaces next to a `"`, one char at a time: comparing two texts
/// stops at their first difference instead of normalising both in full.
struct Compared<I: Iterator<Item = char>> {
    chars: I,
    /// The last char given out.
    last: Option<char>,
    /// A char read after a run of whitespace, given out after the space.
    held: Option<char>,
}

impl<I: Iterator<Item = char>> Iterator for Compared<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.held.take() {
            self.last = Some(c);
            return Some(c);
        }
        let mut space = false;
        loop {
            let c = self.chars.next()?;
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && self.last.is_some_and(|l| l != '"') && c != '"' {
                self.held = Some(c);
                self.last = Some(' ');
                return Some(' ');
            }
            self.last = Some(c);
            return Some(c);
        }
    }
}

fn compared(text: &str) -> Compared<impl Iterator<Item = char> + '_> {
    Compared {
        chars: folded(text),
        last: None,
        held: None,
    }
}

pub fn same_text(a: &str, b: &str) -> bool {
    compared(a).eq(compared(b))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The quick path gives what full normalisation gives.
        #[test]
        fn normalize_is_nfkc_folded(
            text in "([a-zA-Z ]|é|É|ﬁ|Ⅻ|①|ｈ|e\u{301}|\u{a0}|’|«|»|`|´|K|İ|ß|\t|\n){0,16}"
        ) {
            prop_assert_eq!(normalize(&text), collapsed(folded(&text), 0));
        }
    }

    fn squeeze_quotes(s: &str) -> String {
        s.replace("\" ", "\"").replace(" \"", "\"")
    }

    proptest! {
        /// The char-by-char comparison agrees with normalising both texts in full.
        #[test]
        fn same_text_is_equality_of_squeezed_normal_forms(
            a in "[ aAé\"«»’`\u{a0}\t\n\u{301}ﬁ]{0,12}",
            b in "[ aAé\"«»’`\u{a0}\t\n\u{301}ﬁ]{0,12}",
        ) {
            let expected = squeeze_quotes(&normalize(&a)) == squeeze_quotes(&normalize(&b));
            prop_assert_eq!(same_text(&a, &b), expected);
            prop_assert!(same_text(&a, &a));
            prop_assert_eq!(compared(&a).collect::<String>(), squeeze_quotes(&normalize(&a)));
        }
    }

    #[test]
    fn normalizes_what_readers_do_not_see() {
        assert_eq!(normalize("  L’Arménie\u{a0} TOURNE  "), "l'arménie tourne");
        assert_eq!(normalize("Cafe\u{301}"), normalize("Café"));
        assert!(same_text("« Bonjour »", "\"bonjour\""));
        assert!(!same_text("Bonjour", "Bonsoir"));
    }
}
