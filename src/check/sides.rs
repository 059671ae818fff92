//! The two sides of a comparison, from the inputs given to compiled descriptors: reading,
//! module layout (buf.yaml), incremental planning ([`crate::plan`]) and compiling, each side
//! on its own thread.

use std::path::{Path, PathBuf};

use crate::compile::{self, Compiled};
use crate::config;
use crate::error::Error;
use crate::input::layout::{Layout, Modules};
use crate::input::{self, ConfigFile, Input, RepoPaths};
use crate::model::{self, Contract};
use crate::plan;
use crate::timing::Timer;

/// One side as given: the argument and what its input says about configs and layout.
pub(crate) struct Side {
    /// The directory configs are looked up in: the directory given, or the directory of the
    /// `.proto` file given. A descriptor set has none.
    pub(crate) root: Option<PathBuf>,
    /// A directory was given: its buf.yaml decides the module layout.
    is_dir: bool,
    /// The buf.yaml of a tree that is not on disk (a git revision's root).
    pub(crate) buf_yaml: Option<ConfigFile>,
    /// A buf.yaml given on the command line (`breaking --config`), which wins.
    pub(crate) forced: Option<ConfigFile>,
}

impl Side {
    pub(crate) fn new(spec: &str, input: &Input) -> Side {
        let (root, buf_yaml) = match input {
            // A git revision lives in memory: its import roots are only the `-I` ones.
            Input::Sources(tree) if input::is_git(spec) => (None, tree.buf_yaml.clone()),
            Input::Sources(tree) => (tree.import_roots.first().cloned(), None),
            Input::DescriptorSet(_) => (None, None),
        };
        Side {
            root,
            is_dir: Path::new(spec).is_dir(),
            buf_yaml,
            forced: None,
        }
    }

    pub(crate) fn layout(&self) -> Result<Layout, Error> {
        if let Some(file) = &self.forced {
            return Ok(config::layout_of(file)?);
        }
        Ok(match (&self.root, self.is_dir, &self.buf_yaml) {
            (Some(root), true, _) => config::layout_at(root)?,
            (_, _, Some(file)) => config::layout_of(file)?,
            _ => Layout::default(),
        })
    }

    /// Whether a buf.yaml may shape this side into modules.
    fn has_layout(&self) -> bool {
        self.is_dir || self.buf_yaml.is_some() || self.forced.is_some()
    }
}

/// A side laid out into modules, with its files' repository paths.
pub(crate) type Laid = (Input, Modules, RepoPaths);

/// Reads both inputs concurrently (walking directories, reading files and git are
/// independent I/O).
pub(crate) fn load_both(
    old: &str,
    new: &str,
    include: &[PathBuf],
) -> Result<(Input, Input), Error> {
    let t = Timer::start("both");
    let (o, n) = std::thread::scope(|s| {
        let o = s.spawn(|| Ok(input::load(old, include)?));
        let n = s.spawn(|| Ok(input::load(new, include)?));
        (join(o, old), join(n, new))
    });
    t.lap("load");
    Ok((o?, n?))
}

/// Lays a side out into modules.
pub(crate) fn lay_out(
    spec: &str,
    input: Input,
    layout: &Layout,
    side: &Side,
) -> Result<Laid, Error> {
    let (input, modules) = match input {
        Input::Sources(tree) if side.has_layout() => {
            let (tree, modules) = layout.apply(tree, side.root.as_deref(), spec)?;
            (Input::Sources(tree), modules)
        }
        other => (other, Modules::whole()),
    };
    // Repository paths of the files, for the CI formats' annotations.
    let paths = input.repo_paths();
    Ok((input, modules, paths))
}

/// One side's compile result.
pub(crate) type Compiling = Result<Compiled, Error>;

/// One side's compile result, and the model of the module asked for (built on the side's
/// thread as soon as it compiled, while the other side may still be compiling).
pub(crate) type Modeled = (Compiling, Option<Result<Contract, Error>>);

/// One side to compile: the argument as given, the side laid out (`None` when it could not
/// be), and the module whose model to build right after compiling (`None`: none).
pub(crate) type ToCompile<'a> = (&'a str, Option<&'a Laid>, Option<Option<usize>>);

/// Compiles both laid-out sides concurrently, without the files `plan` skips, each followed
/// by the model asked for.
pub(crate) fn compile_sides(
    old: ToCompile<'_>,
    new: ToCompile<'_>,
    plan: Option<&plan::Plan>,
) -> (Option<Modeled>, Option<Modeled>) {
    fn side<'a>(
        (spec, laid, model): ToCompile<'a>,
        plan: Option<&'a plan::Plan>,
        which: &'static str,
        parse_threads: usize,
    ) -> Option<impl FnOnce() -> Modeled + Send + 'a> {
        laid.map(move |laid| {
            move || {
                let _share = crate::parallel::Share::take();
                let compiled = prepare(spec, &laid.0, plan, which, parse_threads);
                let model = match (&compiled, model) {
                    (Ok(c), Some(module)) => {
                        let t = Timer::start(which);
                        let model = contract(spec, c, &laid.1, module);
                        t.lap("model");
                        Some(model)
                    }
                    _ => None,
                };
                (compiled, model)
            }
        })
    }
    let (old_spec, new_spec) = (old.0, new.0);
    // The side with less source parses on half the threads: the two sides share the cores,
    // and the larger one, whose link takes longer, starts linking sooner (googleapis
    // history pair, 2 cores: 2.0 s instead of 2.1 s).
    let threads = crate::parallel::threads();
    let size = |laid: Option<&Laid>| laid.map_or(0, |l| l.0.source_len());
    let (old_size, new_size) = (size(old.1), size(new.1));
    let half = threads.div_ceil(2);
    let (old_threads, new_threads) = match old_size.cmp(&new_size) {
        std::cmp::Ordering::Less => (half, threads),
        std::cmp::Ordering::Greater => (threads, half),
        std::cmp::Ordering::Equal => (threads, threads),
    };
    let (old, new) = (
        side(old, plan, "old", old_threads),
        side(new, plan, "new", new_threads),
    );
    std::thread::scope(|s| {
        let old = old.map(|f| s.spawn(f));
        let new = new.map(|f| s.spawn(f));
        (
            old.map(|h| join_modeled(h, old_spec)),
            new.map(|h| join_modeled(h, new_spec)),
        )
    })
}

/// A side's thread's result; a panic in it becomes [`internal`].
fn join_modeled(h: std::thread::ScopedJoinHandle<'_, Modeled>, spec: &str) -> Modeled {
    h.join().unwrap_or_else(|_| (Err(internal(spec)), None))
}

/// Compiles one laid-out side, without the files `plan` skips.
fn prepare(
    spec: &str,
    input: &Input,
    plan: Option<&plan::Plan>,
    which: &'static str,
    parse_threads: usize,
) -> Result<Compiled, Error> {
    let t = Timer::start(which);
    let compiled = match plan {
        Some(plan) => {
            let mut reduced = input.clone();
            plan.reduce(&mut reduced);
            compile::compile_reduced(&reduced, which, spec, input, parse_threads)?
        }
        None => compile::compile_reduced(input, which, spec, input, parse_threads)?,
    };
    t.lap("compile");
    Ok(compiled)
}

/// Both sides' results; when both sides fail to compile, every error of both is shown.
pub(crate) fn both<T>(old: Result<T, Error>, new: Result<T, Error>) -> Result<(T, T), Error> {
    match (old, new) {
        (Err(Error::Compile(mut o)), Err(Error::Compile(n))) => {
            o.side = "old and new";
            // The same input on both sides fails the same way: show its errors once.
            if o.input != n.input {
                o.input = format!("{}, {}", o.input, n.input);
                o.errors.extend(n.errors);
            }
            Err(Error::Compile(o))
        }
        (old, new) => Ok((old?, new?)),
    }
}

/// Reads, lays out and compiles both sides the way `diff` does, for what needs the compiled
/// descriptors only (`verify`).
pub(crate) fn compile_both(
    old: &str,
    new: &str,
    include: &[PathBuf],
) -> Result<(Compiled, Compiled), Error> {
    let (old_input, new_input) = load_both(old, new, include)?;
    let old_side = Side::new(old, &old_input);
    let new_side = Side::new(new, &new_input);
    let old_layout = old_side.layout()?;
    let new_layout = new_side.layout()?;
    let (old_laid, new_laid) = both(
        lay_out(old, old_input, &old_layout, &old_side),
        lay_out(new, new_input, &new_layout, &new_side),
    )?;
    let (o, n) = compile_sides(
        (old, Some(&old_laid), None),
        (new, Some(&new_laid), None),
        None,
    );
    let (o, n) = (o.map(|m| m.0), n.map(|m| m.0));
    let internal_error =
        |spec: &str, c: Option<Compiling>| c.unwrap_or_else(|| Err(internal(spec)));
    both(internal_error(old, o), internal_error(new, n))
}

/// Reads, lays out and compiles one input the way `diff` compiles a side (`lock`).
pub(crate) fn compile_one(spec: &str, include: &[PathBuf]) -> Result<Compiled, Error> {
    let input = input::load(spec, include)?;
    let side = Side::new(spec, &input);
    let layout = side.layout()?;
    let (input, _, _) = lay_out(spec, input, &layout, &side)?;
    Ok(compile::compile(&input, "new", spec)?)
}

/// The contract of one module of a side (`None`: an empty side, every file a dependency).
pub(crate) fn contract(
    spec: &str,
    compiled: &Compiled,
    modules: &Modules,
    module: Option<usize>,
) -> Result<Contract, Error> {
    let checked = |p: &str| module.is_some_and(|m| compiled.is_target(p) && modules.contains(m, p));
    model::build(compiled.descriptor_set.clone(), &checked, &compiled.sources).map_err(|e| {
        Error::from(crate::input::Error::Descriptor {
            input: spec.to_owned(),
            message: e.to_string(),
        })
    })
}

/// Pairs NEW modules with OLD ones by module path. A side with a single module pairs with a
/// single module on the other side whatever their paths; otherwise modules left unpaired
/// are paired in path order when both sides have as many (as buf pairs them), else a NEW
/// module is compared with nothing (it is new) and an OLD module with an empty NEW side (it
/// was removed).
pub(crate) fn pair_modules(new: &[&str], old: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    if new.len() == 1 && old.len() == 1 {
        return vec![(Some(0), Some(0))];
    }
    let mut pairs = Vec::new();
    let mut old_left: Vec<usize> = (0..old.len()).collect();
    let mut new_left = Vec::new();
    for (n, path) in new.iter().enumerate() {
        match old_left.iter().position(|&o| old[o] == *path) {
            Some(i) => pairs.push((Some(n), Some(old_left.remove(i)))),
            None => new_left.push(n),
        }
    }
    if new_left.len() == old_left.len() {
        new_left.sort_by_key(|&n| new[n]);
        old_left.sort_by_key(|&o| old[o]);
        pairs.extend(
            new_left
                .into_iter()
                .zip(old_left)
                .map(|(n, o)| (Some(n), Some(o))),
        );
    } else {
        pairs.extend(new_left.into_iter().map(|n| (Some(n), None)));
        pairs.extend(old_left.into_iter().map(|o| (None, Some(o))));
    }
    pairs
}

/// An exit-2 error naming the input, for a panic in a scoped thread (a bug, never expected
/// from any input) instead of an abort.
pub(crate) fn internal(spec: &str) -> Error {
    Error::from(crate::input::Error::Input {
        input: spec.to_owned(),
        message: format!("internal error while reading {spec}"),
        help: Some(
            "this is a bug in protocheck or a library it uses: please report it with the \
             input and the message printed above"
                .into(),
        ),
    })
}

/// The result of a scoped thread; a panic in it becomes [`internal`].
pub(crate) fn join<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, Error>>,
    spec: &str,
) -> Result<T, Error> {
    handle.join().unwrap_or_else(|_| Err(internal(spec)))
}

#[cfg(test)]
mod tests {
    use super::pair_modules;

    #[test]
    fn modules_pair_by_path_then_by_order() {
        assert_eq!(pair_modules(&["."], &["proto"]), [(Some(0), Some(0))]);
        assert_eq!(
            pair_modules(&["b", "a"], &["a", "b"]),
            [(Some(0), Some(1)), (Some(1), Some(0))]
        );
        assert_eq!(
            pair_modules(&["a", "x"], &["a", "y"]),
            [(Some(0), Some(0)), (Some(1), Some(1))]
        );
        assert_eq!(
            pair_modules(&["a", "b", "c"], &["a", "b"]),
            [(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), None)]
        );
        assert_eq!(
            pair_modules(&["a"], &["a", "gone"]),
            [(Some(0), Some(0)), (None, Some(1))]
        );
    }
}
