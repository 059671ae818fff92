//! Everything that drops findings, after the rules ran: `ignore`, `ignore_only` and
//! `ignore_unstable_packages`, with buf's meaning.
//!
//! A finding is looked at from both sides: it is dropped when its NEW-side file **or** its
//! OLD-side file is ignored (so deleting an ignored file stays quiet), and, with
//! `ignore_unstable_packages`, when the package of either file is not stable.

use std::collections::BTreeMap;

use crate::finding::Finding;
use crate::model::{Contract, Place};
use crate::paths::contains;

/// The ignores of one module. Paths are normalized and relative to the module root, as
/// findings name files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignores {
    /// Findings in these files or directories are dropped.
    pub paths: Vec<String>,
    /// Rule id → files or directories where that rule's findings are dropped.
    pub only: BTreeMap<&'static str, Vec<String>>,
    /// Drop findings in packages whose last component is an alpha, beta or test version.
    pub unstable_packages: bool,
}

impl Ignores {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.only.is_empty() && !self.unstable_packages
    }

    /// Whether `finding` is dropped; `old` and `new` are the contracts its places refer to.
    pub fn drops(&self, finding: &Finding, old: &Contract, new: &Contract) -> bool {
        [(&finding.new, new), (&finding.old, old)]
            .into_iter()
            .any(|(place, side)| {
                place
                    .as_ref()
                    .is_some_and(|p| self.drops_at(finding.rule, p, side))
            })
    }

    fn drops_at(&self, rule: &str, place: &Place, side: &Contract) -> bool {
        let path = &*place.path;
        if self.paths.iter().any(|p| contains(p, path)) {
            return true;
        }
        if self
            .only
            .get(rule)
            .is_some_and(|paths| paths.iter().any(|p| contains(p, path)))
        {
            return true;
        }
        self.unstable_packages
            && side
                .file(path)
                .is_some_and(|f| is_unstable_package(&f.package))
    }
}

/// Drops the findings `ignores` says to drop, keeping the order of the rest.
pub fn apply(
    findings: Vec<Finding>,
    ignores: &Ignores,
    old: &Contract,
    new: &Contract,
) -> Vec<Finding> {
    if ignores.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| !ignores.drops(f, old, new))
        .collect()
}

/// True when the last component of `package` is an unstable version, as buf reads it:
/// `v1alpha1`, `v1beta`, `v2p1beta1`, `v1test`, `v1testfoo` (major ≥ 1, minor ≥ 1 when
/// given). `foo.v1`, `v1beta1` alone (one component) and `foo.v0alpha1` are not.
pub fn is_unstable_package(package: &str) -> bool {
    let Some((_, last)) = package.rsplit_once('.') else {
        return false;
    };
    let Some(version) = last.strip_prefix('v') else {
        return false;
    };
    if version.is_empty() {
        return false;
    }
    if let Some((major, _suffix)) = version.split_once("test") {
        return positive(major);
    }
    let stability = match (version.contains("alpha"), version.contains("beta")) {
        (false, false) | (true, true) => return false,
        (true, false) => "alpha",
        (false, true) => "beta",
    };
    let Some((head, minor)) = version.split_once(stability) else {
        return false;
    };
    if !minor.is_empty() && !positive(minor) {
        return false;
    }
    match head.split_once('p') {
        Some((major, patch)) => positive(major) && positive(patch),
        None => positive(head),
    }
}

/// A decimal number ≥ 1 that fits in 32 bits (an optional sign, as Go's ParseInt allows).
fn positive(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<i32>().is_ok_and(|n| n >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unstable_packages_as_buf_reads_them() {
        for p in [
            "foo.bar.v1alpha1",
            "foo.bar.v1alpha2",
            "foo.bar.v1beta1",
            "foo.bar.v1p1alpha1",
            "foo.bar.v1p1beta2",
            "foo.bar.v1test",
            "foo.bar.v1testfoo",
            "foo.bar.v4test",
            "foo.bar.v1alpha",
            "foo.bar.v1p1beta",
            "foo.v1beta",
        ] {
            assert!(is_unstable_package(p), "{p} is unstable");
        }
        for p in [
            "",
            "foo",
            "foo.bar",
            "foo.v1.bar",
            "v1",
            "v1beta1",
            "foo.v1",
            "foo.v2",
            "foo.bar.v0",
            "foo.bar.v0alpha1",
            "foo.bar.v0beta1",
            "foo.bar.v0p1alpha1",
            "foo.bar.v0test",
            "foo.bar.v1alpha0",
            "foo.bar.v1beta0",
            "foo.bar.v1p0alpha1",
            "foo.bar.vv1alpha1",
            "foo.bar.vv1test",
            "foo.bar.v1aalpha1",
            "foo.bar.v1p1test",
            "foo.bar.v1alphabeta1",
        ] {
            assert!(!is_unstable_package(p), "{p} is not unstable");
        }
    }

    /// A compiled contract of empty files, each declaring its package.
    fn contract(files: &[(&str, &str)]) -> Contract {
        use crate::input::{Input, SourceFile, SourceTree};
        let tree = SourceTree {
            files: files
                .iter()
                .map(|(path, package)| {
                    let text = format!("syntax = \"proto3\";\npackage {package};\n");
                    (path.to_string(), SourceFile::new(text))
                })
                .collect(),
            import_roots: Vec::new(),
            deps: Default::default(),
            root_prefix: String::new(),
            renamed: Default::default(),
            buf_yaml: None,
        };
        let compiled = crate::compile::compile(&Input::Sources(tree), "old", "test")
            .expect("the test files compile");
        crate::model::build(
            compiled.descriptor_set.clone(),
            &|p| compiled.is_target(p),
            &compiled.sources,
        )
        .expect("the descriptors decode")
    }

    fn finding(rule: &'static str, new: Option<&str>, old: Option<&str>) -> Finding {
        Finding {
            rule,
            message: String::new(),
            new: new.map(|p| Place::file(&p.into())),
            old: old.map(|p| Place::file(&p.into())),
            help: None,
            effects: crate::effects::Effects::CODE_ONLY,
            fixes: Vec::new(),
            element: None,
        }
    }

    #[test]
    fn either_side_can_drop_a_finding() {
        let old = contract(&[("legacy/gone.proto", "a.v1"), ("a.proto", "a.v1beta1")]);
        let new = contract(&[("a.proto", "a.v1")]);
        let ignore = Ignores {
            paths: vec!["legacy".into()],
            ..Ignores::default()
        };
        // A deleted file: only its OLD side can match.
        assert!(ignore.drops(
            &finding("FILE_NO_DELETE", None, Some("legacy/gone.proto")),
            &old,
            &new
        ));
        assert!(!ignore.drops(
            &finding("FILE_NO_DELETE", None, Some("a.proto")),
            &old,
            &new
        ));
        // Unstable on the OLD side only.
        let unstable = Ignores {
            unstable_packages: true,
            ..Ignores::default()
        };
        assert!(unstable.drops(
            &finding("FILE_SAME_PACKAGE", Some("a.proto"), Some("a.proto")),
            &old,
            &new
        ));
        assert!(!unstable.drops(
            &finding("FILE_SAME_PACKAGE", Some("a.proto"), None),
            &old,
            &new
        ));
    }

    #[test]
    fn ignore_only_is_limited_to_its_rule() {
        let c = contract(&[("internal/a.proto", "x")]);
        let ignores = Ignores {
            only: [("FIELD_NO_DELETE", vec!["internal".to_owned()])]
                .into_iter()
                .collect(),
            ..Ignores::default()
        };
        let f = |rule| finding(rule, Some("internal/a.proto"), Some("internal/a.proto"));
        assert!(ignores.drops(&f("FIELD_NO_DELETE"), &c, &c));
        assert!(!ignores.drops(&f("FIELD_SAME_NAME"), &c, &c));
        let kept = apply(
            vec![f("FIELD_NO_DELETE"), f("FIELD_SAME_NAME")],
            &ignores,
            &c,
            &c,
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].rule, "FIELD_SAME_NAME");
    }
}
