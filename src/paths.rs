//! `/`-separated relative paths as configs, layouts and filters use them: one place for
//! normalizing them and for asking whether a directory holds a path. Used by config, input
//! and filter alike, so none of them needs another for it.

/// Normalizes a `/`-separated path written in a config: `.` segments and trailing slashes
/// go, `a/../b` becomes `b`; the root is `.`. Absolute paths and paths that climb out of the
/// config's directory are refused (the message says why).
pub fn normalize(path: &str) -> Result<String, &'static str> {
    if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        return Err("expected a relative path");
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("the path climbs out of its root");
                }
            }
            s => parts.push(s),
        }
    }
    Ok(if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    })
}

/// True when `dir` is `path` or one of its parent directories (both normalized).
pub fn contains(dir: &str, path: &str) -> bool {
    dir == "."
        || path == dir
        || (path.len() > dir.len()
            && path.starts_with(dir)
            && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// `path` relative to `dir` when `dir` contains it (`.` when they are equal).
pub fn relative_to(dir: &str, path: &str) -> Option<String> {
    if !contains(dir, path) {
        return None;
    }
    if dir == "." {
        return Some(path.to_owned());
    }
    Some(match path.get(dir.len() + 1..) {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => ".".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_holds_itself_and_what_is_below_it_only() {
        assert!(contains(".", "a/b.proto"));
        assert!(contains("a", "a"));
        assert!(contains("a", "a/b.proto"));
        assert!(!contains("a", "ab/c.proto"));
        assert!(!contains("a/b", "a"));
        assert_eq!(relative_to("a", "a/b/c.proto"), Some("b/c.proto".into()));
        assert_eq!(relative_to("a", "a"), Some(".".into()));
        assert_eq!(relative_to(".", "x.proto"), Some("x.proto".into()));
        assert_eq!(relative_to("a", "b/c.proto"), None);
    }
}
