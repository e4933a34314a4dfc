//! The front matter most articles have — top-level `key: value` lines with plain or quoted
//! scalars, one-line flow lists (`tags: [a, b]`) and block lists of scalars — read without a
//! YAML parser, several times faster.
//!
//! [`parse`] answers only when the text is in that subset, and then exactly as `serde_yaml`
//! would (the same keys, strings, numbers, booleans and nulls: scalars are resolved by
//! [`resolve_plain`], which follows `serde_yaml` 0.9's rules); anything else (nested mappings,
//! anchors, tags, block scalars, escapes, multi-line scalars, tabs, duplicate keys, unusual
//! characters) gets `None`, and the caller parses with `serde_yaml`. The tests compare both
//! on every front matter at hand and on generated documents.

use serde_json::{Map, Value};

/// Keys longer than this are left to `serde_yaml` (which limits implicit keys to 1024 chars).
const MAX_KEY: usize = 128;

/// The mapping `text` holds, when it is in the subset (see the module's documentation).
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    if !plain_characters(text) {
        return None;
    }
    let mut map = Map::new();
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .peekable();
    while let Some(line) = lines.next() {
        if line.contains('\r') {
            return None;
        }
        if is_blank_or_comment(line) {
            continue;
        }
        let (key, rest) = key_of(line)?;
        let value = match rest {
            Rest::Value(value) => scalar_or_flow(value)?,
            Rest::Empty => {
                // A block list of scalars, or nothing (null).
                let mut items = Vec::new();
                let mut indent = None;
                while let Some(&next) = lines.peek() {
                    if next.contains('\r') {
                        return None;
                    }
                    if is_blank_or_comment(next) {
                        lines.next();
                        continue;
                    }
                    let spaces = next.len() - next.trim_start_matches(' ').len();
                    let item = &next[spaces..];
                    let Some(item) = item.strip_prefix("- ").or((item == "-").then_some("")) else {
                        if spaces > 0 {
                            return None; // a nested mapping or a continuation line
                        }
                        break;
                    };
                    match indent {
                        None => indent = Some(spaces),
                        Some(i) if i != spaces => return None,
                        Some(_) => {}
                    }
                    let item = item.trim_start_matches(' ');
                    if item.is_empty() || item.starts_with(['[', '{']) {
                        return None;
                    }
                    items.push(scalar(item, Context::Block)?);
                    lines.next();
                }
                if indent.is_some() {
                    Value::Array(items)
                } else {
                    Value::Null
                }
            }
        };
        if map.insert(key.to_string(), value).is_some() {
            return None; // duplicate keys: an error for serde_yaml, and its message
        }
        // A scalar continued on the next, indented line is a multi-line scalar.
        if let Some(&next) = lines.peek() {
            if next.starts_with(' ') && !is_blank_or_comment(next) {
                return None;
            }
        }
    }
    Some(map)
}

/// Only characters YAML reads as themselves: printable, no tab, no byte order mark, no
/// Unicode line or paragraph separator, no next-line; `\r` only before `\n` (checked by line).
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !(b == b'\n' || b == b'\r' || (0x20..0x7f).contains(&b)) {
                return false;
            }
            i += 1;
            continue;
        }
        // `i` is at a character's first byte: ASCII bytes are whole characters.
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        let allowed = match c as u32 {
            0xa0..=0xd7ff => c != '\u{2028}' && c != '\u{2029}',
            0xe000..=0xfffd => c != '\u{feff}',
            0x10000.. => true,
            _ => false,
        };
        if !allowed {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

enum Rest<'a> {
    /// `key:` and nothing else (or a comment).
    Empty,
    Value(&'a str),
}

/// `key: rest` at the start of a line, for a plain key that `serde_yaml` reads as a string.
fn key_of(line: &str) -> Option<(&str, Rest<'_>)> {
    let end = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(line.len());
    let key = &line[..end];
    let first = key.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'_') || key.len() > MAX_KEY {
        return None;
    }
    // Keys made of these characters, starting with a letter, are strings but for these (no
    // number starts with a letter, and `inf` or `nan` are not numbers to serde_yaml).
    if matches!(
        key,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
    ) {
        return None;
    }
    let after = line[end..].strip_prefix(':')?;
    if after.is_empty() {
        return Some((key, Rest::Empty));
    }
    if !after.starts_with(' ') {
        return None;
    }
    let value = after.trim_start_matches(' ');
    if value.is_empty() || value.starts_with('#') {
        return Some((key, Rest::Empty));
    }
    Some((key, Rest::Value(value)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// A value after `key: `: a one-line flow list or a scalar.
fn scalar_or_flow(value: &str) -> Option<Value> {
    let Some(inner) = value.strip_prefix('[') else {
        return scalar(value, Context::Block);
    };
    let close = inner.find(']')?;
    if !after_value(&inner[close + 1..]) {
        return None;
    }
    let inner = &inner[..close];
    if inner.trim_start_matches(' ').is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    let mut items = Vec::new();
    let mut rest = inner;
    loop {
        let item = rest.trim_start_matches(' ');
        let (value, after) = match item.as_bytes().first() {
            Some(b'"') => quoted_double(item)?,
            Some(b'\'') => quoted_single(item)?,
            _ => {
                let end = item.find(',').unwrap_or(item.len());
                let plain = item[..end].trim_end_matches(' ');
                (plain_value(plain, Context::Flow)?, &item[end..])
            }
        };
        items.push(value);
        let after = after.trim_start_matches(' ');
        match after.strip_prefix(',') {
            // `[a, b, ]` and `[a,,b]` are left to serde_yaml.
            Some(next) if !next.trim_start_matches(' ').is_empty() => rest = next,
            Some(_) => return None,
            None if after.is_empty() => break,
            None => return None,
        }
    }
    Some(Value::Array(items))
}

/// A scalar that fills the rest of its line (a comment may follow).
fn scalar(text: &str, context: Context) -> Option<Value> {
    match text.as_bytes().first() {
        Some(b'"') => {
            let (value, after) = quoted_double(text)?;
            after_value(after).then_some(value)
        }
        Some(b'\'') => {
            let (value, after) = quoted_single(text)?;
            after_value(after).then_some(value)
        }
        _ => {
            // A comment starts at `#` after a space.
            let end = text.find(" #").unwrap_or(text.len());
            plain_value(text[..end].trim_end_matches(' '), context)
        }
    }
}

/// What may follow a value on its line: spaces, then perhaps a comment.
fn after_value(after: &str) -> bool {
    let trimmed = after.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())
}

/// `"text"` with no escape: the string and what follows the closing quote.
fn quoted_double(text: &str) -> Option<(Value, &str)> {
    let inner = text.strip_prefix('"')?;
    let close = inner.find(['"', '\\'])?;
    if inner.as_bytes()[close] != b'"' {
        return None;
    }
    Some((
        Value::String(inner[..close].to_string()),
        &inner[close + 1..],
    ))
}

/// `'text'`, where `''` is one quote: the string and what follows the closing quote.
fn quoted_single(text: &str) -> Option<(Value, &str)> {
    let inner = text.strip_prefix('\'')?;
    let mut out = String::new();
    let mut rest = inner;
    loop {
        let quote = rest.find('\'')?;
        out.push_str(&rest[..quote]);
        rest = &rest[quote + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return Some((Value::String(out), rest)),
        }
    }
}

/// A plain scalar, trimmed, resolved as serde_yaml does; `None` for what this module leaves to
/// serde_yaml (indicators, `: `, and in lists any `:` or bracket).
fn plain_value(plain: &str, context: Context) -> Option<Value> {
    let first = *plain.as_bytes().first()?;
    let indicator = matches!(
        first,
        b'?' | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    if indicator || (first == b'-' && plain.as_bytes().get(1).is_none_or(|&b| b == b' ')) {
        return None;
    }
    // `: ` and ` #` found in one pass over the bytes: values are short, and each substring
    // search costs more to set up than the pass.
    if plain.ends_with(':')
        || plain
            .as_bytes()
            .windows(2)
            .any(|pair| matches!(pair, [b':', b' '] | [b' ', b'#']))
    {
        return None;
    }
    if context == Context::Flow && plain.contains([':', '[', ']', '{', '}', ',']) {
        return None;
    }
    resolve_plain(plain)
}

/// A plain scalar's value as `serde_yaml` 0.9 resolves it (its `visit_untagged_scalar`, then
/// this crate's YAML-to-JSON conversion): null, boolean, integer, float, else a string. `None`
/// for integers beyond 64 bits, which this module leaves to serde_yaml.
pub fn resolve_plain(v: &str) -> Option<Value> {
    if v.is_empty() || matches!(v, "null" | "Null" | "NULL" | "~") {
        return Some(Value::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Only these characters can make a number: anything else is a string.
    let numeric = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.');
    // Nor can a sign but at the start or after an exponent's `e`: dates (`2019-04-26`) are
    // strings.
    let bytes = v.as_bytes();
    let misplaced_sign =
        |i: usize| i > 0 && matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E');
    if !bytes.iter().all(|&b| numeric(b)) || (0..bytes.len()).any(misplaced_sign) {
        return Some(Value::String(v.to_string()));
    }
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Some(Value::from(int));
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Some(Value::from(int));
    }
    if parse_unsigned_int(v, u128::from_str_radix).is_some()
        || parse_negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(float) = parse_f64(v) {
            return Some(serde_json::Number::from_f64(float).map_or(Value::Null, Value::Number));
        }
    }
    Some(Value::String(v.to_string()))
}

// The four functions below are serde_yaml 0.9's (src/de.rs, MIT or Apache-2.0), unchanged but
// for style: the rules a plain scalar is resolved by.

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(unpositive) if unpositive.starts_with(['+', '-']) => return None,
        Some(unpositive) => unpositive,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn digits_but_not_number(scalar: &str) -> bool {
    // Leading zero(s) followed by numeric characters is a string (YAML 1.2).
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the front matter parser made of `text` before this module: serde_yaml's value,
    /// converted (`None` on an error or a document that is not a mapping).
    fn by_serde_yaml(text: &str) -> Option<Map<String, Value>> {
        crate::front_matter::parse_yaml_with_serde(text)
    }

    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(fast) = parse(text) {
            prop_assert_eq!(Some(fast), by_serde_yaml(text), "{:?}", text);
        }
        Ok(())
    }

    #[test]
    fn reads_the_common_front_matter() {
        let text = "title: \"Comprendre la réplication : open-source\"\ndescription: Le système déploie le rendu côté serveur !\ndate: 2019-07-09T07:47:16+01:00\nlastmod: 2019-07-09\ndraft: false\nweight: 10\nratio: 1.5\ntags: [api, hugo]\ncategories: [\"Tutoriels\", 'l''été']\nimages:\n  - /a.jpg\n  - \"b.jpg\"\nempty:\nauthor: 'Camille' # a comment\n# a comment line\nslug: a-b\n";
        let map = parse(text).expect("in the subset");
        assert_eq!(Some(map.clone()), by_serde_yaml(text));
        assert_eq!(map["draft"], Value::Bool(false));
        assert_eq!(map["weight"], Value::from(10u64));
        assert_eq!(map["empty"], Value::Null);
        assert_eq!(map["categories"][1], Value::from("l'été"));
        assert_eq!(map["author"], Value::from("Camille"));
    }

    #[test]
    fn leaves_the_rest_to_serde_yaml() {
        for text in [
            "a:\n  b: c\n",
            "a: &x 1\n",
            "a: !tag x\n",
            "a: |\n  text\n",
            "a: \"esc\\n\"\n",
            "a: one\n  two\n",
            "a: 1\na: 2\n",
            "a:\tb\n",
            "a: [x, [y]]\n",
            "a: [x, ]\n",
            "a: b: c\n",
            "\"a\": b\n",
            "true: b\n",
            "- a\n",
            "a: 123456789012345678901234567890\n",
            "a: x\u{2028}y\n",
            "a: \"open\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn agrees_with_serde_yaml_on_every_front_matter_at_hand() {
        let mut texts = Vec::new();
        let mut roots = vec![std::path::PathBuf::from("fixtures")];
        let shared = std::path::Path::new("../shared");
        if shared.is_dir() {
            roots.push(shared.join("corpus"));
            roots.push(shared.join("seed"));
        }
        for root in roots {
            for entry in ignore::WalkBuilder::new(root)
                .standard_filters(false)
                .build()
            {
                let Ok(entry) = entry else { continue };
                let Ok(source) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                if let Some(block) = crate::front_matter::FrontMatter::block_of(&source) {
                    if block.format == crate::front_matter::Format::Yaml {
                        texts.push(source[block.inner.range()].to_string());
                    }
                }
            }
        }
        assert!(texts.len() > 50, "{}", texts.len());
        let mut fast = 0;
        for text in &texts {
            if let Some(map) = parse(text) {
                fast += 1;
                assert_eq!(Some(map), by_serde_yaml(text), "{text}");
            }
        }
        // Most real front matter is in the subset (else this module would not be worth it).
        assert!(fast * 2 > texts.len(), "{fast} of {}", texts.len());
    }

    fn scalar_text() -> impl Strategy<Value = String> {
        prop::string::string_regex(
            "[-+.0-9a-fA-FxobeEinfINFtrulsTRULS_~:#' \"\\[\\],{}&*!|>%@`/éà\u{a0}\u{85}]{0,12}",
        )
        .unwrap()
    }

    fn line() -> impl Strategy<Value = String> {
        let key =
            || prop::string::string_regex("[a-zA-Z_][a-zA-Z0-9_-]{0,6}|true|null|1a").unwrap();
        prop_oneof![
            (key(), scalar_text()).prop_map(|(k, v)| format!("{k}: {v}")),
            (key(), scalar_text()).prop_map(|(k, v)| format!("{k}: \"{v}\"")),
            (key(), scalar_text()).prop_map(|(k, v)| format!("{k}: '{v}'")),
            (key(), prop::collection::vec(scalar_text(), 0..4))
                .prop_map(|(k, items)| format!("{k}: [{}]", items.join(", "))),
            key().prop_map(|k| format!("{k}:")),
            (0..3usize, scalar_text()).prop_map(|(n, v)| format!("{}- {v}", " ".repeat(n))),
            scalar_text().prop_map(|v| format!("  {v}")),
            Just(String::new()),
            Just("# comment".to_string()),
            (key(), scalar_text()).prop_map(|(k, v)| format!("{k}: {v}\r")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn agrees_with_serde_yaml_on_generated_documents(
            lines in prop::collection::vec(line(), 0..8)
        ) {
            agrees(&lines.join("\n"))?;
        }

        #[test]
        fn resolves_scalars_as_serde_yaml_does(v in scalar_text()) {
            agrees(&format!("k: {v}\n"))?;
            agrees(&format!("k: [{v}]\n"))?;
            agrees(&format!("k:\n  - {v}\n"))?;
        }
    }
}
