//! Deduplication: anonymous drafts of one shape (and title) are one type, merged until nothing
//! changes; components never merge.

use super::{renumber, Draft, DraftField, DraftKind, NameHint};
use crate::model::{DraftId, Presence, TypeId, TypeRef};
use std::collections::BTreeMap;

/// What two anonymous drafts share when they are the same type: fields without docs, and
/// without the properties that carry a `const` (those may differ or be absent).
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Shape<'d> {
    Struct { fields: Vec<(&'d str, &'d TypeRef<DraftId>, bool, bool)>, extra: Option<&'d TypeRef<DraftId>> },
    Alias(&'d TypeRef<DraftId>),
    Enum(&'d [String]),
    Union(&'d [TypeRef<DraftId>]),
    Tagged(&'d str, &'d [(TypeRef<DraftId>, Vec<String>)]),
    IntEnum(&'d [(i64, Option<String>)]),
}

/// The key two drafts merge by: their shape, and the title when they have one. Inline schemas
/// of one title and shape are one type (Stripe repeats `range_query_specs` 53 times, which were
/// `RangeQuerySpecs` to `RangeQuerySpecs53`); components never merge.
fn key(d: &Draft) -> Option<(Option<&str>, Shape<'_>)> {
    let title = match &d.hint {
        NameHint::Component(_) => return None,
        NameHint::Title(title) => Some(title.as_str()),
        _ => None,
    };
    Some((title, shape(d)?))
}

fn shape(d: &Draft) -> Option<Shape<'_>> {
    Some(match &d.kind {
        DraftKind::Struct { fields, extra } => Shape::Struct {
            fields: fields
                .iter()
                .filter(|f| f.constant.is_none())
                .map(|f| (f.wire.as_str(), &f.ty, f.presence.required(), f.presence.nullable()))
                .collect(),
            extra: extra.as_ref(),
        },
        DraftKind::Alias(t) => Shape::Alias(t),
        DraftKind::Enum(values) => Shape::Enum(values),
        DraftKind::Union(types) => Shape::Union(types),
        DraftKind::Tagged { property, variants } => Shape::Tagged(property, variants),
        DraftKind::IntEnum(values) => Shape::IntEnum(values),
        DraftKind::Pending => return None,
    })
}

/// Merges anonymous drafts of the same shape until nothing changes. Returns the surviving
/// drafts (compacted) and, for every original id, its new id.
pub(super) fn dedup(drafts: Vec<Draft>) -> (Vec<Draft>, Vec<TypeId>) {
    let n = drafts.len();
    let mut canon: Vec<usize> = (0..n).map(|i| drafts[i].absorbed.map_or(i, |to| to.0)).collect();
    let mut current = drafts.clone();
    follow(&mut canon, &mut current);
    loop {
        let mut by_shape: BTreeMap<(Option<&str>, Shape), Vec<usize>> = BTreeMap::new();
        for (i, d) in current.iter().enumerate() {
            if canon[i] != i {
                continue;
            }
            if let Some(key) = key(d) {
                by_shape.entry(key).or_default().push(i);
            }
        }
        // Groups are disjoint: merging one does not change another's members.
        let groups: Vec<Vec<usize>> = by_shape.into_values().filter(|m| m.len() > 1).collect();
        let mut merged_any = false;
        for members in &groups {
            // Const properties must agree in type to share a field.
            let mut const_types: BTreeMap<&str, &TypeRef<DraftId>> = BTreeMap::new();
            let agree = members.iter().all(|&m| match &current[m].kind {
                DraftKind::Struct { fields, .. } => fields
                    .iter()
                    .filter(|f| f.constant.is_some())
                    .all(|f| *const_types.entry(&f.wire).or_insert(&f.ty) == &f.ty),
                _ => true,
            });
            if !agree {
                continue;
            }
            let rep = members[0];
            let merged = merge_members(members.iter().map(|&m| &current[m]).collect());
            current[rep] = merged;
            for &m in &members[1..] {
                canon[m] = rep;
            }
            merged_any = true;
        }
        if !merged_any {
            break;
        }
        follow(&mut canon, &mut current);
    }
    // Compact.
    let mut new_index = vec![usize::MAX; n];
    let mut out: Vec<Draft> = Vec::new();
    for i in 0..n {
        if canon[i] == i {
            new_index[i] = out.len();
            out.push(current[i].clone());
        }
    }
    let remap: Vec<TypeId> = (0..n).map(|i| TypeId(new_index[canon[i]])).collect();
    // Compacted, a draft's index is its final id.
    out.iter_mut().for_each(|d| renumber(d, &|id| DraftId(remap[id.0].0)));
    (out, remap)
}

/// Points every draft straight at the draft it became (through chains of merges and
/// absorptions, never cycles) and renumbers every reference accordingly.
fn follow(canon: &mut Vec<usize>, drafts: &mut [Draft]) {
    let flat: Vec<usize> = (0..canon.len())
        .map(|mut i| {
            while canon[i] != i {
                i = canon[i];
            }
            i
        })
        .collect();
    drafts.iter_mut().for_each(|d| renumber(d, &|id| DraftId(flat[id.0])));
    *canon = flat;
}

/// One struct from members of one shape: fields in first-seen order; a const property is
/// required only if every member requires it.
fn merge_members(members: Vec<&Draft>) -> Draft {
    let first = members[0];
    let DraftKind::Struct { extra, .. } = &first.kind else {
        return Draft { hint: crate::names::types::merged_hint(&members), ..first.clone() };
    };
    let mut fields: Vec<DraftField> = Vec::new();
    for m in &members {
        if let DraftKind::Struct { fields: mf, .. } = &m.kind {
            for f in mf {
                match fields.iter_mut().find(|x| x.wire == f.wire) {
                    Some(x) => {
                        // Required where every member requires it, nullable where any allows null.
                        x.presence = Presence::of(
                            x.presence.required() && f.presence.required(),
                            x.presence.nullable() || f.presence.nullable(),
                        );
                        // Keeps the property marked as const (its values were recorded
                        // before merging) so the shape key stays stable.
                        if x.constant.is_some() && f.constant.is_some() && x.constant != f.constant {
                            x.const_varies = true;
                        }
                        x.constant = x.constant.take().or_else(|| f.constant.clone());
                        x.doc = x.doc.take().or_else(|| f.doc.clone());
                    }
                    None => fields.push(f.clone()),
                }
            }
        }
    }
    for f in fields.iter_mut().filter(|f| {
        members.iter().any(|m| match &m.kind {
            DraftKind::Struct { fields: mf, .. } => !mf.iter().any(|x| x.wire == f.wire),
            _ => false,
        })
    }) {
        f.presence = Presence::of(false, f.presence.nullable());
    }
    let hint = crate::names::types::merged_hint(&members);
    Draft {
        hint,
        doc: first.doc.clone(),
        pointer: first.pointer.clone(),
        merged: members.iter().map(|m| m.merged + 1).sum::<usize>() - 1,
        kind: DraftKind::Struct { fields, extra: extra.clone() },
        absorbed: None,
    }
}
