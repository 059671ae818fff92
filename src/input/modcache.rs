//! buf's local module cache, for the `deps:` of a buf.yaml: each dependency that buf.lock pins
//! is read from the cache buf keeps on disk when it holds that commit, so a CI sandbox that ran
//! `buf dep update` or `buf build` once (or restored buf's cache) needs no network. A dependency
//! the cache lacks falls back to `-I` and the built-in copies, with a message saying so.
//!
//! The layout is buf 1.75's, as its source defines it (bufbuild/buf):
//! - the cache directory: `private/pkg/app/appext/name_container.go` (`$BUF_CACHE_DIR`, else
//!   the base cache directory joined with `buf`) and `private/pkg/app/app_unix.go`
//!   (`$XDG_CACHE_HOME`, else `$HOME/.cache`);
//! - the module store under it: `private/buf/bufcli/cache.go` (`v3/modules`) and
//!   `private/bufpkg/bufmodule/bufmodulestore/module_data_store.go`: a module lives in
//!   `DIGEST_TYPE/REGISTRY/OWNER/NAME/DASHLESS_COMMIT/` (`DIGEST_TYPE` is `b5` for a v2
//!   buf.lock, `shake256` for a v1 one), holding `module.yaml` (`version: v1`, `files_dir`,
//!   `deps` with `name`/`commit`/`digest`, and `v1_buf_yaml_file`/`v1_buf_lock_file`), written
//!   last, and the module's files under `files_dir`. An entry without a valid `module.yaml`
//!   counts as absent there (buf deletes it and downloads the module again);
//! - the digests checked against buf.lock: `private/bufpkg/bufmodule/digest.go` (b4 and b5),
//!   `private/bufpkg/bufcas/{digest,manifest}.go` (shake256 of 64 bytes; a manifest is one
//!   `shake256:HEX  PATH` line per file, sorted by path) and the file selection of
//!   `private/bufpkg/bufmodule/module.go` (`*.proto`, `LICENSE`, and the first of `buf.md`,
//!   `README.md`, `README.markdown`). buf fails on a mismatch
//!   (`private/bufpkg/bufmodule/module_data.go`); so does protocheck (exit 2).
//! - buf.lock: `version: v2` entries `name`/`commit`/`digest`; `v1` (and `v1beta1`) entries
//!   `remote`/`owner`/`repository`/`commit`/`digest`.
//!
//! Confirmed by hand with buf 1.75.0 offline on the cache under `testdata/bufcache` (see its
//! README): buf builds from it, and fails with a digest mismatch once a cached file is edited.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;

use super::Error;
use super::{ConfigFile, SourceTree};

/// The name of the lock file buf writes beside buf.yaml.
pub const BUF_LOCK: &str = "buf.lock";

/// buf's cache directory, as buf 1.75 finds it: `$BUF_CACHE_DIR`, else `$XDG_CACHE_HOME/buf`,
/// else `$HOME/.cache/buf` (on Windows `%LocalAppData%\buf`). Empty variables count as unset.
pub fn cache_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(dir) = var("BUF_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let base = if cfg!(windows) {
        var("LocalAppData").map(PathBuf::from)
    } else {
        var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
    };
    base.map(|b| b.join("buf"))
}

/// One dependency pinned by buf.lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// `REGISTRY/OWNER/NAME`.
    pub name: String,
    /// The commit id without dashes, lower case.
    pub commit: String,
    /// `TYPE:HEX` (`b5:…` or `shake256:…`); empty when buf.lock has none.
    pub digest: String,
}

#[derive(Deserialize)]
struct LockYaml {
    #[serde(default)]
    version: String,
    #[serde(default)]
    deps: Vec<LockDepYaml>,
}

#[derive(Deserialize)]
struct LockDepYaml {
    #[serde(default)]
    name: String,
    #[serde(default)]
    remote: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    repository: String,
    #[serde(default)]
    commit: String,
    #[serde(default)]
    digest: String,
}

/// The dependencies a buf.lock pins, in its order.
pub fn parse_lock(file: &ConfigFile) -> Result<Vec<Pin>, Error> {
    let bad = |message: String| Error::Input {
        input: file.name.clone(),
        message,
        help: Some(
            "buf.lock is written by `buf dep update`; run it again, or delete buf.lock to \
             resolve the dependencies from -I and the built-in copies"
                .into(),
        ),
    };
    if file.text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let lock: LockYaml = serde_saphyr::from_str(&file.text)
        .map_err(|e| bad(format!("{} is not a valid buf.lock: {e}", file.name)))?;
    let v2 = match lock.version.as_str() {
        "v2" => true,
        "" | "v1" | "v1beta1" => false,
        other => {
            return Err(bad(format!(
                "{}: unknown buf.lock version `{other}` (buf knows v1beta1, v1 and v2)",
                file.name
            )))
        }
    };
    let mut pins = Vec::new();
    for dep in lock.deps {
        let name = if v2 {
            dep.name
        } else {
            format!("{}/{}/{}", dep.remote, dep.owner, dep.repository)
        };
        if name.split('/').count() != 3 || name.split('/').any(|p| p.is_empty()) {
            return Err(bad(format!(
                "{}: a dependency is named `{name}`, not REGISTRY/OWNER/NAME",
                file.name
            )));
        }
        let commit = dep.commit.replace('-', "").to_ascii_lowercase();
        if commit.len() != 32 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(format!(
                "{}: the commit of {name} is `{}`, not a commit id (32 hexadecimal digits)",
                file.name, dep.commit
            )));
        }
        pins.push(Pin {
            name,
            commit,
            digest: dep.digest,
        });
    }
    Ok(pins)
}

/// What the cache holds for one pinned dependency.
#[derive(Debug)]
pub enum Lookup {
    /// The module's files, verified against buf.lock's digest.
    Found(PathBuf),
    /// Not there (or not usable, as buf would count it): why, for the fallback message.
    Absent(String),
}

#[derive(Deserialize, Default)]
struct ModuleYaml {
    #[serde(default)]
    version: String,
    #[serde(default)]
    files_dir: String,
    #[serde(default)]
    deps: Vec<ModuleDepYaml>,
    #[serde(default)]
    v1_buf_yaml_file: String,
    #[serde(default)]
    v1_buf_lock_file: String,
}

#[derive(Deserialize)]
struct ModuleDepYaml {
    #[serde(default)]
    name: String,
    #[serde(default)]
    commit: String,
    #[serde(default)]
    digest: String,
}

/// A path inside a cache entry: relative, `/`-separated, never leaving it.
fn inside(entry: &Path, rel: &str) -> Option<PathBuf> {
    let ok = !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && rel.split('/').all(|p| !p.is_empty() && p != "..");
    ok.then(|| entry.join(rel))
}

/// Looks `pin` up in the cache at `cache`. A digest that does not match is an error (exit 2),
/// as it is for buf.
pub fn lookup(cache: &Path, pin: &Pin, lock_name: &str) -> Result<Lookup, Error> {
    let Some((digest_type, _)) = pin.digest.split_once(':') else {
        return Ok(Lookup::Absent(format!(
            "{lock_name} gives no digest for it, which buf needs to find it in its cache"
        )));
    };
    if digest_type != "b5" && digest_type != "shake256" {
        return Ok(Lookup::Absent(format!(
            "its digest type `{digest_type}` is not one buf 1.75 caches (b5, shake256)"
        )));
    }
    let entry = cache
        .join("v3")
        .join("modules")
        .join(digest_type)
        .join(pin.name.replace('/', std::path::MAIN_SEPARATOR_STR))
        .join(&pin.commit);
    let shown = entry.display();
    let module_yaml = entry.join("module.yaml");
    let text = match std::fs::read_to_string(&module_yaml) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Lookup::Absent(format!("{shown} does not exist")));
        }
        Err(e) => {
            return Ok(Lookup::Absent(format!(
                "{} cannot be read: {e}",
                module_yaml.display()
            )))
        }
    };
    let invalid = |why: &str| {
        Ok(Lookup::Absent(format!(
            "{} is not a valid cache entry ({why}); buf would download the module again",
            module_yaml.display()
        )))
    };
    let Ok(module) = serde_saphyr::from_str::<ModuleYaml>(&text) else {
        return invalid("not YAML of the expected shape");
    };
    if module.version != "v1" {
        return invalid("its version is not v1");
    }
    if module
        .deps
        .iter()
        .any(|d| d.name.is_empty() || d.commit.is_empty() || d.digest.is_empty())
    {
        return invalid("a dependency lacks its name, commit or digest");
    }
    let Some(files_dir) = inside(&entry, &module.files_dir) else {
        return invalid("files_dir is missing or leaves the entry");
    };
    let unreadable = |path: &Path, e: std::io::Error| Error::Input {
        input: lock_name.to_owned(),
        message: format!(
            "{} at commit {} in buf's module cache cannot be read: {}: {e}",
            pin.name,
            pin.commit,
            path.display()
        ),
        help: Some(CLEAR_HELP.into()),
    };
    let mut files = Vec::new();
    walk(&files_dir, "", &mut files).map_err(|(p, e)| unreadable(&p, e))?;
    let doc = ["buf.md", "README.md", "README.markdown"]
        .into_iter()
        .find(|d| files.iter().any(|(p, _)| p == d));
    let mut nodes = Vec::new();
    for (rel, path) in &files {
        if rel.ends_with(".proto") || rel == "LICENSE" || Some(rel.as_str()) == doc {
            let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
            nodes.push((rel.clone(), shake256_hex(&bytes)));
        }
    }
    let actual = if digest_type == "b5" {
        let mut digests: Vec<String> = vec![format!("shake256:{}", manifest_digest(&nodes))];
        let mut deps: Vec<String> = module.deps.iter().map(|d| d.digest.clone()).collect();
        deps.sort();
        digests.extend(deps);
        format!("b5:{}", shake256_hex(digests.join("\n").as_bytes()))
    } else {
        // b4: the files, plus the module's own v1 buf.yaml and buf.lock under their base names.
        for rel in [&module.v1_buf_yaml_file, &module.v1_buf_lock_file] {
            if rel.is_empty() {
                continue;
            }
            let Some(path) = inside(&entry, rel) else {
                return invalid("a v1 config file path leaves the entry");
            };
            let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
            let base = rel.rsplit('/').next().unwrap_or(rel).to_owned();
            nodes.push((base, shake256_hex(&bytes)));
        }
        format!("shake256:{}", manifest_digest(&nodes))
    };
    if !actual.eq_ignore_ascii_case(&pin.digest) {
        return Err(Error::Input {
            input: lock_name.to_owned(),
            message: format!(
                "digest verification failed for {}:{} in buf's module cache ({shown}): \
                 {lock_name} expects {}, the cached files digest to {actual}",
                pin.name, pin.commit, pin.digest
            ),
            help: Some(format!(
                "a hand-edited or corrupted buf.lock, a corrupted cache, or an attack (buf \
                 fails the same way). {CLEAR_HELP}"
            )),
        });
    }
    Ok(Lookup::Found(files_dir))
}

const CLEAR_HELP: &str = "`buf registry cc` clears buf's cache (buf downloads the module \
                          again); BUF_CACHE_DIR points protocheck and buf at another cache";

/// Regular files below `dir` (symbolic links are not followed, as buf's cache reader does
/// not), as (`/`-separated path below `dir`, path on disk).
fn walk(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if kind.is_dir() {
            walk(&path, &rel, out)?;
        } else if kind.is_file() {
            out.push((rel, path));
        }
    }
    Ok(())
}

/// The digest of a bufcas manifest: `shake256:HEX  PATH\n` per file, sorted by path.
fn manifest_digest(nodes: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = nodes.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let manifest: String = sorted
        .iter()
        .map(|(path, hex)| format!("shake256:{hex}  {path}\n"))
        .collect();
    shake256_hex(manifest.as_bytes())
}

/// SHAKE256 with 64 bytes of output, in lower-case hex (buf's `shake256` digest).
fn shake256_hex(data: &[u8]) -> String {
    use sha3::digest::{ExtendableOutput, Update, XofReader};
    let mut hasher = sha3::Shake256::default();
    hasher.update(data);
    let mut out = [0u8; 64];
    hasher.finalize_xof().read(&mut out);
    out.iter().map(|b| format!("{b:02x}")).collect()
}

/// Resolves the dependencies `lock` pins from buf's cache: the directories of those found are
/// added to `tree`'s import roots after its own roots and before the last `includes` ones
/// (`-I`), so a repository's own copy wins, then the cache, then `-I`, then the built-in
/// copies. For each dependency the cache lacks, a message on stderr says where its imports
/// come from instead (once per process).
pub fn attach(
    tree: &mut SourceTree,
    lock: Option<&ConfigFile>,
    includes: usize,
) -> Result<(), Error> {
    let Some(lock) = lock else {
        return Ok(());
    };
    let pins = parse_lock(lock)?;
    if pins.is_empty() {
        return Ok(());
    }
    let cache = cache_dir();
    let mut roots = Vec::new();
    for pin in &pins {
        let lookup = match &cache {
            Some(cache) => lookup(cache, pin, &lock.name)?,
            None => Lookup::Absent(
                "buf's cache directory is unknown (BUF_CACHE_DIR, XDG_CACHE_HOME and HOME are \
                 unset)"
                    .into(),
            ),
        };
        match lookup {
            Lookup::Found(dir) => {
                if !roots.contains(&dir) {
                    roots.push(dir);
                }
            }
            Lookup::Absent(why) => note_once(format!(
                "protocheck: note: {} pins {} at commit {}, which buf's module cache does not \
                 hold: {why}. Its imports resolve from -I and the built-in googleapis copies \
                 instead (`buf dep update` or `buf build` with network access fills the cache).",
                lock.name, pin.name, pin.commit
            )),
        }
    }
    let at = tree.import_roots.len().saturating_sub(includes);
    tree.import_roots.splice(at..at, roots);
    Ok(())
}

fn note_once(message: String) {
    static SHOWN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let shown = SHOWN.get_or_init(Default::default);
    let first = shown
        .lock()
        .map(|mut s| s.insert(message.clone()))
        .unwrap_or(true);
    if first {
        eprintln!("{message}");
    }
}

/// buf.lock beside a directory input, if any.
pub fn lock_in_dir(dir: &Path) -> Result<Option<ConfigFile>, Error> {
    let path = dir.join(BUF_LOCK);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Input {
        input: path.display().to_string(),
        message: format!("cannot read {}: {e}", path.display()),
        help: None,
    })?;
    Ok(Some(ConfigFile {
        name: path.display().to_string(),
        text: text.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(text: &str) -> ConfigFile {
        ConfigFile {
            name: "buf.lock".into(),
            text: text.into(),
        }
    }

    #[test]
    fn both_lock_versions_name_their_pins() {
        let v2 = "version: v2\ndeps:\n  - name: buf.build/googleapis/googleapis\n    commit: \
                  28151C0D0A1641BF938A7672C500E01D\n    digest: b5:ab\n";
        let v1 = "version: v1\ndeps:\n  - remote: buf.build\n    owner: googleapis\n    \
                  repository: googleapis\n    commit: 28151c0d-0a16-41bf-938a-7672c500e01d\n    \
                  digest: shake256:ab\n";
        let want = |digest: &str| Pin {
            name: "buf.build/googleapis/googleapis".into(),
            commit: "28151c0d0a1641bf938a7672c500e01d".into(),
            digest: digest.into(),
        };
        assert_eq!(parse_lock(&lock(v2)).expect("v2"), [want("b5:ab")]);
        assert_eq!(parse_lock(&lock(v1)).expect("v1"), [want("shake256:ab")]);
        assert!(parse_lock(&lock("version: v3\n")).is_err());
        assert!(parse_lock(&lock("version: v2\ndeps:\n  - name: a/b\n    commit: 00\n")).is_err());
    }

    #[test]
    fn shake256_is_buf_s() {
        // bufcas: the shake256 digest of empty content (64 bytes).
        assert_eq!(
            shake256_hex(b""),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f\
             d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"
        );
    }

    #[test]
    fn entry_paths_stay_inside() {
        let e = Path::new("/c/e");
        assert_eq!(inside(e, "files"), Some(PathBuf::from("/c/e/files")));
        assert_eq!(inside(e, "../x"), None);
        assert_eq!(inside(e, "/abs"), None);
        assert_eq!(inside(e, ""), None);
    }
}
