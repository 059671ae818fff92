//! Module layout: which files of a side form its modules, and under which names.
//!
//! A `buf.yaml` decides it: v1beta1 `build.roots` (each root is an import root, and files
//! are named relative to it) and `build.excludes`, v1 `build.excludes`, v2 `modules[]` with
//! `path`, `includes` and `excludes`. Without one, the side is a single module at its root.
//! The layout is applied to a [`SourceTree`] whose keys are relative to the side's root; the
//! result is keyed by module-relative path, as imports and findings name files.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{SourceFile, SourceTree};
use crate::input::Error;
use crate::paths::{contains, relative_to};

/// The modules of one side. All paths are normalized and relative to the side's root (`.`
/// is the root itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub modules: Vec<ModuleLayout>,
}

impl Default for Layout {
    /// One module at the root, every file in it.
    fn default() -> Self {
        Layout {
            modules: vec![ModuleLayout::root()],
        }
    }
}

/// One module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleLayout {
    /// The module's directory; per-module config is keyed by it.
    pub path: String,
    /// Import roots: files are named relative to the root that holds them. Only v1beta1 has
    /// several; otherwise this is `[path]`.
    pub roots: Vec<String>,
    /// When not empty, only files under one of these directories belong to the module.
    pub includes: Vec<String>,
    /// Files under these directories do not belong to the module.
    pub excludes: Vec<String>,
}

impl ModuleLayout {
    pub fn root() -> Self {
        ModuleLayout {
            path: ".".into(),
            roots: vec![".".into()],
            includes: Vec::new(),
            excludes: Vec::new(),
        }
    }

    fn admits(&self, path: &str) -> bool {
        (self.includes.is_empty() || self.includes.iter().any(|i| contains(i, path)))
            && !self.excludes.iter().any(|e| contains(e, path))
    }
}

/// Which module each file of a side belongs to.
#[derive(Debug, Clone, Default)]
pub struct Modules {
    /// Module paths, in layout order.
    pub paths: Vec<String>,
    /// Module-relative file path → index into `paths`.
    pub file_module: HashMap<String, usize>,
}

impl Modules {
    /// One module at the root holding every file of its side (a descriptor set, a single
    /// `.proto` file).
    pub fn whole() -> Self {
        Modules {
            paths: vec![".".into()],
            file_module: HashMap::new(),
        }
    }

    /// Whether `file` (a compared file of this side) belongs to module `module`. With a single
    /// module, every file does.
    pub fn contains(&self, module: usize, file: &str) -> bool {
        if self.paths.len() == 1 {
            return module == 0;
        }
        self.file_module.get(file) == Some(&module)
    }
}

impl Layout {
    /// True for the layout that changes nothing: one module at the root.
    pub fn is_trivial(&self) -> bool {
        *self == Layout::default()
    }

    /// Applies the layout to `tree`, whose keys are relative to the side's root directory
    /// `base` (when the side is a directory on disk, its import root is replaced by the
    /// module roots). Files in no module are dropped; two files that end up with the same
    /// name are an error.
    pub fn apply(
        &self,
        mut tree: SourceTree,
        base: Option<&Path>,
        label: &str,
    ) -> Result<(SourceTree, Modules), Error> {
        let mut modules = Modules {
            paths: self.modules.iter().map(|m| m.path.clone()).collect(),
            file_module: HashMap::new(),
        };
        if self.is_trivial() {
            modules.file_module = tree.files.keys().map(|k| (k.clone(), 0)).collect();
            return Ok((tree, modules));
        }
        let mut files: BTreeMap<String, SourceFile> = BTreeMap::new();
        let mut origin: HashMap<String, String> = HashMap::new();
        let mut left_out: Vec<(String, SourceFile)> = Vec::new();
        for (path, file) in std::mem::take(&mut tree.files) {
            // The most specific root that holds the file decides its module and its name.
            let best = self
                .modules
                .iter()
                .enumerate()
                .flat_map(|(i, m)| m.roots.iter().map(move |r| (i, m, r)))
                .filter(|(_, m, r)| contains(r, &path) && m.admits(&path))
                .max_by_key(|(_, _, r)| if *r == "." { 0 } else { r.len() + 1 });
            let Some((index, _, root)) = best else {
                left_out.push((path, file));
                continue;
            };
            let Some(name) = relative_to(root, &path) else {
                left_out.push((path, file));
                continue;
            };
            if let Some(first) = origin.get(&name) {
                return Err(Error::Input {
                    input: label.to_owned(),
                    message: format!(
                        "{label}: {first} and {path} both become {name} in the module layout \
                         of buf.yaml"
                    ),
                    help: Some("two roots or modules hold a file with the same name".into()),
                });
            }
            origin.insert(name.clone(), path);
            modules.file_module.insert(name.clone(), index);
            files.insert(name, file);
        }
        tree.files = files;
        if base.is_none() {
            // Not on disk: what the layout leaves out stays importable from memory, under
            // its name below each module root that holds it (first root first), as a
            // directory's files stay importable from its module roots on disk.
            for root in self.modules.iter().flat_map(|m| &m.roots) {
                for (path, file) in &left_out {
                    if !contains(root, path) {
                        continue;
                    }
                    if let Some(name) = relative_to(root, path) {
                        if !tree.files.contains_key(&name) {
                            tree.deps.entry(name).or_insert_with(|| file.clone());
                        }
                    }
                }
            }
        }
        tree.renamed = origin
            .into_iter()
            .filter(|(name, path)| name != path)
            .collect();
        if let Some(base) = base {
            if tree.import_roots.first().map(|r| r.as_path()) == Some(base) {
                let mut roots: Vec<std::path::PathBuf> = Vec::new();
                for root in self.modules.iter().flat_map(|m| &m.roots) {
                    let dir = if root == "." {
                        base.to_path_buf()
                    } else {
                        base.join(root)
                    };
                    if !roots.contains(&dir) {
                        roots.push(dir);
                    }
                }
                tree.import_roots.splice(0..1, roots);
            }
        }
        Ok((tree, modules))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> SourceTree {
        SourceTree {
            files: paths
                .iter()
                .map(|p| (p.to_string(), SourceFile::new(String::new())))
                .collect(),
            import_roots: vec!["side".into()],
            deps: Default::default(),
            root_prefix: String::new(),
            renamed: Default::default(),
            buf_yaml: None,
        }
    }

    fn keys(t: &SourceTree) -> Vec<&str> {
        t.files.keys().map(|k| k.as_str()).collect()
    }

    #[test]
    fn roots_rename_files_and_become_import_roots() {
        let layout = Layout {
            modules: vec![ModuleLayout {
                path: ".".into(),
                roots: vec!["proto".into(), "vendor".into()],
                includes: vec![],
                excludes: vec!["proto/internal".into()],
            }],
        };
        let (t, m) = layout
            .apply(
                tree(&[
                    "proto/a/a.proto",
                    "proto/internal/x.proto",
                    "vendor/v.proto",
                    "loose.proto",
                ]),
                Some(Path::new("side")),
                "new",
            )
            .expect("applies");
        assert_eq!(keys(&t), ["a/a.proto", "v.proto"]);
        assert_eq!(
            t.import_roots,
            vec![Path::new("side/proto"), Path::new("side/vendor")]
        );
        assert!(m.contains(0, "a/a.proto"));
    }

    #[test]
    fn v2_modules_partition_files() {
        let layout = Layout {
            modules: vec![
                ModuleLayout {
                    path: "api".into(),
                    roots: vec!["api".into()],
                    includes: vec![],
                    excludes: vec![],
                },
                ModuleLayout {
                    path: "vendor".into(),
                    roots: vec!["vendor".into()],
                    includes: vec!["vendor/keep".into()],
                    excludes: vec![],
                },
            ],
        };
        let (t, m) = layout
            .apply(
                tree(&[
                    "api/x/a.proto",
                    "vendor/keep/k.proto",
                    "vendor/drop/d.proto",
                ]),
                None,
                "new",
            )
            .expect("applies");
        assert_eq!(keys(&t), ["keep/k.proto", "x/a.proto"]);
        assert_eq!(m.file_module["x/a.proto"], 0);
        assert_eq!(m.file_module["keep/k.proto"], 1);
    }

    #[test]
    fn two_files_with_one_name_are_an_error() {
        let layout = Layout {
            modules: vec![ModuleLayout {
                path: ".".into(),
                roots: vec!["a".into(), "b".into()],
                includes: vec![],
                excludes: vec![],
            }],
        };
        let err = layout
            .apply(tree(&["a/x.proto", "b/x.proto"]), None, "new")
            .expect_err("collision");
        assert!(err.to_string().contains("both become x.proto"), "{err}");
    }
}
