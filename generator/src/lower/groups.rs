//! Large APIs: one module and one Cargo feature per tag (or, without tags, per resource).

use crate::model::{Group, Operation};
use crate::names::{self, Scope};
use crate::surface;
use std::collections::BTreeMap;

/// An API with at least this many operations gets one module and one Cargo feature per tag.
pub const GROUP_MIN_OPERATIONS: usize = 60;

/// A split by path resource is made only where the resources hold this many operations on
/// average.
const MIN_PER_RESOURCE: usize = 3;

/// Splits a large API's operations by first tag: groups sorted by tag (untagged last), module
/// names unique ASCII snake case, feature names their kebab-case form. An API without any tags
/// (Stripe) is split by resource: the first path segment that is neither a version (`v1`) nor a
/// parameter.
pub(super) fn groups(operations: &[Operation], tags: &[openapiv3::Tag]) -> Vec<Group> {
    if operations.len() < GROUP_MIN_OPERATIONS {
        return Vec::new();
    }
    let by_path = operations.iter().all(|op| op.tag.is_none());
    let mut by_key: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let key = if by_path { resource(&op.path) } else { op.tag.as_deref() };
        by_key.entry(key).or_default().push(i);
    }
    // A split by path that gives resources of one or two operations each (an RPC-style API:
    // `/sendMessage`, `/getMe`) is no split into features a user would pick: a user would list
    // every method they call. Such an API stays one module.
    let thin = by_path && by_key.len() * MIN_PER_RESOURCE > operations.len();
    if by_key.len() < 2 || thin {
        return Vec::new();
    }
    // `None` sorts first in a BTreeMap; the operations without a key go last.
    let mut entries: Vec<_> = by_key.into_iter().collect();
    let none_first = usize::from(entries[0].0.is_none());
    entries.rotate_left(none_first);
    let mut modules = Scope::with_reserved(surface::GROUP_MODULES_RESERVED);
    let mut features: std::collections::BTreeSet<String> =
        surface::FEATURES.iter().map(|f| f.to_string()).collect();
    entries
        .into_iter()
        .enumerate()
        .map(|(n, (key, operations))| {
            let base = names::snake_word(key.unwrap_or(if by_path { "root" } else { "untagged" }));
            let base = base.as_str();
            let base = if !base.is_ascii() {
                format!("group_{}", n + 1)
            } else if names::is_keyword(base) {
                format!("{base}_")
            } else {
                base.to_string()
            };
            let module = modules.claim(&base);
            // A module renamed only because its name is reserved keeps the tag's feature name.
            let named = if surface::GROUP_MODULES_RESERVED.contains(&base.as_str()) {
                &base
            } else {
                module.as_str()
            };
            let feature = named.trim_matches('_').replace('_', "-");
            let feature = (1..)
                .map(|k| if k == 1 { feature.clone() } else { format!("{feature}-{k}") })
                .find(|f| features.insert(f.clone()))
                .unwrap_or_default();
            let (tag, resource, description) = if by_path {
                (None, key.map(str::to_string), None)
            } else {
                let description =
                    tags.iter().find(|t| Some(t.name.as_str()) == key).and_then(|t| t.description.clone());
                (key.map(str::to_string), None, description)
            };
            Group { tag, resource, module, feature, description, operations }
        })
        .collect()
}

/// The resource a path is about: its first segment that is not a version or a parameter.
fn resource(path: &str) -> Option<&str> {
    path.split('/').find(|s| !s.is_empty() && !s.starts_with('{') && !names::is_version(s))
}
