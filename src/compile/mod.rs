//! Compiling a [`SourceTree`] into descriptor bytes with protox, entirely in memory.

mod bounds;
mod checks;
mod editions;
mod error;
pub mod googleapis;
mod held;
pub mod located;
mod resolver;

use std::collections::HashSet;
use std::sync::Arc;

use protox::Compiler;

pub use error::CompileErrors;
/// What compiling a side fails with.
pub type Error = CompileErrors;

use crate::input::{Input, SourceTree};

/// One side, compiled: the descriptor set (dependencies included, with source info) and
/// which of its files are compared.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub descriptor_set: Arc<[u8]>,
    /// Paths of the files that are compared; every other file is a dependency.
    /// `None` means every file of a descriptor set (except buf-marked imports).
    pub targets: Option<HashSet<String>>,
    /// The source text of the compared files, for rendering code frames.
    pub sources: std::collections::HashMap<String, Arc<str>>,
}

impl Compiled {
    pub fn is_target(&self, path: &str) -> bool {
        self.targets.as_ref().is_none_or(|t| t.contains(path))
    }
}

/// Compiles one side. `side` ("old"/"new") and `label` (the argument as given) name it in errors.
pub fn compile(input: &Input, side: &'static str, label: &str) -> Result<Compiled, Error> {
    match input {
        Input::DescriptorSet(bytes) => Ok(Compiled {
            descriptor_set: bytes.clone(),
            targets: None,
            sources: Default::default(),
        }),
        Input::Sources(tree) => compile_sources(
            tree,
            side,
            label,
            has_editions(tree),
            crate::parallel::threads(),
        ),
    }
}

/// Compiles `reduced`, a part of the side `full` (see [`crate::plan`]; `full` itself for the
/// whole side), with the same choices the full compile makes (which `descriptor.proto`), so
/// that each compiled file gets the descriptors the full compile gives it. Its files are
/// parsed ahead on `parse_threads` threads.
pub fn compile_reduced(
    reduced: &Input,
    side: &'static str,
    label: &str,
    full: &Input,
    parse_threads: usize,
) -> Result<Compiled, Error> {
    match (reduced, full) {
        (Input::Sources(tree), Input::Sources(all)) => {
            compile_sources(tree, side, label, has_editions(all), parse_threads)
        }
        _ => compile(reduced, side, label),
    }
}

type Diag = Box<dyn miette::Diagnostic + Send + Sync>;

fn has_editions(tree: &SourceTree) -> bool {
    tree.files.values().any(|f| editions::is_editions(&f.text))
}

/// `editions`: whether the side has an editions file (in `tree` or, for a reduced tree, in
/// the whole side).
fn compile_sources(
    tree: &SourceTree,
    side: &'static str,
    label: &str,
    editions: bool,
    parse_threads: usize,
) -> Result<Compiled, Error> {
    // Editions files need protobuf's current descriptor.proto; protox's own links faster, so
    // proto2/proto3 trees keep it. An editions file met only among the `-I` dependencies
    // means compiling again with the current one.
    let (result, met_editions) = compile_with(tree, side, label, editions, parse_threads);
    if !editions && met_editions {
        return compile_with(tree, side, label, true, parse_threads).0;
    }
    result
}

/// One compile; also says whether an editions file was met.
fn compile_with(
    tree: &SourceTree,
    side: &'static str,
    label: &str,
    current_descriptor: bool,
    parse_threads: usize,
) -> (Result<Compiled, Error>, bool) {
    let registry = editions::SharedRegistry::default();
    let result = compile_once(
        tree,
        side,
        label,
        current_descriptor,
        &registry,
        parse_threads,
    );
    let met = {
        let r = editions::lock(&registry);
        !r.prepared.is_empty() || !r.failed.is_empty()
    };
    (result, met)
}

fn compile_once(
    tree: &SourceTree,
    side: &'static str,
    label: &str,
    current_descriptor: bool,
    registry: &editions::SharedRegistry,
    parse_threads: usize,
) -> Result<Compiled, Error> {
    // Parsing needs no other file: parse ahead on several threads, then link once. When
    // anything fails, compile again from the texts, so that errors carry their source.
    // On one thread in all, the linker parses each file as it opens it.
    if crate::parallel::threads() > 1 {
        let t = crate::timing::Timer::start(side);
        let parsed = resolver::parse_ahead(tree, parse_threads.max(1));
        t.lap("parse");
        let ahead = compile_linked(tree, side, label, current_descriptor, registry, &parsed);
        if ahead.is_ok() {
            return ahead;
        }
        if let Ok(mut r) = registry.lock() {
            *r = Default::default();
        }
    }
    compile_linked(
        tree,
        side,
        label,
        current_descriptor,
        registry,
        &Default::default(),
    )
}

fn compile_linked(
    tree: &SourceTree,
    side: &'static str,
    label: &str,
    current_descriptor: bool,
    registry: &editions::SharedRegistry,
    parsed: &resolver::Parsed,
) -> Result<Compiled, Error> {
    let fresh = || {
        let mut c = Compiler::with_file_resolver(resolver::resolver(
            tree,
            registry,
            current_descriptor,
            parsed,
        ));
        c.include_imports(true).include_source_info(true);
        c
    };
    let t = crate::timing::Timer::start(side);
    let mut compiler = fresh();
    let mut errors: Vec<Diag> = Vec::new();
    let mut seen = HashSet::new();
    for path in tree.files.keys() {
        if let Err(e) = compiler.open_file(path) {
            for d in located(e, &compiler, registry, &mut seen) {
                errors.push(d);
            }
            // A failed file can leave the descriptor pool inconsistent (prost-reflect then
            // panics on a later file): collect the remaining errors with a fresh compiler.
            compiler = fresh();
        }
    }
    let fail = |errors: Vec<Diag>| CompileErrors {
        side,
        input: label.to_owned(),
        errors,
    };
    if !errors.is_empty() {
        return Err(fail(errors));
    }
    t.lap("link");
    let pool = compiler.descriptor_pool();
    // Free protox's own state before the model is built, to keep the peak memory down.
    drop(compiler);
    // Should the held locations not go back (linked files unlike the parsed ones, an option
    // whose path is not certain here), the caller links again from the texts, with every
    // location.
    let mut set = encode_set(&pool, parsed)
        .ok_or_else(|| fail(vec![Box::new(LocationsNotRestored) as Diag]))?;
    drop(pool);
    t.lap("encode");
    {
        let registry = editions::lock(registry);
        if !registry.prepared.is_empty() {
            set = Arc::from(editions::patch_set(&set, &registry));
            errors.extend(
                editions::validate(&set, &registry)
                    .into_iter()
                    .map(|p| Box::new(p) as Diag),
            );
        }
        // The text of a file with a problem: the tree's, an editions file's, else a dependency
        // read again from its import root.
        let text = |name: &str| -> Option<String> {
            if let Some(f) = tree.files.get(name) {
                return Some(f.text.to_string());
            }
            if let Some(p) = registry.prepared.get(name) {
                return Some(p.text.to_string());
            }
            if let Some(f) = tree.deps.get(name) {
                return Some(f.text.to_string());
            }
            tree.import_roots
                .iter()
                .find_map(|root| std::fs::read_to_string(root.join(name)).ok())
        };
        errors.extend(
            checks::check(&set, &text)
                .into_iter()
                .map(|p| Box::new(p) as Diag),
        );
    }
    if !errors.is_empty() {
        return Err(fail(errors));
    }
    t.lap("restore and checks");
    Ok(Compiled {
        descriptor_set: set,
        targets: Some(tree.files.keys().cloned().collect()),
        sources: tree
            .files
            .iter()
            .map(|(p, f)| (p.clone(), f.text.clone()))
            .collect(),
    })
}

/// The linked files as a `FileDescriptorSet` (extension options included), in the pool's
/// order, with the locations held from each file parsed ahead put back: each file is encoded
/// on one of several threads. `None` if a file's held locations cannot be put back (see
/// [`held::restore_file`]).
fn encode_set(
    pool: &prost_reflect::DescriptorPool,
    parsed: &resolver::Parsed,
) -> Option<Arc<[u8]>> {
    const SET_FILE: u32 = crate::model::descriptor::tag::file_set::FILE as u32;
    let files: Vec<prost_reflect::FileDescriptor> = pool.files().collect();
    let threads = crate::parallel::threads_for(files.len());
    let runs = crate::parallel::runs(&files, threads * 4, |_| 1);
    let names = held::OptionNames::new(pool);
    let parts = crate::parallel::map(&runs, threads, |run| {
        let mut out = Vec::new();
        for file in *run {
            let bytes = file.encode_to_vec();
            match parsed.held(file.name()) {
                Some(h) => crate::wire::put_len(
                    &mut out,
                    SET_FILE,
                    &held::restore_file(&bytes, h, &names)?,
                ),
                None => crate::wire::put_len(&mut out, SET_FILE, &bytes),
            }
        }
        Some(out)
    });
    Some(concat(&parts.into_iter().collect::<Option<Vec<_>>>()?))
}

/// `parts` one after another, in a single allocation: a googleapis-sized set is tens of
/// megabytes, and each copy of it costs as much in fresh pages as in copying.
fn concat(parts: &[Vec<u8>]) -> Arc<[u8]> {
    let total = parts.iter().map(Vec::len).sum();
    let mut whole = Arc::<[u8]>::new_uninit_slice(total);
    let mut rest = Arc::get_mut(&mut whole)
        .map(|w| &mut w[..])
        .unwrap_or_default();
    for part in parts {
        let (head, tail) = rest.split_at_mut(part.len());
        for (to, from) in head.iter_mut().zip(part) {
            to.write(*from);
        }
        rest = tail;
    }
    // SAFETY: `whole` was just made, so `get_mut` gave its `total` bytes, and the parts,
    // whose lengths sum to `total`, were written over all of them.
    unsafe { whole.assume_init() }
}

/// The source locations held back from the linker could not be put back into the linked set.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("internal: the source locations held back from linking could not be put back")]
struct LocationsNotRestored;

/// The diagnostics for one failed `open_file`: the editions front end's own when it refused a
/// file, a link error of an editions file located in its text, or protox's error as it is.
/// A broken file is reported again by every file importing it: `seen` keeps the first.
fn located(
    e: protox::Error,
    compiler: &Compiler,
    registry: &editions::SharedRegistry,
    seen: &mut HashSet<String>,
) -> Vec<Diag> {
    let mut r = editions::lock(registry);
    let mut out: Vec<Diag> = Vec::new();
    // The front end refused a file while this one was opened (the file itself or an import):
    // protox stops at the first error, so `e` is that refusal.
    let refused = !r.failed.is_empty();
    let failed: Vec<String> = r.failed.keys().cloned().collect();
    for path in failed {
        if let Some(errs) = r.failed.remove(&path) {
            if seen.insert(format!("editions:{path}")) {
                out.extend(errs);
            }
        }
    }
    // The front end refused the file: its own diagnostics were taken above.
    if refused {
        return out;
    }
    // A link error inside an editions file: protox had no text for it, so link it again
    // against the files linked so far to get a located error.
    let relinked = e
        .file()
        .filter(|_| !e.is_file_not_found() && !e.is_parse() && !e.is_io())
        .and_then(|f| r.prepared.get(f))
        .and_then(|p| {
            let mut pool = compiler.descriptor_pool();
            pool.add_file_descriptor_proto(p.descriptor.clone())
                .err()
                .map(|err| err.with_source_code(&p.text))
        });
    if seen.insert(e.to_string()) {
        match relinked {
            Some(err) => out.push(Box::new(err)),
            None if e.is_file_not_found() => out.push(Box::new(MissingImport::new(e))),
            None => out.push(Box::new(e)),
        }
    }
    out
}

/// protox's "import not found", with a help naming the dependency the file belongs to and
/// how to provide it.
#[derive(Debug)]
struct MissingImport {
    inner: protox::Error,
    help: String,
}

impl MissingImport {
    fn new(inner: protox::Error) -> Self {
        let text = inner.to_string();
        let import = text.split('\'').nth(1).unwrap_or(&text).to_owned();
        MissingImport {
            help: googleapis::missing_import_help(&import),
            inner,
        }
    }
}

impl std::fmt::Display for MissingImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl std::error::Error for MissingImport {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl miette::Diagnostic for MissingImport {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.inner.code()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;

    fn tree(files: &[(&str, &str)]) -> SourceTree {
        SourceTree::of_texts(files)
    }

    /// The files of an encoded set, by name.
    fn decode(set: &[u8]) -> Vec<prost_types::FileDescriptorProto> {
        let mut files = prost_types::FileDescriptorSet::decode(set)
            .expect("decodes")
            .file;
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files
    }

    /// The files `tree` links to, parsed ahead on `threads` threads, after checking that they
    /// are those linking from the texts gives, but for the comments the model never reads.
    fn links_as_from_the_texts(
        t: &SourceTree,
        threads: usize,
    ) -> Vec<prost_types::FileDescriptorProto> {
        let registry = editions::SharedRegistry::default();
        let parsed = resolver::parse_ahead(t, threads);
        let ahead = compile_linked(t, "old", "t", false, &registry, &parsed).expect("links");
        let from_text =
            compile_linked(t, "old", "t", false, &registry, &Default::default()).expect("links");
        let got = decode(&ahead.descriptor_set);
        assert_eq!(
            got,
            unread_comments_emptied(t, decode(&from_text.descriptor_set))
        );
        got
    }

    /// `files` with the comments of the tree's files emptied as parsing ahead empties them.
    fn unread_comments_emptied(
        t: &SourceTree,
        mut files: Vec<prost_types::FileDescriptorProto>,
    ) -> Vec<prost_types::FileDescriptorProto> {
        for f in &mut files {
            if t.files.contains_key(f.name()) {
                for loc in &mut f.source_code_info.as_mut().expect("info").location {
                    for c in [&mut loc.leading_comments, &mut loc.trailing_comments] {
                        if c.as_deref()
                            .is_some_and(|c| !c.contains("protocheck:ignore"))
                        {
                            *c = Some(String::new());
                        }
                    }
                    loc.leading_detached_comments.clear();
                }
            }
        }
        files
    }

    /// Custom options of every kind of element, their names written relative, qualified,
    /// fully qualified and nested in a message; fields inside options; list options set one
    /// value at a time and whole: the options' locations get the paths the linker gives them.
    #[test]
    fn option_locations_get_the_linkers_paths_on_the_parsed_ahead_path() {
        let opts = "syntax = \"proto2\";\npackage o;\nimport \"google/protobuf/descriptor.proto\";\n\
                    message Rule { optional string name = 1; repeated int32 nums = 2; \
                    optional Rule inner = 3; map<string, int32> by = 4; }\n\
                    extend google.protobuf.FieldOptions { optional Rule rule = 50000; \
                    repeated string tags = 50001; optional int32 level = 50002; \
                    repeated Rule rules = 50004; }\n\
                    extend google.protobuf.MessageOptions { optional string label = 50000; }\n\
                    extend google.protobuf.EnumOptions { optional bool closed = 50000; }\n\
                    extend google.protobuf.EnumValueOptions { optional bool hidden = 50000; }\n\
                    extend google.protobuf.OneofOptions { optional bool exclusive = 50000; }\n\
                    extend google.protobuf.ServiceOptions { optional string host = 50000; }\n\
                    extend google.protobuf.MethodOptions { repeated string scopes = 50000; }\n\
                    extend google.protobuf.FileOptions { optional string owner = 50000; }\n\
                    extend google.protobuf.ExtensionRangeOptions { optional string note = 50000; }\n\
                    message Scoped { extend google.protobuf.FieldOptions { \
                    optional int32 nested = 50003; } }\n";
        let uses = "syntax = \"proto2\";\npackage o.sub;\nimport \"opts.proto\";\n\
                    option (o.owner) = \"team\";\noption java_package = \"com.o\";\n\
                    message M {\n  option (label) = \"m\";\n\
                    optional int32 a = 1 [(rule).name = \"r\", (rule).nums = 1, (rule).nums = 2,\n\
                    (tags) = \"t1\", (tags) = \"t2\", deprecated = true];\n\
                    optional int32 b = 2 [(.o.rule) = { name: \"x\" nums: [3, 4] },\n\
                    (o.Scoped.nested) = 3, (level) = 7, (rules) = { name: \"p\" },\n\
                    (rules) = { name: \"q\" }];\n\
                    optional int32 c = 3 [(rule).inner.name = \"deep\", (rule).inner.nums = 5,\n\
                    (rule).by = { key: \"k\" value: 1 }];\n\
                    oneof choice { option (exclusive) = true; int32 d = 4; }\n\
                    extensions 100 to 200 [(note) = \"n\"];\n\
                    enum E { option (closed) = true; E0 = 0 [(hidden) = true, deprecated = true]; }\n\
                    message N { optional int32 e = 1 [(rule).name = \"n\"]; }\n}\n\
                    enum F { F0 = 0 [(o.hidden) = true]; }\n\
                    service S {\n  option (host) = \"h\";\n  rpc R(M) returns (M) {\n\
                    option (scopes) = \"a\";\n    option (scopes) = \"b\";\n\
                    option deprecated = true;\n  }\n}\n";
        let t = tree(&[("opts.proto", opts), ("o/sub/uses.proto", uses)]);
        for threads in [1, 2] {
            let got = links_as_from_the_texts(&t, threads);
            let uses = got
                .iter()
                .find(|f| f.name() == "o/sub/uses.proto")
                .expect("uses.proto");
            let paths: Vec<&[i32]> = uses
                .source_code_info
                .as_ref()
                .expect("source info")
                .location
                .iter()
                .map(|l| &l.path[..])
                .collect();
            // `(rule).nums = 2` on the first field: the second value of the list inside the
            // extension; `(rules) = { … }` twice on the second: its first and second values.
            for path in [
                &[4, 0, 2, 0, 8, 50000, 2, 1][..],
                &[4, 0, 2, 1, 8, 50004, 1],
            ] {
                assert!(paths.contains(&path), "{path:?} in {paths:?}");
            }
            assert!(!paths.iter().any(|p| p.contains(&999)), "{paths:?}");
        }
    }

    /// Where this side cannot tell how the linker resolved an option (a name that two
    /// extensions can answer to; a list filled inside a message that an earlier option gave
    /// whole), the side links again from the texts, with the same result.
    #[test]
    fn options_not_worked_out_on_the_parsed_ahead_path_link_again_from_the_texts() {
        let opts =
            "syntax = \"proto2\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n\
                    message Rule { repeated int32 nums = 1; optional string name = 2; }\n\
                    extend google.protobuf.FieldOptions { optional int32 x = 50000; \
                    optional Rule rule = 50001; }\n";
        for field in [
            "message Q { extend google.protobuf.FieldOptions { optional int32 x = 50002; }\n\
             optional int32 f = 1 [(x) = 1]; }\n",
            "message Q { optional int32 f = 1 [(rule) = { nums: 1 }, (rule).nums = 2]; }\n",
        ] {
            let text = format!(
                "syntax = \"proto2\";\npackage p;\nimport \"opts.proto\";\n\
                 import \"google/protobuf/descriptor.proto\";\n{field}"
            );
            let t = tree(&[("opts.proto", opts), ("q.proto", &text)]);
            let registry = editions::SharedRegistry::default();
            let parsed = resolver::parse_ahead(&t, 2);
            assert!(
                compile_linked(&t, "old", "t", false, &registry, &parsed).is_err(),
                "{field}"
            );
            let whole = compile_sources(&t, "old", "t", false, 2).expect("compiles");
            let from_text = compile_linked(&t, "old", "t", false, &registry, &Default::default())
                .expect("links");
            let (whole, from_text) = (
                decode(&whole.descriptor_set),
                decode(&from_text.descriptor_set),
            );
            assert_eq!(whole, from_text, "{field}");
        }
    }

    /// A file of the tree that an earlier resolver shadows (a vendored copy of a well-known
    /// type: protox's own copy wins) is linked from that copy, every location included: the
    /// locations held back from the tree's parse are not spliced into it.
    #[test]
    fn a_vendored_well_known_type_links_on_the_parsed_ahead_path() {
        let vendored = "syntax = \"proto3\";\npackage google.protobuf;\n\
                        // A vendored copy.\nmessage Timestamp { int64 seconds = 1 [deprecated = true];\n\
                        int32 nanos = 2; }\n";
        let t = tree(&[
            ("google/protobuf/timestamp.proto", vendored),
            (
                "a.proto",
                "syntax = \"proto3\";\npackage a;\nimport \"google/protobuf/timestamp.proto\";\n\
                 message M { google.protobuf.Timestamp t = 1 [deprecated = true]; }\n",
            ),
        ]);
        let registry = editions::SharedRegistry::default();
        let parsed = resolver::parse_ahead(&t, 2);
        let ahead = compile_linked(&t, "old", "t", false, &registry, &parsed)
            .expect("links on the parsed-ahead path");
        let from_text =
            compile_linked(&t, "old", "t", false, &registry, &Default::default()).expect("links");
        let locations = |set: &[u8], name: &str| {
            prost_types::FileDescriptorSet::decode(set)
                .expect("decodes")
                .file
                .into_iter()
                .find(|f| f.name() == name)
                .and_then(|f| f.source_code_info)
                .map(|i| i.location.len())
        };
        let name = "google/protobuf/timestamp.proto";
        assert_eq!(
            locations(&ahead.descriptor_set, name),
            locations(&from_text.descriptor_set, name)
        );
        assert_eq!(
            locations(&ahead.descriptor_set, "a.proto"),
            locations(&from_text.descriptor_set, "a.proto")
        );
    }

    /// Linking the descriptors parsed ahead gives the set protox gives from the texts (source
    /// info included: protox rewrites option paths in it while linking), but for the comments
    /// the model never reads.
    #[test]
    fn parsed_ahead_links_as_from_the_texts_but_for_unread_comments() {
        let t = tree(&[
            (
                "a/b.proto",
                "syntax = \"proto3\";\n// The package.\npackage a;\nimport \"c.proto\";\n\
                 import \"google/protobuf/timestamp.proto\";\n\
                 // Detached.\n\n// A message.\nmessage M {\n  // protocheck:ignore FIELD_NO_DELETE why\n\
                 \tC c = 1; // trailing\n  google.protobuf.Timestamp t = 2 [deprecated = true];\n\
                 map<string, C> m = 3;\n  oneof o { string s = 4; }\n}\n",
            ),
            (
                "c.proto",
                "syntax = \"proto2\";\npackage a;\nmessage C { optional int32 x = 1 [default = 5]; \
                 extensions 10 to 20; }\nextend C { optional string y = 10; }\n\
                 enum E { option allow_alias = true; E0 = 0; E1 = 1; E2 = 1; }\n\
                 service S { rpc R(C) returns (C); }\n",
            ),
            (
                "d.proto",
                "syntax = \"proto3\";\npackage d;\nimport \"google/api/annotations.proto\";\n\
                 import \"google/api/field_behavior.proto\";\n\
                 option java_package = \"com.d\";\n\
                 message Q {\n  string a = 1 [(google.api.field_behavior) = REQUIRED,\n\
                 (google.api.field_behavior) = IMMUTABLE, json_name = \"x\"];\n  \
                 message N { int32 b = 1 [deprecated = true]; }\n}\n\
                 service S {\n  rpc R(Q) returns (Q) {\n    option (google.api.http) = {\n\
                 post: \"/v1/{a=*}\"\n      body: \"*\"\n      additional_bindings { get: \"/v1/x\" }\n\
                 };\n    option deprecated = true;\n  }\n}\n",
            ),
        ]);
        for threads in [1, 2] {
            let got = links_as_from_the_texts(&t, threads);
            assert_eq!(
                got.len(),
                8,
                "the three files, timestamp.proto, and google/api's files with descriptor.proto"
            );
            // Nothing of the comment that holds a suppression is lost.
            let b = got
                .iter()
                .find(|f| f.name() == "a/b.proto")
                .expect("a/b.proto");
            let info = b.source_code_info.as_ref().expect("source info");
            assert!(info.location.iter().any(|l| l.leading_comments.as_deref()
                == Some(" protocheck:ignore FIELD_NO_DELETE why\n")));
        }
    }
}
