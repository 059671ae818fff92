//! The file resolver chain: built-in well-known types first, then the in-memory tree, then
//! the `-I` import roots on disk (dependencies only).

use std::path::Path;

use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use crate::input::SourceTree;

pub fn resolver(tree: &SourceTree) -> ChainFileResolver {
    let mut chain = ChainFileResolver::new();
    // Well-known types first: protox cannot parse newer vendored copies of descriptor.proto.
    chain.add(GoogleFileResolver::new());
    chain.add(MemoryResolver {
        tree: tree
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.text.clone()))
            .collect(),
    });
    for root in &tree.import_roots {
        chain.add(RootResolver {
            root: root.to_path_buf(),
        });
    }
    chain
}

struct MemoryResolver {
    tree: std::collections::HashMap<String, std::sync::Arc<str>>,
}

impl FileResolver for MemoryResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.tree.get(name) {
            Some(text) => File::from_source(name, text),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Dependencies found under an import root on disk.
struct RootResolver {
    root: std::path::PathBuf,
}

impl FileResolver for RootResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        let path = self.root.join(Path::new(name));
        if !path.is_file() {
            return Err(protox::Error::file_not_found(name));
        }
        let text = std::fs::read_to_string(&path).map_err(protox::Error::new)?;
        if super::editions::check(name, &text).is_err() {
            return Err(protox::Error::new(format!(
                "{name} (imported from {}): editions are not supported yet",
                self.root.display()
            )));
        }
        File::from_source(name, &text)
    }
}
