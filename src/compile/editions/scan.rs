//! The statement-level scan of an editions file: finds what editions add to or forbid in the
//! grammar, and rewrites the text into a file protox parses (in proto3 mode, where fields need
//! no label) without moving any other token.
//!
//! - `edition = "2023";` becomes `syntax = "proto3";` (padded with spaces);
//! - `default = …` entries of field option brackets are blanked (proto3 forbids them) and
//!   formatted separately;
//! - `export`/`local` (2024) are blanked and recorded;
//! - `import option "x";` (2024) becomes a plain import, recorded as an option import;
//! - `optional`/`required` labels and `group` fields are errors, as protoc reports them.
//!
//! `features.…` options are left in place: protox interprets them against the current
//! `descriptor.proto`, which the resolver chain provides.

use super::lex::{self, Kind, Token};
use super::{Problem, EDITION_2023, EDITION_2024};

/// A `default = …` option entry removed from the text.
#[derive(Debug)]
pub struct DefaultEntry {
    /// Byte offset of the field's name token (identifies the field after parsing).
    pub field_name: usize,
    /// `optional`, `repeated` or empty (map fields), for the proto2 snippet.
    pub label: &'static str,
    /// The field's type as written.
    pub type_text: String,
    /// The value as written, and its span.
    pub value_text: String,
    pub value_span: (usize, usize),
    /// The whole `default = …` entry.
    pub entry_span: (usize, usize),
}

#[derive(Debug)]
pub struct Visibility {
    /// Byte offset of the message or enum name token.
    pub name: usize,
    /// `SymbolVisibility`: 1 local, 2 export.
    pub value: i32,
}

/// A `reserved` statement of names, which editions writes as identifiers (protox's parser
/// only knows string literals): blanked and added to the descriptor separately.
#[derive(Debug)]
pub struct ReservedNames {
    /// Byte offset of the name token of the message or enum that holds it.
    pub owner: usize,
    pub statement: (usize, usize),
    pub names: Vec<(String, (usize, usize))>,
}

#[derive(Debug)]
pub struct Scan {
    pub edition: i32,
    /// The edition statement, `edition` through `;`.
    pub statement: (usize, usize),
    pub rewritten: String,
    /// Replacement text length minus statement length (non-zero only for a statement shorter
    /// than the replacement); columns after the statement on its line move by this much.
    pub shift: isize,
    pub defaults: Vec<DefaultEntry>,
    /// Option brackets blanked entirely (they held only defaults): field name offset, span.
    pub blanked_brackets: Vec<(usize, (usize, usize))>,
    pub visibility: Vec<Visibility>,
    /// Byte offsets of the `import` keyword of each `import option` statement.
    pub option_imports: Vec<usize>,
    pub reserved_names: Vec<ReservedNames>,
}

/// `Ok(None)` when the file does not start with an edition declaration.
pub fn scan(src: &str) -> Result<Option<Scan>, Vec<Problem>> {
    let toks = match lex::tokens(src) {
        Ok(t) => t,
        Err(at) => {
            // Only a file that clearly declares an edition is treated as one.
            return match quick_edition(src) {
                Some(_) => Err(vec![Problem::new(
                    "unterminated string or comment, or a character outside the protobuf grammar",
                    (at, (at + 1).min(src.len())),
                    "here",
                )]),
                None => Ok(None),
            };
        }
    };
    let mut s = Scanner {
        src,
        toks: &toks,
        pos: 0,
        out: src.as_bytes().to_vec(),
        problems: Vec::new(),
        defaults: Vec::new(),
        blanked_brackets: Vec::new(),
        visibility: Vec::new(),
        option_imports: Vec::new(),
        reserved_names: Vec::new(),
        owners: Vec::new(),
        edition: 0,
    };
    let Some(statement) = s.edition_statement()? else {
        return Ok(None);
    };
    s.body(Ctx::File);
    let (rewritten, shift) = s.finish_rewrite(statement);
    if !s.problems.is_empty() {
        return Err(s.problems);
    }
    Ok(Some(Scan {
        edition: s.edition,
        statement,
        rewritten,
        shift,
        defaults: s.defaults,
        blanked_brackets: s.blanked_brackets,
        visibility: s.visibility,
        option_imports: s.option_imports,
        reserved_names: s.reserved_names,
    }))
}

/// Whether the text's first statement is `edition = …` (cheap, no full tokenizing).
pub fn quick_edition(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
        } else {
            break;
        }
    }
    let rest = &b[i..];
    if !rest.starts_with(b"edition") {
        return None;
    }
    let after = rest.get(7).copied().unwrap_or(b' ');
    if after.is_ascii_alphanumeric() || after == b'_' {
        return None;
    }
    let mut j = i + 7;
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    (b.get(j) == Some(&b'=')).then_some(i)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    File,
    Message,
    Oneof,
    Extend,
    Enum,
    Service,
}

struct Scanner<'a> {
    src: &'a str,
    toks: &'a [Token],
    pos: usize,
    out: Vec<u8>,
    problems: Vec<Problem>,
    defaults: Vec<DefaultEntry>,
    blanked_brackets: Vec<(usize, (usize, usize))>,
    visibility: Vec<Visibility>,
    option_imports: Vec<usize>,
    reserved_names: Vec<ReservedNames>,
    /// Name token offsets of the enclosing messages and enums.
    owners: Vec<usize>,
    edition: i32,
}

impl Scanner<'_> {
    fn peek(&self, n: usize) -> Option<Token> {
        self.toks.get(self.pos + n).copied()
    }
    fn word(&self, n: usize) -> Option<&str> {
        self.peek(n)
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| t.text(self.src))
    }
    fn blank(&mut self, start: usize, end: usize) {
        for b in &mut self.out[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    /// Reads `edition = "…";` if it is the first statement.
    fn edition_statement(&mut self) -> Result<Option<(usize, usize)>, Vec<Problem>> {
        let (Some(kw), Some(eq)) = (self.peek(0), self.peek(1)) else {
            return Ok(None);
        };
        if !kw.is_ident(self.src, "edition") || !eq.is_sym(b'=') {
            return Ok(None);
        }
        let Some(value) = self.peek(2).filter(|t| t.kind == Kind::Str) else {
            let at = self.peek(2).map_or((eq.end, eq.end), |t| (t.start, t.end));
            return Err(vec![Problem::new(
                "expected an edition string such as \"2023\" after `edition =`",
                at,
                "expected a string",
            )]);
        };
        let name = lex::string_value(value.text(self.src));
        self.edition = match name.as_str() {
            "2023" => EDITION_2023,
            "2024" => EDITION_2024,
            _ => {
                return Err(vec![Problem::new(
                    format!("unknown edition \"{name}\""),
                    (value.start, value.end),
                    "unknown edition",
                )
                .help("protocheck understands edition \"2023\" and edition \"2024\"")]);
            }
        };
        let Some(semi) = self.peek(3).filter(|t| t.is_sym(b';')) else {
            return Err(vec![Problem::new(
                "expected `;` after the edition declaration",
                (value.end, value.end),
                "expected `;`",
            )]);
        };
        self.pos += 4;
        Ok(Some((kw.start, semi.end)))
    }

    fn finish_rewrite(&mut self, (start, end): (usize, usize)) -> (String, isize) {
        const SPACED: &[u8] = b"syntax = \"proto3\";";
        const TIGHT: &[u8] = b"syntax=\"proto3\";";
        let len = end - start;
        let mut out = std::mem::take(&mut self.out);
        let shift = if len >= SPACED.len() {
            out[start..start + SPACED.len()].copy_from_slice(SPACED);
            self.blank_bytes(&mut out[start + SPACED.len()..end]);
            0
        } else if len >= TIGHT.len() {
            out[start..start + TIGHT.len()].copy_from_slice(TIGHT);
            self.blank_bytes(&mut out[start + TIGHT.len()..end]);
            0
        } else {
            out.splice(start..end, TIGHT.iter().copied());
            TIGHT.len() as isize - len as isize
        };
        // Only ASCII was written over whole tokens or blanked runs, so this cannot fail; fall
        // back to the lossy conversion rather than panic.
        let text = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        (text, shift)
    }

    fn blank_bytes(&self, bytes: &mut [u8]) {
        for b in bytes {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    /// Skips to the end of the current statement: past the next `;` at nesting depth 0, or
    /// past a balanced `{…}` block when one comes first. A closing bracket that belongs to the
    /// enclosing block is left in place.
    fn skip_statement(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek(0) {
            match t.kind {
                Kind::Sym(b'{' | b'(' | b'[') => depth += 1,
                Kind::Sym(b'}' | b')' | b']') => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 && t.is_sym(b'}') {
                        self.pos += 1;
                        return;
                    }
                }
                Kind::Sym(b';') if depth == 0 => {
                    self.pos += 1;
                    return;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Statements until the closing `}` of the current block (or the end of the file).
    fn body(&mut self, ctx: Ctx) {
        while let Some(t) = self.peek(0) {
            let before = self.pos;
            if t.is_sym(b'}') {
                self.pos += 1;
                return;
            }
            if t.is_sym(b';') {
                self.pos += 1;
                continue;
            }
            let word = self.word(0).unwrap_or("");
            match word {
                "export" | "local"
                    if matches!(self.word(1), Some("message" | "enum"))
                        && self.edition >= EDITION_2024
                        && !matches!(ctx, Ctx::Enum | Ctx::Service) =>
                {
                    let value = if word == "local" { 1 } else { 2 };
                    if let Some(name) = self.peek(2) {
                        self.visibility.push(Visibility {
                            name: name.start,
                            value,
                        });
                    }
                    self.blank(t.start, t.end);
                    self.pos += 1;
                }
                "message" | "enum" | "service" | "extend" | "oneof"
                    if self
                        .peek(1)
                        .is_some_and(|n| n.kind == Kind::Ident || n.is_sym(b'.'))
                        && ctx != Ctx::Enum =>
                {
                    let inner = match word {
                        "message" => Ctx::Message,
                        "enum" => Ctx::Enum,
                        "service" => Ctx::Service,
                        "extend" => Ctx::Extend,
                        _ => Ctx::Oneof,
                    };
                    let owner = self.peek(1).map_or(0, |n| n.start);
                    // Up to the opening brace.
                    while let Some(n) = self.peek(0) {
                        self.pos += 1;
                        if n.is_sym(b'{') {
                            self.owners.push(owner);
                            self.body(inner);
                            self.owners.pop();
                            break;
                        }
                        if n.is_sym(b';') {
                            break;
                        }
                    }
                }
                "reserved" if matches!(ctx, Ctx::Message | Ctx::Enum) => self.reserved(),
                "import" if ctx == Ctx::File => {
                    if self.option_imports.last().is_some() && self.word(1) != Some("option") {
                        self.problems.push(Problem::new(
                            "imports should precede any option imports to ensure proto files can roundtrip",
                            (t.start, t.end),
                            "import after an option import",
                        ));
                    }
                    if self.word(1) == Some("option")
                        && self.peek(2).is_some_and(|n| n.kind == Kind::Str)
                    {
                        if self.edition >= EDITION_2024 {
                            self.option_imports.push(t.start);
                            if let Some(kw) = self.peek(1) {
                                self.blank(kw.start, kw.end);
                            }
                        } else {
                            let kw = self.peek(1).map_or((t.start, t.end), |k| (k.start, k.end));
                            self.problems.push(Problem::new(
                                "`import option` is only supported from edition 2024 on",
                                kw,
                                "option import",
                            ));
                        }
                    }
                    self.skip_statement();
                }
                "option" | "reserved" | "extensions" | "rpc" | "syntax" | "package" | "edition" => {
                    self.skip_statement()
                }
                _ if matches!(ctx, Ctx::Message | Ctx::Oneof | Ctx::Extend) => self.field(),
                _ => self.skip_statement(),
            }
            // A stray `)` or `]` ends no statement: step over it (protox reports it), so that
            // every turn of this loop makes progress.
            if self.pos == before {
                self.pos += 1;
            }
        }
    }

    /// `reserved …;` in a message or enum: numbers are left to protox, names (identifiers in
    /// editions) are taken out.
    fn reserved(&mut self) {
        let Some(kw) = self.peek(0) else { return };
        match self.peek(1) {
            Some(t) if t.kind == Kind::Str => {
                self.problems.push(
                    Problem::new(
                        "reserved names must be identifiers in editions, not string literals",
                        (t.start, t.end),
                        "string literal",
                    )
                    .help(format!(
                        "write `reserved {};`",
                        lex::string_value(t.text(self.src))
                    )),
                );
                self.skip_statement();
            }
            Some(t) if t.kind == Kind::Ident => {
                let mut names = Vec::new();
                self.pos += 1;
                while let Some(n) = self.peek(0) {
                    self.pos += 1;
                    match n.kind {
                        Kind::Ident => names.push((n.text(self.src).to_owned(), (n.start, n.end))),
                        Kind::Sym(b',') => {}
                        Kind::Sym(b';') => {
                            let statement = (kw.start, n.end);
                            self.blank(statement.0, statement.1);
                            self.reserved_names.push(ReservedNames {
                                owner: self.owners.last().copied().unwrap_or(0),
                                statement,
                                names,
                            });
                            return;
                        }
                        _ => {
                            // Not a list of names: leave it to protox.
                            self.pos -= 1;
                            self.skip_statement();
                            return;
                        }
                    }
                }
            }
            _ => self.skip_statement(),
        }
    }

    /// `[label] type name = number [options];` (or a map field, or a forbidden group).
    fn field(&mut self) {
        let Some(first) = self.peek(0) else { return };
        let mut label = "optional";
        match self.word(0) {
            Some(l @ ("optional" | "required"))
                if self
                    .peek(1)
                    .is_some_and(|n| n.kind == Kind::Ident || n.is_sym(b'.')) =>
            {
                let message = if l == "optional" {
                    "label \"optional\" is not supported in editions: by default, all singular \
                     fields have presence unless features.field_presence is set"
                } else {
                    "label \"required\" is not supported in editions: use \
                     features.field_presence = LEGACY_REQUIRED"
                };
                self.problems.push(
                    Problem::new(message, (first.start, first.end), "label not allowed").help(
                        if l == "optional" {
                            "remove `optional`: editions fields have explicit presence unless \
                             `features.field_presence` says otherwise"
                        } else {
                            "remove `required` and add `[features.field_presence = LEGACY_REQUIRED]`"
                        },
                    ),
                );
                self.pos += 1;
            }
            Some("repeated") => {
                label = "repeated";
                self.pos += 1;
            }
            _ => {}
        }
        // A group: `group Name = N {`.
        if self.word(0) == Some("group")
            && self.peek(1).is_some_and(|n| n.kind == Kind::Ident)
            && self.peek(2).is_some_and(|n| n.is_sym(b'='))
        {
            let g = self
                .peek(0)
                .map_or((first.start, first.end), |g| (g.start, g.end));
            self.problems.push(
                Problem::new(
                    "group syntax is no longer supported in editions: to get group behavior, \
                     set features.message_encoding = DELIMITED on a message field",
                    g,
                    "group",
                )
                .help("declare the group's message separately and give the field `[features.message_encoding = DELIMITED]`"),
            );
            self.skip_statement();
            return;
        }
        // The type runs up to the token before the name, which precedes `=`.
        let type_start = self.peek(0).map_or(first.start, |t| t.start);
        let mut i = self.pos;
        let mut angle = 0;
        while let Some(t) = self.toks.get(i) {
            match t.kind {
                Kind::Sym(b'<') => angle += 1,
                Kind::Sym(b'>') => angle -= 1,
                Kind::Sym(b'=') if angle == 0 => break,
                Kind::Sym(b';' | b'{' | b'}') => {
                    self.skip_statement();
                    return;
                }
                _ => {}
            }
            i += 1;
        }
        if i < self.pos + 2 {
            self.skip_statement();
            return;
        }
        let name = self.toks[i - 1];
        let type_end = self.toks[i - 2].end;
        let type_text = self.src[type_start..type_end].to_owned();
        if type_text.starts_with("map") {
            label = "";
        }
        self.pos = i + 1;
        // The number, then maybe the option bracket.
        while let Some(t) = self.peek(0) {
            if t.is_sym(b'[') {
                self.bracket(name.start, label, &type_text);
                break;
            }
            if t.is_sym(b';') || t.is_sym(b'{') || t.is_sym(b'}') {
                break;
            }
            self.pos += 1;
        }
        self.skip_statement();
    }

    /// An option bracket `[a = 1, default = 2]` starting at the current token.
    fn bracket(&mut self, field_name: usize, label: &'static str, type_text: &str) {
        let Some(open) = self.peek(0) else { return };
        self.pos += 1;
        // Entries: (first token index, last token index, comma token after it).
        let mut entries: Vec<(usize, usize, Option<Token>)> = Vec::new();
        let mut depth = 0i32;
        let mut entry_start = self.pos;
        let close;
        loop {
            let Some(t) = self.peek(0) else { return };
            match t.kind {
                Kind::Sym(b'{' | b'(' | b'[') => depth += 1,
                Kind::Sym(b'}' | b')') => depth -= 1,
                Kind::Sym(b']') if depth == 0 => {
                    if self.pos > entry_start {
                        entries.push((entry_start, self.pos - 1, None));
                    }
                    close = t;
                    self.pos += 1;
                    break;
                }
                Kind::Sym(b']') => depth -= 1,
                Kind::Sym(b',') if depth == 0 => {
                    if self.pos > entry_start {
                        entries.push((entry_start, self.pos - 1, Some(t)));
                    }
                    entry_start = self.pos + 1;
                }
                Kind::Sym(b';') if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
        let is_default = |e: &(usize, usize, Option<Token>)| {
            self.toks[e.0].is_ident(self.src, "default")
                && self.toks.get(e.0 + 1).is_some_and(|t| t.is_sym(b'='))
                && e.1 > e.0 + 1
        };
        let defaults: Vec<usize> = (0..entries.len())
            .filter(|&k| is_default(&entries[k]))
            .collect();
        if defaults.is_empty() {
            return;
        }
        for &k in &defaults {
            let (a, b, _) = entries[k];
            let value_first = self.toks[a + 2];
            let value_last = self.toks[b];
            self.defaults.push(DefaultEntry {
                field_name,
                label,
                type_text: type_text.to_owned(),
                value_text: self.src[value_first.start..value_last.end].to_owned(),
                value_span: (value_first.start, value_last.end),
                entry_span: (self.toks[a].start, value_last.end),
            });
        }
        if defaults.len() == entries.len() {
            self.blank(open.start, close.end);
            self.blanked_brackets
                .push((field_name, (open.start, close.end)));
            return;
        }
        for &k in &defaults {
            let (a, b, comma) = entries[k];
            let start = self.toks[a].start;
            match comma {
                Some(c) => self.blank(start, c.end),
                None => {
                    // The last entry: blank the comma before it as well.
                    let prev_comma = entries[..k]
                        .iter()
                        .rev()
                        .find_map(|e| e.2)
                        .map_or(start, |c| c.start);
                    self.blank(prev_comma, self.toks[b].end);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_keeps_every_other_offset() {
        let src = "edition = \"2023\";\nmessage M {\n  int32 a = 1 [default = 5, json_name = \"x\"];\n  int32 b = 2 [json_name = \"y\", default = -inf];\n  int32 c = 3 [default = 1];\n}\n";
        let s = scan(src).expect("valid").expect("editions");
        assert_eq!(s.edition, EDITION_2023);
        assert_eq!(s.shift, 0);
        assert_eq!(s.rewritten.len(), src.len());
        assert!(s.rewritten.starts_with("syntax=\"proto3\"; \n"));
        let blank = |n: usize| " ".repeat(n);
        assert!(s
            .rewritten
            .contains(&format!("[{} json_name = \"x\"]", blank(12))));
        assert!(s
            .rewritten
            .contains(&format!("[json_name = \"y\"{}]", blank(16))));
        assert!(s.rewritten.contains(&format!("int32 c = 3{};", blank(14))));
        let values: Vec<&str> = s.defaults.iter().map(|d| d.value_text.as_str()).collect();
        assert_eq!(values, ["5", "-inf", "1"]);
        assert_eq!(s.blanked_brackets.len(), 1);
    }

    #[test]
    fn a_tight_statement_shifts_its_line() {
        let s = scan("edition=\"2023\";message M {}")
            .expect("valid")
            .expect("editions");
        assert_eq!(s.shift, 1);
        assert!(s.rewritten.starts_with("syntax=\"proto3\";message"));
    }

    #[test]
    fn forbidden_labels_and_groups_are_located() {
        let src = "edition = \"2023\";\nmessage M {\n  optional int32 a = 1;\n  required int32 b = 2;\n  group G = 3 { int32 x = 1; }\n  int32 optional = 4;\n}\n";
        let problems = scan(src).expect_err("invalid");
        let at: Vec<&str> = problems.iter().map(|p| &src[p.span.0..p.span.1]).collect();
        assert_eq!(at, ["optional", "required", "group"]);
    }

    #[test]
    fn unknown_edition() {
        let src = "edition = \"2025\";";
        let problems = scan(src).expect_err("invalid");
        assert_eq!(&src[problems[0].span.0..problems[0].span.1], "\"2025\"");
        assert!(scan("syntax = \"proto3\";").expect("valid").is_none());
    }

    #[test]
    fn visibility_and_option_imports() {
        let src = "edition = \"2024\";\nimport option \"o.proto\";\nexport message A { local enum E { E_ZERO = 0; } }\n";
        let s = scan(src).expect("valid").expect("editions");
        assert_eq!(s.visibility.len(), 2);
        assert_eq!(s.option_imports.len(), 1);
        assert!(s.rewritten.contains("import        \"o.proto\";"));
        assert!(s.rewritten.contains("       message A {       enum E"));
    }
}
