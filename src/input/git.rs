//! `git:REF` and `git:REF:SUBDIR`: the `.proto` files of a commit of the repository around the
//! current directory, read into memory with `git` itself (`rev-parse`, one `ls-tree -r -z`,
//! one `cat-file --batch`). Nothing is checked out: the working tree, the index and the stash
//! are never touched, and no file of the tree is read from disk.
//!
//! Symbolic links follow the policy of directories on disk (see `input::dir` and
//! [`resolve_links`]): followed inside the tree, refused when a `*.proto` link leaves it.
//!
//! Every argument handed to `git` starts with a character that git cannot take for an
//! option: REF is refused when it starts with `-`, and the tree is addressed as
//! `<commit id>:<subdir>`, which starts with the hex id.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{dir, ConfigFile, SourceFile, SourceTree};
use crate::input::Error;

/// A parsed `git:REF[:SUBDIR]` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSpec {
    /// The revision as given (branch, tag, commit, `HEAD~1`, `origin/main`, …).
    pub rev: String,
    /// The subdirectory as given; `./` and `../` are relative to the current directory,
    /// anything else to the top of the repository (as in git's `REV:PATH`).
    pub subdir: Option<String>,
}

const FORMS: &str = "the form is git:REF or git:REF:SUBDIR, e.g. git:HEAD, git:origin/main:proto";

/// Parses what follows `git:`. Refs cannot contain `:`, so the first `:` ends REF.
pub fn parse(spec: &str, rest: &str) -> Result<GitSpec, Error> {
    let (rev, subdir) = match rest.split_once(':') {
        Some((rev, subdir)) => (rev, Some(subdir)),
        None => (rest, None),
    };
    let refuse = |message: String| Error::Input {
        input: spec.to_owned(),
        message,
        help: Some(FORMS.into()),
    };
    if rev.is_empty() {
        return Err(refuse(format!("{spec}: the git revision is missing")));
    }
    if rev.starts_with('-') {
        return Err(refuse(format!(
            "{spec}: a git revision cannot start with `-` (it would be read as a git option)"
        )));
    }
    if let Some(c) = rev.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(format!(
            "{spec}: a git revision cannot contain {c:?}"
        )));
    }
    let subdir = subdir.map(str::to_owned).filter(|s| !s.is_empty());
    if let Some(s) = &subdir {
        if s.contains('\0') || s.starts_with('/') {
            return Err(refuse(format!(
                "{spec}: SUBDIR must be a relative path inside the repository"
            )));
        }
    }
    Ok(GitSpec {
        rev: rev.to_owned(),
        subdir,
    })
}

/// Reads the `.proto` files of `git:REF[:SUBDIR]` (`rest` is what follows `git:`).
pub fn load(spec: &str, rest: &str, includes: &[PathBuf]) -> Result<SourceTree, Error> {
    load_at(spec, rest, includes, None, false)
}

/// [`load`] on the repository at `repo` (a work tree's top or a bare repository; `None`: the
/// one around the current directory), reading submodules too when `recurse_submodules`.
pub fn load_at(
    spec: &str,
    rest: &str,
    includes: &[PathBuf],
    repo: Option<&Path>,
    recurse_submodules: bool,
) -> Result<SourceTree, Error> {
    let parsed = parse(spec, rest)?;
    let git = Git { spec, dir: repo };

    // Where the current directory lies in the repository (`sub/dir/` or empty); this also
    // tells whether git runs at all and whether there is a repository here. Another
    // repository's SUBDIR is relative to its top.
    let cwd_prefix = match repo {
        None => git.cwd_prefix()?,
        Some(dir) => {
            let out = git.run(&["rev-parse", "--git-dir"])?;
            if !out.ok {
                return Err(Error::Input {
                    input: spec.to_owned(),
                    message: format!(
                        "{spec}: {} is not a git repository ({})",
                        dir.display(),
                        out.stderr
                    ),
                    help: None,
                });
            }
            String::new()
        }
    };
    let commit = git.resolve_commit(&parsed.rev)?;
    let subdir = match &parsed.subdir {
        Some(s) => normalize_subdir(spec, &cwd_prefix, s)?,
        None => String::new(),
    };
    let tree = if subdir.is_empty() {
        format!("{commit}^{{tree}}")
    } else {
        format!("{commit}:{subdir}")
    };
    let short = commit.get(..12).unwrap_or(&commit);
    if !subdir.is_empty() {
        match git.object_type(&tree)?.as_deref() {
            Some("tree") => {}
            Some("blob") => {
                return Err(Error::Input {
                    input: spec.to_owned(),
                    message: format!(
                        "{spec}: `{subdir}` is a file at {} (commit {short}), not a directory",
                        parsed.rev
                    ),
                    help: Some("SUBDIR names the directory that is the import root".into()),
                })
            }
            _ => {
                return Err(Error::Input {
                    input: spec.to_owned(),
                    message: format!(
                        "{spec}: `{subdir}` does not exist at {} (commit {short})",
                        parsed.rev
                    ),
                    help: Some(format!(
                        "SUBDIR is relative to the top of the repository (start it with ./ for \
                         the current directory); `git ls-tree --name-only {short}` lists what is \
                         there"
                    )),
                })
            }
        }
    }

    let listing = git.list_tree(&tree)?;
    let mut entries = listing.files.clone();
    if !listing.links.is_empty() {
        let targets = git.read_blobs(listing.links.iter().map(|(_, oid)| oid.as_str()))?;
        let linked = resolve_links(&listing, &targets).map_err(|message| Error::Input {
            input: spec.to_owned(),
            message: format!("{spec}: {message}"),
            help: Some(dir::LINK_HELP.into()),
        })?;
        entries.extend(linked);
        entries.sort();
        entries.dedup();
    }
    let buf_yaml = entries
        .iter()
        .position(|(path, _)| path == BUF_YAML)
        .map(|i| entries.remove(i));
    let buf_lock = entries
        .iter()
        .position(|(path, _)| path == super::modcache::BUF_LOCK)
        .map(|i| entries.remove(i));
    if entries.is_empty() {
        let place = if subdir.is_empty() {
            "the repository".to_owned()
        } else {
            format!("`{subdir}`")
        };
        return Err(Error::Input {
            input: spec.to_owned(),
            message: format!(
                "{spec}: no .proto files in {place} at {} (commit {short})",
                parsed.rev
            ),
            help: None,
        });
    }
    let blobs = git.read_blobs(
        entries
            .iter()
            .chain(buf_yaml.as_ref())
            .chain(buf_lock.as_ref())
            .map(|(_, oid)| oid.as_str()),
    )?;
    // The root's buf.yaml shapes this side's module layout, as a directory's does; buf.lock
    // beside it pins its `deps:` (read from buf's module cache).
    let config_file = |found: Option<(String, String)>| -> Result<Option<ConfigFile>, Error> {
        let Some((path, oid)) = found else {
            return Ok(None);
        };
        let bytes = blobs.get(&oid).cloned().unwrap_or_default();
        let text = String::from_utf8(bytes).map_err(|_| Error::Input {
            input: spec.to_owned(),
            message: format!("{path} at {} is not valid UTF-8", parsed.rev),
            help: None,
        })?;
        Ok(Some(ConfigFile {
            name: format!("{spec}/{path}"),
            text: text.into(),
        }))
    };
    let buf_lock = config_file(buf_lock)?;
    let buf_yaml = config_file(buf_yaml)?;
    let mut files = BTreeMap::new();
    if recurse_submodules {
        for (path, commit) in &listing.submodules {
            let in_repo = if subdir.is_empty() {
                path.clone()
            } else {
                format!("{subdir}/{path}")
            };
            read_submodule(&git, &in_repo, path, commit, &mut files)?;
        }
    }
    for (path, oid) in entries {
        let bytes = blobs.get(&oid).ok_or_else(|| Error::Input {
            input: spec.to_owned(),
            message: format!("git did not return the contents of {path} ({oid})"),
            help: None,
        })?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| Error::Input {
            input: spec.to_owned(),
            message: format!("{path} at {} is not valid UTF-8", parsed.rev),
            help: Some("protobuf source files must be UTF-8".into()),
        })?;
        files.insert(path, SourceFile::new(text));
    }
    let mut tree = SourceTree {
        files,
        // The tree itself is in memory; only `-I` roots are read from disk.
        import_roots: includes.to_vec(),
        deps: BTreeMap::new(),
        root_prefix: if subdir.is_empty() {
            String::new()
        } else {
            format!("{subdir}/")
        },
        renamed: Default::default(),
        buf_yaml,
    };
    super::modcache::attach(&mut tree, buf_lock.as_ref(), includes.len())?;
    Ok(tree)
}

/// Reads the `.proto` files of the submodule at `in_repo` (its path in the repository;
/// `path` below the tree read) at `commit` into `files` under `path/`, from the submodule's
/// objects on this machine: its checkout in the work tree, or `.git/modules/PATH`. Nested
/// submodules are not followed.
fn read_submodule(
    git: &Git<'_>,
    in_repo: &str,
    path: &str,
    commit: &str,
    files: &mut BTreeMap<String, SourceFile>,
) -> Result<(), Error> {
    let spec = git.spec;
    let line = |o: Output| -> Option<PathBuf> {
        o.ok.then(|| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .filter(|p| !p.as_os_str().is_empty())
    };
    // Paths git prints are relative to where it runs.
    let base = git.dir.map(Path::to_path_buf).unwrap_or_default();
    let mut places = Vec::new();
    if let Some(top) = line(git.run(&["rev-parse", "--show-toplevel"])?) {
        places.push(base.join(top).join(in_repo));
    }
    if let Some(common) = line(git.run(&["rev-parse", "--git-common-dir"])?) {
        places.push(base.join(common).join("modules").join(in_repo));
    }
    let wanted = format!("{commit}^{{commit}}");
    let place = places.into_iter().find(|p| {
        p.is_dir()
            && Git { spec, dir: Some(p) }
                .run(&["cat-file", "-e", &wanted])
                .is_ok_and(|o| o.ok)
    });
    let Some(place) = place else {
        return Err(Error::Input {
            input: spec.to_owned(),
            message: format!(
                "{spec}: the submodule {in_repo} (commit {}) is not on this machine",
                commit.get(..12).unwrap_or(commit)
            ),
            help: Some(format!(
                "recurse_submodules reads submodules through git, without fetching: run `git                  submodule update --init {in_repo}` (or drop recurse_submodules=true)"
            )),
        });
    };
    let sub = Git {
        spec,
        dir: Some(&place),
    };
    let listing = sub.list_tree(&format!("{commit}^{{tree}}"))?;
    let entries: Vec<&(String, String)> = listing
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".proto"))
        .collect();
    let blobs = sub.read_blobs(entries.iter().map(|(_, oid)| oid.as_str()))?;
    for (rel, oid) in entries {
        let bytes = blobs.get(oid).cloned().unwrap_or_default();
        let text = String::from_utf8(bytes).map_err(|_| Error::Input {
            input: spec.to_owned(),
            message: format!("{in_repo}/{rel} in the submodule is not valid UTF-8"),
            help: Some("protobuf source files must be UTF-8".into()),
        })?;
        files.insert(format!("{path}/{rel}"), SourceFile::new(text));
    }
    Ok(())
}

/// Joins SUBDIR to the current directory's place in the repository when it starts with
/// `./` or `../`, removes `.` parts and trailing slashes, and refuses to leave the repository.
fn normalize_subdir(spec: &str, cwd_prefix: &str, subdir: &str) -> Result<String, Error> {
    let relative_to_cwd = subdir == "." || subdir.starts_with("./") || subdir.starts_with("../");
    let mut parts: Vec<&str> = Vec::new();
    if relative_to_cwd {
        parts.extend(cwd_prefix.split('/').filter(|p| !p.is_empty()));
    }
    for part in subdir.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Error::Input {
                        input: spec.to_owned(),
                        message: format!("{spec}: SUBDIR leaves the repository"),
                        help: Some(FORMS.into()),
                    });
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

const BUF_YAML: &str = "buf.yaml";

/// Whether a path inside the tree is walked, with the same rules as a directory on disk.
fn is_walked(path: &str) -> bool {
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        if part.starts_with('.') {
            return false;
        }
        let is_dir = parts.peek().is_some();
        if is_dir && dir::is_skipped_dir(part) {
            return false;
        }
    }
    path.ends_with(".proto")
}

/// The tags matching `pattern` (a shell glob such as `release/*`), oldest first by version
/// order of their names (git's `v:refname`: `v1.9` before `v1.10`), with one git call. `flag`
/// names the option in errors.
pub fn tags(flag: &str, pattern: &str) -> Result<Vec<String>, Error> {
    let spec = format!("{flag} {pattern}");
    let refuse = |message: String| Error::Input {
        input: spec.clone(),
        message,
        help: Some("give a tag name or a glob, e.g. 'release/*' or 'v1.*'".into()),
    };
    if pattern.is_empty() || pattern.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(refuse(format!("{spec}: not a tag pattern")));
    }
    let git = Git {
        spec: &spec,
        dir: None,
    };
    git.cwd_prefix()?;
    // The argument starts with `refs/`, so git cannot take it for an option.
    let refs = format!("refs/tags/{}", pattern.trim_start_matches("refs/tags/"));
    let out = git.run(&[
        "for-each-ref",
        "--sort=v:refname",
        "--format=%(refname:strip=2)",
        &refs,
    ])?;
    if !out.ok {
        return Err(refuse(format!(
            "{spec}: git for-each-ref failed: {}",
            out.stderr
        )));
    }
    let tags: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if tags.is_empty() {
        return Err(Error::Input {
            input: spec.clone(),
            message: format!("{spec}: no tag matches {pattern:?}"),
            help: Some("`git tag --list` shows the tags of the repository".into()),
        });
    }
    Ok(tags)
}

/// What `git ls-tree -r -z` lists below a tree, sorted by kind.
#[derive(Debug, Default)]
pub struct Listing {
    /// `(path, blob id)` of every walked `.proto` regular file, and of the tree's `buf.yaml`.
    pub files: Vec<(String, String)>,
    /// Every regular file, walked or not: where a symbolic link may lead.
    pub blobs: BTreeMap<String, String>,
    /// `(path, blob id)` of every symbolic link (mode 120000) in a walked folder; the blob
    /// holds the link's target.
    pub links: Vec<(String, String)>,
    /// `(path, commit id)` of every submodule (mode 160000), read with `recurse_submodules`.
    pub submodules: Vec<(String, String)>,
}

/// Parses the output of `git ls-tree -r -z --full-tree`: records `<mode> SP <type> SP <object>
/// TAB <path>` ended by NUL. Records of another shape are skipped; submodules (commits) are
/// listed, not followed.
pub fn parse_listing(stdout: &[u8]) -> Listing {
    let mut listing = Listing::default();
    for record in stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        if kind == "commit" && mode == "160000" && !path.is_empty() {
            listing.submodules.push((path.to_owned(), oid.to_owned()));
            continue;
        }
        if kind != "blob" || path.is_empty() {
            continue;
        }
        match mode {
            "100644" | "100755" => {
                if is_walked(path) || path == BUF_YAML || path == super::modcache::BUF_LOCK {
                    listing.files.push((path.to_owned(), oid.to_owned()));
                }
                listing.blobs.insert(path.to_owned(), oid.to_owned());
            }
            "120000" if in_walked_folder(path) => {
                listing.links.push((path.to_owned(), oid.to_owned()));
            }
            _ => {}
        }
    }
    listing
}

/// The same symbolic link policy as for a directory on disk (see `input::dir`), inside the tree
/// of one revision: a link whose target lies in the tree is followed (a linked file named
/// `*.proto` is read under the link's name; a linked folder's walked `.proto` files are listed
/// under the link's path); a link named `*.proto` whose target leaves the tree, is missing or
/// loops is an error. A link of another name that leaves the tree is not followed: unlike on
/// disk, git cannot tell whether its target outside the tree is a folder.
/// `targets` maps each link's blob id to its contents (the target path).
pub fn resolve_links(
    listing: &Listing,
    targets: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<(String, String)>, String> {
    let links: BTreeMap<&str, &str> = listing
        .links
        .iter()
        .map(|(p, o)| (p.as_str(), o.as_str()))
        .collect();
    let mut out = Vec::new();
    for (link, _) in &listing.links {
        let is_proto = link.ends_with(".proto");
        // Follow a chain of links, at most 40 hops as the kernel does.
        let mut at = link.clone();
        let mut resolved = None;
        for _ in 0..40 {
            let Some(oid) = links.get(at.as_str()) else {
                resolved = Some(at.clone());
                break;
            };
            let target = targets
                .get(*oid)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            match join_link(&at, target) {
                Some(next) => at = next,
                None if is_proto => {
                    return Err(format!(
                        "{link} is a symbolic link to {target}, outside the tree"
                    ))
                }
                None => break,
            }
        }
        let Some(target) = resolved else {
            if is_proto {
                return Err(format!("{link} is a symbolic link in a loop"));
            }
            continue;
        };
        if let Some(oid) = listing.blobs.get(&target) {
            if is_proto {
                out.push((link.clone(), oid.clone()));
            }
            continue;
        }
        let folder = format!("{target}/");
        // What a walk of the folder would read, named below the link (the folder itself may
        // be hidden: only the parts below it are walked).
        let inside: Vec<(&str, &String)> = listing
            .blobs
            .range(folder.clone()..)
            .take_while(|(p, _)| p.starts_with(&folder))
            .map(|(p, oid)| (&p[folder.len()..], oid))
            .collect();
        if !inside.is_empty() {
            if format!("{link}/").starts_with(&folder) {
                return Err(format!(
                    "{link} is a symbolic link to {target}, which contains it: a loop"
                ));
            }
            for (below, oid) in inside {
                if is_walked(below) {
                    out.push((format!("{link}/{below}"), oid.clone()));
                }
            }
            continue;
        }
        if is_proto {
            return Err(format!(
                "{link} is a symbolic link to {target}, which is not in the tree"
            ));
        }
    }
    Ok(out)
}

/// The tree path a link at `link` with contents `target` points to, or `None` when it leaves
/// the tree (an absolute target, or `..` past the top).
fn join_link(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Whether every folder on the way to `path` is walked (not hidden, not build output).
fn in_walked_folder(path: &str) -> bool {
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        let is_dir = parts.peek().is_some();
        if part.starts_with('.') || (is_dir && dir::is_skipped_dir(part)) {
            return false;
        }
    }
    true
}

struct Git<'a> {
    /// The argument as given, to name it in errors.
    spec: &'a str,
    /// The repository git runs on (`git -C DIR`): a work tree's top or a bare repository;
    /// `None` for the one around the current directory.
    dir: Option<&'a Path>,
}

struct Output {
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

impl Git<'_> {
    fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        if let Some(dir) = self.dir {
            cmd.arg("-C").arg(dir);
        }
        // Never prompt (a lazy fetch in a partial clone must not hang a CI job).
        cmd.env("GIT_TERMINAL_PROMPT", "0");
        cmd
    }

    fn spawn_error(&self, e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Input {
                input: self.spec.to_owned(),
                message: format!("{}: git is not installed or not on PATH", self.spec),
                help: Some(
                    "git: inputs run `git`; install git, or compare directories instead".into(),
                ),
            }
        } else {
            Error::Input {
                input: self.spec.to_owned(),
                message: format!("{}: cannot run git: {e}", self.spec),
                help: None,
            }
        }
    }

    fn run(&self, args: &[&str]) -> Result<Output, Error> {
        let out = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| self.spawn_error(e))?;
        Ok(Output {
            ok: out.status.success(),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        })
    }

    fn cwd_prefix(&self) -> Result<String, Error> {
        let out = self.run(&["rev-parse", "--show-prefix"])?;
        if !out.ok {
            return Err(Error::Input {
                input: self.spec.to_owned(),
                message: format!(
                    "{}: the current directory is not inside a git repository ({})",
                    self.spec, out.stderr
                ),
                help: Some("run protocheck from inside the repository's work tree".into()),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// The full id of the commit REV names, or an error that says how to get it.
    fn resolve_commit(&self, rev: &str) -> Result<String, Error> {
        let peeled = format!("{rev}^{{commit}}");
        let out = self.run(&["rev-parse", "--verify", "--quiet", &peeled])?;
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if out.ok && !id.is_empty() {
            return Ok(id);
        }
        let shallow = self
            .run(&["rev-parse", "--is-shallow-repository"])
            .map(|o| o.ok && String::from_utf8_lossy(&o.stdout).trim() == "true")
            .unwrap_or(false);
        Err(Error::Input {
            input: self.spec.to_owned(),
            message: format!(
                "{}: `{rev}` is not a commit in this repository{}",
                self.spec,
                if shallow { " (a shallow clone)" } else { "" }
            ),
            help: Some(if std::path::Path::new(rev).exists() {
                // `git:proto` where `proto` is a folder: a path, not a revision.
                format!(
                    "`{rev}` is a path here: compare it as it is on disk without the git: \
                     prefix, or as it was at a revision with git:REF:{rev}"
                )
            } else {
                fetch_hint(rev, shallow)
            }),
        })
    }

    /// `tree`, `blob`, … or `None` when the object does not exist.
    fn object_type(&self, object: &str) -> Result<Option<String>, Error> {
        let out = self.run(&["cat-file", "-t", object])?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
    }

    /// The listing of every file below `tree` (see [`parse_listing`]).
    fn list_tree(&self, tree: &str) -> Result<Listing, Error> {
        let out = self.run(&["ls-tree", "-r", "-z", "--full-tree", tree])?;
        if !out.ok {
            return Err(self.failed("ls-tree", &out.stderr));
        }
        Ok(parse_listing(&out.stdout))
    }

    /// The contents of each blob, through one `git cat-file --batch`.
    fn read_blobs<'o>(
        &self,
        oids: impl Iterator<Item = &'o str>,
    ) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        let mut unique: Vec<&str> = oids.collect();
        unique.sort_unstable();
        unique.dedup();
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(e))?;
        let request: String = unique.iter().map(|o| format!("{o}\n")).collect();
        let stdin = child.stdin.take();
        // Write from another thread: git answers while it reads, and a full pipe on either
        // side would otherwise block both processes.
        let writer = std::thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(request.as_bytes());
            }
        });
        let mut blobs = BTreeMap::new();
        let mut problem = None;
        if let Some(stdout) = child.stdout.take() {
            let mut reader = BufReader::new(stdout);
            for oid in &unique {
                match read_one(&mut reader) {
                    Ok(Some(bytes)) => {
                        blobs.insert((*oid).to_owned(), bytes);
                    }
                    Ok(None) => {
                        problem = Some(format!("object {oid} is missing from the repository"));
                        break;
                    }
                    Err(e) => {
                        problem = Some(format!("reading the output of git cat-file: {e}"));
                        break;
                    }
                }
            }
        }
        let _ = writer.join();
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let status = child.wait().map_err(|e| self.spawn_error(e))?;
        match problem {
            Some(p) => Err(Error::Input {
                input: self.spec.to_owned(),
                message: format!("{}: {p}", self.spec),
                help: Some(
                    "a shallow or partial clone may lack it: `git fetch --unshallow` fetches \
                     the whole history"
                        .into(),
                ),
            }),
            None if !status.success() => Err(self.failed("cat-file", stderr.trim())),
            None => Ok(blobs),
        }
    }

    fn failed(&self, what: &str, stderr: &str) -> Error {
        Error::Input {
            input: self.spec.to_owned(),
            message: format!("{}: git {what} failed: {stderr}", self.spec),
            help: None,
        }
    }
}

/// One answer of `git cat-file --batch`: `<oid> <type> <size>\n<bytes>\n`, or
/// `<name> missing\n` (then `None`).
pub fn read_one(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut header = String::new();
    if reader.read_line(&mut header)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "git cat-file stopped early",
        ));
    }
    let fields: Vec<&str> = header.trim_end().split(' ').collect();
    if fields.last() == Some(&"missing") || fields.last() == Some(&"ambiguous") {
        return Ok(None);
    }
    let size = fields
        .get(2)
        .and_then(|s| s.parse::<usize>().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("unexpected header {header:?}"),
            )
        })?;
    // Grown as the bytes arrive, never allocated up front from the header's number.
    let mut bytes = Vec::new();
    reader.by_ref().take(size as u64).read_to_end(&mut bytes)?;
    if bytes.len() != size {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "git cat-file stopped in the middle of an object",
        ));
    }
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline)?;
    Ok(Some(bytes))
}

/// What to run when REV cannot be resolved.
fn fetch_hint(rev: &str, shallow: bool) -> String {
    let ancestry = rev.contains('~') || rev.contains('^');
    let remote_branch = rev
        .split_once('/')
        .filter(|(remote, branch)| !remote.is_empty() && !branch.is_empty() && !ancestry);
    let mut hint = match (remote_branch, ancestry) {
        (Some((remote, branch)), _) => format!(
            "fetch it first: `git fetch --depth=1 {remote} {branch}`; where that does not \
             create {rev} (a clone that fetches only some branches): `git fetch --depth=1 \
             {remote} +refs/heads/{branch}:refs/remotes/{remote}/{branch}`"
        ),
        (None, true) if shallow => {
            "the history is cut short: fetch more of it, e.g. `git fetch --deepen=1` for HEAD~1, \
             or `git fetch --unshallow` for all"
                .to_owned()
        }
        (None, true) => {
            "the history has no such commit: `git log --oneline` lists the commits there are"
                .to_owned()
        }
        (None, _) => format!(
            "check the name with `git rev-parse --verify {rev}`; a branch or tag of another \
             clone must be fetched first (`git fetch origin {rev}`)"
        ),
    };
    if shallow {
        hint.push_str(
            "; in GitHub Actions, `actions/checkout` with `fetch-depth: 0` fetches the whole history",
        );
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ref_and_subdir() {
        let p = parse("git:origin/main:proto", "origin/main:proto").unwrap();
        assert_eq!(p.rev, "origin/main");
        assert_eq!(p.subdir.as_deref(), Some("proto"));
        let p = parse("git:HEAD~1", "HEAD~1").unwrap();
        assert_eq!(p.rev, "HEAD~1");
        assert_eq!(p.subdir, None);
        assert_eq!(parse("git:HEAD:", "HEAD:").unwrap().subdir, None);
    }

    #[test]
    fn refuses_refs_that_look_like_options_or_are_empty() {
        for rest in ["--output=x", "-p", "", ":proto", "a b", "HEAD\n"] {
            let spec = format!("git:{rest}");
            assert!(parse(&spec, rest).is_err(), "{rest:?} was accepted");
        }
        assert!(parse("git:HEAD:/abs", "HEAD:/abs").is_err());
    }

    #[test]
    fn normalizes_subdirs() {
        let n = |cwd: &str, s: &str| normalize_subdir("x", cwd, s).ok();
        assert_eq!(n("", "proto/").as_deref(), Some("proto"));
        assert_eq!(n("a/b/", "proto").as_deref(), Some("proto"));
        assert_eq!(n("a/b/", "./proto").as_deref(), Some("a/b/proto"));
        assert_eq!(n("a/b/", "../c").as_deref(), Some("a/c"));
        assert_eq!(n("a/b/", ".").as_deref(), Some("a/b"));
        assert_eq!(n("", "../x"), None);
    }

    #[test]
    fn walks_like_a_directory() {
        assert!(is_walked("meeting/v1/a.proto"));
        assert!(!is_walked(".hidden/a.proto"));
        assert!(!is_walked("node_modules/x/a.proto"));
        assert!(!is_walked("bazel-out/a.proto"));
        assert!(!is_walked("a/b.txt"));
    }

    #[test]
    fn reads_batch_answers() {
        let mut input: &[u8] = b"abc blob 5\nhello\nxyz missing\n";
        assert_eq!(read_one(&mut input).unwrap(), Some(b"hello".to_vec()));
        assert_eq!(read_one(&mut input).unwrap(), None);
        assert!(read_one(&mut input).is_err());
    }

    #[test]
    fn hints_say_what_to_fetch() {
        assert!(fetch_hint("origin/main", true).contains("git fetch --depth=1 origin main"));
        assert!(fetch_hint("HEAD~1", true).contains("--deepen"));
        assert!(fetch_hint("HEAD~9", false).contains("git log"));
        assert!(fetch_hint("v9", false).contains("git rev-parse --verify v9"));
    }
}
