//! The cheap scan: a file's package, its imports and whether it declares extensions, read
//! from its text with a tokenizer that knows comments and string literals and nothing else.
//! No parsing, no linking: this runs on every file of both sides.

/// What the scan found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// The `package` statement's name, empty when there is none.
    pub package: String,
    /// Every `import` (plain, `public` or `weak`), in order.
    pub imports: Vec<String>,
    /// Whether the file has an `extend` block (its extensions share numbers with other files').
    pub has_extend: bool,
}

/// Scans `text`. `None` when the text holds something the scan cannot read with certainty
/// (an import path with escapes, an unterminated comment or string): the caller must then
/// not rely on the scan at all.
pub fn scan(text: &str) -> Option<Scan> {
    let mut out = Scan::default();
    let mut tokens = Tokens {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut depth = 0usize;
    // Tokens of the current top-level statement, when it starts with `import` or `package`.
    let mut statement: Option<Vec<Token<'_>>> = None;
    // Whether the token is the first of a statement.
    let mut at_start = true;
    while let Some(token) = tokens.next()? {
        let first = at_start;
        at_start = matches!(token, Token::Punct(b';' | b'{' | b'}'));
        match &token {
            Token::Word("extend") => out.has_extend = true,
            Token::Punct(b'{') => depth += 1,
            Token::Punct(b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        match (&mut statement, &token) {
            (None, Token::Word("import" | "package")) if first => {
                statement = Some(vec![token]);
            }
            (Some(s), Token::Punct(b';')) => {
                finish(std::mem::take(s), &mut out)?;
                statement = None;
            }
            (Some(s), _) => s.push(token),
            _ => {}
        }
    }
    // A statement left open is a syntax error the compiler reports; the scan cannot vouch
    // for what it meant.
    statement.is_none().then_some(out)
}

fn finish(statement: Vec<Token<'_>>, out: &mut Scan) -> Option<()> {
    let mut it = statement.into_iter();
    match it.next() {
        Some(Token::Word("import")) => {
            let rest: Vec<Token> = it.collect();
            let path = match rest.as_slice() {
                [Token::Str(p)] => p,
                [Token::Word("public" | "weak"), Token::Str(p)] => p,
                _ => return None,
            };
            out.imports.push((*path)?.to_owned());
        }
        Some(Token::Word(_)) => {
            // `package a.b.c;`, possibly with spaces around the dots.
            let mut name = String::new();
            for t in it {
                match t {
                    Token::Word(w) => name.push_str(w),
                    Token::Punct(b'.') => name.push('.'),
                    _ => return None,
                }
            }
            out.package = name;
        }
        _ => return None,
    }
    Some(())
}

/// A token, borrowed from the text (the scan runs on every file of both sides: no allocation
/// per token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// An identifier, keyword or number; dots inside it are kept (`a.b.c`).
    Word(&'a str),
    /// A string literal's content, `None` when it has escapes (not decoded here).
    Str(Option<&'a str>),
    Punct(u8),
}

struct Tokens<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The next token, `Ok(None)` at the end; the outer `None` is text the scan cannot read.
    fn next(&mut self) -> Option<Option<Token<'a>>> {
        let b = self.bytes;
        loop {
            let Some(&c) = b.get(self.pos) else {
                return Some(None);
            };
            match c {
                c if c.is_ascii_whitespace() => self.pos += 1,
                // Comments are skipped with memchr's vectorised search: they are about half
                // of a googleapis file, and a byte loop over them was a third of the scan.
                b'/' if b.get(self.pos + 1) == Some(&b'/') => {
                    match memchr::memchr(b'\n', &b[self.pos..]) {
                        Some(n) => self.pos += n + 1,
                        None => self.pos = b.len(),
                    }
                }
                b'/' if b.get(self.pos + 1) == Some(&b'*') => {
                    let end = memchr::memmem::find(&b[self.pos + 2..], b"*/")?;
                    self.pos += 2 + end + 2;
                }
                b'"' | b'\'' => {
                    let start = self.pos + 1;
                    let mut i = start;
                    let mut escaped = false;
                    loop {
                        match b.get(i)? {
                            b'\\' => {
                                escaped = true;
                                i += 2;
                            }
                            b'\n' => return None,
                            &q if q == c => break,
                            _ => i += 1,
                        }
                    }
                    self.pos = i + 1;
                    // Both ends are ASCII quotes: the slice is on character boundaries.
                    let content = if escaped {
                        None
                    } else {
                        Some(self.text.get(start..i)?)
                    };
                    return Some(Some(Token::Str(content)));
                }
                c if c.is_ascii_alphanumeric() || c == b'_' => {
                    let start = self.pos;
                    while b
                        .get(self.pos)
                        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
                    {
                        self.pos += 1;
                    }
                    // ASCII bytes only: the slice is on character boundaries.
                    return Some(Some(Token::Word(self.text.get(start..self.pos)?)));
                }
                c => {
                    self.pos += 1;
                    return Some(Some(Token::Punct(c)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_imports_and_extend() {
        let s = scan(
            "// import \"commented.proto\";\nsyntax = \"proto3\";\npackage a . b.c;\n\
             import \"x/y.proto\";\nimport public 'p.proto';\nimport weak \"w.proto\";\n\
             /* package nope; */ message M { string import = 1; }\nextend M { }\n",
        )
        .expect("readable");
        assert_eq!(s.package, "a.b.c");
        assert_eq!(s.imports, ["x/y.proto", "p.proto", "w.proto"]);
        assert!(s.has_extend);
    }

    #[test]
    fn no_package_and_no_extend() {
        let s = scan("syntax = \"proto2\";\nmessage extended {}\n").expect("readable");
        assert_eq!(s, Scan::default());
        let s = scan("option (o) = import;\npackage p;").expect("readable");
        assert_eq!(s.package, "p");
    }

    #[test]
    fn comments_end_where_they_end() {
        // `/*/` opens a comment without closing it; a line comment may end the file.
        let s = scan("/*/ package a; */ package b; /* * / */ import \"c.proto\"; // package d;")
            .expect("readable");
        assert_eq!(s.package, "b");
        assert_eq!(s.imports, ["c.proto"]);
        assert_eq!(scan("package p; /*/"), None);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(scan("import \"a\\x2e.proto\";"), None);
        assert_eq!(scan("/* never closed"), None);
        assert_eq!(scan("import \"a.proto\""), None);
        assert_eq!(scan("import foo;"), None);
    }
}
