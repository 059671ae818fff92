//! A small tokenizer for the statement-level scan of an editions file.
//!
//! It only has to find statements, labels, option brackets and their entries with exact byte
//! offsets; anything it does not understand is left for protox's parser to report.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Int,
    Float,
    Str,
    /// A single punctuation character.
    Sym(u8),
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Kind,
    /// Byte offsets into the source.
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
    pub fn is_sym(&self, c: u8) -> bool {
        self.kind == Kind::Sym(c)
    }
    pub fn is_ident(&self, src: &str, word: &str) -> bool {
        self.kind == Kind::Ident && self.text(src) == word
    }
}

/// Tokens of `src`, comments and white space skipped. `Err(offset)` on an unterminated string
/// or comment, or a character that cannot start a token.
pub fn tokens(src: &str) -> Result<Vec<Token>, usize> {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4);
    let mut i = 0;
    if b.starts_with(b"\xEF\xBB\xBF") {
        i = 3;
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let rest = src.get(i + 2..).ok_or(i)?;
            i += 2 + rest.find("*/").ok_or(i)? + 2;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Token {
                kind: Kind::Ident,
                start,
                end: i,
            });
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            let mut float = c == b'.';
            let hex = b[i..].len() > 1 && c == b'0' && matches!(b[i + 1], b'x' | b'X');
            i += 1;
            while i < b.len() {
                let d = b[i];
                if d.is_ascii_alphanumeric() || d == b'_' {
                    if !hex && matches!(d, b'e' | b'E') {
                        float = true;
                        if matches!(b.get(i + 1), Some(b'+' | b'-')) {
                            i += 1;
                        }
                    }
                    i += 1;
                } else if d == b'.' {
                    float = true;
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Token {
                kind: if float { Kind::Float } else { Kind::Int },
                start,
                end: i,
            });
        } else if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            loop {
                match b.get(i) {
                    None | Some(b'\n') => return Err(start),
                    Some(b'\\') => i += 2,
                    Some(&d) if d == c => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            out.push(Token {
                kind: Kind::Str,
                start,
                end: i,
            });
        } else if c.is_ascii() {
            out.push(Token {
                kind: Kind::Sym(c),
                start: i,
                end: i + 1,
            });
            i += 1;
        } else {
            // A non-ASCII character outside strings and comments: not valid protobuf.
            return Err(i);
        }
    }
    Ok(out)
}

/// The value of a string literal token (quotes removed, simple escapes resolved), used only
/// for edition names and import paths.
pub fn string_value(text: &str) -> String {
    let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(match n {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
            }
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
    fn tokens_keep_offsets_and_skip_comments() {
        let src = "edition = \"2023\"; // c\n/* x */ message M { int32 a = 1 [default = -1.5e3]; }";
        let toks = tokens(src).expect("tokens");
        let texts: Vec<&str> = toks.iter().map(|t| t.text(src)).collect();
        assert_eq!(
            texts,
            [
                "edition", "=", "\"2023\"", ";", "message", "M", "{", "int32", "a", "=", "1", "[",
                "default", "=", "-", "1.5e3", "]", ";", "}"
            ]
        );
        assert_eq!(toks[15].kind, Kind::Float);
        assert_eq!(toks[10].kind, Kind::Int);
    }

    #[test]
    fn unterminated_input_gives_up() {
        assert_eq!(tokens("message M { /* ").err(), Some(12));
        assert_eq!(tokens("option x = \"abc").err(), Some(11));
    }
}
