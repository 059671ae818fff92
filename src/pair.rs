//! Matching OLD and NEW elements the way buf does: files by path, messages, enums and
//! services by full name, fields and enum values by number, methods by name.

use std::sync::OnceLock;

use crate::model::{Contract, Enum, Field, File, Message, Method, Place, Service, Span};

/// The switches of `[breaking.policy]` in protocheck.toml: what the POLICY rules read from
/// a diff (the config layer reads them into this).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyOptions {
    /// Replace buf's plain `*_NO_DELETE` rules by the POLICY `*_NO_DELETE_UNLESS_DEPRECATED`
    /// ones: deprecate first, then delete and reserve.
    pub deprecate_then_reserve: bool,
    /// Replace FIELD_SAME_ONEOF by FIELD_ONEOF_TRANSITION.
    pub oneof_transition: bool,
    /// Messages (full names; `pkg.*` for a whole package) whose new proto3 fields must have
    /// explicit presence (FIELD_NEW_WITH_PRESENCE).
    pub presence_sensitive: Vec<String>,
}

impl PolicyOptions {
    /// Whether `message` (a full name) is listed as presence-sensitive.
    pub fn is_presence_sensitive(&self, message: &str) -> bool {
        self.presence_sensitive
            .iter()
            .any(|p| match p.strip_suffix(".*") {
                Some(prefix) => message
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.')),
                None => p == message,
            })
    }
}

/// The two sides of a comparison. Pairs are computed once, on first use, and shared by every
/// rule.
pub struct Diff<'a> {
    pub old: &'a Contract,
    pub new: &'a Contract,
    /// The team-policy options the POLICY rules read (see [`Diff::with_policy`]).
    pub policy: PolicyOptions,
    files: OnceLock<Vec<(&'a File, &'a File)>>,
    messages: OnceLock<Vec<(&'a Message, &'a Message)>>,
    enums: OnceLock<Vec<(&'a Enum, &'a Enum)>>,
    services: OnceLock<Vec<(&'a Service, &'a Service)>>,
    extensions: OnceLock<Vec<(&'a Field, &'a Field)>>,
}

impl<'a> Diff<'a> {
    pub fn new(old: &'a Contract, new: &'a Contract) -> Self {
        Diff {
            old,
            new,
            policy: PolicyOptions::default(),
            files: OnceLock::new(),
            messages: OnceLock::new(),
            enums: OnceLock::new(),
            services: OnceLock::new(),
            extensions: OnceLock::new(),
        }
    }

    /// The same diff, with the `[breaking.policy]` options of the config.
    pub fn with_policy(mut self, policy: PolicyOptions) -> Self {
        self.policy = policy;
        self
    }

    /// Files compared on both sides, paired by path.
    pub fn file_pairs(&self) -> impl Iterator<Item = (&'a File, &'a File)> + '_ {
        self.files
            .get_or_init(|| {
                self.old
                    .target_files()
                    .filter_map(|o| Some((o, self.new.file(&o.path).filter(|n| n.target)?)))
                    .collect()
            })
            .iter()
            .copied()
    }

    /// Messages paired by full name (anywhere in the compared files).
    pub fn message_pairs(&self) -> impl Iterator<Item = (&'a Message, &'a Message)> + '_ {
        let new = self.new;
        self.messages
            .get_or_init(|| self.by_full_name(self.old.target_messages(), |n| new.message(n)))
            .iter()
            .copied()
    }

    /// Fields of paired messages, paired by number.
    pub fn field_pairs(&self) -> impl Iterator<Item = FieldPair<'a>> + '_ {
        self.message_pairs().flat_map(|(om, nm)| {
            om.fields.iter().filter_map(move |of| {
                nm.field(of.number).map(|nf| FieldPair {
                    old_message: om,
                    new_message: nm,
                    old: of,
                    new: nf,
                })
            })
        })
    }

    /// Extensions paired by extendee and number.
    pub fn extension_pairs(&self) -> impl Iterator<Item = (&'a Field, &'a Field)> + '_ {
        self.extensions
            .get_or_init(|| {
                let new_index: rustc_hash::FxHashMap<(&str, i32), &'a Field> = self
                    .new
                    .target_extensions()
                    .map(|f| ((f.extendee.as_deref().unwrap_or(""), f.number), f))
                    .collect();
                self.old
                    .target_extensions()
                    .filter_map(|o| {
                        new_index
                            .get(&(o.extendee.as_deref().unwrap_or(""), o.number))
                            .map(|n| (o, *n))
                    })
                    .collect()
            })
            .iter()
            .copied()
    }

    /// Enums paired by full name.
    pub fn enum_pairs(&self) -> impl Iterator<Item = (&'a Enum, &'a Enum)> + '_ {
        let new = self.new;
        self.enums
            .get_or_init(|| self.by_full_name(self.old.target_enums(), |n| new.enum_(n)))
            .iter()
            .copied()
    }

    /// Services paired by full name.
    pub fn service_pairs(&self) -> impl Iterator<Item = (&'a Service, &'a Service)> + '_ {
        let new = self.new;
        self.services
            .get_or_init(|| self.by_full_name(self.old.target_services(), |n| new.service(n)))
            .iter()
            .copied()
    }

    /// OLD's elements of the compared files with NEW's of the same full name, where NEW
    /// declares it in a compared file too.
    fn by_full_name<T: Declared>(
        &self,
        old: impl Iterator<Item = &'a T>,
        new: impl Fn(&str) -> Option<&'a T>,
    ) -> Vec<(&'a T, &'a T)> {
        old.filter_map(|o| {
            let n = new(o.full_name())?;
            self.new.files[n.file()].target.then_some((o, n))
        })
        .collect()
    }

    /// Methods of paired services, paired by name.
    pub fn method_pairs(
        &self,
    ) -> impl Iterator<Item = (&'a Service, &'a Method, &'a Service, &'a Method)> + '_ {
        self.service_pairs().flat_map(|(os, ns)| {
            os.methods.iter().filter_map(move |om| {
                ns.methods
                    .iter()
                    .find(|nm| nm.name == om.name)
                    .map(|nm| (os, om, ns, nm))
            })
        })
    }

    /// The OLD-side place of an element declared in `file` (an index into OLD's files).
    pub fn old_place(&self, file: usize, span: &Option<Span>) -> Place {
        Place::at(&self.old.files[file].path, span.clone())
    }

    /// The NEW-side place of an element declared in `file` (an index into NEW's files).
    pub fn new_place(&self, file: usize, span: &Option<Span>) -> Place {
        Place::at(&self.new.files[file].path, span.clone())
    }

    /// Where buf reports a message, enum or extension deleted from a file: in the same-path NEW
    /// file, at the innermost ancestor message that still exists there (`A.B.C` tries `A.B`,
    /// then `A`), else the file with no location.
    pub fn deleted_element_anchor(&self, new_file: &File, nested_name: &str) -> Place {
        let mut name = nested_name;
        while let Some((parent, _)) = name.rsplit_once('.') {
            name = parent;
            let full = if new_file.package.is_empty() {
                parent.to_owned()
            } else {
                format!("{}.{parent}", new_file.package)
            };
            if let Some(m) = self.new.message(&full) {
                if *self.new.files[m.file].path == *new_file.path {
                    return Place::at(&new_file.path, m.span.clone());
                }
            }
        }
        Place::file(&new_file.path)
    }
}

/// A field present (by number) in both versions of a message.
#[derive(Clone, Copy)]
pub struct FieldPair<'a> {
    pub old_message: &'a Message,
    pub new_message: &'a Message,
    pub old: &'a Field,
    pub new: &'a Field,
}

/// A message, enum or service: declared under a full name in one file.
trait Declared {
    fn full_name(&self) -> &str;
    fn file(&self) -> usize;
}

macro_rules! declared {
    ($($t:ty),*) => {$(
        impl Declared for $t {
            fn full_name(&self) -> &str {
                &self.full_name
            }
            fn file(&self) -> usize {
                self.file
            }
        }
    )*};
}
declared!(Message, Enum, Service);
