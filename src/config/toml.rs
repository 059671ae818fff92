//! `protocheck.toml`: a `[breaking]` table read with buf's v2 rule table.
//!
//! ```toml
//! [breaking]
//! use = ["FILE"]
//! except = ["FILE_SAME_GO_PACKAGE"]
//! ignore = ["vendor/", "legacy/old.proto"]
//! ignore_unstable_packages = true
//!
//! [breaking.ignore_only]
//! FIELD_NO_DELETE = ["meeting/internal/"]
//!
//! # The team's contract rules (protocheck only; see the POLICY category).
//! [breaking.policy]
//! deprecate_then_reserve = true
//! oneof_transition = true
//! presence_sensitive = ["meeting.core.v1.MeetingSettings"]
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::{normalize_items, Breaking, Config, ConfigFile, Item, Pairs, PolicyOptions, Span};
use crate::config::Error;
use crate::rules::categories::Version;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    breaking: Option<BreakingTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BreakingTable {
    #[serde(rename = "use")]
    use_: Option<Vec<Spanned<String>>>,
    except: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    ignore_only: Option<Pairs<Spanned<String>, Vec<Spanned<String>>>>,
    ignore_unstable_packages: Option<bool>,
    policy: Option<PolicyTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyTable {
    deprecate_then_reserve: Option<bool>,
    oneof_transition: Option<bool>,
    presence_sensitive: Option<Vec<String>>,
}

fn item(s: Spanned<String>) -> Item {
    let range = s.span();
    Item {
        span: Some(Span {
            offset: range.start,
            len: range.end.saturating_sub(range.start),
        }),
        value: s.into_inner(),
    }
}

fn items(v: Option<Vec<Spanned<String>>>) -> Vec<Item> {
    v.unwrap_or_default().into_iter().map(item).collect()
}

/// Parses a `protocheck.toml`.
pub fn parse(source: ConfigFile) -> Result<Config, Error> {
    let file: File = ::toml::from_str(&source.text).map_err(|e| {
        let span = e.span().map(|r| Span {
            offset: r.start,
            len: r.end.saturating_sub(r.start),
        });
        let message = e.message().trim_end().to_owned();
        let label = if message.starts_with("unknown field") {
            "unknown key"
        } else if message.starts_with("invalid type") {
            "wrong type"
        } else {
            "here"
        };
        source.error(
            format!("{}: {}", source.name, first_line(&message)),
            span,
            label,
            Some(
                "protocheck.toml has one table, [breaking], with the keys use, except, ignore, \
                 ignore_only, ignore_unstable_packages and policy ([breaking.policy]: \
                 deprecate_then_reserve, oneof_transition, presence_sensitive)"
                    .into(),
            ),
        )
    })?;
    let table = file.breaking.unwrap_or(BreakingTable {
        use_: None,
        except: None,
        ignore: None,
        ignore_only: None,
        ignore_unstable_packages: None,
        policy: None,
    });
    const PATHS_HELP: &str = "paths are relative to the module root, as findings name files";
    let mut ignore_only = Vec::new();
    for (id, paths) in table.ignore_only.unwrap_or_default().0 {
        let paths = normalize_items(
            &source,
            "breaking.ignore_only",
            paths.into_iter().map(item).collect(),
            PATHS_HELP,
        )?;
        ignore_only.push((item(id), paths));
    }
    let breaking = Breaking {
        use_: items(table.use_),
        except: items(table.except),
        ignore: normalize_items(&source, "breaking.ignore", items(table.ignore), PATHS_HELP)?,
        ignore_only,
        ignore_unstable_packages: table.ignore_unstable_packages.unwrap_or(false),
        disable_builtin: false,
        disabled: false,
        policy: table
            .policy
            .map(|p| PolicyOptions {
                deprecate_then_reserve: p.deprecate_then_reserve.unwrap_or(false),
                oneof_transition: p.oneof_transition.unwrap_or(false),
                presence_sensitive: p.presence_sensitive.unwrap_or_default(),
            })
            .unwrap_or_default(),
    };
    Ok(Config {
        source: Some(source),
        version: Version::V2,
        breaking,
        module_breaking: Vec::new(),
        has_plugins: false,
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> ConfigFile {
        ConfigFile {
            name: "protocheck.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn every_key_is_read_with_its_span() {
        let text = "[breaking]\nuse = [\"FILE\"]\nexcept = [\"FILE_SAME_GO_PACKAGE\"]\n\
                    ignore = [\"vendor/\"]\nignore_unstable_packages = true\n\
                    [breaking.ignore_only]\nFIELD_NO_DELETE = [\"a/\"]\n";
        let c = parse(src(text)).expect("parses");
        let b = &c.breaking;
        assert_eq!(b.use_[0].value, "FILE");
        let span = b.use_[0].span.expect("span");
        assert_eq!(&text[span.offset..span.offset + span.len], "\"FILE\"");
        assert_eq!(b.except[0].value, "FILE_SAME_GO_PACKAGE");
        assert_eq!(b.ignore[0].value, "vendor");
        assert!(b.ignore_unstable_packages);
        assert_eq!(b.ignore_only[0].0.value, "FIELD_NO_DELETE");
        assert_eq!(b.ignore_only[0].1[0].value, "a");
        assert_eq!(c.version, Version::V2);
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let c = parse(src("")).expect("parses");
        assert!(c.breaking.is_empty());
    }

    #[test]
    fn unknown_keys_wrong_types_and_bad_paths_are_located() {
        for (text, needle) in [
            ("[breaking]\nusee = []\n", "usee"),
            ("[breaking]\nuse = \"FILE\"\n", "\"FILE\""),
            ("[lint]\n", "lint"),
            ("[breaking]\nignore = [\"../x\"]\n", "\"../x\""),
            ("[breaking\n", ""),
        ] {
            match parse(src(text)) {
                Err(Error::Config(e)) => {
                    let span = e.span;
                    let span = span.expect("located");
                    let found = &text[span.offset()..span.offset() + span.len()];
                    assert!(found.contains(needle), "{text:?}: points at {found:?}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }
}
