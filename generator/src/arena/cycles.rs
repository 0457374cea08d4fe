//! Reference cycles that would give a crate that does not compile, or a decoder that never
//! ends, made into types that do both, or refused.
//!
//! - A `oneOf`/`anyOf` branch that leads back to its own union through references alone
//!   (`G: {oneOf: [{$ref: G}, {type: string}]}`, or through an alias or another union) matches
//!   only what the other branches match, and decoding it would try the union again forever: the
//!   branch is dropped. A union left with no branch is refused, as below.
//! - An alias (`pub type E = Vec<E>;`) may not name itself in Rust, however deep: where the way
//!   back passes through an array or a map (nested arrays, a tree of maps), the reference that
//!   closes the cycle inside the container becomes a JSON value (`Vec<serde_json::Value>`),
//!   which reads every value the schema allows.
//! - Aliases that only name each other (`A: {$ref: B}`, `B: {$ref: A}`; an `allOf` or `oneOf`
//!   of itself) describe no value at all: refused, located at the first of them, with the cycle.

use super::{Draft, DraftKind};
use crate::model::{DraftId, TypeRef};

/// A cycle that gives no type: where it starts (a JSON pointer) and what it is.
#[derive(Debug)]
pub struct Refused {
    pub pointer: String,
    pub message: String,
}

/// The draft a reference names directly: through `Option` and `Box`, not through a container.
fn direct(t: &TypeRef<DraftId>) -> Option<usize> {
    match t {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Option(t) | TypeRef::Boxed(t) => direct(t),
        _ => None,
    }
}

/// What a draft names directly, where naming it is all it does for that part of its value:
/// an alias's target, a union's branches.
fn direct_edges(d: &Draft) -> Vec<usize> {
    match &d.kind {
        DraftKind::Alias(t) => direct(t).into_iter().collect(),
        DraftKind::Union(types) => types.iter().filter_map(direct).collect(),
        DraftKind::Tagged { variants, .. } => variants.iter().filter_map(|(t, _)| direct(t)).collect(),
        _ => Vec::new(),
    }
}

/// The path from `from` to `to` along `edges` (both ends included), if there is one.
fn path(edges: &dyn Fn(usize) -> Vec<usize>, n: usize, from: usize, to: usize) -> Option<Vec<usize>> {
    let mut parent = vec![usize::MAX; n];
    let mut seen = vec![false; n];
    let mut stack = vec![from];
    seen[from] = true;
    while let Some(i) = stack.pop() {
        if i == to {
            let mut out = vec![to];
            let mut at = to;
            while at != from {
                at = parent[at];
                out.push(at);
            }
            out.reverse();
            return Some(out);
        }
        for j in edges(i) {
            if !seen[j] {
                seen[j] = true;
                parent[j] = i;
                stack.push(j);
            }
        }
    }
    None
}

/// Every named draft an alias's type expands to, however deep (Rust expands aliases eagerly).
fn alias_targets(t: &TypeRef<DraftId>, out: &mut Vec<usize>) {
    match t {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => alias_targets(t, out),
        _ => {}
    }
}

fn refused(drafts: &[Draft], cycle: &[usize]) -> Refused {
    let at = |i: usize| format!("#{}", drafts[i].pointer);
    let steps: Vec<String> = cycle.iter().map(|&i| at(i)).collect();
    Refused {
        pointer: drafts[cycle[0]].pointer.clone(),
        message: format!(
            "this schema only refers to itself ({}): a cycle of references with no schema of its own gives no type",
            steps.join(" → ")
        ),
    }
}

/// See the module docs.
pub(super) fn break_cycles(drafts: &mut [Draft]) -> Result<(), Refused> {
    let n = drafts.len();
    // Unions first: a branch that leads straight back to its union.
    for u in 0..n {
        let is_union = matches!(drafts[u].kind, DraftKind::Union(_) | DraftKind::Tagged { .. });
        if !is_union {
            continue;
        }
        let back = |drafts: &[Draft], t: &TypeRef<DraftId>| {
            direct(t).is_some_and(|v| path(&|i| direct_edges(&drafts[i]), n, v, u).is_some())
        };
        let keep: Vec<bool> = match &drafts[u].kind {
            DraftKind::Union(types) => types.iter().map(|t| !back(drafts, t)).collect(),
            DraftKind::Tagged { variants, .. } => variants.iter().map(|(t, _)| !back(drafts, t)).collect(),
            _ => unreachable!("a union"),
        };
        if keep.iter().all(|k| *k) {
            continue;
        }
        if !keep.iter().any(|k| *k) {
            let cycle = match &drafts[u].kind {
                DraftKind::Union(types) => direct(&types[0]),
                DraftKind::Tagged { variants, .. } => direct(&variants[0].0),
                _ => None,
            }
            .and_then(|v| path(&|i| direct_edges(&drafts[i]), n, v, u))
            .map(|p| [vec![u], p].concat())
            .unwrap_or_else(|| vec![u, u]);
            return Err(refused(drafts, &cycle));
        }
        let mut keep = keep.into_iter();
        match &mut drafts[u].kind {
            DraftKind::Union(types) => types.retain(|_| keep.next().unwrap_or(true)),
            DraftKind::Tagged { variants, .. } => variants.retain(|_| keep.next().unwrap_or(true)),
            _ => {}
        }
    }
    // Then aliases, in draft order.
    let is_alias = |d: &Draft| matches!(d.kind, DraftKind::Alias(_));
    for a in 0..n {
        let DraftKind::Alias(t) = &drafts[a].kind else { continue };
        // A cycle of aliases alone, each naming the next directly: no type at all.
        let alias_direct = |drafts: &[Draft], i: usize| match &drafts[i].kind {
            DraftKind::Alias(t) => direct(t).into_iter().collect(),
            _ => Vec::new(),
        };
        if let Some(p) = direct(t).and_then(|v| path(&|i| alias_direct(drafts, i), n, v, a)) {
            return Err(refused(drafts, &[vec![a], p].concat()));
        }
        // A way back through a container: the reference in the container becomes a JSON value.
        let alias_edges = |drafts: &[Draft], i: usize| {
            let mut out = Vec::new();
            if let DraftKind::Alias(t) = &drafts[i].kind {
                alias_targets(t, &mut out);
            }
            out.retain(|&j| is_alias(&drafts[j]));
            out
        };
        let mut t = t.clone();
        let back = |j: usize| is_alias(&drafts[j]) && path(&|i| alias_edges(drafts, i), n, j, a).is_some();
        if json_where(&mut t, false, &back) {
            drafts[a].kind = DraftKind::Alias(t);
        }
    }
    Ok(())
}

/// Replaces with a JSON value each named type inside a container of `t` for which `back` holds;
/// whether it replaced any.
fn json_where(t: &mut TypeRef<DraftId>, contained: bool, back: &dyn Fn(usize) -> bool) -> bool {
    match t {
        TypeRef::Named(id) if contained && back(id.0) => {
            *t = TypeRef::Json;
            true
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => json_where(inner, true, back),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => json_where(inner, contained, back),
        _ => false,
    }
}
