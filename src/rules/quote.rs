//! Quoting values for messages and fix hints: Go's `%q` (buf formats its messages with Go's
//! fmt, so protocheck's messages quote the same way) and `.proto` string literals.

/// Quotes `s` the way Go's `%q` verb does (buf formats these messages with it): `\"` and `\\`,
/// the C escapes `\a \b \f \n \r \t \v`, `\xNN` for other ASCII controls, `\uNNNN`/`\UNNNNNNNN`
/// for other characters Go does not consider printable; everything else as is.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`, closely: no controls, no spaces other than U+0020, no format
/// characters and no private-use characters.
fn go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let u = c as u32;
    let format_char = matches!(
        u,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xE0001
            | 0xE0020..=0xE007F
    );
    let private_use = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let separator = matches!(u, 0x2028 | 0x2029);
    !(c.is_control() || c.is_whitespace() || format_char || private_use || separator)
}

/// A string as a `.proto` string literal.
pub fn proto_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\{:03o}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{go_quote, proto_string};

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote(""), r#""""#);
        assert_eq!(go_quote("acme.v1"), r#""acme.v1""#);
        assert_eq!(go_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(go_quote("a\tb\nc\u{1}\u{7f}"), r#""a\tb\nc\x01\x7f""#);
        assert_eq!(go_quote("é 会議"), "\"é 会議\"");
        assert_eq!(
            go_quote("\u{a0}\u{200b}\u{feff}"),
            r#""\u00a0\u200b\ufeff""#
        );
        assert_eq!(go_quote("\u{f0000}"), r#""\U000f0000""#);
    }

    #[test]
    fn proto_strings_escape_like_protoc() {
        assert_eq!(proto_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(proto_string("x\ty\u{1}"), r#""x\ty\001""#);
        assert_eq!(proto_string("会議"), "\"会議\"");
    }
}
