//! Recognising an `edition = "…";` declaration before protox sees the file.

use miette::NamedSource;

use crate::error::Error;

/// `Err` when the file's first statement declares an edition.
pub fn check(path: &str, text: &str) -> Result<(), Error> {
    let bytes = text.as_bytes();
    let mut i = skip_trivia(bytes, 0);
    if !text[i..].starts_with("edition") {
        return Ok(());
    }
    let start = i;
    i = skip_trivia(bytes, i + "edition".len());
    if bytes.get(i) != Some(&b'=') {
        return Ok(());
    }
    let end = text[i..].find(';').map_or(text.len(), |p| i + p + 1);
    Err(Error::Editions {
        path: path.to_owned(),
        src: NamedSource::new(path, text.to_owned()),
        span: (start, end - start).into(),
    })
}

/// Skips white space, `//` and `/* */` comments (and a UTF-8 byte-order mark).
fn skip_trivia(b: &[u8], mut i: usize) -> usize {
    if b[i..].starts_with(b"\xEF\xBB\xBF") {
        i += 3;
    }
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i = (i + 2).min(b.len());
        } else {
            return i;
        }
    }
}
