//! Configuration: which rules run, which findings are ignored, and how a directory is laid out
//! into modules.
//!
//! Two formats are read into the same [`Config`]:
//! - `protocheck.toml` ([`toml`]): a `[breaking]` table, with buf's v2 rule table;
//! - `buf.yaml` ([`bufyaml`]): buf's `v1beta1`, `v1` or `v2` file, with that version's rule
//!   table, its `breaking:` sections and its layout keys (`build.roots`, `build.excludes`,
//!   `modules[]`).
//!
//! Where the rule selection comes from ([`discover`]): `--config PATH`, else `protocheck.toml`
//! in NEW's root, else `protocheck.toml` in the current directory, else `buf.yaml` in NEW's
//! root, else buf's v2 defaults. The layout of each side always comes from that side's own
//! `buf.yaml` ([`layout_at`]). [`select`] turns a config plus the command-line flags into the
//! rules to run and the filter to apply afterwards.

pub mod bufyaml;
mod error;
pub mod select;
pub mod toml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{NamedSource, SourceSpan};

use crate::input::layout::Layout;
pub use crate::input::ConfigFile;
pub use crate::pair::PolicyOptions;
pub use crate::paths::{contains, normalize, relative_to};
use crate::rules::categories::Version;
pub use error::{ConfigError, Error};

/// File names looked up in a directory.
pub const PROTOCHECK_TOML: &str = "protocheck.toml";
pub const BUF_YAML: &str = "buf.yaml";

/// The config layer's side of a config file ([`ConfigFile`], the one type that carries a
/// config's name and text, from whichever input it came): reading it, and errors located in it.
impl ConfigFile {
    /// Reads the config file at `path`.
    pub fn read(path: &Path) -> Result<ConfigFile, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Unreadable {
            message: format!("cannot read the config file {name}: {e}"),
        })?;
        Ok(ConfigFile {
            name,
            text: Arc::from(text),
        })
    }

    /// A config error located at `span` (bytes) in this file.
    pub fn error(
        &self,
        message: impl Into<String>,
        span: Option<Span>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Error {
        Error::Config(Box::new(ConfigError {
            message: message.into(),
            src: NamedSource::new(&self.name, self.text.to_string()),
            span: span.map(|s| SourceSpan::from((s.offset, s.len))),
            label: label.into(),
            help,
        }))
    }
}

/// A byte range in a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

/// A string written in a config file, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub value: String,
    pub span: Option<Span>,
}

impl Item {
    pub fn new(value: impl Into<String>) -> Self {
        Item {
            value: value.into(),
            span: None,
        }
    }
}

/// A `breaking` section, as written (ids not yet checked against a rule table).
#[derive(Debug, Clone, Default)]
pub struct Breaking {
    /// Rule ids and categories to run; empty means the defaults (FILE).
    pub use_: Vec<Item>,
    /// Rule ids and categories taken out.
    pub except: Vec<Item>,
    /// Paths (normalized, relative to the module root) whose findings are dropped.
    pub ignore: Vec<Item>,
    /// Rule id or category → paths where only that rule's findings are dropped.
    pub ignore_only: Vec<(Item, Vec<Item>)>,
    pub ignore_unstable_packages: bool,
    /// buf's switch for running only plugin rules: protocheck then runs no rule.
    pub disable_builtin: bool,
    /// An `ignore` path equals the module directory: buf turns breaking checks off for the
    /// whole module.
    pub disabled: bool,
    /// protocheck.toml's `[breaking.policy]` switches (the team's contract rules).
    pub policy: PolicyOptions,
}

impl Breaking {
    /// buf's notion of an empty section: a module's own empty `breaking:` falls back to the
    /// top-level one.
    pub fn is_empty(&self) -> bool {
        self.use_.is_empty()
            && self.except.is_empty()
            && self.ignore.is_empty()
            && self.ignore_only.is_empty()
            && !self.ignore_unstable_packages
            && !self.disable_builtin
    }
}

/// A rule-selection config, resolved from one file (or the defaults).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from; `None` for the built-in defaults.
    pub source: Option<ConfigFile>,
    /// The rule table ids and categories are read with.
    pub version: Version,
    /// The `breaking` section for modules without their own (paths relative to the config's
    /// directory; see [`Config::breaking_for`]).
    pub breaking: Breaking,
    /// buf.yaml v2 modules that have their own `breaking:` section, by module path (paths
    /// already relative to the module).
    pub module_breaking: Vec<(String, Breaking)>,
    /// buf.yaml v2 `plugins`/`policies` entries: protocheck runs none of them.
    pub has_plugins: bool,
}

impl Config {
    /// The `breaking` section that applies to the module at `module_path` (relative to the
    /// config's directory, `.` for the root), with paths relative to that module.
    ///
    /// As buf does for a v2 top-level section: paths outside the module are dropped, and an
    /// `ignore` path equal to the module directory turns the module's checks off.
    pub fn breaking_for(&self, module_path: &str) -> Breaking {
        if let Some((_, b)) = self.module_breaking.iter().find(|(p, _)| p == module_path) {
            return b.clone();
        }
        let mut b = self.breaking.clone();
        b.disabled = b.disabled || b.ignore.iter().any(|i| i.value == module_path);
        b.ignore = relative_items(&b.ignore, module_path);
        b.ignore_only = b
            .ignore_only
            .iter()
            .map(|(id, paths)| (id.clone(), relative_items(paths, module_path)))
            .filter(|(_, paths)| !paths.is_empty())
            .collect();
        b
    }

    /// How the config is named in messages: its path, or "the defaults".
    pub fn describe(&self) -> String {
        match &self.source {
            Some(s) => s.name.clone(),
            None => "the defaults".into(),
        }
    }
}

/// The items inside `dir`, made relative to it; the others are dropped.
fn relative_items(items: &[Item], dir: &str) -> Vec<Item> {
    items
        .iter()
        .filter_map(|i| {
            relative_to(dir, &i.value).map(|value| Item {
                value,
                span: i.span,
            })
        })
        .collect()
}

/// A map read in file order, keys kept with their spans (`ignore_only`).
#[derive(Debug)]
pub struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, K: serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de>
    for Pairs<K, V>
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::de::Visitor<'de>
            for Visit<K, V>
        {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map from rule id or category to a list of paths")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// Normalizes the paths of `items` (`what` names the key in errors), pointing at the bad one;
/// `help` says what the paths are relative to.
pub fn normalize_items(
    source: &ConfigFile,
    what: &str,
    items: Vec<Item>,
    help: &str,
) -> Result<Vec<Item>, Error> {
    items
        .into_iter()
        .map(|i| match normalize(&i.value) {
            Ok(value) => Ok(Item {
                value,
                span: i.span,
            }),
            Err(why) => Err(source.error(
                format!("{}: {what}: invalid path {:?}: {why}", source.name, i.value),
                i.span,
                why,
                Some(help.to_owned()),
            )),
        })
        .collect()
}

/// Reads a config file, choosing the format by its name: `*.toml` is a protocheck.toml,
/// `*.yaml`/`*.yml` a buf.yaml.
pub fn load(path: &Path) -> Result<Config, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".toml") {
        toml::parse(ConfigFile::read(path)?)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Ok(bufyaml::parse(ConfigFile::read(path)?)?.config)
    } else {
        Err(Error::Unreadable {
            message: format!(
                "{}: a config is a protocheck.toml (*.toml) or a buf.yaml (*.yaml, *.yml)",
                path.display()
            ),
        })
    }
}

/// Finds the rule-selection config: `explicit` (`--config`) wins; else `protocheck.toml` in
/// `new_root`, else in `cwd`, else `buf.yaml` in `new_root` (or NEW's in-memory one, for a git
/// revision); else buf's v2 defaults.
pub fn discover(
    explicit: Option<&Path>,
    new_root: Option<&Path>,
    new_buf_yaml: Option<&ConfigFile>,
    cwd: Option<&Path>,
) -> Result<Config, Error> {
    if let Some(path) = explicit {
        return load(path);
    }
    let candidates = [
        new_root.map(|r| r.join(PROTOCHECK_TOML)),
        cwd.map(|r| r.join(PROTOCHECK_TOML)),
        new_root.map(|r| r.join(BUF_YAML)),
    ];
    for path in candidates.into_iter().flatten() {
        if path.is_file() {
            return load(&path);
        }
    }
    if let Some(file) = new_buf_yaml {
        return Ok(bufyaml::parse(file.clone())?.config);
    }
    Ok(Config::default())
}

/// The module layout given by a `buf.yaml` held in memory (the root of a git revision).
/// The config of a buf.yaml held in memory (`breaking --config` given inline).
pub fn of_buf_yaml(file: &ConfigFile) -> Result<Config, Error> {
    Ok(bufyaml::parse(file.clone())?.config)
}

pub fn layout_of(file: &ConfigFile) -> Result<Layout, Error> {
    Ok(bufyaml::parse(file.clone())?.layout)
}

/// The module layout of a side whose root directory is `root`: from its `buf.yaml`, or a
/// single module at the root when there is none.
pub fn layout_at(root: &Path) -> Result<Layout, Error> {
    let path: PathBuf = root.join(BUF_YAML);
    if !path.is_file() {
        return Ok(Layout::default());
    }
    Ok(bufyaml::parse(ConfigFile::read(&path)?)?.layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_like_buf() {
        assert_eq!(normalize("vendor/"), Ok("vendor".into()));
        assert_eq!(normalize("./a/../b/"), Ok("b".into()));
        assert_eq!(normalize("."), Ok(".".into()));
        assert_eq!(normalize("a//b"), Ok("a/b".into()));
        assert!(normalize("../x").is_err());
        assert!(normalize("/abs").is_err());
    }

    #[test]
    fn containment_is_by_whole_segments() {
        assert!(contains("a", "a"));
        assert!(contains("a", "a/b.proto"));
        assert!(!contains("a", "ab/b.proto"));
        assert!(contains(".", "x.proto"));
        assert_eq!(relative_to("proto", "proto/a/b"), Some("a/b".into()));
        assert_eq!(relative_to("proto", "proto"), Some(".".into()));
        assert_eq!(relative_to("proto", "other/a"), None);
        assert_eq!(relative_to(".", "a"), Some("a".into()));
    }

    #[test]
    fn a_top_level_section_is_scoped_to_each_module() {
        let config = Config {
            breaking: Breaking {
                ignore: vec![Item::new("api/x/gone.proto"), Item::new("vendor")],
                ignore_only: vec![(Item::new("FILE"), vec![Item::new("api/legacy")])],
                ..Breaking::default()
            },
            ..Config::default()
        };
        let api = config.breaking_for("api");
        assert_eq!(api.ignore, vec![Item::new("x/gone.proto")]);
        assert_eq!(api.ignore_only[0].1, vec![Item::new("legacy")]);
        assert!(!api.disabled);
        let vendor = config.breaking_for("vendor");
        assert!(vendor.disabled);
        assert!(vendor.ignore_only.is_empty());
    }
}
