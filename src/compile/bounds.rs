//! Bounds on the text handed to the parsers, so that no input can overflow the stack.
//!
//! protox's parser bounds message nesting itself (31 levels, as protoc), but an option's
//! message value (`option (o) = { a { a { … } } }`) is parsed by prost-reflect's text format
//! parser, which recurses once per level with no limit: 10,000 levels overflow the stack.
//! Every source file is therefore scanned first (comments and string literals skipped) and
//! refused, with a located error, when its brackets nest deeper than [`MAX_NESTING`].

use miette::NamedSource;

use super::located::Located;

/// The deepest nesting of `{ }`, `[ ]` and `< >` accepted in a source file: well above what
/// real contracts use (protoc itself refuses messages nested more than 31 deep) and far below
/// what the recursive parsers downstream can hold.
pub const MAX_NESTING: usize = 64;

/// The first place in `text` (the file `name`) where brackets nest deeper than
/// [`MAX_NESTING`], refused with a diagnostic located at the bracket that goes too deep.
pub fn check_nesting(name: &str, text: &str) -> Option<Located> {
    let at = too_deep_at(text)?;
    Some(Located {
        help: Some(
            "flatten the nesting: protoc refuses messages nested more than 31 levels deep, and \
             option values this deep are not portable either"
                .to_owned(),
        ),
        ..Located::new(
            "protocheck::too_deep",
            format!(
                "{name}: brackets nest more than {MAX_NESTING} levels deep; protocheck refuses \
                 such a file rather than risk overflowing its stack"
            ),
            Some(NamedSource::new(name, text.to_owned())),
            Some((at, 1).into()),
            format!("level {}", MAX_NESTING + 1),
        )
    })
}

/// The bytes [`too_deep_at`] acts on: comment and string starts, and brackets.
static MATTERS: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"/\"'{[<}]>";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// The offset of the first bracket nested deeper than [`MAX_NESTING`] (comments and string
/// literals skipped).
fn too_deep_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes matter to none of the arms below: skip them in a tight loop.
        while bytes.get(i).is_some_and(|&b| !MATTERS[usize::from(b)]) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        match b {
            // Comments are skipped with `find` (memchr and substring search), not byte by
            // byte: they are much of a documented contract's text.
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text
                    .get(i..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text
                    .get(i + 2..)
                    .and_then(|rest| rest.find("*/"))
                    .map_or(bytes.len(), |n| i + 2 + n + 1);
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' | b'[' | b'<' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'}' | b']' | b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_deep_nesting_at_the_bracket_that_goes_too_deep() {
        let deep = format!(
            "{}{}",
            "{ a ".repeat(MAX_NESTING + 1),
            "}".repeat(MAX_NESTING + 1)
        );
        assert_eq!(too_deep_at(&deep), Some(4 * MAX_NESTING));
        let e = check_nesting("a.proto", &deep).expect("refused");
        assert_eq!(e.span, Some((4 * MAX_NESTING, 1).into()));
        let ok = format!("{}{}", "{".repeat(MAX_NESTING), "}".repeat(MAX_NESTING));
        assert!(too_deep_at(&ok).is_none());
    }

    #[test]
    fn brackets_in_comments_and_strings_do_not_count() {
        let text = format!(
            "// {}\n/* {} */ x = \"{}\"; y = '{}';",
            "{".repeat(100),
            "[".repeat(100),
            "<".repeat(100),
            "{\\'".repeat(100)
        );
        assert!(too_deep_at(&text).is_none());
    }

    #[test]
    fn map_types_and_closing_brackets_balance() {
        let text = "message A { map<string, int32> m = 1; }\n".repeat(1000);
        assert!(too_deep_at(&text).is_none());
        assert!(too_deep_at(&"}>]".repeat(1000)).is_none());
    }
}
