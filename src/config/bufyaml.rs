//! `buf.yaml`, read the way buf 1.75 reads it: strict keys and types per `version`
//! (`v1beta1`, `v1`, `v2`), the `breaking:` sections for rule selection, and the layout keys
//! (`build.roots`, `build.excludes`, `modules[]`) for [`Layout`].
//!
//! The `lint:`, `deps:`, `name:`, `plugins:` and `policies:` keys are checked for shape and
//! otherwise not used.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{contains, relative_to, Breaking, Config, ConfigFile, Item, Pairs, Span};
use crate::config::Error;
use crate::input::layout::{Layout, ModuleLayout};
use crate::rules::categories::Version;

/// What a buf.yaml says: the rule selection and the module layout.
#[derive(Debug)]
pub struct BufYaml {
    pub config: Config,
    pub layout: Layout,
}

type S = Spanned<String>;

/// A YAML boolean as buf reads one: plain `true`/`false` (and YAML 1.1's `yes`, `on`, …);
/// a quoted string is a type error.
struct Bool(bool);

impl<'de> Deserialize<'de> for Bool {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Bool;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a boolean (true or false, unquoted)")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Bool, E> {
                Ok(Bool(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Bool, E> {
                match v {
                    "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Ok(Bool(true)),
                    "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Ok(Bool(false)),
                    _ => Err(E::invalid_type(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(Visit)
    }
}

fn flag(b: Option<Bool>) -> bool {
    b.is_some_and(|b| b.0)
}

#[derive(Deserialize)]
struct Head {
    version: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to check buf's schema
struct V1File {
    version: S,
    name: Option<String>,
    deps: Option<Vec<String>>,
    build: Option<Build>,
    lint: Option<LintV1>,
    breaking: Option<BreakingYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Build {
    roots: Option<Vec<S>>,
    excludes: Option<Vec<S>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to check buf's schema
struct LintV1 {
    #[serde(rename = "use")]
    use_: Option<Vec<String>>,
    except: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    ignore_only: Option<Pairs<String, Vec<String>>>,
    enum_zero_value_suffix: Option<String>,
    rpc_allow_same_request_response: Option<Bool>,
    rpc_allow_google_protobuf_empty_requests: Option<Bool>,
    rpc_allow_google_protobuf_empty_responses: Option<Bool>,
    service_suffix: Option<String>,
    allow_comment_ignores: Option<Bool>,
    disable_builtin: Option<Bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to check buf's schema
struct LintV2 {
    #[serde(rename = "use")]
    use_: Option<Vec<String>>,
    except: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    ignore_only: Option<Pairs<String, Vec<String>>>,
    enum_zero_value_suffix: Option<String>,
    rpc_allow_same_request_response: Option<Bool>,
    rpc_allow_google_protobuf_empty_requests: Option<Bool>,
    rpc_allow_google_protobuf_empty_responses: Option<Bool>,
    service_suffix: Option<String>,
    disallow_comment_ignores: Option<Bool>,
    disable_builtin: Option<Bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BreakingYaml {
    #[serde(rename = "use")]
    use_: Option<Vec<S>>,
    except: Option<Vec<S>>,
    ignore: Option<Vec<S>>,
    ignore_only: Option<Pairs<S, Vec<S>>>,
    ignore_unstable_packages: Option<Bool>,
    disable_builtin: Option<Bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to check buf's schema
struct V2File {
    version: S,
    name: Option<S>,
    modules: Option<Vec<ModuleV2>>,
    deps: Option<Vec<String>>,
    lint: Option<LintV2>,
    breaking: Option<BreakingYaml>,
    plugins: Option<Vec<IgnoredAny>>,
    policies: Option<Vec<IgnoredAny>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to check buf's schema
struct ModuleV2 {
    path: Option<S>,
    name: Option<String>,
    includes: Option<Vec<S>>,
    excludes: Option<Vec<S>>,
    lint: Option<LintV2>,
    breaking: Option<BreakingYaml>,
}

fn span_of(loc: serde_saphyr::Location) -> Option<Span> {
    let s = loc.span();
    let offset = usize::try_from(s.byte_offset()?).ok()?;
    let len = usize::try_from(s.byte_len()?).ok()?;
    (loc.line() > 0).then_some(Span { offset, len })
}

/// An error's place: its byte span, else the byte offset of its line and column.
fn error_span(text: &str, loc: serde_saphyr::Location) -> Option<Span> {
    if let Some(span) = span_of(loc) {
        return Some(span);
    }
    let line = usize::try_from(loc.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(loc.column()).ok()?.saturating_sub(1);
    let offset = crate::position::offset_of_char_col(text, line, column);
    Some(Span { offset, len: 0 })
}

/// serde-saphyr's message without the position (the diagnostic shows it), and a short label.
fn describe(message: &str) -> (String, &'static str) {
    let message = message.lines().next().unwrap_or(message);
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    };
    let label = if message.starts_with("unknown field") {
        "unknown key"
    } else if message.starts_with("invalid type") || message.starts_with("expected") {
        "wrong type"
    } else if message.contains("duplicate") {
        "duplicate key"
    } else {
        "here"
    };
    let message = match message {
        "expected sequence start" => "expected a list, e.g. [A, B]".to_owned(),
        "expected mapping start" => "expected a mapping of keys to values".to_owned(),
        m => match m.strip_prefix("duplicate mapping key: ") {
            // serde-saphyr appends advice about its own options: keep the key only.
            Some(rest) => format!("duplicate key `{}`", rest.split(',').next().unwrap_or(rest)),
            None => m.to_owned(),
        },
    };
    (message, label)
}

fn item(s: S) -> Item {
    Item {
        span: span_of(s.referenced),
        value: s.value,
    }
}

fn items(v: Option<Vec<S>>) -> Vec<Item> {
    v.unwrap_or_default().into_iter().map(item).collect()
}

fn decode<'a, T: Deserialize<'a>>(source: &'a ConfigFile) -> Result<T, Error> {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(&source.text, options).map_err(|e| {
        let span = e.location().and_then(|l| error_span(&source.text, l));
        let (message, label) = describe(&e.to_string());
        source.error(
            format!("{}: {message}", source.name),
            span,
            label,
            Some("see https://buf.build/docs/configuration/ for the keys of each version".into()),
        )
    })
}

/// Parses a `buf.yaml`.
pub fn parse(source: ConfigFile) -> Result<BufYaml, Error> {
    let head: Option<Head> = decode(&source)?;
    let Some(version_item) = head.and_then(|h| h.version).map(item) else {
        return Err(source.error(
            format!("{}: \"version\" is not set", source.name),
            Some(Span { offset: 0, len: 0 }),
            "the file starts without a version",
            Some("add `version: v2` (or the version the file was written for)".into()),
        ));
    };
    let Some(version) = Version::from_id(&version_item.value) else {
        return Err(source.error(
            format!(
                "{}: unknown buf.yaml version {:?}",
                source.name, version_item.value
            ),
            version_item.span,
            "not a buf.yaml version",
            Some("buf.yaml versions are v1beta1, v1 and v2".into()),
        ));
    };
    match version {
        Version::V1Beta1 | Version::V1 => parse_v1(source, version),
        Version::V2 => parse_v2(source),
    }
}

fn parse_v1(source: ConfigFile, version: Version) -> Result<BufYaml, Error> {
    let file: V1File = decode(&source)?;
    let build = file.build.unwrap_or(Build {
        roots: None,
        excludes: None,
    });
    let roots = items(build.roots);
    if version == Version::V1 {
        if let Some(first) = roots.first() {
            return Err(source.error(
                format!("{}: build.roots cannot be set on version v1", source.name),
                first.span,
                "v1beta1 only",
                Some(
                    "v1 has no roots: put a buf.yaml in each root, or move to v2 `modules`".into(),
                ),
            ));
        }
    }
    let mut roots = paths(&source, "build.roots", roots)?;
    if roots.is_empty() {
        roots.push(Item::new("."));
    }
    check_distinct(&source, "root", &roots)?;
    let excludes = paths(&source, "build.excludes", items(build.excludes))?;
    for e in &excludes {
        if e.value.ends_with(".proto") {
            return Err(source.error(
                format!(
                    "{}: excludes can only be directories but file {} discovered",
                    source.name, e.value
                ),
                e.span,
                "a file",
                None,
            ));
        }
        if roots.iter().any(|r| r.value == e.value) {
            return Err(source.error(
                format!(
                    "{}: {} is both a root and an exclude, which excludes the entire root",
                    source.name, e.value
                ),
                e.span,
                "also a root",
                None,
            ));
        }
        if !roots.iter().any(|r| contains(&r.value, &e.value)) {
            return Err(source.error(
                format!(
                    "{}: exclude {} is not contained in any root",
                    source.name, e.value
                ),
                e.span,
                "outside every root",
                None,
            ));
        }
    }
    let layout = Layout {
        modules: vec![ModuleLayout {
            path: ".".into(),
            roots: roots.into_iter().map(|r| r.value).collect(),
            includes: Vec::new(),
            excludes: excludes.into_iter().map(|e| e.value).collect(),
        }],
    };
    let breaking = breaking(&source, file.breaking.unwrap_or_default())?;
    Ok(BufYaml {
        config: Config {
            source: Some(source),
            version,
            breaking,
            module_breaking: Vec::new(),
            has_plugins: false,
        },
        layout,
    })
}

fn parse_v2(source: ConfigFile) -> Result<BufYaml, Error> {
    let file: V2File = decode(&source)?;
    let top = breaking(&source, file.breaking.unwrap_or_default())?;
    let mut modules = Vec::new();
    let mut module_breaking = Vec::new();
    let declared = file.modules.unwrap_or_default();
    if let (Some(name), false) = (&file.name, declared.is_empty()) {
        return Err(source.error(
            format!(
                "{}: the top-level name cannot be set when modules are listed",
                source.name
            ),
            span_of(name.referenced),
            "set the name on each module instead",
            None,
        ));
    }
    let declared: Vec<ModuleV2> = if declared.is_empty() {
        vec![ModuleV2 {
            path: None,
            name: None,
            includes: None,
            excludes: None,
            lint: None,
            breaking: None,
        }]
    } else {
        declared
    };
    for m in declared {
        let (path, layout) = module_layout(&source, m.path, m.includes, m.excludes)?;
        if modules.contains(&layout) {
            return Err(source.error(
                format!("{}: module {} is listed twice", source.name, layout.path),
                path.span,
                "listed before",
                None,
            ));
        }
        let own = breaking(&source, m.breaking.unwrap_or_default())?;
        if !own.is_empty() {
            module_breaking.push((layout.path.clone(), scoped(&source, own, &layout.path)?));
        }
        modules.push(layout);
    }
    let has_plugins =
        file.plugins.is_some_and(|p| !p.is_empty()) || file.policies.is_some_and(|p| !p.is_empty());
    Ok(BufYaml {
        config: Config {
            source: Some(source),
            version: Version::V2,
            breaking: top,
            module_breaking,
            has_plugins,
        },
        layout: Layout { modules },
    })
}

/// One `modules[]` entry's layout, its path, includes and excludes checked as buf checks them;
/// with the path as written, to point at.
fn module_layout(
    source: &ConfigFile,
    path: Option<S>,
    includes: Option<Vec<S>>,
    excludes: Option<Vec<S>>,
) -> Result<(Item, ModuleLayout), Error> {
    let path = match path.map(item) {
        Some(p) => {
            let span = p.span;
            let mut v = paths(source, "modules.path", vec![p])?;
            v.pop().unwrap_or(Item {
                value: ".".into(),
                span,
            })
        }
        None => Item::new("."),
    };
    let includes = paths(source, "includes", items(includes))?;
    check_distinct(source, "include", &includes)?;
    for i in &includes {
        directory_inside(source, "include", i, &path)?;
    }
    let excludes = paths(source, "excludes", items(excludes))?;
    for e in &excludes {
        directory_inside(source, "exclude", e, &path)?;
        if !includes.is_empty() {
            if let Some(i) = includes.iter().find(|i| contains(&e.value, &i.value)) {
                return Err(source.error(
                    format!(
                        "{}: include path {} is equal to or inside exclude path {}",
                        source.name, i.value, e.value
                    ),
                    e.span,
                    "excludes an include",
                    None,
                ));
            }
            if !includes.iter().any(|i| contains(&i.value, &e.value)) {
                return Err(source.error(
                    format!(
                        "{}: include paths are specified but {} is not contained within \
                         any of them",
                        source.name, e.value
                    ),
                    e.span,
                    "outside every include",
                    None,
                ));
            }
        }
    }
    let layout = ModuleLayout {
        path: path.value.clone(),
        roots: vec![path.value.clone()],
        includes: includes.into_iter().map(|i| i.value).collect(),
        excludes: excludes.into_iter().map(|e| e.value).collect(),
    };
    Ok((path, layout))
}

/// A module's own `breaking:` section: every path must be inside the module, and becomes
/// relative to it.
fn scoped(source: &ConfigFile, mut b: Breaking, module: &str) -> Result<Breaking, Error> {
    b.disabled = b.ignore.iter().any(|i| i.value == module);
    let rel = |what: &str, list: Vec<Item>| -> Result<Vec<Item>, Error> {
        list.into_iter()
            .map(|i| match relative_to(module, &i.value) {
                Some(value) => Ok(Item {
                    value,
                    span: i.span,
                }),
                None => Err(not_in_module(source, what, &i, module)),
            })
            .collect()
    };
    b.ignore = rel("breaking.ignore", b.ignore)?;
    let mut ignore_only = Vec::new();
    for (id, list) in b.ignore_only {
        ignore_only.push((id, rel("breaking.ignore_only", list)?));
    }
    b.ignore_only = ignore_only;
    Ok(b)
}

fn not_in_module(source: &ConfigFile, what: &str, i: &Item, module: &str) -> Error {
    source.error(
        format!(
            "{}: {what}: path {:?} is not contained within module directory {module:?}",
            source.name, i.value
        ),
        i.span,
        "outside the module",
        Some(
            "paths in buf.yaml v2 are relative to the buf.yaml, and include the module path".into(),
        ),
    )
}

/// An `includes`/`excludes` entry (`what`: "include" or "exclude"): a directory inside the
/// module, as buf requires.
fn directory_inside(source: &ConfigFile, what: &str, i: &Item, module: &Item) -> Result<(), Error> {
    inside_module(source, &format!("{what} path"), i, module)?;
    if i.value.ends_with(".proto") {
        return Err(source.error(
            format!(
                "{}: {what}s can only be directories but file {} discovered",
                source.name, i.value
            ),
            i.span,
            "a file",
            None,
        ));
    }
    Ok(())
}

fn inside_module(source: &ConfigFile, what: &str, i: &Item, module: &Item) -> Result<(), Error> {
    if i.value == module.value {
        return Err(source.error(
            format!(
                "{}: {what} {:?} is equal to module directory {:?}",
                source.name, i.value, module.value
            ),
            i.span,
            "the module itself",
            None,
        ));
    }
    if !contains(&module.value, &i.value) {
        return Err(source.error(
            format!(
                "{}: {what} {:?} does not reside within module directory {:?}",
                source.name, i.value, module.value
            ),
            i.span,
            "outside the module",
            None,
        ));
    }
    Ok(())
}

/// Normalizes paths, pointing at the first invalid one.
fn paths(source: &ConfigFile, what: &str, list: Vec<Item>) -> Result<Vec<Item>, Error> {
    super::normalize_items(
        source,
        what,
        list,
        "paths in buf.yaml are relative to the directory of the buf.yaml",
    )
}

/// Roots or includes may not repeat or nest.
fn check_distinct(source: &ConfigFile, what: &str, list: &[Item]) -> Result<(), Error> {
    for (n, a) in list.iter().enumerate() {
        for b in &list[..n] {
            if contains(&b.value, &a.value) || contains(&a.value, &b.value) {
                return Err(source.error(
                    format!(
                        "{}: {what} {:?} overlaps {what} {:?}",
                        source.name, a.value, b.value
                    ),
                    a.span,
                    "overlaps an earlier one",
                    None,
                ));
            }
        }
    }
    Ok(())
}

fn breaking(source: &ConfigFile, b: BreakingYaml) -> Result<Breaking, Error> {
    let mut ignore_only = Vec::new();
    for (id, list) in b.ignore_only.unwrap_or_default().0 {
        let list = paths(
            source,
            "breaking.ignore_only",
            list.into_iter().map(item).collect(),
        )?;
        ignore_only.push((item(id), list));
    }
    let ignore = paths(source, "breaking.ignore", items(b.ignore))?;
    Ok(Breaking {
        disabled: ignore.iter().any(|i| i.value == "."),
        use_: items(b.use_),
        except: items(b.except),
        ignore,
        ignore_only,
        ignore_unstable_packages: flag(b.ignore_unstable_packages),
        disable_builtin: flag(b.disable_builtin),
        policy: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> ConfigFile {
        ConfigFile {
            name: "buf.yaml".into(),
            text: text.into(),
        }
    }

    fn located(text: &str) -> (String, String) {
        match parse(src(text)) {
            Err(Error::Config(e)) => {
                let (message, span) = (e.message, e.span);
                let at = span
                    .map(|s| text[s.offset()..s.offset() + s.len()].to_owned())
                    .unwrap_or_default();
                (message, at)
            }
            other => panic!("{text:?}: expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn v1beta1_roots_and_excludes_make_the_layout() {
        let y = parse(src(
            "version: v1beta1\nbuild:\n  roots: [proto, vendor/]\n  excludes: [proto/internal]\n\
             breaking:\n  use: [FIELD_SAME_LABEL]\n",
        ))
        .expect("parses");
        assert_eq!(y.config.version, Version::V1Beta1);
        let m = &y.layout.modules[0];
        assert_eq!(m.roots, ["proto", "vendor"]);
        assert_eq!(m.excludes, ["proto/internal"]);
        let u = &y.config.breaking.use_[0];
        assert_eq!(u.value, "FIELD_SAME_LABEL");
        let s = u.span.expect("span");
        assert_eq!(
            &y.config.source.expect("source").text[s.offset..s.offset + s.len],
            "FIELD_SAME_LABEL"
        );
    }

    #[test]
    fn v2_modules_with_their_own_breaking_sections() {
        let y = parse(src(
            "version: v2\nmodules:\n  - path: api\n  - path: vendor\n    breaking:\n      \
             use: [FILE_NO_DELETE]\n      ignore: [vendor/x]\nbreaking:\n  use: [FIELD_NO_DELETE]\n  \
             ignore: [api/gone.proto, vendor]\n",
        ))
        .expect("parses");
        assert_eq!(y.layout.modules.len(), 2);
        assert_eq!(y.layout.modules[1].roots, ["vendor"]);
        let api = y.config.breaking_for("api");
        assert_eq!(api.use_[0].value, "FIELD_NO_DELETE");
        assert_eq!(
            api.ignore,
            vec![Item {
                value: "gone.proto".into(),
                span: api.ignore[0].span
            }]
        );
        let vendor = y.config.breaking_for("vendor");
        assert_eq!(vendor.use_[0].value, "FILE_NO_DELETE");
        assert_eq!(vendor.ignore[0].value, "x");
        assert!(
            !vendor.disabled,
            "the module's own section replaces the top-level one"
        );
    }

    #[test]
    fn no_modules_means_one_module_at_the_root() {
        let y = parse(src("version: v2\n")).expect("parses");
        assert!(y.layout.is_trivial());
        assert!(y.config.breaking.is_empty());
    }

    #[test]
    fn yaml_1_1_booleans_are_accepted_as_buf_does() {
        let y = parse(src(
            "version: v1\nbreaking:\n  ignore_unstable_packages: yes\n",
        ))
        .expect("parses");
        assert!(y.config.breaking.ignore_unstable_packages);
    }

    #[test]
    fn mistakes_are_located() {
        for (text, message, at) in [
            ("version: v2\nbreaking:\n  usee: [FILE]\n", "usee", "usee"),
            ("version: v2\nfoo: 1\n", "foo", "foo"),
            ("version: v2\nbreaking:\n  use: FILE\n", "", "FILE"),
            (
                "version: v2\nbreaking:\n  ignore_unstable_packages: \"true\"\n",
                "expected a boolean",
                "ignore_unstable_packages",
            ),
            ("version: v3\n", "unknown buf.yaml version", "v3"),
            (
                "version: v1\nbuild:\n  roots: [x]\n",
                "build.roots cannot be set",
                "x",
            ),
            (
                "version: v1\nbuild:\n  excludes: [a.proto]\n",
                "only be directories",
                "a.proto",
            ),
            (
                "version: v2\nbreaking:\n  ignore: [../x]\n",
                "climbs out",
                "../x",
            ),
            (
                "version: v2\nmodules:\n  - path: proto\n    breaking:\n      ignore: [other/x]\n",
                "not contained within module directory",
                "other/x",
            ),
            (
                "version: v2\nbreaking:\n  use: [FILE]\n  use: [WIRE]\n",
                "",
                "use",
            ),
            ("version: v2\nbreaking: [\n", "", ""),
        ] {
            let (m, found) = located(text);
            assert!(m.contains(message), "{text:?}: message {m:?}");
            assert!(
                found.contains(at),
                "{text:?}: points at {found:?}, not {at:?}"
            );
        }
    }

    #[test]
    fn a_missing_version_is_an_error() {
        let (m, _) = located("breaking:\n  use: [FILE]\n");
        assert!(m.contains("\"version\" is not set"), "{m}");
        let (m, _) = located("");
        assert!(m.contains("\"version\" is not set"), "{m}");
    }
}
