//! Source positions, 1-based, end column exclusive (the way buf prints them).

use std::sync::Arc;

/// A place in a `.proto` file: 1-based lines and columns, `end_col` exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub path: Arc<str>,
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

/// A place that may lack a position: a file with no source info still has a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub path: Arc<str>,
    pub span: Option<Span>,
}

impl Place {
    pub fn file(path: &Arc<str>) -> Self {
        Place {
            path: path.clone(),
            span: None,
        }
    }

    pub fn at(path: &Arc<str>, span: Option<Span>) -> Self {
        Place {
            path: path.clone(),
            span,
        }
    }
}

impl Span {
    /// Converts a `SourceCodeInfo.Location.span` (0-based, 3 or 4 elements) into a span.
    pub fn from_source_info(path: &Arc<str>, raw: &[i32]) -> Option<Span> {
        Self::from_source_info_in(path, raw, None)
    }

    /// As [`Span::from_source_info`], converting columns to buf's (characters, tabs expanded)
    /// when the file's lines are given.
    pub fn from_source_info_in(
        path: &Arc<str>,
        raw: &[i32],
        lines: Option<&[&str]>,
    ) -> Option<Span> {
        let (sl, sc, el, ec) = match *raw {
            [sl, sc, ec] => (sl, sc, sl, ec),
            [sl, sc, el, ec] => (sl, sc, el, ec),
            _ => return None,
        };
        let conv = |v: i32| u32::try_from(v).ok().map(|v| v + 1);
        let col = |line: i32, c: i32| -> Option<u32> {
            match lines.and_then(|l| l.get(usize::try_from(line).ok()?)) {
                Some(text) => Some(display_col(text, u32::try_from(c).ok()?)),
                None => conv(c),
            }
        };
        Some(Span {
            path: path.clone(),
            start_line: conv(sl)?,
            start_col: col(sl, sc)?,
            end_line: conv(el)?,
            end_col: col(el, ec)?,
        })
    }
}

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
}
