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
                Some(text) => Some(crate::position::display_col(text, u32::try_from(c).ok()?)),
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
