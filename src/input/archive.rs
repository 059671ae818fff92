//! buf's archive inputs: `.tar`, `.tar.gz`/`.tgz` and `.zip`, read into memory (nothing is
//! unpacked to disk), with `strip_components` (leading path parts taken off every entry, as
//! `tar --strip-components` does) and `subdir` (the directory of the archive that is the
//! input's root). Entries are walked like a directory: hidden and build folders are skipped,
//! only `*.proto` files and the root's `buf.yaml` are kept. Links inside an archive are not
//! followed.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::bufref::ArchiveKind;
use super::{ConfigFile, SourceFile, SourceTree};
use crate::input::Error;

/// At most this many bytes are read from an archive's entries in all (a guard against
/// decompression bombs).
const MAX_BYTES: u64 = 1 << 30;

pub fn load(
    spec: &str,
    path: &Path,
    kind: ArchiveKind,
    strip_components: usize,
    subdir: Option<&str>,
    includes: &[std::path::PathBuf],
) -> Result<SourceTree, Error> {
    let fail = |message: String| Error::Input {
        input: spec.to_owned(),
        message,
        help: None,
    };
    let file = std::fs::File::open(path)
        .map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0u64;
    let mut keep = |name: String, reader: &mut dyn Read| -> Result<(), Error> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_BYTES - total + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("{spec}: cannot read {name}: {e}")))?;
        total += bytes.len() as u64;
        if total > MAX_BYTES {
            return Err(fail(format!(
                "{spec}: the archive unpacks to more than 1 GiB"
            )));
        }
        entries.push((name, bytes));
        Ok(())
    };
    let wanted = |name: &str| {
        name.ends_with(".proto") || name.ends_with("buf.yaml") || name.ends_with("buf.lock")
    };
    match kind {
        ArchiveKind::Tar { gzip } => {
            let reader: Box<dyn Read> = if gzip {
                Box::new(flate2::read::GzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let mut archive = tar::Archive::new(reader);
            let list = archive
                .entries()
                .map_err(|e| fail(format!("{spec}: not a tar archive: {e}")))?;
            for entry in list {
                let mut entry =
                    entry.map_err(|e| fail(format!("{spec}: broken tar archive: {e}")))?;
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                let name = entry
                    .path()
                    .map_err(|e| fail(format!("{spec}: bad entry name: {e}")))?
                    .to_string_lossy()
                    .replace('\\', "/");
                if wanted(&name) {
                    keep(name, &mut entry)?;
                }
            }
        }
        ArchiveKind::Zip => {
            let mut archive = zip::ZipArchive::new(file)
                .map_err(|e| fail(format!("{spec}: not a zip archive: {e}")))?;
            for i in 0..archive.len() {
                let mut entry = archive
                    .by_index(i)
                    .map_err(|e| fail(format!("{spec}: broken zip archive: {e}")))?;
                if !entry.is_file() {
                    continue;
                }
                let name = entry.name().replace('\\', "/");
                if wanted(&name) {
                    keep(name, &mut entry)?;
                }
            }
        }
    }
    let root = subdir
        .map(|s| {
            crate::paths::normalize(s).map_err(|why| fail(format!("{spec}: subdir {s}: {why}")))
        })
        .transpose()?
        .filter(|s| s != ".");
    let mut files = BTreeMap::new();
    let mut buf_yaml = None;
    let mut buf_lock = None;
    for (name, bytes) in entries {
        let stripped: Vec<&str> = name
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .skip(strip_components)
            .collect();
        if stripped.is_empty() || stripped.contains(&"..") {
            continue;
        }
        let rel = stripped.join("/");
        let rel = match &root {
            Some(r) => match crate::paths::relative_to(r, &rel) {
                Some(x) if x != "." => x,
                _ => continue,
            },
            None => rel,
        };
        if rel == "buf.yaml" {
            let text = String::from_utf8(bytes)
                .map_err(|_| fail(format!("{spec}: buf.yaml is not valid UTF-8")))?;
            buf_yaml = Some(ConfigFile {
                name: format!("{spec}/buf.yaml"),
                text: text.into(),
            });
            continue;
        }
        if rel == super::modcache::BUF_LOCK {
            let text = String::from_utf8(bytes)
                .map_err(|_| fail(format!("{spec}: buf.lock is not valid UTF-8")))?;
            buf_lock = Some(ConfigFile {
                name: format!("{spec}/buf.lock"),
                text: text.into(),
            });
            continue;
        }
        if !rel.ends_with(".proto") || !is_walked(&rel) {
            continue;
        }
        let text = String::from_utf8(bytes).map_err(|_| Error::Input {
            input: spec.to_owned(),
            message: format!("{spec}: {rel} is not valid UTF-8"),
            help: Some("protobuf source files must be UTF-8".into()),
        })?;
        files.insert(rel, SourceFile::new(text));
    }
    if files.is_empty() {
        return Err(fail(format!(
            "{spec}: no .proto files in the archive{}",
            match (&root, strip_components) {
                (Some(r), n) => format!(" below {r} (after stripping {n} path components)"),
                (None, 0) => String::new(),
                (None, n) => format!(" after stripping {n} path components"),
            }
        )));
    }
    let mut tree = SourceTree {
        files,
        import_roots: includes.to_vec(),
        deps: BTreeMap::new(),
        root_prefix: String::new(),
        renamed: Default::default(),
        buf_yaml,
    };
    super::modcache::attach(&mut tree, buf_lock.as_ref(), includes.len())?;
    Ok(tree)
}

/// Hidden and build folders are skipped, as on disk.
fn is_walked(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.iter().all(|p| !p.starts_with('.'))
        && parts[..parts.len().saturating_sub(1)]
            .iter()
            .all(|p| !super::dir::is_skipped_dir(p))
}
