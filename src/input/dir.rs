//! Walking a directory for `.proto` files.
//!
//! The symbolic link policy, the same for every input (see also [`super::git`]):
//! - a link whose target lies inside the input root is followed, and what it reaches is named
//!   by the link's own path (a linked directory is walked like a real one);
//! - a link whose target leaves the root, does not exist, or is part of a loop is never
//!   followed; when it is named `*.proto` or points to a directory, that is an error (exit 2)
//!   naming the link and its target, never a silent skip;
//! - only regular files are read: a named pipe, socket or device called `*.proto` is an error,
//!   never opened (opening a pipe would block the run forever).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::SourceFile;
use crate::input::Error;

/// Folders never walked: build output and tool caches (hidden folders are skipped too).
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "bazel-out",
    "bazel-bin",
    "bazel-testlogs",
];

/// `breaking --disable-symlinks`: symbolic links are not followed (skipped) for the rest of
/// the run, as buf does with that flag.
static NO_LINKS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Stops following symbolic links in directory inputs, for the rest of the process.
pub fn disable_symlinks() {
    NO_LINKS.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn follows_links() -> bool {
    !NO_LINKS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether a folder of this name is never walked (build output, tool caches).
pub fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name) || name.starts_with("bazel-")
}

/// The help shown with every refused link.
pub const LINK_HELP: &str = "protocheck follows a symbolic link only when its target lies \
    inside the input root; to compile files from elsewhere as dependencies, add their \
    directory with -I";

/// A directory to walk: its path (through any links), its name relative to the root, and
/// its resolved location (to refuse a link back to one of its ancestors).
struct Pending {
    path: PathBuf,
    rel: String,
    real: PathBuf,
}

/// Every `*.proto` below `root`, keyed by its `/`-separated path relative to `root`.
pub fn walk(root: &Path) -> Result<BTreeMap<String, SourceFile>, Error> {
    let real_root = root.canonicalize().map_err(|e| io_error(root, e))?;
    let mut out = BTreeMap::new();
    let mut stack = vec![Pending {
        path: root.to_path_buf(),
        rel: String::new(),
        real: real_root.clone(),
    }];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir.path).map_err(|e| io_error(&dir.path, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&dir.path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let file_type = entry.file_type().map_err(|e| io_error(&path, e))?;
            let rel = if dir.rel.is_empty() {
                name.clone()
            } else {
                format!("{}/{name}", dir.rel)
            };
            let is_proto = name.ends_with(".proto");
            if file_type.is_dir() {
                if !is_skipped_dir(&name) {
                    stack.push(Pending {
                        real: dir.real.join(&name),
                        path,
                        rel,
                    });
                }
            } else if file_type.is_symlink() {
                if !follows_links() {
                    continue;
                }
                let Some(target) = resolve_link(&path, &real_root, is_proto)? else {
                    continue;
                };
                let meta = std::fs::metadata(&target).map_err(|e| io_error(&path, e))?;
                if meta.is_dir() {
                    if is_skipped_dir(&name) {
                        continue;
                    }
                    if dir.real.starts_with(&target) {
                        return Err(link_error(
                            &path,
                            format!(
                                "{} is a symbolic link to {}, which contains it: a loop",
                                path.display(),
                                target.display()
                            ),
                        ));
                    }
                    stack.push(Pending {
                        path,
                        rel,
                        real: target,
                    });
                } else if is_proto {
                    out.insert(rel, read_regular(&path, meta.file_type())?);
                }
            } else if is_proto {
                // The entry's type comes with the directory listing: no stat per file.
                out.insert(rel, read_regular(&path, file_type)?);
            }
        }
    }
    Ok(out)
}

/// The errno of a chain of links that never ends.
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
const ELOOP: i32 = 62;
#[cfg(not(any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
const ELOOP: i32 = 40;

/// Where the link at `path` leads, when it may be followed. `None`: not followed and not
/// worth an error (a dangling link whose name is not `*.proto`).
fn resolve_link(path: &Path, real_root: &Path, is_proto: bool) -> Result<Option<PathBuf>, Error> {
    let target = match path.canonicalize() {
        Ok(t) => t,
        Err(e) => {
            let shown = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            // ELOOP: the chain of links never ends.
            if e.raw_os_error() == Some(ELOOP) {
                return Err(link_error(
                    path,
                    format!(
                        "{} is a symbolic link in a loop (to {shown})",
                        path.display()
                    ),
                ));
            }
            if !is_proto {
                return Ok(None);
            }
            return Err(link_error(
                path,
                format!(
                    "{} is a symbolic link to {shown}, which cannot be read: {e}",
                    path.display()
                ),
            ));
        }
    };
    if target.starts_with(real_root) {
        return Ok(Some(target));
    }
    if is_proto || target.is_dir() {
        return Err(link_error(
            path,
            format!(
                "{} is a symbolic link to {}, outside the input root {}",
                path.display(),
                target.display(),
                real_root.display()
            ),
        ));
    }
    Ok(None)
}

/// The text of a `.proto` file, refusing anything that is not a regular file.
fn read_regular(path: &Path, file_type: std::fs::FileType) -> Result<SourceFile, Error> {
    if !file_type.is_file() {
        return Err(Error::Input {
            input: path.display().to_string(),
            message: format!(
                "{} is not a regular file ({}): it is not read",
                path.display(),
                kind_of(file_type)
            ),
            help: Some("only regular files named *.proto are compared".into()),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Input {
        input: path.display().to_string(),
        message: format!(
            "{} is not valid UTF-8 (at byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
        help: Some("protobuf source files must be UTF-8".into()),
    })?;
    Ok(SourceFile::new(text))
}

/// What kind of non-regular file this is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = t;
    "not a file"
}

fn link_error(path: &Path, message: String) -> Error {
    Error::Input {
        input: path.display().to_string(),
        message,
        help: Some(LINK_HELP.into()),
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Input {
        input: path.display().to_string(),
        message: format!("cannot read {}: {e}", path.display()),
        help: None,
    }
}
