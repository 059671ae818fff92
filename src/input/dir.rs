//! Walking a directory for `.proto` files.

use std::collections::BTreeMap;
use std::path::Path;

use super::SourceFile;
use crate::error::Error;

/// Folders never walked: build output and tool caches (hidden folders are skipped too).
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "bazel-out",
    "bazel-bin",
    "bazel-testlogs",
];

/// Whether a folder of this name is never walked (build output, tool caches).
pub fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name) || name.starts_with("bazel-")
}

/// Every `*.proto` below `root`, keyed by its `/`-separated path relative to `root`.
pub fn walk(root: &Path) -> Result<BTreeMap<String, SourceFile>, Error> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| io_error(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let file_type = entry.file_type().map_err(|e| io_error(&entry.path(), e))?;
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if file_type.is_dir() {
                if !is_skipped_dir(&name) {
                    stack.push((entry.path(), child_rel));
                }
            } else if name.ends_with(".proto") && !file_type.is_symlink()
                || is_file_link(&entry) && name.ends_with(".proto")
            {
                let bytes = std::fs::read(entry.path()).map_err(|e| io_error(&entry.path(), e))?;
                let text = String::from_utf8(bytes).map_err(|_| Error::Input {
                    input: entry.path().display().to_string(),
                    message: format!("{} is not valid UTF-8", entry.path().display()),
                    help: Some("protobuf source files must be UTF-8".into()),
                })?;
                out.insert(child_rel, SourceFile::new(text));
            }
        }
    }
    Ok(out)
}

fn is_file_link(entry: &std::fs::DirEntry) -> bool {
    entry.file_type().is_ok_and(|t| t.is_symlink()) && entry.path().is_file()
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Input {
        input: path.display().to_string(),
        message: format!("cannot read {}: {e}", path.display()),
        help: None,
    }
}
