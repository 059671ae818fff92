//! Rules about file-level statements: `package`, `syntax`/`edition`, and the file options that
//! steer code generators (`go_package`, `java_package`, …).
//!
//! Files pair by path, so a file that moved is a deleted file plus a new one and none of these
//! rules looks at it. Every finding points at the statement in the NEW file (`package …;`,
//! `syntax = …;`/`edition = …;`, `option …;`), or at the NEW file with no line when the
//! statement is not written there.

mod file_same_package;
mod file_same_syntax;
mod options;

use super::{Rule, Sink};
use crate::finding::Finding;
use crate::model::{File, Place, Span};

pub const RULES: &[&Rule] = &[
    &file_same_package::RULE,
    &file_same_syntax::RULE,
    &options::CC_ENABLE_ARENAS,
    &options::CC_GENERIC_SERVICES,
    &options::CSHARP_NAMESPACE,
    &options::GO_PACKAGE,
    &options::JAVA_GENERIC_SERVICES,
    &options::JAVA_MULTIPLE_FILES,
    &options::JAVA_OUTER_CLASSNAME,
    &options::JAVA_PACKAGE,
    &options::OBJC_CLASS_PREFIX,
    &options::OPTIMIZE_FOR,
    &options::PHP_CLASS_PREFIX,
    &options::PHP_METADATA_NAMESPACE,
    &options::PHP_NAMESPACE,
    &options::PY_GENERIC_SERVICES,
    &options::RUBY_PACKAGE,
    &options::SWIFT_PREFIX,
];

/// One file-level value that changed between the two versions of a file.
struct Change<'a> {
    old_file: &'a File,
    new_file: &'a File,
    /// What changed, as the message names it: `package`, `syntax`, `option "go_package"`.
    what: &'a str,
    /// The values as buf prints them (quoted in the message).
    old_value: &'a str,
    new_value: &'a str,
    /// The statement that sets the value on each side, if it is written.
    old_span: Option<Span>,
    new_span: Option<Span>,
}

impl Change<'_> {
    /// Reports `File <what> changed from "<old>" to "<new>".` at the NEW statement (or the NEW
    /// file with no line) when the values differ; returns the finding to attach a hint to.
    fn report(self, sink: &mut Sink) -> Option<&mut Finding> {
        if self.old_value == self.new_value {
            return None;
        }
        Some(sink.report(
            format!(
                "File {} changed from {} to {}.",
                self.what,
                go_quote(self.old_value),
                go_quote(self.new_value)
            ),
            Some(Place::at(&self.new_file.path, self.new_span)),
            Some(Place::at(&self.old_file.path, self.old_span)),
        ))
    }
}

/// Quotes `s` the way Go's `%q` verb does (buf formats these messages with it): `\"` and `\\`,
/// the C escapes `\a \b \f \n \r \t \v`, `\xNN` for other ASCII controls, `\uNNNN`/`\UNNNNNNNN`
/// for other characters Go does not consider printable; everything else as is.
fn go_quote(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::go_quote;

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
}
