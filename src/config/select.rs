//! Rule selection: a `breaking` section, refined by the command line, read against the rule
//! table of the config's version.
//!
//! - The `use` list is the command line's `--category` and `--rule` values when any is given,
//!   else the section's `use`, else the defaults (FILE).
//! - The section's `except` still applies, except to a rule named with `--rule`; `--except`
//!   takes out more.
//! - Categories expand to their members in the version's table; deprecated ids expand to
//!   their replacements (with a warning), so findings carry the replacement ids.
//! - `ignore`, `ignore_only` and `ignore_unstable_packages` always apply (see
//!   [`crate::filter`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{Breaking, Config, Item};
use crate::config::Error;
use crate::filter::Ignores;
use crate::rules::categories::{Category, Lookup, Version, DEPRECATED};
use crate::rules::{self, Rule};
use crate::usage::Usage;

/// The rule-selection flags of `protocheck diff`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags<'a> {
    pub categories: &'a [String],
    pub rules: &'a [String],
    pub except: &'a [String],
}

/// What runs for one module, and what is dropped afterwards.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The categories named in the effective `use` list (FILE for the defaults).
    pub categories: Vec<Category>,
    /// Rule ids to run, in the order of the version's table.
    pub rule_ids: Vec<&'static str>,
    pub ignores: Ignores,
    /// The `[breaking.policy]` options the POLICY rules read.
    pub policy: super::PolicyOptions,
    /// Warnings for stderr (deprecated ids, settings protocheck cannot honour).
    pub warnings: Vec<String>,
    /// No rule runs because the config sets `breaking.disable_builtin` (a warning says why).
    pub builtin_disabled: bool,
}

impl Selection {
    /// The registered rules among [`Selection::rule_ids`], in registry order.
    pub fn rules(&self) -> Vec<&'static Rule> {
        rules::all()
            .filter(|r| self.rule_ids.contains(&r.id))
            .collect()
    }
}

/// Where an id came from: a config file (errors point into it) or a command-line flag.
#[derive(Clone, Copy)]
enum Origin<'a> {
    Config(&'a Config, &'static str),
    Flag(Flag),
}

/// The rule-selection flags, by kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    Category,
    Rule,
    Except,
}

impl Flag {
    fn name(self) -> &'static str {
        match self {
            Flag::Category => "--category",
            Flag::Rule => "--rule",
            Flag::Except => "--except",
        }
    }
}

struct Expander<'a> {
    version: Version,
    warnings: BTreeSet<String>,
    config: &'a Config,
}

impl Expander<'_> {
    /// The rule ids `id` stands for, and the category when it is one.
    fn expand(
        &mut self,
        id: &Item,
        origin: Origin,
    ) -> Result<(Vec<&'static str>, Option<Category>), Error> {
        match self.version.lookup(&id.value) {
            Lookup::Category(c) => {
                if let Origin::Flag(Flag::Rule) = origin {
                    return Err(Error::Usage(Usage {
                        message: format!("{} is a category, not a rule id", id.value),
                        help: Some(format!("use --category {}", id.value)),
                    }));
                }
                Ok((self.version.members(c).collect(), Some(c)))
            }
            Lookup::Rule(r) if !matches!(origin, Origin::Flag(Flag::Category)) => {
                Ok((vec![r], None))
            }
            Lookup::Deprecated(d) if !matches!(origin, Origin::Flag(Flag::Category)) => {
                let replaced = if d.replaced_by.is_empty() {
                    "it checks nothing any more and is skipped".to_owned()
                } else {
                    format!(
                        "it stands for {}, and findings are reported under {}",
                        d.replaced_by.join(", "),
                        if d.replaced_by.len() == 1 {
                            "that id"
                        } else {
                            "those ids"
                        }
                    )
                };
                let place = match origin {
                    Origin::Config(c, _) => c.describe(),
                    Origin::Flag(flag) => flag.name().to_owned(),
                };
                self.warnings.insert(format!(
                    "warning: rule {} (in {place}) is deprecated: {replaced}",
                    d.id
                ));
                Ok((d.replaced_by.to_vec(), None))
            }
            _ => Err(self.unknown(id, origin)),
        }
    }

    fn unknown(&self, id: &Item, origin: Origin) -> Error {
        let version = self.version;
        let help = match DEPRECATED.iter().find(|d| d.id == id.value) {
            Some(d) if version == Version::V2 => format!(
                "{} was removed in v2{}; version v1 still accepts it",
                d.id,
                if d.replaced_by.is_empty() {
                    ": it checked nothing any more".to_owned()
                } else {
                    format!(": use {} instead", d.replaced_by.join(", "))
                }
            ),
            _ => {
                let elsewhere: Vec<&str> = [Version::V1Beta1, Version::V1, Version::V2]
                    .into_iter()
                    .filter(|v| *v != version && !matches!(v.lookup(&id.value), Lookup::Unknown))
                    .map(|v| v.id())
                    .collect();
                if elsewhere.is_empty() {
                    suggest(version, &id.value)
                } else {
                    format!(
                        "{} is known in version {} but not in {version}",
                        id.value,
                        elsewhere.join(" and ")
                    )
                }
            }
        };
        match origin {
            Origin::Config(config, key) => match &config.source {
                Some(source) => source.error(
                    format!(
                        "{}: {:?} is not a known rule or category ID (breaking.{key}, rules of \
                         version {version})",
                        source.name, id.value
                    ),
                    id.span,
                    "unknown id",
                    Some(help),
                ),
                None => Error::Usage(Usage {
                    message: format!("{:?} is not a known rule or category ID", id.value),
                    help: Some(help),
                }),
            },
            Origin::Flag(Flag::Category) => Error::Usage(Usage {
                message: format!("unknown category {:?}{}", id.value, self.config_note()),
                help: Some(format!(
                    "categories are {}",
                    version
                        .categories()
                        .iter()
                        .map(|c| c.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }),
            Origin::Flag(_) => Error::Usage(Usage {
                message: format!("unknown rule id {:?}{}", id.value, self.config_note()),
                help: Some(help),
            }),
        }
    }

    fn config_note(&self) -> String {
        match (&self.config.source, self.version) {
            (Some(s), v) if v != Version::V2 => {
                format!(" (ids are read with the {v} rules of {})", s.name)
            }
            _ => String::new(),
        }
    }
}

/// Resolves the rules and ignores of one module: `breaking` is the module's section of
/// `config` (see [`Config::breaking_for`]), `flags` the command line.
pub fn select(config: &Config, breaking: &Breaking, flags: &Flags) -> Result<Selection, Error> {
    let version = config.version;
    let mut x = Expander {
        version,
        warnings: BTreeSet::new(),
        config,
    };
    let from = |key| Origin::Config(config, key);

    // Every id of the section is checked, even where the command line overrides it.
    let mut config_use = BTreeSet::new();
    let mut config_categories = Vec::new();
    for id in &breaking.use_ {
        let (ids, cat) = x.expand(id, from("use"))?;
        config_use.extend(ids);
        config_categories.extend(cat);
    }
    let mut except = BTreeSet::new();
    for id in &breaking.except {
        except.extend(x.expand(id, from("except"))?.0);
    }
    let mut only: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (id, paths) in &breaking.ignore_only {
        for rule in x.expand(id, from("ignore_only"))?.0 {
            only.entry(rule)
                .or_default()
                .extend(paths.iter().map(|p| p.value.clone()));
        }
    }

    let (mut used, mut categories) = (config_use, config_categories);
    if !flags.categories.is_empty() || !flags.rules.is_empty() {
        used = BTreeSet::new();
        categories = Vec::new();
        for c in flags.categories {
            let (ids, cat) = x.expand(&Item::new(c), Origin::Flag(Flag::Category))?;
            used.extend(ids);
            categories.extend(cat);
        }
        for r in flags.rules {
            let ids = x.expand(&Item::new(r), Origin::Flag(Flag::Rule))?.0;
            for id in &ids {
                except.remove(id);
            }
            used.extend(ids);
        }
    } else if breaking.use_.is_empty() {
        used = version.defaults().collect();
        categories = vec![Category::File];
    }
    for e in flags.except {
        except.extend(x.expand(&Item::new(e), Origin::Flag(Flag::Except))?.0);
    }
    let mut dedup = Vec::new();
    for c in categories {
        if !dedup.contains(&c) {
            dedup.push(c);
        }
    }

    // The team-policy switches replace buf's plain rules by their POLICY counterparts.
    let policy = &breaking.policy;
    let mut swaps: Vec<(&str, &str)> = Vec::new();
    if policy.deprecate_then_reserve {
        swaps.extend(crate::rules::categories::DEPRECATE_THEN_RESERVE);
    }
    if policy.oneof_transition {
        swaps.push(crate::rules::categories::ONEOF_TRANSITION);
    }
    for (plain, replacement) in swaps {
        if used.remove(plain) {
            used.insert(replacement);
        }
    }
    let mut rule_ids: Vec<&'static str> = version
        .rule_ids()
        .filter(|id| used.contains(id) && !except.contains(id))
        .collect();
    if breaking.disable_builtin {
        rule_ids.clear();
        x.warnings.insert(format!(
            "warning: {} sets breaking.disable_builtin: buf then runs only plugin rules, and \
             protocheck has no plugins, so no rule runs",
            config.describe()
        ));
    } else if breaking.disabled {
        rule_ids.clear();
    }
    if config.has_plugins {
        x.warnings.insert(format!(
            "warning: {} lists plugins or policies: protocheck runs only its built-in rules",
            config.describe()
        ));
    }
    Ok(Selection {
        categories: dedup,
        builtin_disabled: breaking.disable_builtin,
        rule_ids,
        ignores: Ignores {
            paths: breaking.ignore.iter().map(|i| i.value.clone()).collect(),
            only,
            unstable_packages: breaking.ignore_unstable_packages,
        },
        policy: breaking.policy.clone(),
        warnings: x.warnings.into_iter().collect(),
    })
}

/// A hint for an unknown id: close ids of `version`, else where to find them.
pub fn suggest(version: Version, id: &str) -> String {
    let upper = id.to_ascii_uppercase();
    let close: Vec<&str> = version
        .categories()
        .iter()
        .map(|c| c.id())
        .chain(version.rule_ids())
        .filter(|r| {
            *r == upper
                || r.contains(&upper)
                || upper
                    .split('_')
                    .filter(|w| w.len() > 2)
                    .all(|w| r.contains(w))
        })
        .take(5)
        .collect();
    if close.is_empty() {
        "`protocheck rules` lists every rule id".into()
    } else {
        format!("did you mean {}?", close.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    fn config(version: Version, breaking: Breaking) -> Config {
        Config {
            source: Some(ConfigFile {
                name: "buf.yaml".into(),
                text: "".into(),
            }),
            version,
            breaking,
            ..Config::default()
        }
    }

    fn items(ids: &[&str]) -> Vec<Item> {
        ids.iter().map(|i| Item::new(*i)).collect()
    }

    fn ids(c: &Config, flags: &Flags) -> Vec<&'static str> {
        select(c, &c.breaking, flags).expect("selects").rule_ids
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_config_is_the_v2_defaults() {
        let s = select(&Config::default(), &Breaking::default(), &Flags::default()).expect("ok");
        assert_eq!(s.rule_ids.len(), 51);
        assert!(s.rule_ids.contains(&"EXTENSION_NO_DELETE"));
        assert!(s.rule_ids.contains(&"FIELD_SAME_DEFAULT"));
        assert_eq!(s.categories, [Category::File]);
    }

    #[test]
    fn each_version_has_its_own_defaults() {
        for (version, n) in [(Version::V1Beta1, 49), (Version::V1, 49), (Version::V2, 51)] {
            let c = config(version, Breaking::default());
            assert_eq!(ids(&c, &Flags::default()).len(), n, "{version}");
        }
        let v1 = config(Version::V1, Breaking::default());
        assert!(!ids(&v1, &Flags::default()).contains(&"FIELD_SAME_DEFAULT"));
    }

    #[test]
    fn a_category_plus_except() {
        let c = config(
            Version::V2,
            Breaking {
                use_: items(&["WIRE"]),
                except: items(&["FIELD_SAME_DEFAULT", "RPC_SAME_IDEMPOTENCY_LEVEL"]),
                ..Breaking::default()
            },
        );
        let s = select(&c, &c.breaking, &Flags::default()).expect("ok");
        assert_eq!(s.rule_ids.len(), 13);
        assert!(!s.rule_ids.contains(&"FIELD_SAME_DEFAULT"));
        assert_eq!(s.categories, [Category::Wire]);
    }

    #[test]
    fn v1beta1_wire_has_field_same_type_and_v1_wire_does_not() {
        let wire = Breaking {
            use_: items(&["WIRE"]),
            ..Breaking::default()
        };
        let beta = ids(&config(Version::V1Beta1, wire.clone()), &Flags::default());
        assert!(beta.contains(&"FIELD_SAME_TYPE"));
        assert!(!beta.contains(&"FIELD_WIRE_COMPATIBLE_TYPE"));
        let v1 = ids(&config(Version::V1, wire), &Flags::default());
        assert!(!v1.contains(&"FIELD_SAME_TYPE"));
        assert!(v1.contains(&"FIELD_WIRE_COMPATIBLE_TYPE"));
    }

    #[test]
    fn deprecated_ids_expand_with_a_warning() {
        for version in [Version::V1Beta1, Version::V1] {
            let c = config(
                version,
                Breaking {
                    use_: items(&["FIELD_SAME_LABEL"]),
                    ..Breaking::default()
                },
            );
            let s = select(&c, &c.breaking, &Flags::default()).expect("ok");
            assert_eq!(
                s.rule_ids,
                [
                    "FIELD_SAME_CARDINALITY",
                    "FIELD_WIRE_COMPATIBLE_CARDINALITY",
                    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"
                ]
            );
            assert!(
                s.warnings[0].contains("FIELD_SAME_LABEL"),
                "{:?}",
                s.warnings
            );
        }
    }

    #[test]
    fn removed_ids_are_errors_in_v2() {
        let c = config(
            Version::V2,
            Breaking {
                use_: items(&["FIELD_SAME_LABEL"]),
                ..Breaking::default()
            },
        );
        let err = select(&c, &c.breaking, &Flags::default()).expect_err("unknown in v2");
        assert!(
            err.to_string().contains("not a known rule or category ID"),
            "{err}"
        );
    }

    #[test]
    fn unknown_ids_in_every_list_are_errors() {
        for b in [
            Breaking {
                except: items(&["NOPE"]),
                ..Breaking::default()
            },
            Breaking {
                ignore_only: vec![(Item::new("NOPE"), items(&["a"]))],
                ..Breaking::default()
            },
            Breaking {
                use_: items(&["CSR"]),
                ..Breaking::default()
            },
        ] {
            let c = config(Version::V1, b);
            assert!(select(&c, &c.breaking, &Flags::default()).is_err());
        }
    }

    #[test]
    fn flags_refine_the_config() {
        let c = config(
            Version::V2,
            Breaking {
                use_: items(&["FILE"]),
                except: items(&["FIELD_NO_DELETE", "FILE_NO_DELETE"]),
                ..Breaking::default()
            },
        );
        // --except takes out more.
        let except = strings(&["ENUM_NO_DELETE"]);
        let s = ids(
            &c,
            &Flags {
                except: &except,
                ..Flags::default()
            },
        );
        assert_eq!(s.len(), 48);
        assert!(!s.contains(&"ENUM_NO_DELETE"));
        // --rule replaces `use`; the file's except applies, but not to the named rule.
        let rules = strings(&["FIELD_NO_DELETE", "FILE_NO_DELETE"]);
        assert_eq!(
            ids(
                &c,
                &Flags {
                    rules: &rules,
                    ..Flags::default()
                }
            ),
            ["FILE_NO_DELETE", "FIELD_NO_DELETE"]
        );
        // --category replaces `use`; the file's except still applies.
        let cats = strings(&["PACKAGE"]);
        let s = ids(
            &c,
            &Flags {
                categories: &cats,
                ..Flags::default()
            },
        );
        assert_eq!(s.len(), 50);
        assert!(!s.contains(&"FIELD_NO_DELETE"));
    }

    #[test]
    fn ignore_only_keys_expand_to_rules() {
        let c = config(
            Version::V1,
            Breaking {
                ignore_only: vec![
                    (Item::new("WIRE"), items(&["legacy"])),
                    (Item::new("FIELD_SAME_LABEL"), items(&["old"])),
                ],
                ..Breaking::default()
            },
        );
        let s = select(&c, &c.breaking, &Flags::default()).expect("ok");
        assert_eq!(
            s.ignores.only["FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"],
            ["legacy"]
        );
        assert_eq!(
            s.ignores.only["FIELD_WIRE_COMPATIBLE_CARDINALITY"],
            ["legacy", "old"]
        );
        assert_eq!(s.ignores.only["FIELD_SAME_CARDINALITY"], ["old"]);
    }

    #[test]
    fn disable_builtin_runs_nothing() {
        let c = config(
            Version::V2,
            Breaking {
                disable_builtin: true,
                ..Breaking::default()
            },
        );
        let s = select(&c, &c.breaking, &Flags::default()).expect("ok");
        assert!(s.rule_ids.is_empty());
        assert!(s.warnings[0].contains("disable_builtin"));
        assert!(s.builtin_disabled);
    }

    #[test]
    fn flags_are_read_with_the_config_version() {
        let c = config(Version::V1, Breaking::default());
        let cats = strings(&["CSR"]);
        let err = select(
            &c,
            &c.breaking,
            &Flags {
                categories: &cats,
                ..Flags::default()
            },
        )
        .expect_err("no CSR in v1");
        assert!(err.to_string().contains("unknown category"), "{err}");
        let rules = strings(&["FIELD_SAME_LABEL"]);
        let s = ids(
            &c,
            &Flags {
                rules: &rules,
                ..Flags::default()
            },
        );
        assert_eq!(s.len(), 3);
    }
}
