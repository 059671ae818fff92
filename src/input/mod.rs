//! Inputs: every kind of OLD/NEW argument becomes a [`Input`] held in memory, so nothing
//! downstream touches the filesystem for the files being compared.

pub mod archive;
pub mod bufref;
mod descriptor_set;
pub mod dir;
mod error;
pub mod git;
pub mod layout;
pub mod modcache;
pub mod targets;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::Error;

/// One `.proto` source file in memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub text: Arc<str>,
}

impl SourceFile {
    /// The file's text; a leading UTF-8 byte order mark is dropped (as protoc and buf do), so
    /// it neither fails the parse nor shifts the columns of the first line.
    pub fn new(mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        SourceFile {
            text: Arc::from(text),
        }
    }

    /// Whether both files hold the same bytes (what incremental planning asks of every file
    /// on both sides). Comparing the texts costs less than hashing them at load: files of
    /// different lengths differ at once, and most pairs are either that or identical.
    pub fn same_bytes(&self, other: &SourceFile) -> bool {
        Arc::ptr_eq(&self.text, &other.text) || self.text == other.text
    }
}

/// `.proto` sources: the files to compare, by path relative to their import root, plus the
/// extra roots (`-I`) where imports that are not among them are looked up.
#[derive(Debug, Clone, Default)]
pub struct SourceTree {
    pub files: BTreeMap<String, SourceFile>,
    /// Directories searched, in order, for imports not found in `files`.
    /// Files found there are dependencies: compiled, never compared.
    pub import_roots: Vec<PathBuf>,
    /// Files that can be imported but are never compared, held in memory: the files a
    /// buf.yaml layout leaves out of a tree that is not on disk (a git revision, an archive),
    /// by their name relative to the module root holding them, so that they resolve as the
    /// same files of a directory do from its roots on disk. Searched after `files`, before
    /// `import_roots`.
    pub deps: BTreeMap<String, SourceFile>,
    /// Where the import root lies in the repository: `proto/`, or empty for the top. CI
    /// formats (SARIF, GitHub, JUnit, GitLab) put it before each path so that annotations land
    /// on repository files. Relative to the top of the enclosing git work tree, else to the
    /// current directory; `/`-separated, ending in `/` unless empty.
    pub root_prefix: String,
    /// Files a buf.yaml layout renamed (module-relative name → path below the input root).
    pub renamed: HashMap<String, String>,
    /// The `buf.yaml` at the root of a tree that is not on disk (a git revision), which shapes
    /// that side's module layout. Directories have theirs read from disk.
    pub buf_yaml: Option<ConfigFile>,
}

#[cfg(test)]
impl SourceTree {
    /// A tree of the given `(path, text)` files and nothing else, for tests.
    pub(crate) fn of_texts(files: &[(&str, &str)]) -> SourceTree {
        SourceTree {
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), SourceFile::new(t.to_string())))
                .collect(),
            ..SourceTree::default()
        }
    }
}

/// A config file's name and text: the one type that carries a config, whether read from disk
/// (`config`), from a git revision or archive (input) or given inline (`breaking --config`).
/// The config layer reads it and points its errors into it.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// As shown to the user.
    pub name: String,
    pub text: Arc<str>,
}

/// How a side's file names map back to repository paths, for CI annotations.
#[derive(Debug, Clone, Default)]
pub struct RepoPaths {
    /// See [`SourceTree::root_prefix`].
    pub prefix: String,
    /// See [`SourceTree::renamed`].
    pub renamed: HashMap<String, String>,
}

impl RepoPaths {
    /// The repository path of the file named `name` in findings.
    pub fn of(&self, name: &str) -> String {
        let below_root = self.renamed.get(name).map_or(name, String::as_str);
        format!("{}{below_root}", self.prefix)
    }
}

const GIT_PREFIX: &str = "git:";

/// Whether `spec` is read into memory rather than from a directory on disk: a git revision
/// (`git:REF[:SUBDIR]`, buf's `.git#…`) or an archive. Its root's buf.yaml travels with it.
pub fn is_git(spec: &str) -> bool {
    spec.starts_with(GIT_PREFIX) || bufref::is_in_memory(spec)
}

/// What one side of a diff is, once read.
#[derive(Debug, Clone)]
pub enum Input {
    Sources(SourceTree),
    /// A serialized `FileDescriptorSet`.
    DescriptorSet(Arc<[u8]>),
}

impl Input {
    /// The bytes of source this side compiles (its files' texts; a descriptor set's size).
    pub fn source_len(&self) -> usize {
        match self {
            Input::Sources(tree) => tree.files.values().map(|f| f.text.len()).sum(),
            Input::DescriptorSet(bytes) => bytes.len(),
        }
    }

    /// Repository paths of this side's files (names as they are for a descriptor set).
    pub fn repo_paths(&self) -> RepoPaths {
        match self {
            Input::Sources(tree) => RepoPaths {
                prefix: tree.root_prefix.clone(),
                renamed: tree.renamed.clone(),
            },
            Input::DescriptorSet(_) => RepoPaths::default(),
        }
    }
}

/// Reads the argument `spec` (a directory, a `.proto` file, a descriptor set file, or
/// `git:REF[:SUBDIR]`).
pub fn load(spec: &str, includes: &[PathBuf]) -> Result<Input, Error> {
    if let Some(rest) = spec.strip_prefix(GIT_PREFIX) {
        return git::load(spec, rest, includes).map(Input::Sources);
    }
    let path = match bufref::parse(spec)? {
        None => Path::new(spec),
        Some(bufref::BufRef::Git {
            spec: git_spec,
            repo,
            recurse_submodules,
        }) => {
            let rest = git_spec.strip_prefix(GIT_PREFIX).unwrap_or(&git_spec);
            return git::load_at(spec, rest, includes, repo.as_deref(), recurse_submodules)
                .map(Input::Sources);
        }
        Some(bufref::BufRef::Archive {
            path,
            kind,
            strip_components,
            subdir,
        }) => {
            return archive::load(
                spec,
                &path,
                kind,
                strip_components,
                subdir.as_deref(),
                includes,
            )
            .map(Input::Sources);
        }
        Some(bufref::BufRef::JsonImage(path)) => {
            return bufref::json_image(spec, &path).map(|b| Input::DescriptorSet(Arc::from(b)));
        }
        Some(bufref::BufRef::BinaryImage(path) | bufref::BufRef::Path(path)) => {
            return load(&path.to_string_lossy(), includes);
        }
    };
    let meta = std::fs::metadata(path).map_err(|e| Error::Input {
        input: spec.to_owned(),
        message: format!("cannot read {spec}: {e}"),
        help: Some(
            "OLD and NEW are each a directory, a .proto file, a descriptor set file or \
             git:REF[:SUBDIR]"
                .into(),
        ),
    })?;
    if meta.is_dir() {
        let files = dir::walk(path)?;
        if files.is_empty() {
            return Err(Error::Input {
                input: spec.to_owned(),
                message: format!("no .proto files found under {spec}"),
                help: None,
            });
        }
        let mut roots = vec![path.to_path_buf()];
        roots.extend(includes.iter().cloned());
        let mut tree = SourceTree {
            files,
            import_roots: roots,
            deps: BTreeMap::new(),
            root_prefix: repo_prefix(path),
            renamed: Default::default(),
            buf_yaml: None,
        };
        // buf.yaml `deps:` pinned by buf.lock: from buf's module cache when it holds them.
        let lock = modcache::lock_in_dir(path)?;
        modcache::attach(&mut tree, lock.as_ref(), includes.len())?;
        return Ok(Input::Sources(tree));
    }
    if !meta.is_file() {
        // A named pipe or a device: reading it could block forever or never end.
        return Err(Error::Input {
            input: spec.to_owned(),
            message: format!(
                "{spec} is not a regular file, a directory or git:REF: it is not read"
            ),
            help: None,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Input {
        input: spec.to_owned(),
        message: format!("cannot read {spec}: {e}"),
        help: None,
    })?;
    if descriptor_set::looks_like_descriptor_set(&bytes) {
        return Ok(Input::DescriptorSet(Arc::from(bytes)));
    }
    let text = String::from_utf8(bytes).map_err(|_| Error::Input {
        input: spec.to_owned(),
        message: format!("{spec} is neither UTF-8 protobuf source nor a binary FileDescriptorSet"),
        help: None,
    })?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| spec.to_owned());
    let mut files = BTreeMap::new();
    files.insert(name, SourceFile::new(text));
    let root_prefix = repo_prefix(&root);
    let mut roots = vec![root];
    roots.extend(includes.iter().cloned());
    Ok(Input::Sources(SourceTree {
        files,
        import_roots: roots,
        deps: BTreeMap::new(),
        root_prefix,
        renamed: Default::default(),
        buf_yaml: None,
    }))
}

/// `dir` relative to the top of the git work tree holding it (found by looking for `.git`
/// upwards, without running git), else relative to the current directory, as a `/`-separated
/// prefix ending in `/`, or empty. Falls back to `dir` as given when it is elsewhere.
fn repo_prefix(dir: &Path) -> String {
    let as_given = || {
        let s = dir.to_string_lossy().replace('\\', "/");
        let s = s.trim_start_matches("./").trim_end_matches('/');
        if s.is_empty() || s == "." {
            String::new()
        } else {
            format!("{s}/")
        }
    };
    let Ok(abs) = dir.canonicalize() else {
        return as_given();
    };
    let top = abs
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok()?.canonicalize().ok());
    let Some(rel) = top.and_then(|t| abs.strip_prefix(t).ok().map(Path::to_path_buf)) else {
        return as_given();
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}
