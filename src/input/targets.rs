//! Which files of the two laid-out sides are compared: buf's `--path`, `--exclude-path` and
//! `--limit-to-input-files`. A file left out is not compared but stays importable: it moves
//! from [`SourceTree::files`] to [`SourceTree::deps`].
//!
//! A path applies to both sides as buf applies it: below a directory input it is written
//! from the current directory (`proto/a` for the input `proto`) and the input's directory is
//! taken off; otherwise it is relative to the side's root (`a`). It names a file or a
//! directory, by its module-relative name or by its path below the input's root.

use super::{Input, SourceTree};
use crate::input::Error;
use crate::paths::{contains, normalize};
use crate::usage::Usage;

/// The message buf prints when nothing is left to compare.
pub const NOTHING_TARGETED: &str = "no .proto files were targeted. This can occur if no .proto \
     files are found in your input, --path points to files that do not exist, or \
     --exclude-path excludes all files.";

/// Which files are compared: buf's `--path`, `--exclude-path`, `--limit-to-input-files` and
/// `--exclude-imports`. Files left out stay importable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// Compare only these files or directories (the union is taken). A path below a
    /// directory input is given as from the current directory (`proto/a`), else relative to
    /// the input's root (`a`); it applies to both sides.
    pub path: Vec<String>,
    /// Leave these files or directories out of the comparison.
    pub exclude_path: Vec<String>,
    /// OLD keeps only the files NEW has: a file deleted in NEW is not reported.
    pub limit_to_input_files: bool,
    /// Imports are not compared (protocheck never compares imports: accepted for buf's
    /// command lines).
    pub exclude_imports: bool,
}

/// Whether any of the flags is given.
pub fn any(t: &Targets) -> bool {
    !t.path.is_empty() || !t.exclude_path.is_empty() || t.limit_to_input_files
}

/// Restricts both sides. `old_spec` and `new_spec` are the arguments as given (a
/// directory's path is taken off `--path` values below it).
pub fn restrict(
    t: &Targets,
    (old_spec, old): (&str, &mut Input),
    (new_spec, new): (&str, &mut Input),
) -> Result<(), Error> {
    if !any(t) {
        return Ok(());
    }
    for (spec, input) in [(new_spec, &mut *new), (old_spec, &mut *old)] {
        if let Input::Sources(tree) = input {
            restrict_side(t, spec, tree)?;
        }
    }
    if t.limit_to_input_files {
        if let (Input::Sources(o), Input::Sources(n)) = (old, &*new) {
            let (keep, drop): (Vec<_>, Vec<_>) = std::mem::take(&mut o.files)
                .into_iter()
                .partition(|(name, _)| n.files.contains_key(name));
            o.files = keep.into_iter().collect();
            for (name, file) in drop {
                o.deps.entry(name).or_insert(file);
            }
        }
    }
    Ok(())
}

fn restrict_side(t: &Targets, spec: &str, tree: &mut SourceTree) -> Result<(), Error> {
    let paths = side_paths(spec, &t.path)?;
    let excluded = side_paths(spec, &t.exclude_path)?;
    let below_root = |name: &str| tree.renamed.get(name).cloned();
    let mut left_out = Vec::new();
    for name in tree.files.keys() {
        let other = below_root(name);
        let names = [Some(name.as_str()), other.as_deref()];
        let hit = |list: &[String]| {
            list.iter()
                .any(|p| names.iter().flatten().any(|n| contains(p, n)))
        };
        if (!paths.is_empty() && !hit(&paths)) || hit(&excluded) {
            left_out.push(name.clone());
        }
    }
    for name in left_out {
        if let Some(file) = tree.files.remove(&name) {
            tree.deps.entry(name).or_insert(file);
        }
    }
    if tree.files.is_empty() {
        return Err(Error::Input {
            input: spec.to_owned(),
            message: format!("{spec}: {NOTHING_TARGETED}"),
            help: Some(
                "--path and --exclude-path name files or directories below the input, from \
                 the current directory for a directory input (proto/a for the input proto), \
                 else relative to the input's root"
                    .into(),
            ),
        });
    }
    Ok(())
}

/// The paths as they apply to the side `spec`: normalized, with a directory input's own
/// path taken off the paths below it.
fn side_paths(spec: &str, given: &[String]) -> Result<Vec<String>, Error> {
    let dir = std::path::Path::new(spec)
        .is_dir()
        .then(|| normalize(&spec.replace('\\', "/")).ok())
        .flatten();
    given
        .iter()
        .map(|p| {
            let n = normalize(&p.replace('\\', "/")).map_err(|why| {
                Error::Usage(Usage {
                    message: format!("--path/--exclude-path {p}: {why}"),
                    help: Some("give a path relative to the current directory".into()),
                })
            })?;
            Ok(match &dir {
                Some(d) if d != "." && contains(d, &n) => {
                    crate::paths::relative_to(d, &n).unwrap_or(n)
                }
                _ => n,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::SourceFile;

    fn tree(names: &[&str]) -> Input {
        Input::Sources(SourceTree {
            files: names
                .iter()
                .map(|n| (n.to_string(), SourceFile::new(String::new())))
                .collect(),
            ..SourceTree::default()
        })
    }

    fn files(i: &Input) -> Vec<&str> {
        match i {
            Input::Sources(t) => t.files.keys().map(String::as_str).collect(),
            Input::DescriptorSet(_) => Vec::new(),
        }
    }

    #[test]
    fn paths_and_exclusions_apply_to_both_sides_and_keep_files_importable() {
        let t = Targets {
            path: vec!["a".into(), "c/c.proto".into()],
            exclude_path: vec!["a/x".into()],
            ..Targets::default()
        };
        let mut old = tree(&["a/a.proto", "a/x/x.proto", "b/b.proto", "c/c.proto"]);
        let mut new = tree(&["a/a.proto", "a/x/x.proto", "b/b.proto"]);
        restrict(&t, ("old", &mut old), ("new", &mut new)).expect("restricts");
        assert_eq!(files(&old), ["a/a.proto", "c/c.proto"]);
        assert_eq!(files(&new), ["a/a.proto"]);
        let Input::Sources(n) = &new else {
            unreachable!()
        };
        assert!(n.deps.contains_key("b/b.proto") && n.deps.contains_key("a/x/x.proto"));
    }

    #[test]
    fn limit_to_input_files_drops_old_files_new_lacks() {
        let t = Targets {
            limit_to_input_files: true,
            ..Targets::default()
        };
        let mut old = tree(&["a.proto", "gone.proto"]);
        let mut new = tree(&["a.proto"]);
        restrict(&t, ("old", &mut old), ("new", &mut new)).expect("restricts");
        assert_eq!(files(&old), ["a.proto"]);
    }

    #[test]
    fn nothing_targeted_is_an_error() {
        let t = Targets {
            path: vec!["nowhere".into()],
            ..Targets::default()
        };
        let (mut old, mut new) = (tree(&["a.proto"]), tree(&["a.proto"]));
        let err = restrict(&t, ("old", &mut old), ("new", &mut new)).expect_err("fails");
        assert!(
            err.to_string().contains("no .proto files were targeted"),
            "{err}"
        );
    }
}
