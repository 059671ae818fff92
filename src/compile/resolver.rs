//! The file resolver chain: the current `descriptor.proto` when editions files are compiled (it
//! defines `FeatureSet`), the well-known types, the in-memory tree, the `-I` import roots on disk (dependencies
//! only), and last the feature extension files (`google/protobuf/{cpp,java,go}_features.proto`)
//! so a repo's own copy of them wins, then the googleapis common protos (`google/api`,
//! `google/rpc`, `google/type`), likewise.
//!
//! Editions files go through the editions front end on their way to protox.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use prost_types::FileDescriptorProto;

use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use super::editions::{self, SharedRegistry};
use super::held::Held;
use crate::input::SourceTree;

/// `current_descriptor`: serve protobuf's current `descriptor.proto` (it defines `FeatureSet`,
/// which editions files need) instead of protox's older copy, which links faster.
pub fn resolver(
    tree: &SourceTree,
    registry: &SharedRegistry,
    current_descriptor: bool,
    parsed: &Parsed,
) -> ChainFileResolver {
    let mut chain = ChainFileResolver::new();
    // protox cannot parse every vendored copy of descriptor.proto: built-in copies come first.
    if current_descriptor {
        chain.add(BuiltinResolver {
            files: &[(
                "google/protobuf/descriptor.proto",
                editions::DESCRIPTOR_PROTO,
            )],
        });
    }
    chain.add(GoogleFileResolver::new());
    chain.add(MemoryResolver {
        tree: tree
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.text.clone()))
            .collect(),
        registry: registry.clone(),
        parsed: parsed.clone(),
    });
    if !tree.deps.is_empty() {
        chain.add(MemoryResolver {
            tree: tree
                .deps
                .iter()
                .map(|(k, v)| (k.clone(), v.text.clone()))
                .collect(),
            registry: registry.clone(),
            parsed: Parsed::default(),
        });
    }
    for root in &tree.import_roots {
        chain.add(RootResolver {
            root: root.to_path_buf(),
            registry: registry.clone(),
        });
    }
    chain.add(BuiltinResolver {
        files: &editions::BUILTIN_FEATURES,
    });
    // The googleapis common protos, last: a copy in the tree or under -I wins.
    chain.add(BuiltinResolver {
        files: super::googleapis::FILES,
    });
    chain
}

/// A file from its text: editions files through the front end, others straight to protox.
fn open_source(
    name: &str,
    text: &Arc<str>,
    registry: &SharedRegistry,
) -> Result<File, protox::Error> {
    // Refused before any parser sees it: too deep for their recursion.
    if let Some(problem) = super::bounds::check_nesting(name, text) {
        editions::lock(registry)
            .failed
            .insert(name.to_owned(), vec![Box::new(problem)]);
        return Err(protox::Error::new(editions::PreparationFailed(
            name.to_owned(),
        )));
    }
    if !editions::is_editions(text) {
        return File::from_source(name, text);
    }
    match editions::prepare(name, text) {
        Ok(Some(prepared)) => {
            let descriptor = prepared.descriptor.clone();
            editions::lock(registry)
                .prepared
                .insert(name.to_owned(), prepared);
            Ok(File::from_file_descriptor_proto(descriptor))
        }
        Ok(None) => File::from_source(name, text),
        Err(errors) => {
            editions::lock(registry).failed.insert(
                name.to_owned(),
                errors.into_iter().map(|e| Box::new(e) as _).collect(),
            );
            Err(protox::Error::new(editions::PreparationFailed(
                name.to_owned(),
            )))
        }
    }
}

struct BuiltinResolver {
    files: &'static [(&'static str, &'static str)],
}

impl FileResolver for BuiltinResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.files.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => File::from_source(name, text),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Files of the tree parsed ahead (in parallel), taken out as protox opens them, and the
/// source locations each holds back from the linker (see [`super::held`]).
#[derive(Clone, Default)]
pub struct Parsed {
    files: Arc<Mutex<HashMap<String, FileDescriptorProto>>>,
    held: Arc<HashMap<String, Held>>,
}

impl Parsed {
    /// The locations held back from `name`, if the linker took that file from here (a file of
    /// the tree that an earlier resolver shadows, such as a vendored copy of a well-known
    /// type, is linked from that resolver's text, every location included).
    pub fn held(&self, name: &str) -> Option<&Held> {
        let taken = self.files.lock().is_ok_and(|f| !f.contains_key(name));
        self.held.get(name).filter(|_| taken)
    }
}

/// Parses the non-editions files of `tree` on `threads` threads. A file that does not parse
/// is left out (protox parses it again from its text and reports the error).
pub fn parse_ahead(tree: &SourceTree, threads: usize) -> Parsed {
    let files: Vec<(&String, &Arc<str>)> = tree.files.iter().map(|(p, f)| (p, &f.text)).collect();
    let parsed = crate::parallel::map_all(&files, threads, |(path, text)| {
        // An editions file, or one too deep for the parser's recursion, is left to
        // `open_source` (which prepares the one and refuses the other).
        if editions::is_editions(text) || super::bounds::check_nesting(path, text).is_some() {
            return None;
        }
        let mut fd = protox_parse::parse(path, text).ok()?;
        let held = fd
            .source_code_info
            .as_mut()
            .map(prune_comments)
            .map(|()| Held::take(&mut fd));
        Some((fd, held))
    });
    let mut fds = HashMap::with_capacity(parsed.len());
    let mut helds = HashMap::with_capacity(parsed.len());
    for ((path, _), one) in files.iter().zip(parsed) {
        let Some((fd, held)) = one else { continue };
        if let Some(h) = held {
            helds.insert((*path).clone(), h);
        }
        fds.insert((*path).clone(), fd);
    }
    Parsed {
        files: Arc::new(Mutex::new(fds)),
        held: Arc::new(helds),
    }
}

/// Empties the comments the model never reads, to keep the linked tree small: only a comment
/// that holds a suppression is kept whole; an emptied comment stays present, so that the model
/// finds a comment where it found one before. Detached comments are dropped.
fn prune_comments(info: &mut prost_types::SourceCodeInfo) {
    let prune = |c: &mut Option<String>| {
        if let Some(text) = c {
            if !text.contains(crate::model::SUPPRESS_MARKER) {
                *c = Some(String::new());
            }
        }
    };
    for loc in &mut info.location {
        prune(&mut loc.leading_comments);
        prune(&mut loc.trailing_comments);
        loc.leading_detached_comments = Vec::new();
    }
}

struct MemoryResolver {
    tree: HashMap<String, Arc<str>>,
    registry: SharedRegistry,
    parsed: Parsed,
}

impl FileResolver for MemoryResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        let ahead = self
            .parsed
            .files
            .lock()
            .ok()
            .and_then(|mut p| p.remove(name));
        if let Some(fd) = ahead {
            return Ok(File::from_file_descriptor_proto(fd));
        }
        match self.tree.get(name) {
            Some(text) => open_source(name, text, &self.registry),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Dependencies found under an import root on disk.
struct RootResolver {
    root: std::path::PathBuf,
    registry: SharedRegistry,
}

impl FileResolver for RootResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        let path = self.root.join(Path::new(name));
        if !path.is_file() {
            return Err(protox::Error::file_not_found(name));
        }
        let text = std::fs::read_to_string(&path).map_err(protox::Error::new)?;
        open_source(name, &Arc::from(text), &self.registry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_registry_still_records_an_editions_file() {
        let registry = SharedRegistry::default();
        let poisoner = registry.clone();
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.lock().expect("not yet poisoned");
            panic!("poison the lock");
        })
        .join();
        assert!(registry.is_poisoned());
        let text: Arc<str> =
            Arc::from("edition = \"2023\";\npackage p;\nmessage M { int32 a = 1; }\n");
        open_source("a.proto", &text, &registry).expect("prepared");
        assert!(editions::lock(&registry).prepared.contains_key("a.proto"));
    }
}
