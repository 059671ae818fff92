//! buf's input syntax (`PATH#key=value,...`), for `breaking` and `diff` alike:
//!
//! - a local repository: `.git#branch=B`, `#tag=T`, `#ref=R`, `#commit=C`, `#subdir=D`,
//!   `#depth=N`, `#recurse_submodules=BOOL` (or `format=git`), read through git like
//!   `git:REF[:SUBDIR]` (nothing is cloned or fetched: the repository must be the one around
//!   the current directory);
//! - archives: `.tar`, `.tar.gz`, `.tgz`, `.zip` (or `format=tar|zip`, `compression=gzip|none`)
//!   with `#strip_components=N` and `#subdir=D`, read into memory (see [`super::archive`]);
//! - buf images: binary (`.binpb`, `.bin`, read as a FileDescriptorSet) and JSON (`.json`);
//! - anything buf fetches from a network (Buf Schema Registry modules, `https://`, `ssh://`
//!   URLs) is refused with a clear message.

use std::path::{Path, PathBuf};

use crate::input::Error;

/// What a buf input reference names, when it is not a plain path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BufRef {
    /// A commit of a local repository, as `git:REV[:SUBDIR]`.
    Git {
        spec: String,
        /// The repository (a work tree's top or a bare repository) when it is not the one
        /// around the current directory.
        repo: Option<PathBuf>,
        /// `recurse_submodules=true`.
        recurse_submodules: bool,
    },
    Archive {
        path: PathBuf,
        kind: ArchiveKind,
        strip_components: usize,
        subdir: Option<String>,
    },
    /// A buf image in protobuf JSON.
    JsonImage(PathBuf),
    /// A binary image or FileDescriptorSet (read as any descriptor set file is).
    BinaryImage(PathBuf),
    /// A directory or a file, given with `#format=dir` or `#format=protofile`.
    Path(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Tar { gzip: bool },
    Zip,
}

const FORMS: &str = "buf's inputs read here: a directory, a .proto file, .git#branch=B (or \
    tag=, ref=, commit=, subdir=, depth=) on the repository around the current directory, an \
    archive (.tar, .tar.gz, .tgz, .zip with strip_components= and subdir=), a buf image \
    (.binpb, .bin, .json)";

/// Whether `spec` is a buf reference read into memory (a git commit or an archive): such a
/// side has no directory on disk, and its root's buf.yaml travels with it.
pub fn is_in_memory(spec: &str) -> bool {
    matches!(
        parse(spec),
        Ok(Some(BufRef::Git { .. } | BufRef::Archive { .. }))
    )
}

/// Parses `spec`; `None` for a plain path (or `git:`) that the other inputs read.
pub fn parse(spec: &str) -> Result<Option<BufRef>, Error> {
    if spec.starts_with("git:") {
        return Ok(None);
    }
    let refuse = |message: String| Error::Input {
        input: spec.to_owned(),
        message,
        help: Some(FORMS.into()),
    };
    if is_network(spec) {
        return Err(Error::Input {
            input: spec.to_owned(),
            message: format!(
                "{spec}: protocheck reads local inputs only; buf would fetch this one from a \
                 network (a Buf Schema Registry module or a remote URL)"
            ),
            help: Some(
                "check out or download the input first and give its local path (a directory, \
                 an archive, a .git repository or an image built with `buf build -o`)"
                    .into(),
            ),
        });
    }
    let (base, options) = match spec.split_once('#') {
        Some((b, o)) => (b, o),
        None => (spec, ""),
    };
    let mut opts: Vec<(&str, &str)> = Vec::new();
    for part in options.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(refuse(format!("{spec}: `{part}` is not key=value")));
        };
        opts.push((k.trim(), v.trim()));
    }
    let get = |key: &str| opts.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let format = match get("format") {
        Some(f) => f.to_owned(),
        None if base.ends_with(".git") => "git".into(),
        None if base.ends_with(".tar.gz") || base.ends_with(".tgz") || base.ends_with(".tar") => {
            "tar".into()
        }
        None if base.ends_with(".zip") => "zip".into(),
        None if base.ends_with(".json") => "json".into(),
        None if options.is_empty() => return Ok(None),
        None if Path::new(base).is_dir() => "dir".into(),
        None => "protofile".into(),
    };
    let allowed: &[&str] = match format.as_str() {
        "git" => &[
            "format",
            "branch",
            "tag",
            "ref",
            "commit",
            "subdir",
            "depth",
            "recurse_submodules",
        ],
        "tar" | "zip" => &["format", "strip_components", "subdir", "compression"],
        _ => &["format"],
    };
    if let Some((k, _)) = opts.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(refuse(format!(
            "{spec}: option `{k}` does not apply to a {format} input"
        )));
    }
    let subdir = get("subdir").map(str::to_owned).filter(|s| !s.is_empty());
    match format.as_str() {
        "git" => git(spec, base, &get).map(Some),
        "tar" | "zip" => {
            let strip_components = match get("strip_components") {
                None => 0,
                Some(n) => n.parse().map_err(|_| {
                    refuse(format!(
                        "{spec}: strip_components must be a number, not {n}"
                    ))
                })?,
            };
            let kind = if format == "zip" {
                ArchiveKind::Zip
            } else {
                let gzip = match get("compression") {
                    Some("gzip") => true,
                    Some("none") => false,
                    Some(other) => {
                        return Err(refuse(format!(
                            "{spec}: compression {other} is not read (gzip or none)"
                        )))
                    }
                    None => base.ends_with(".gz") || base.ends_with(".tgz"),
                };
                ArchiveKind::Tar { gzip }
            };
            Ok(Some(BufRef::Archive {
                path: base.into(),
                kind,
                strip_components,
                subdir,
            }))
        }
        "json" => Ok(Some(BufRef::JsonImage(base.into()))),
        "binpb" | "bin" => Ok(Some(BufRef::BinaryImage(base.into()))),
        "dir" | "protofile" => Ok(Some(BufRef::Path(base.into()))),
        "mod" => Err(Error::Input {
            input: spec.to_owned(),
            message: format!("{spec}: a Buf Schema Registry module is fetched from a network"),
            help: Some("give a local copy of the module instead".into()),
        }),
        other => Err(refuse(format!(
            "{spec}: the input format {other} is not read (binpb, json, dir, git, protofile, \
             tar, zip are)"
        ))),
    }
}

/// URLs and Buf Schema Registry module names (`buf.build/owner/module[:ref]`).
fn is_network(spec: &str) -> bool {
    let base = spec.split('#').next().unwrap_or(spec);
    if base.contains("://") || base.starts_with("git@") {
        return true;
    }
    let segments: Vec<&str> = base.split('/').collect();
    segments.len() >= 3
        && segments[0].contains('.')
        && !segments[0].starts_with('.')
        && !Path::new(base).exists()
        && !Path::new(segments[0]).exists()
}

/// `.git#…` as `git:REV[:SUBDIR]` on the repository around the current directory.
fn git<'a>(spec: &str, base: &str, get: &dyn Fn(&str) -> Option<&'a str>) -> Result<BufRef, Error> {
    let refuse = |message: String, help: &str| Error::Input {
        input: spec.to_owned(),
        message,
        help: Some(help.to_owned()),
    };
    let given: Vec<(&str, &str)> = ["branch", "tag", "ref", "commit"]
        .iter()
        .filter_map(|k| get(k).map(|v| (*k, v)))
        .collect();
    let rev = match given.as_slice() {
        [] => "HEAD".to_owned(),
        [("tag", t)] => format!("refs/tags/{t}"),
        [(_, v)] => (*v).to_owned(),
        // buf allows a commit on a branch: the commit decides.
        [("branch", _), ("commit", c)] => (*c).to_owned(),
        _ => {
            return Err(refuse(
                format!("{spec}: give one of branch=, tag=, ref= or commit="),
                FORMS,
            ))
        }
    };
    if let Some(d) = get("depth") {
        if d.parse::<u32>().map_or(true, |n| n == 0) {
            return Err(refuse(
                format!("{spec}: depth must be a positive number, not {d}"),
                FORMS,
            ));
        }
    }
    let recurse_submodules = get("recurse_submodules") == Some("true");
    if let Some(r) = get("recurse_submodules") {
        if !matches!(r, "true" | "false") {
            return Err(refuse(
                format!("{spec}: recurse_submodules is true or false, not {r}"),
                FORMS,
            ));
        }
    }
    // The repository around the current directory, or another one on this machine (a work
    // tree's top, its `.git`, or a bare repository).
    let repo_dir = {
        let p = Path::new(base);
        let dir = if p.file_name().is_some_and(|n| n == ".git") {
            p.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            p.to_path_buf()
        };
        if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        }
    };
    let top_of = |dir: &Path| -> Option<PathBuf> {
        let abs = dir.canonicalize().ok()?;
        abs.ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf)
    };
    let here = std::env::current_dir().ok().and_then(|d| top_of(&d));
    let there = repo_dir.canonicalize().ok();
    let is_top = there.is_some() && there.as_ref().and_then(|t| top_of(t)) == there;
    let is_bare = repo_dir.join("HEAD").is_file()
        && repo_dir.join("objects").is_dir()
        && repo_dir.join("refs").is_dir();
    let repo = if is_top && here == there {
        None
    } else if is_top || is_bare {
        Some(repo_dir.clone())
    } else {
        return Err(refuse(
            format!(
                "{spec}: {} is not the top of a git repository, nor a bare repository",
                repo_dir.display()
            ),
            "name a local repository's top (path/to/repo/.git#branch=main) or a bare \
             repository (path/to/repo.git#branch=main); nothing is cloned or fetched",
        ));
    };
    let spec = match get("subdir").filter(|s| !s.is_empty() && *s != ".") {
        Some(d) => format!("git:{rev}:{d}"),
        None => format!("git:{rev}"),
    };
    Ok(BufRef::Git {
        spec,
        repo,
        recurse_submodules,
    })
}

/// Reads a buf JSON image (protobuf JSON of `buf.alpha.image.v1.Image`, whose `file` list
/// has the shape of a FileDescriptorSet's) into the bytes of a FileDescriptorSet. Fields
/// buf adds (`bufExtension`) are skipped.
pub fn json_image(spec: &str, path: &Path) -> Result<Vec<u8>, Error> {
    use prost::Message;
    let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
        input: spec.to_owned(),
        message: format!("cannot read {}: {e}", path.display()),
        help: None,
    })?;
    let bad = |message: String| Error::Descriptor {
        input: spec.to_owned(),
        message,
    };
    let pool = prost_reflect::DescriptorPool::global();
    let set = pool
        .get_message_by_name("google.protobuf.FileDescriptorSet")
        .ok_or_else(|| bad("descriptor.proto is not built in".into()))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    let options = prost_reflect::DeserializeOptions::new().deny_unknown_fields(false);
    let message = prost_reflect::DynamicMessage::deserialize_with_options(set, &mut de, &options)
        .map_err(|e| bad(format!("not a buf JSON image: {e}")))?;
    Ok(message.encode_to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_and_images_by_suffix_and_options() {
        assert_eq!(
            parse("a.tgz#strip_components=1,subdir=proto").expect("parses"),
            Some(BufRef::Archive {
                path: "a.tgz".into(),
                kind: ArchiveKind::Tar { gzip: true },
                strip_components: 1,
                subdir: Some("proto".into()),
            })
        );
        assert_eq!(
            parse("x.zip").expect("parses"),
            Some(BufRef::Archive {
                path: "x.zip".into(),
                kind: ArchiveKind::Zip,
                strip_components: 0,
                subdir: None,
            })
        );
        assert_eq!(
            parse("image.json").expect("parses"),
            Some(BufRef::JsonImage("image.json".into()))
        );
        assert_eq!(parse("proto").expect("parses"), None);
        assert_eq!(parse("git:HEAD").expect("parses"), None);
    }

    #[test]
    fn network_inputs_and_unknown_options_are_refused() {
        for spec in [
            "buf.build/acme/petapis",
            "https://github.com/acme/api.git#branch=main",
            "ssh://git@github.com/acme/api.git",
            "a.tar#branch=main",
            "a.tar#strip_components=x",
        ] {
            assert!(parse(spec).is_err(), "{spec}");
        }
    }
}
