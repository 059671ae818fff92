//! Compiling a [`SourceTree`] into descriptor bytes with protox, entirely in memory.

mod editions;
mod resolver;

use std::collections::HashSet;
use std::sync::Arc;

use protox::Compiler;

use crate::error::{CompileErrors, Error};
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
        Input::Sources(tree) => compile_sources(tree, side, label),
    }
}

fn compile_sources(tree: &SourceTree, side: &'static str, label: &str) -> Result<Compiled, Error> {
    // Editions sources are refused up front, each with its own located diagnostic.
    let editions: Vec<Box<dyn miette::Diagnostic + Send + Sync>> = tree
        .files
        .iter()
        .filter_map(|(path, f)| editions::check(path, &f.text).err())
        .map(|e| Box::new(e) as Box<dyn miette::Diagnostic + Send + Sync>)
        .collect();
    if !editions.is_empty() {
        return Err(Error::Compile(CompileErrors {
            side,
            input: label.to_owned(),
            errors: editions,
        }));
    }

    let mut compiler = Compiler::with_file_resolver(resolver::resolver(tree));
    compiler.include_imports(true).include_source_info(true);
    let mut errors: Vec<Box<dyn miette::Diagnostic + Send + Sync>> = Vec::new();
    let mut seen = HashSet::new();
    for path in tree.files.keys() {
        if let Err(e) = compiler.open_file(path) {
            // A broken file is reported again by every file importing it: keep the first.
            if seen.insert(e.to_string()) {
                errors.push(Box::new(e) as Box<dyn miette::Diagnostic + Send + Sync>);
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Compile(CompileErrors {
            side,
            input: label.to_owned(),
            errors,
        }));
    }
    let descriptor_set = Arc::from(compiler.encode_file_descriptor_set());
    // Free protox's descriptor pool before the model is built, to keep the peak memory down.
    drop(compiler);
    Ok(Compiled {
        descriptor_set,
        targets: Some(tree.files.keys().cloned().collect()),
        sources: tree
            .files
            .iter()
            .map(|(p, f)| (p.clone(), f.text.clone()))
            .collect(),
    })
}
