//! Positions in source text: every conversion between a line and column and a byte offset, in
//! one place. Three conventions meet here, and each caller names the one it speaks:
//!
//! - buf's, which findings, fixes and [`crate::Span`] carry: 1-based lines and 1-based
//!   *display* columns (characters, a tab advancing to the next stop of [`TAB_WIDTH`]);
//!   [`offset_of_display`], [`display_position`], [`display_col`], [`byte_of_display_col`];
//! - protobuf source info's, as protoc and protox write `SourceCodeInfo`: 0-based lines and
//!   0-based columns in UTF-8 bytes, a tab counting one; [`LineIndex`], [`line_start`],
//!   [`line_of`], [`line_start_of`];
//! - YAML parsers': 1-based lines and columns in characters, tabs not expanded;
//!   [`offset_of_char_col`] (given them 0-based).

/// Tab stops as buf reports columns: a tab advances to the next multiple of 4 (plus one).
pub const TAB_WIDTH: u32 = 4;

/// The 1-based display column of the character at 0-based byte offset `byte` of `line`.
/// protox counts columns in UTF-8 bytes with a tab as one; buf counts characters and expands
/// a tab to the next tab stop.
pub fn display_col(line: &str, byte: u32) -> u32 {
    let mut col = 0u32;
    for (i, ch) in line.char_indices() {
        if i as u32 >= byte {
            return col + 1;
        }
        col += if ch == '\t' {
            TAB_WIDTH - col % TAB_WIDTH
        } else {
            1
        };
    }
    col + 1 + (byte.saturating_sub(line.len() as u32))
}

/// The byte offset within `line` of 1-based display column `col` (inverse of [`display_col`]).
pub fn byte_of_display_col(line: &str, col: u32) -> usize {
    let mut c = 1u32;
    for (b, ch) in line.char_indices() {
        if c >= col {
            return b;
        }
        c += if ch == '\t' {
            TAB_WIDTH - (c - 1) % TAB_WIDTH
        } else {
            1
        };
    }
    line.len()
}

/// The byte offset where 0-based line `line` of `text` starts; `None` when `text` has fewer
/// lines.
pub fn line_start(text: &str, line: usize) -> Option<usize> {
    let mut start = 0usize;
    for _ in 0..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    Some(start)
}

/// The line that starts at byte offset `start` of `text`, without its `\n`.
pub fn line_at(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    rest.split('\n').next().unwrap_or(rest)
}

/// The text of 0-based line `line` of `text`, without its `\n`; `None` past the last line.
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    line_start(text, line).map(|start| line_at(text, start))
}

/// The byte offset where the line holding byte offset `at` of `text` starts.
pub fn line_start_of(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at.min(text.len())];
    before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The 0-based line holding byte offset `at` of `text`, and the byte offset where that line
/// starts (the byte column of `at` is the difference).
pub fn line_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count();
    (line, line_start_of(text, at))
}

/// The byte offset of 1-based `line` and display column `col` (buf's convention); `None`
/// when `text` has fewer lines.
pub fn offset_of_display(text: &str, line: u32, col: u32) -> Option<usize> {
    let start = line_start(text, (line as usize).saturating_sub(1))?;
    Some(start + byte_of_display_col(line_at(text, start), col))
}

/// The 1-based line and display column of byte offset `at` (inverse of
/// [`offset_of_display`]).
pub fn display_position(text: &str, at: usize) -> (u32, u32) {
    let (line, start) = line_of(text, at);
    (
        line as u32 + 1,
        display_col(line_at(text, start), (at - start) as u32),
    )
}

/// The byte offset of 0-based `line` and 0-based character `column` (a YAML parser's position,
/// made 0-based). The column is counted from the line's start and runs on past its end; a line
/// past the text's last is taken as its end.
pub fn offset_of_char_col(text: &str, line: usize, column: usize) -> usize {
    let start = line_start(text, line).unwrap_or(text.len());
    let rest = text.get(start..).unwrap_or("");
    start
        + rest
            .char_indices()
            .nth(column)
            .map_or(rest.len(), |(i, _)| i)
}

/// Byte offset ↔ protobuf source-info position (0-based line, byte column) of one text, with
/// its line starts computed once for the many conversions of a file.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`'s lines.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line and byte column of byte offset `offset`.
    pub fn position(&self, offset: usize) -> (i32, i32) {
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        (line as i32, (offset - self.starts[line]) as i32)
    }

    /// The byte offset of 0-based `line` and byte column `col` (a line past the last counts
    /// from the text's start).
    pub fn offset(&self, line: i32, col: i32) -> usize {
        let line = usize::try_from(line).unwrap_or(0);
        self.starts.get(line).copied().unwrap_or(0) + usize::try_from(col).unwrap_or(0)
    }

    /// A source-info span (`[line, col, end_col]` or `[line, col, end_line, end_col]`).
    pub fn span(&self, (start, end): (usize, usize)) -> Vec<i32> {
        let (l1, c1) = self.position(start);
        let (l2, c2) = self.position(end);
        if l1 == l2 {
            vec![l1, c1, c2]
        } else {
            vec![l1, c1, l2, c2]
        }
    }

    /// Byte range of a source-info span.
    pub fn range(&self, span: &[i32]) -> Option<(usize, usize)> {
        match *span {
            [l, c, e] => Some((self.offset(l, c), self.offset(l, e))),
            [l, c, l2, e] => Some((self.offset(l, c), self.offset(l2, e))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_to_stops_of_four() {
        assert_eq!(display_col("\tint64 b", 1), 5);
        assert_eq!(display_col("  \tint64 b", 3), 5);
        assert_eq!(display_col("\t\tint64 c", 2), 9);
        assert_eq!(display_col("  int64", 2), 3);
        // "é" is two bytes for protox, one column for buf.
        assert_eq!(display_col("/* é */ int32", 9), 9);
        assert_eq!(display_col("\t/* é */\tint32", 10), 13);
        assert_eq!(byte_of_display_col("  \tint64 b", 5), 3);
        assert_eq!(byte_of_display_col("\t\tint64", 9), 2);
    }

    #[test]
    fn display_positions_and_offsets_are_inverse() {
        let text = "syntax = \"proto3\";\n\tint64 b = 1;\n// é\nx";
        for at in [0, 7, 19, 20, 21, 33, 34, 38, 40] {
            let (line, col) = display_position(text, at);
            assert_eq!(offset_of_display(text, line, col), Some(at), "at {at}");
        }
        assert_eq!(display_position(text, 20), (2, 5));
        assert_eq!(offset_of_display(text, 2, 5), Some(20));
        // Line 0 is taken as line 1; a line past the last has no offset.
        assert_eq!(offset_of_display(text, 0, 1), Some(0));
        assert_eq!(offset_of_display(text, 5, 1), None);
        // A column past the line's end stops at the end of the line.
        assert_eq!(offset_of_display(text, 1, 99), Some(18));
    }

    #[test]
    fn lines_by_number_and_by_offset() {
        let text = "a\nbc\n\nd";
        assert_eq!(line_start(text, 0), Some(0));
        assert_eq!(line_start(text, 1), Some(2));
        assert_eq!(line_start(text, 3), Some(6));
        assert_eq!(line_start(text, 4), None);
        assert_eq!(line_text(text, 1), Some("bc"));
        assert_eq!(line_text(text, 2), Some(""));
        assert_eq!(line_text(text, 4), None);
        assert_eq!(line_of(text, 0), (0, 0));
        assert_eq!(line_of(text, 3), (1, 2));
        assert_eq!(line_of(text, 5), (2, 5));
        assert_eq!(line_of(text, 7), (3, 6));
        assert_eq!(line_start_of(text, 4), 2);
        assert_eq!(line_start_of(text, 5), 5);
        assert_eq!(line_start_of(text, 99), 6);
    }

    #[test]
    fn character_columns_count_characters_not_bytes() {
        let text = "é: 1\nkey: [x";
        assert_eq!(offset_of_char_col(text, 0, 1), 2);
        assert_eq!(offset_of_char_col(text, 1, 5), 11);
        // Past the line's end the count runs on; past the last line it is the text's end.
        assert_eq!(offset_of_char_col(text, 0, 6), 7);
        assert_eq!(offset_of_char_col(text, 9, 0), text.len());
    }

    #[test]
    fn source_info_positions() {
        let text = "a\n\tbé\nc";
        let index = LineIndex::new(text);
        assert_eq!(index.position(3), (1, 1));
        assert_eq!(index.offset(1, 1), 3);
        assert_eq!(index.span((3, 6)), vec![1, 1, 4]);
        assert_eq!(index.span((0, 7)), vec![0, 0, 2, 0]);
        assert_eq!(index.range(&[1, 1, 4]), Some((3, 6)));
        assert_eq!(index.range(&[0, 0, 2, 0]), Some((0, 7)));
        assert_eq!(index.range(&[0]), None);
    }
}
