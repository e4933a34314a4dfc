//! Detection of words glued together by a copy-paste in prose:
//! "16:38Mis à jour", "10:05 PMUpdated", "at midnight.Officials said".
//!
//! Every check works on one whitespace-delimited token at a time and the
//! whole token must have the expected shape (punctuation, number or word,
//! glue, capitalised word, trailing punctuation): anything else in the token
//! (a slash, `@`, `_`, `(`, `=`, a second dot between letters, digits…) means
//! a URL, an e-mail, a path, a file name or a code identifier, and is skipped.
//! Precision is preferred over recall.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A glued token found in a run of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glued {
    /// byte range in `text` of the whole glued token, e.g. "16:38Mis" or "midnight.Officials"
    pub span: Range<usize>,
    /// byte offset in `text` where a space should be inserted ("16:38|Mis", "midnight.|Officials")
    pub split_at: usize,
    pub kind: GluedKind,
}

/// What was glued to the capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GluedKind {
    /// A time or a year directly followed by a capitalised word: "16:38Mis", "2024Published".
    Number,
    /// An upper-case unit after a number, run into a capitalised word: "10:05 PMUpdated".
    Unit,
    /// A sentence end with no space before the next sentence: "midnight.Officials".
    SentenceEnd,
}

/// Opening punctuation allowed at the start of a token.
const OPEN: &str = r#"[\p{Ps}\p{Pi}"'«]*"#;
/// Trailing punctuation allowed at the end of a token.
const TRAIL: &str = r#"[,;:.!?…)\]"'”’»]*"#;
/// A time: "16:38", "16:38:05", "16h38" ("10.05" is a number, not a time).
const TIME: &str = r"[0-2]?[0-9](?::[0-5][0-9](?::[0-5][0-9])?|h[0-5][0-9])";
/// A plausible year: 1900–2039 (2070, 2080… are product numbers).
const YEAR: &str = r"(?:19[0-9]{2}|20[0-3][0-9])";

/// Time or year directly followed by a capitalised word. Before the number
/// only opening punctuation and the day and month of a date
/// ("22/11/2023Updated"; "v2.2024Beta" is a version).
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{OPEN}(?:[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.])?(?:{TIME}|{YEAR})(\p{{Lu}}\p{{Ll}}{{2,}}){TRAIL}$"
    ))
    .expect("valid regex")
});

/// An optional number (otherwise it must be the previous token), an
/// upper-case unit and a capitalised word: "PMUpdated", "10:05PMUpdated",
/// "a.m.Updated".
static UNIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{OPEN}((?:{TIME}|[0-9]{{1,2}}[.][0-5][0-9]|[0-9]+)?)(\p{{Lu}}{{2,4}}|[ap]\.m\.)(\p{{Lu}}\p{{Ll}}{{2,}}){TRAIL}$"
    ))
    .expect("valid regex")
});

/// A token that is a time or a number: the previous token of "5 AMPosted".
static NUMBER_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{OPEN}(?:{TIME}|[0-9]{{1,2}}[.][0-5][0-9]|[0-9]+)$"
    ))
    .expect("valid regex")
});

/// `[open] Left (. | ! | ? …) [close] Right [trailing punctuation]`: the whole
/// token is two words around a sentence end. Ellipses ("etc...Thanks") are an
/// authoring style, not a paste, and are not matched.
static SENTENCE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^{OPEN}(?:(?:[cdjlmnst]|qu)['’])?(\p{{L}}\p{{Ll}}+)(?:\.|[!?]{{1,3}})[)\]"'”’»]?(\p{{Lu}}\p{{Ll}}+)(?:['’]\p{{Ll}}+)?{TRAIL}$"#
    ))
    .expect("valid regex")
});

/// Upper-case units that follow a number (plus "a.m." / "p.m.").
const UNITS: &str = "AM PM a.m. p.m. UTC GMT CET CEST EET EEST WET WEST EST EDT CST CDT MST MDT \
    PST PDT AKST HST BST IST JST KST MSK AEST AEDT HKT SGT KB MB GB TB PB";

/// Capitalised words that are units, not words, after a number ("1000Mbps").
const UNIT_WORDS: &str = "mbps gbps kbps tbps bps mhz ghz khz thz mib gib kib tib pib mio gio kio \
    tio mbit gbit kbit mops kops flops mflops gflops tflops pflops min sec hrs mins secs";

/// Left words that are abbreviations rather than a sentence end
/// (words of one or two letters are never taken as a sentence end).
const ABBREVIATIONS: &str = "mrs mme mlle mgr messrs prof gen sgt capt col rev hon inc ltd \
    corp dept est fig figs vol vols ref refs approx ave blvd jan feb mar apr jun jul aug sep \
    sept oct nov dec janv févr avr juil déc nos num chap sec cit ibid var env min max ver rel \
    bros ste cie";

/// Lower-cased right words that are file extensions or top-level domains
/// ("index.Md", "config.Yaml", "example.Com"). A sentence starter ("So",
/// "De") wins over this list.
const EXTENSIONS: &str = "md mdx markdown yaml yml json toml xml csv txt html htm css scss js \
    jsx ts tsx py rs go java rb sh php vue png jpg jpeg gif svg webp ico pdf doc docx xls xlsx \
    ppt pptx zip tar gz tgz exe log conf cfg ini sql lock env key pem crt cert properties \
    gradle kt swift cpp hpp rst tex mp3 mp4 wav avi mov mkv bin img iso deb rpm apk dmg msi \
    jar war ear so dll dylib wasm ipynb sum mod com org net io fr de uk eu us ca ch be info \
    biz gov edu app dev ai co me tv ly gg xyz tech cloud blog site online store mobi asia \
    name pro";

/// Words that commonly start a sentence (English, French, Spanish,
/// Portuguese). After a capitalised left word ("Russie.Et", "Bitcoin.It")
/// only these are taken: "Ergo.Meta", "Release.Namespace", "Susy.One",
/// "Transformation.Next" are names.
const SENTENCE_STARTERS: &str = "the this that these those there here it its in on at as if we \
    he she they you our his her their my your an and but so or also however then please for \
    with by to of from all some many most each every after before when while where what why \
    how which who is are was were not no yes since because although though thus therefore \
    moreover finally let meanwhile instead besides another other such both \
    et le la les il elle ils elles on nous vous je ce cet cette ces un une des du de en mais \
    donc car pour dans sur avec par si puis alors aussi cela ça voici voilà depuis après avant \
    selon enfin ainsi pourtant cependant quand lorsque mon ma mes son sa ses leur leurs notre \
    nos votre vos au aux déjà ensuite ni néanmoins toutefois \
    el los las lo es esto esta este estos estas eso esa ese otro otra otros hay pero con por \
    para su sus también además sin así como cuando ya os isso isto esse essa uma um mas não \
    então";

/// Lower-cased right words that are typical code member names: after a
/// lower-case left word ("pathlib.Path", "console.Log") they make an identifier.
const CODE_WORDS: &str = "path log debug warn print println printf exit main string int list \
    dict map array object class type value values keys key id env environ args argv stdout \
    stderr stdin io os sys fs util utils thread process config client server request \
    response exception event file dir new init self this length size count math floor ceil \
    random parse format stringify load loads dump dumps read write open close join split \
    append push pop apply call bind prototype component module exports require props state \
    render ref image tag namespace spec metadata status data items item get set put post \
    delete patch create query result results content body header headers message method \
    function func lambda test tests assert expect connect connection session builder \
    factory handler listener manager service controller model view helper default instance \
    property attribute field node element document window location hash host hostname port \
    url uri job equal equals tracer";

fn in_list(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Finds words glued together by a copy-paste in a run of prose text.
pub fn find_glued(text: &str) -> Vec<Glued> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut checked_until = 0;
    // Only tokens holding a possible glue point (an upper-case letter after a byte that is
    // neither a lower-case ASCII letter nor a space) are examined: prose is mostly neither.
    let mut i = 1;
    let mut tail_tested = false;
    while i < bytes.len() {
        // Whole stretches at a time while none of their bytes can be a glue point; the last,
        // shorter one (most runs of prose are short) once, padded.
        if i >= checked_until {
            if i + STRETCH <= bytes.len() {
                if !stretch_has_glue_point(bytes, i) {
                    i += STRETCH;
                    continue;
                }
            } else if !tail_tested {
                tail_tested = true;
                if !tail_has_glue_point(bytes, i) {
                    break;
                }
            }
        }
        // Eight bytes at a time while none of them can be a glue point.
        // In a block that may, the bytes before its first possible glue point are skipped.
        if i + 8 <= bytes.len() && i >= checked_until {
            let points = glue_points(bytes, i);
            if points == 0 {
                i += 8;
                continue;
            }
            i += (points.trailing_zeros() / 8) as usize;
        }
        let (b, before) = (bytes[i], bytes[i - 1]);
        i += 1;
        let i = i - 1;
        if !is_glue_point(b, before) || i < checked_until {
            continue;
        }
        // Around multi-byte characters the byte test lets through every accented letter (`l'été`,
        // `qu'à`): a glue point is an upper-case letter after a character that is not lower-case.
        if (b >= 0x80 || before >= 0x80)
            && (!text[i..].chars().next().is_some_and(char::is_uppercase)
                || text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase))
        {
            continue;
        }
        let start = text[..i]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let end = text[i..]
            .find(char::is_whitespace)
            .map_or(text.len(), |at| i + at);
        checked_until = end;
        let token = &text[start..end];
        let prev = text[..start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .filter(|t| !t.is_empty());
        if let Some((split, kind)) = glued_in_token(token, prev) {
            out.push(Glued {
                span: start..end,
                split_at: start + split,
                kind,
            });
        }
    }
    out
}

/// The glue-point test of [`find_glued`] on one byte: an ASCII upper-case letter or a
/// multi-byte lead byte, after a byte that is neither an ASCII lower-case letter nor ASCII
/// white space.
fn is_glue_point(b: u8, before: u8) -> bool {
    (b.is_ascii_uppercase() || b >= 0xC0)
        && !before.is_ascii_lowercase()
        && !before.is_ascii_whitespace()
}

/// Whether a byte of `bytes[at..]`, fewer than [`STRETCH`] bytes, passes the glue-point test:
/// the stretch test on a copy padded with `a`s (never a glue point, before a byte or after one).
fn tail_has_glue_point(bytes: &[u8], at: usize) -> bool {
    let Some(tail) = at.checked_sub(1).and_then(|from| bytes.get(from..)) else {
        return true;
    };
    if tail.len() > STRETCH + 1 {
        return true;
    }
    let mut padded = [b'a'; STRETCH + 1];
    padded[..tail.len()].copy_from_slice(tail);
    stretch_has_glue_point(&padded, 1)
}

/// Bytes [`stretch_has_glue_point`] tests at once.
const STRETCH: usize = 32;

/// Whether a byte of `bytes[at..at + STRETCH]` passes the glue-point test of `find_glued` (see
/// [`glue_points`]); true too when the stretch or the byte before it is out of `bytes` (the
/// caller then tests byte by byte). Written byte by byte with no early exit over fixed-size
/// arrays, which the compiler turns into vector instructions: prose is mostly stretches with no
/// glue point.
#[inline]
fn stretch_has_glue_point(bytes: &[u8], at: usize) -> bool {
    let stretch = |from: usize| -> Option<&[u8; STRETCH]> {
        bytes.get(from..from.checked_add(STRETCH)?)?.try_into().ok()
    };
    let (Some(stretch), Some(before)) = (stretch(at), at.checked_sub(1).and_then(stretch)) else {
        return true;
    };
    let mut any = 0u8;
    for (&b, &p) in stretch.iter().zip(before) {
        let upper = (b.wrapping_sub(b'A') < 26) | (b >= 0xC0);
        // Lower-case ASCII, or white space as `is_ascii_whitespace` has it: \t \n \x0c \r
        // (9 to 13 but 11) and space.
        let excluded =
            (p.wrapping_sub(b'a') < 26) | (p == b' ') | ((p.wrapping_sub(b'\t') < 5) & (p != 0x0b));
        any |= u8::from(upper & !excluded);
    }
    any != 0
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// 0x80 in each byte of `x` that is an ASCII byte strictly between `m` and `n` (`n` <= 128).
#[inline]
fn between(x: u64, m: u8, n: u8) -> u64 {
    let low7 = x & (ONES * 127);
    (ONES * (127 + u64::from(n))).wrapping_sub(low7)
        & !x
        & (low7 + ONES * (127 - u64::from(m)))
        & HIGHS
}

/// 0x80 in each byte of `bytes[at..at + 8]` (in little-endian order) that passes the
/// glue-point test of `find_glued`: an ASCII upper-case letter or a multi-byte lead byte
/// (>= 0xC0), after a byte that is neither an ASCII lower-case letter nor ASCII whitespace.
#[inline]
fn glue_points(bytes: &[u8], at: usize) -> u64 {
    let word = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let upper = between(word, b'A' - 1, b'Z' + 1) | (word & (word << 1) & HIGHS);
    // Most blocks of prose hold no capital and no accented letter: done.
    if upper == 0 {
        return 0;
    }
    let before = u64::from_le_bytes(bytes[at - 1..at + 7].try_into().expect("eight bytes"));
    let excluded = between(before, b'a' - 1, b'z' + 1)
        | between(before, 8, 11) // \t \n
        | between(before, 11, 14) // \x0c \r
        | between(before, 31, 33); // space
    upper & !excluded
}

fn has_glue_point(token: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in token.chars() {
        if c.is_uppercase() && prev.is_some_and(|p| !p.is_lowercase()) {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Split offset (relative to the token) and kind of the glue in `token`, if any.
fn glued_in_token(token: &str, prev: Option<&str>) -> Option<(usize, GluedKind)> {
    // Every glue puts an upper-case letter right after a non-lower-case character (a digit,
    // a unit's last letter, a full stop, a quote), and every glued word has a lower-case
    // letter. Most tokens fail this cheap test, which keeps the regexes off the hot path.
    if !has_glue_point(token) || !token.chars().any(char::is_lowercase) {
        return None;
    }
    if let Some(c) = UNIT_WORD.captures(token) {
        let (num, unit, word) = (c.get(1)?, c.get(2)?, c.get(3)?);
        let after_number =
            !num.as_str().is_empty() || prev.is_some_and(|p| NUMBER_TOKEN.is_match(p));
        if after_number
            && in_list(UNITS, unit.as_str())
            && !in_list(UNIT_WORDS, &word.as_str().to_lowercase())
        {
            return Some((word.start(), GluedKind::Unit));
        }
    }
    if let Some(c) = NUMBER_WORD.captures(token) {
        let word = c.get(1)?;
        if !in_list(UNIT_WORDS, &word.as_str().to_lowercase()) {
            return Some((word.start(), GluedKind::Number));
        }
    }
    if let Some(c) = SENTENCE_WORD.captures(token) {
        let (left, right) = (c.get(1)?, c.get(2)?);
        if sentence_glue_ok(left.as_str(), right.as_str()) {
            return Some((right.start(), GluedKind::SentenceEnd));
        }
    }
    None
}

/// Lower-case left words that are package or object names: "torch.Tensor",
/// "errors.Is", "hmac.Equal" are identifiers whatever the right word is.
/// Only names that are not common sentence-final words are listed.
const CODE_MODULES: &str = "torch numpy pandas json http https fmt os sys io std lib util \
    utils pathlib hashlib datetime asyncio logging unittest pytest boto sklearn keras django \
    flask javax java kotlin console document window mapreduce hadoop hmac sha uuid regexp \
    bufio grpc proto ioutil strconv reflect errors obj self this props kubectl helm";

fn sentence_glue_ok(left: &str, right: &str) -> bool {
    let left_lower = left.to_lowercase();
    let right_lower = right.to_lowercase();
    if left.chars().count() < 3
        || in_list(ABBREVIATIONS, &left_lower)
        || in_list(CODE_MODULES, &left_lower)
    {
        return false;
    }
    if in_list(SENTENCE_STARTERS, &right_lower) {
        // "Bitcoin.It", "late.So", "Russie.De": a new sentence.
        return true;
    }
    // A capitalised left word with a right word that does not typically
    // start a sentence is a name: "Ergo.Meta", "Release.Namespace".
    let left_capitalised = left.chars().next().is_some_and(char::is_uppercase);
    !(left_capitalised
        || in_list(EXTENSIONS, &right_lower)
        || in_list(CODE_WORDS, &right_lower)
        // "trace.Tracer", "pathlib.Path": a member named after its package.
        || (left_lower != right_lower
            && (right_lower.starts_with(&left_lower) || left_lower.starts_with(&right_lower))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_test_is_the_byte_test_at_every_byte() {
        let byte_test = is_glue_point;
        // Every byte value in every position of the block, after every byte value.
        for b in 0..=255u8 {
            for before in 0..=255u8 {
                for pos in 0..8 {
                    let mut bytes = [b'a'; 9];
                    bytes[pos] = before;
                    bytes[pos + 1] = b;
                    let points = glue_points(&bytes, 1);
                    for i in 1..9 {
                        assert_eq!(
                            points >> ((i - 1) * 8) & 0x80 != 0,
                            byte_test(bytes[i], bytes[i - 1]),
                            "{before:#x} {b:#x} at {pos}, byte {i}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn stretch_test_is_the_byte_test_at_every_byte() {
        let byte_test = is_glue_point;
        for b in 0..=255u8 {
            for before in 0..=255u8 {
                for pos in [0, 1, 17, STRETCH - 1] {
                    let mut bytes = [b'a'; STRETCH + 1];
                    bytes[pos] = before;
                    bytes[pos + 1] = b;
                    let expected = (1..=STRETCH).any(|i| byte_test(bytes[i], bytes[i - 1]));
                    assert_eq!(
                        stretch_has_glue_point(&bytes, 1),
                        expected,
                        "{before:#x} {b:#x} at {pos}"
                    );
                }
            }
        }
        // Too near either end to test: taken to hold one (the caller checks byte by byte).
        assert!(stretch_has_glue_point(&[b'a'; STRETCH], 1));
    }

    #[test]
    fn tail_test_is_the_byte_test_at_every_byte() {
        for b in 0..=255u8 {
            for before in 0..=255u8 {
                for len in [2, 3, 9, STRETCH] {
                    for pos in 0..len - 1 {
                        let mut bytes = vec![b'a'; len];
                        bytes[pos] = before;
                        bytes[pos + 1] = b;
                        for at in [1, len - 1] {
                            let expected = (at..len).any(|i| is_glue_point(bytes[i], bytes[i - 1]));
                            assert_eq!(
                                tail_has_glue_point(&bytes, at),
                                expected,
                                "{before:#x} {b:#x} at {pos} of {len}, from {at}"
                            );
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The scan finds what checking every whitespace-separated token finds.
        #[test]
        fn scan_finds_what_every_token_holds(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "16:38", "2023", "fin.", "Bitcoin.", "Été", "Mis", "été", "l'", "km", "NASA",
                    "ÉTÉ", "a", ",", "’", " ", "\u{a0}", "\n",
                ][..]),
                0..14,
            )
        ) {
            let text = pieces.concat();
            let mut expected = Vec::new();
            let mut prev: Option<&str> = None;
            let mut at = 0;
            for token in text.split(char::is_whitespace) {
                let start = at;
                at += token.len();
                // The separator's length.
                at += text[at..].chars().next().map_or(0, char::len_utf8);
                if token.is_empty() {
                    continue;
                }
                if let Some((split, kind)) = glued_in_token(token, prev) {
                    expected.push((start..start + token.len(), start + split, kind));
                }
                prev = Some(token);
            }
            let found: Vec<_> = find_glued(&text)
                .into_iter()
                .map(|g| (g.span, g.split_at, g.kind))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// (glued token, text after the split point, kind) of every hit.
    fn hits(text: &str) -> Vec<(&str, &str, GluedKind)> {
        find_glued(text)
            .into_iter()
            .map(|g| (&text[g.span.clone()], &text[g.split_at..g.span.end], g.kind))
            .collect()
    }

    /// The text with a space inserted at every split point.
    fn fixed(text: &str) -> String {
        let mut out = text.to_string();
        for g in find_glued(text).iter().rev() {
            out.insert(g.split_at, ' ');
        }
        out
    }

    fn assert_quiet(text: &str) {
        assert_eq!(hits(text), vec![], "expected no hit in {text:?}");
    }

    fn assert_one(text: &str, token: &str, tail: &str, kind: GluedKind) {
        assert_eq!(hits(text), vec![(token, tail, kind)], "in {text:?}");
    }

    use GluedKind::{Number, SentenceEnd, Unit};

    #[test]
    fn number_word_time() {
        assert_one("22 nov. 2023 à 16:38Mis à jour", "16:38Mis", "Mis", Number);
        assert_one("16:38Mis à jour", "16:38Mis", "Mis", Number);
        assert_one("à 16h38Mis à jour", "16h38Mis", "Mis", Number);
        assert_one("at 9:05:33Posted by", "9:05:33Posted", "Posted", Number);
        assert_eq!(
            fixed("22 nov. 2023 à 16:38Mis à jour"),
            "22 nov. 2023 à 16:38 Mis à jour"
        );
    }

    #[test]
    fn number_word_year() {
        assert_one("2024Published", "2024Published", "Published", Number);
        assert_one(
            "Nov 3, 2024Published by Reuters",
            "2024Published",
            "Published",
            Number,
        );
        assert_one("le 22/11/2023Mis à jour", "22/11/2023Mis", "Mis", Number);
        assert_one("(2019Updated)", "(2019Updated)", "Updated)", Number);
        assert_eq!(fixed("2024Published"), "2024 Published");
    }

    #[test]
    fn unit_word() {
        assert_one("10:05 PMUpdated", "PMUpdated", "Updated", Unit);
        assert_one("5 AMPosted", "AMPosted", "Posted", Unit);
        assert_one(
            "10:05PMUpdated 2 hours ago",
            "10:05PMUpdated",
            "Updated",
            Unit,
        );
        assert_one("at 16:38 CESTMis à jour", "CESTMis", "Mis", Unit);
        assert_one("10:05 a.m.Updated", "a.m.Updated", "Updated", Unit);
        assert_eq!(fixed("10:05 PMUpdated"), "10:05 PM Updated");
        assert_eq!(fixed("10:05PMUpdated"), "10:05PM Updated");
    }

    #[test]
    fn sentence_word() {
        assert_one(
            "at midnight.Officials said",
            "midnight.Officials",
            "Officials",
            SentenceEnd,
        );
        assert_one(
            "midnight.Officials",
            "midnight.Officials",
            "Officials",
            SentenceEnd,
        );
        assert_one("la Russie.Et cherche", "Russie.Et", "Et", SentenceEnd);
        assert_one("Really?Yes he did", "Really?Yes", "Yes", SentenceEnd);
        assert_one("Stop!The end", "Stop!The", "The", SentenceEnd);
        assert_one("what?!The end", "what?!The", "The", SentenceEnd);
        assert_one(
            "at midnight.)Officials said",
            "midnight.)Officials",
            "Officials",
            SentenceEnd,
        );
        assert_one("books, etc.The rest", "etc.The", "The", SentenceEnd);
        assert_one("it was late.It's over", "late.It's", "It's", SentenceEnd);
        assert_one("dans l'Europe.Et puis", "l'Europe.Et", "Et", SentenceEnd);
        assert_one(
            "«midnight.Officials» said",
            "«midnight.Officials»",
            "Officials»",
            SentenceEnd,
        );
        assert_eq!(
            fixed("at midnight.Officials said"),
            "at midnight. Officials said"
        );
        assert_eq!(fixed("la Russie.Et cherche"), "la Russie. Et cherche");
        assert_one("it was late.So we left", "late.So", "So", SentenceEnd);
        assert_one("la Russie.De plus", "Russie.De", "De", SentenceEnd);
        assert_one("see the Yahoo!The end", "Yahoo!The", "The", SentenceEnd);
    }

    #[test]
    fn corpus_true_positives() {
        for (text, token) in [
            (
                "as many transactions as you wish simultaneously.Regarding Ideally them",
                "simultaneously.Regarding",
            ),
            (
                "users vulnerable to malicious actors.When receiving a payment",
                "actors.When",
            ),
            (
                "the proof of work algorithm in Bitcoin.It should be noted",
                "Bitcoin.It",
            ),
            (
                "falls below 400% in AgeUSD protocol.Please see the InfoGraphic below:",
                "protocol.Please",
            ),
            (
                "after the Auction House V2 update.Please visit their",
                "update.Please",
            ),
            ("100% de código abierto.Es accesible para", "abierto.Es"),
            ("los movimientos de base.El ecosistema ERGO", "base.El"),
            (
                "quitar el dinero de las personas.Hoy y ahora",
                "personas.Hoy",
            ),
            (
                "para proporcionar seguridad.Esto se llama",
                "seguridad.Esto",
            ),
            (
                "el poder de hash de los mineros.Hay diferentes actores",
                "mineros.Hay",
            ),
            (
                "en términos de sus asignadores.En POS, la Fundación",
                "asignadores.En",
            ),
            (
                "amateurs as well as professionals.The ability of",
                "professionals.The",
            ),
            (
                "desarrollo y base de usuarios.Construimos en",
                "usuarios.Construimos",
            ),
            (
                "Bitcoin, Ethereum y Monero.Otro modelo se llama",
                "Monero.Otro",
            ),
            (
                "hardware de computadora.Ethereum, por otro lado",
                "computadora.Ethereum,",
            ),
            (
                "en mercados secundarios.También puede haber",
                "secundarios.También",
            ),
            (
                "on the training dataset.Step 2.3: Define a Flask server.",
                "dataset.Step",
            ),
            (
                "varies from 2 to 4 hours maximum.The system knows",
                "maximum.The",
            ),
            (
                "than the word  'bike.'In the simple example below",
                "'bike.'In",
            ),
            ("the most negative words.The results show", "words.The"),
            (
                "one defect that could impact quality.The same principle",
                "quality.The",
            ),
        ] {
            let h = hits(text);
            assert_eq!(h.len(), 1, "{text:?}: {h:?}");
            assert_eq!(h[0].0, token, "{text:?}");
            assert_eq!(h[0].2, SentenceEnd, "{text:?}");
        }
    }

    #[test]
    fn corpus_false_positives_stay_quiet() {
        for text in [
            // names written Word.Word
            "Introduction to Ergo.Meta  and L2 Scaling Solutions",
            "Ergo.Watch",
            "core developer at Ven.Lab, SuSy contributor.",
            "SOL bridge being worked on by Susy.One which uses wormhole",
            "Digital Transformation.Next: Data & Analytics Workloads",
            "Gravity.Tech: a partnership",
            "BitMix.Biz",
            "Ergo.SigUSD",
            "Yield.App, and more",
            "HPEGreenLake.Connection",
            "Subscribe to SCMB(Events of Interest= Network.Create,",
            // identifiers
            "pathlib.Path",
            "user.FirstName",
            "com.bluedata.hadoop.bdfs.Bdfs",
            "org.apache.spark.sql.SparkSession",
            "scmb.connections.Deleted.",
            "scmb.enclosures.Updated./rest/enclosures/Encl1",
            "$response.Content",
            "ConsumerStrategies.Subscribe,",
            "java.io.OutputStream;",
            "threading.Thread()",
            "6.5.0.Final",
            "torvalds@klaava.Helsinki.FI",
            "Bruno.Cornec@hpe.com",
            "  i.The main plugin entry point class",
            // ellipses (authoring style, deimosfr blog)
            "responsive design etc...It uses Normalize.css",
            "iostat, vmstat...Glances gives you",
            "d'une quelconque manière...Nous somme d'accord",
            "Allez...Ramone, yé vé mé couché",
            "a child's...The end",
            "wait…Then",
            // numbers with units or in identifiers
            "storage: 1Gi",
            "a 50Gi volume",
            "the 6Rs approach",
            "10GbE network",
            "4Gb.",
            "512Mb",
            "64GiB",
            "Hypo10Use",
            "script1Saved",
            "X509Certificate2",
            "OAuth2Session(client=client)",
            "L2Advertisement.yaml",
            "S3Backend",
            "Fail2Ban",
            "RFC7217Enabled",
            // seen only in code blocks, but plausible in prose
            "mapreduce.Job: Running job",
            "func (t trace.Tracer) Start",
            "hmac.Equal(a, b)",
            "use hmac.Equal to compare",
        ] {
            assert_quiet(text);
        }
    }

    /// Asserts that none of `texts` gives a hit.
    fn all_quiet(texts: &[&str]) {
        for text in texts {
            assert_quiet(text);
        }
    }

    #[test]
    fn quiet_on_mixed_case_words_and_brands() {
        all_quiet(&[
            "iPhone",
            "iPad",
            "JavaScript",
            "McDonald's",
            "YouTube",
            "PowerPoint",
            "the iPhone 15Pro",
            "Ergo.Meta",
            "Yahoo!Finance",
            "Last.Fm",
            "HPEGreenLake.Connection",
        ]);
    }

    #[test]
    fn quiet_on_numbers_units_and_digit_brands() {
        all_quiet(&[
            "3D",
            "4K",
            "5G",
            "H2O",
            "CO2",
            "COVID-19",
            "1990s",
            "2nd",
            "3rd",
            "21st",
            "100km",
            "5GB",
            "x86_64",
            "0x1F",
            "0x1Fab",
            "3x",
            "2FA",
            "24H",
            "360Learning",
            "9GAG",
            "1Password",
            "3M",
            "1000Mbps",
            "2000Mhz",
            "in 2023Gi",
            "RTX 2080Super",
            "2070Super",
            "1h30Min",
            "42Crunch",
            "99Designs",
            "123Movies",
            "4Gb.",
            "ISO 27001Certified",
            "1920x1080Resolution",
            "v1.2.3",
            "1.0.4Beta",
            "v2.2024Beta",
            "version 2.2024Beta",
            "©2024Published",
            "#2024Goals",
            "@2024Published",
            "abc2024Published",
        ]);
    }

    #[test]
    fn quiet_on_times_without_glued_word() {
        all_quiet(&[
            "10:30 PM",
            "10:30PM",
            "at 10:30PM.",
            "at 5 a.m.",
            "16:38",
            "16:38 Mis à jour",
            "10:05 PM Updated",
            "le 22 nov. 2023 à 16h38",
            "5 PDFViewer",
            "page 5 USBDrive",
            "AMPosted",
            "the PMUpdated",
            "x5 AMPosted",
            "16:9Format",
            "16:38Ma",
        ]);
    }

    #[test]
    fn quiet_on_abbreviations() {
        all_quiet(&[
            "e.g.",
            "i.e.",
            "a.m.",
            "p.m.",
            "U.S.A.",
            "etc.",
            "e.g.The",
            "i.e.The",
            "U.S.A.Today",
            "Mr.Smith",
            "Mrs.Smith",
            "Dr.House",
            "Prof.Tournesol",
            "St.Louis",
            "Ste.Foy",
            "Mt.Everest",
            "Fig.The",
            "voir p.Dupont",
        ]);
    }

    #[test]
    fn quiet_on_urls_domains_emails_and_paths() {
        all_quiet(&[
            "https://example.com/Foo.Bar",
            "www.site.com/Path",
            "http://www.Site.Com",
            "team.slack.com",
            "Foo.Bar@x.org",
            "example.Com",
            "site.Org",
            "Booking.Com",
            "C:\\Users\\Foo.Bar",
            "src/lib.Rs",
            "see ./docs/intro.Md",
        ]);
    }

    #[test]
    fn quiet_on_file_names() {
        all_quiet(&[
            "index.Md",
            "README.Md",
            "config.Yaml",
            "Photo.JPG",
            "image.Png",
            "values.Yml",
            "notes.Txt",
            "Node.Js",
            "Socket.Io",
            "web.Config",
            "Web.Config",
        ]);
    }

    #[test]
    fn quiet_on_code_identifiers() {
        all_quiet(&[
            "Release.Namespace",
            "{{ .Release.Namespace }}",
            "System.IO",
            "System.Out",
            "os.Path",
            "Values.Image.Tag",
            "console.Log",
            "k8s.Io",
            "com.Example.App",
            "obj.Method()",
            "obj.Method",
            "my_var.Value",
            "a.b.Cdef",
            "foo.bar.Baz",
            "x=midnight.Officials",
            "torch.Tensor",
            "errors.Is",
            "use errors.As here",
            "trace.Tracer",
            "np.Array",
            "node.JS",
            "Hello.World",
            "user.FirstName",
            "$response.Content",
        ]);
    }

    #[test]
    fn quiet_on_hashtags_and_mentions() {
        all_quiet(&[
            "#midnight.Officials",
            "@john.Smith",
            "#Paris.Et",
            "@foo 16:38",
        ]);
    }

    #[test]
    fn non_ascii_and_spans() {
        let text = "Les députés ont été élus.Élus hier, ils siègent.";
        let g = find_glued(text);
        assert_eq!(g.len(), 1);
        assert_eq!(&text[g[0].span.clone()], "élus.Élus");
        assert_eq!(&text[g[0].split_at..], "Élus hier, ils siègent.");
        assert_eq!(g[0].span.start, text.find("élus.").unwrap());
        assert_eq!(g[0].split_at, text.find("Élus").unwrap());
        assert!(text.is_char_boundary(g[0].split_at));

        // no-break spaces delimit tokens like ordinary spaces
        let text = "la\u{a0}Russie.Et\u{202f}cherche à 16:38\u{a0}Mis";
        let g = find_glued(text);
        assert_eq!(g.len(), 1);
        assert_eq!(&text[g[0].span.clone()], "Russie.Et");
        assert_eq!(&text[g[0].split_at..g[0].span.end], "Et");

        let text = "Publié le 22 nov. 2023 à 16:38Mis à jour le 23 nov. 2023 à 08:12Écrit par";
        assert_eq!(
            hits(text),
            vec![("16:38Mis", "Mis", Number), ("08:12Écrit", "Écrit", Number)]
        );
        assert_eq!(
            fixed(text),
            "Publié le 22 nov. 2023 à 16:38 Mis à jour le 23 nov. 2023 à 08:12 Écrit par"
        );
        assert_one("crème brûlée.Ça suffit", "brûlée.Ça", "Ça", SentenceEnd);
        assert_one(
            "Ça s'est passé à Paris.Il pleuvait",
            "Paris.Il",
            "Il",
            SentenceEnd,
        );
    }

    #[test]
    fn several_hits_and_offsets() {
        let text = "Posted 10:05 PMUpdated at midnight.Officials said 2024Published";
        let g = find_glued(text);
        assert_eq!(
            g.iter().map(|g| g.kind).collect::<Vec<_>>(),
            vec![Unit, SentenceEnd, Number]
        );
        for g in &g {
            assert!(g.span.start < g.split_at && g.split_at < g.span.end);
        }
        assert_eq!(
            fixed(text),
            "Posted 10:05 PM Updated at midnight. Officials said 2024 Published"
        );
    }

    #[test]
    fn line_breaks_and_previous_token() {
        let text = "Posted 10:05\nPMUpdated\r\nat midnight.Officials\tsaid";
        assert_eq!(
            hits(text),
            vec![
                ("PMUpdated", "Updated", Unit),
                ("midnight.Officials", "Officials", SentenceEnd)
            ]
        );
        // the number must be the token right before the unit
        assert_quiet("10:05 today PMUpdated");
    }

    #[test]
    fn empty_and_blank() {
        assert!(find_glued("").is_empty());
        assert!(find_glued("   \u{a0}\n\t").is_empty());
        assert!(find_glued(".").is_empty());
        assert!(find_glued("16:38").is_empty());
    }

    #[test]
    fn no_panic_on_pseudo_random_strings() {
        const PIECES: &[&str] = &[
            "é",
            "16:38",
            "Mis",
            ".",
            "A",
            " ",
            "\u{a0}",
            "https://",
            "midnight",
            "Officials",
            "PM",
            "AM",
            "5",
            "2024",
            "!",
            "?",
            "…",
            "'",
            "’",
            "(",
            ")",
            "«",
            "»",
            "x",
            "Ça",
            "a.m.",
            "@",
            "#",
            "/",
            "_",
            "\u{202f}",
            "日本",
            "🦀",
            "\n",
            "Et",
            "h",
            ":",
            "-",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let mut total = 0;
        for _ in 0..500 {
            let len = next() % 24;
            let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
            for g in find_glued(&text) {
                total += 1;
                assert!(g.span.start <= g.split_at && g.split_at <= g.span.end);
                assert!(g.span.end <= text.len());
                assert!(text.is_char_boundary(g.span.start));
                assert!(text.is_char_boundary(g.span.end));
                assert!(text.is_char_boundary(g.split_at));
                let token = &text[g.span.clone()];
                assert!(!token.contains(char::is_whitespace));
            }
        }
        // The pieces do build glued tokens now and then.
        assert!(total > 0);
    }
}
