//! Text from files is untrusted: which characters may never reach a terminal, and
//! the one function that makes them visible.

use std::borrow::Cow;

/// Whether `c` could control a terminal or hide what a text says: C0 controls
/// other than newline and tab, DEL, C1 controls (so every ESC/CSI/OSC
/// sequence), the bidi embeddings, overrides and isolates, and the invisible
/// U+200B, U+2060 and U+FEFF. ZWJ and ZWNJ are allowed: Persian, Hindi and
/// emoji need them.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Whether `s` holds any unsafe character: a scan of bytes, decoding only
/// where an unsafe character could start (C0 and DEL are single bytes; C1
/// starts with 0xC2, the bidi and zero-width ones with 0xE2 or 0xEF).
pub fn has_unsafe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let suspect = |b: u8| {
        (b < 0x20 && b != b'\t' && b != b'\n')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
            | (b == 0xef)
    };
    // Sixteen bytes at a time with no early exit, which the compiler turns
    // into vector instructions; a chunk with a suspect byte is looked at closely.
    let mut start = 0;
    for chunk in bytes.chunks(16) {
        if chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            for (j, &b) in chunk.iter().enumerate() {
                let unsafe_here = match b {
                    0xc2 | 0xe2 | 0xef => s
                        .get(start + j..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(is_unsafe),
                    b => suspect(b),
                };
                if unsafe_here {
                    return true;
                }
            }
        }
        start += chunk.len();
    }
    false
}

/// How an unsafe character is shown: `\e` for ESC, `\r`, `\u{202e}` for the rest.
fn visible(c: char, out: &mut String) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\r' => out.push_str("\\r"),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `s` with every unsafe character made visible. A leading byte-order mark is dropped.
pub fn clean(s: &str) -> Cow<'_, str> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            visible(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`clean`], and newlines and tabs too become visible: for one-line
/// messages, where a newline could forge a second `error:` line.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => visible(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// Quoting a value in a message: at most `max` characters of it, on one line,
/// made safe, with `…` where it was cut. A message never quotes a whole file.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(max).collect();
    let more = chars.next().is_some();
    let mut out = one_line(&head);
    if more {
        out.push('…');
    }
    out
}

/// The first unsafe character in `s` and its char offset, for loaders to report.
pub fn first_unsafe(s: &str) -> Option<(usize, char)> {
    let s2 = s.strip_prefix('\u{feff}').unwrap_or(s);
    if !has_unsafe(s2) {
        return None;
    }
    let skip = s.chars().count() - s2.chars().count();
    s2.chars()
        .enumerate()
        .find(|(_, c)| is_unsafe(*c))
        .map(|(i, c)| (i + skip, c))
}

/// A character's name in a message: "ESC (U+001B)", "RIGHT-TO-LEFT OVERRIDE (U+202E)".
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\u{1b}' => "an escape character",
        '\u{7}' => "a bell character",
        '\u{8}' => "a backspace",
        '\r' => "a carriage return",
        '\u{7f}' => "a delete character",
        '\u{80}'..='\u{9f}' => "a C1 control character",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a bidirectional-text control",
        '\u{200b}' | '\u{2060}' | '\u{feff}' => "an invisible zero-width character",
        _ => "a control character",
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// JSON output escapes what JSON itself does not: C1, bidi and zero-width
/// characters become `\uXXXX` (serde_json already escapes C0 and DEL is allowed
/// by JSON, so it is escaped here too).
pub fn json_safe(json: String) -> String {
    if !has_unsafe(&json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_char_test_for_every_character() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let s = format!("a{c}é");
            assert_eq!(has_unsafe(&s), is_unsafe(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn escapes_become_visible_and_zwj_stays() {
        assert_eq!(clean("a\u{1b}]0;x\u{7}b"), "a\\e]0;x\\ab");
        assert_eq!(clean("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(clean("ok\u{200d}ok"), "ok\u{200d}ok");
        assert_eq!(clean("\u{feff}bom"), "bom");
        assert_eq!(one_line("a\nerror: b"), "a\\nerror: b");
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
