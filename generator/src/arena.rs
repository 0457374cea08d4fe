//! The type arena while lowering, and the passes that finish it: deduplication (identical
//! anonymous schemas, and schemas that differ only in `const` values), reference cycles that
//! give no type ([`cycles`]), recursion boxing, and naming from context.

pub mod cycles;

use crate::model::walk::{self, Edge, Visit};
use crate::model::{
    ConstValue, DraftId, EnumVariant, Field, Fixed, Id, IntVariant, Presence, Struct, TypeDef, TypeId,
    TypeKind, TypeRef, UnionVariant,
};
use crate::names::{self, Ident, Scope};
use crate::surface;
use std::collections::{BTreeMap, BTreeSet};

/// Where a type's name comes from. Component names and titles are "required" names; the rest
/// are suggestions from context, resolved after deduplication.
#[derive(Debug, Clone, PartialEq)]
pub enum NameHint {
    Component(String),
    Title(String),
    /// `{parent}{suffix}`: an inline schema under a property or array item.
    Child {
        parent: DraftId,
        suffix: String,
    },
    /// The body of an operation's response (`op` is the operation's type-cased name).
    Response {
        op: String,
        variant: String,
        error: bool,
    },
    /// Any other context, already type-cased (`{Op}Body`).
    Context(String),
    /// An inline schema several contexts share (deduplicated): the first of `candidates` still
    /// free (named from what the uses have in common: the property name, or the one value of an
    /// enum with it), else as `fallback` (the first use) says.
    Shared {
        candidates: Vec<String>,
        /// The types that hold it: when they turn out to be one type (merged themselves), the
        /// `fallback` (`{Parent}{suffix}`) names it.
        parents: Vec<DraftId>,
        fallback: Box<NameHint>,
    },
}

impl NameHint {
    /// The hint for a schema inside this one (`{name}Item`, `{name}Value`); a required name
    /// (component, title) is not passed on.
    pub fn suffixed(self, suffix: &str) -> NameHint {
        match self {
            NameHint::Child { parent, suffix: s } => {
                NameHint::Child { parent, suffix: format!("{s}{suffix}") }
            }
            NameHint::Context(c) => NameHint::Context(format!("{c}{suffix}")),
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftField {
    pub wire: String,
    pub ty: TypeRef<DraftId>,
    /// As the schema says it (a nullable JSON value too: the dedup key keeps it).
    pub presence: Presence,
    pub doc: Option<String>,
    /// The documented `const` value, if the property has one.
    pub constant: Option<ConstValue>,
    /// Set when merged members document different `const` values for this property.
    pub const_varies: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DraftKind {
    /// Allocated, body not lowered yet (a component being lowered; breaks `$ref` cycles).
    Pending,
    Struct {
        fields: Vec<DraftField>,
        extra: Option<TypeRef<DraftId>>,
    },
    Alias(TypeRef<DraftId>),
    /// A string enum: its values, in spec order.
    Enum(Vec<String>),
    /// `oneOf`/`anyOf`: the variants' types, in spec order.
    Union(Vec<TypeRef<DraftId>>),
    /// `oneOf`/`anyOf` with a discriminator: the property, and each variant's type with the
    /// values that select it.
    Tagged {
        property: String,
        variants: Vec<(TypeRef<DraftId>, Vec<String>)>,
    },
    /// An integer enum: its values, with names the spec suggests (`x-enum-varnames`).
    IntEnum(Vec<(i64, Option<String>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub hint: NameHint,
    pub doc: Option<String>,
    /// JSON pointer of the schema it was lowered from, and how many more were merged into it.
    pub pointer: String,
    pub merged: usize,
    pub kind: DraftKind,
    /// The draft this one became part of (an open enum's inline list of known values): it is
    /// no type of its own, and references to it are references to that one.
    pub absorbed: Option<DraftId>,
}

impl Draft {
    fn anonymous(&self) -> bool {
        !matches!(self.hint, NameHint::Component(_) | NameHint::Title(_))
    }
}

#[derive(Debug, Default)]
pub struct Arena {
    pub drafts: Vec<Draft>,
}

/// What the finishing passes give back: the final types, and for each draft id its final id
/// and the const values its (merged) struct documented.
#[derive(Debug)]
pub struct Finished {
    pub types: Vec<TypeDef>,
    pub remap: Vec<TypeId>,
    pub consts: Vec<Vec<(String, ConstValue)>>,
}

impl Arena {
    pub fn alloc(&mut self, hint: NameHint, doc: Option<String>, pointer: &str) -> DraftId {
        self.drafts.push(Draft {
            hint,
            doc,
            pointer: pointer.to_string(),
            merged: 0,
            kind: DraftKind::Pending,
            absorbed: None,
        });
        DraftId(self.drafts.len() - 1)
    }

    pub fn set(&mut self, id: DraftId, kind: DraftKind) {
        self.drafts[id.0].kind = kind;
    }

    /// Makes an anonymous draft part of `into` (see [`Draft::absorbed`]); a named one stays.
    pub fn absorb(&mut self, id: DraftId, into: DraftId) {
        if self.drafts[id.0].anonymous() && id != into {
            self.drafts[id.0].absorbed = Some(into);
        }
    }

    /// Runs dedup, the cycles pass, boxing and naming; `reserved` names are taken in the types
    /// module first. Fails on a cycle of references that gives no type ([`cycles`]).
    pub fn finish(self, reserved: &[&str]) -> Result<Finished, cycles::Refused> {
        let consts: Vec<Vec<(String, ConstValue)>> = self
            .drafts
            .iter()
            .map(|d| match &d.kind {
                DraftKind::Struct { fields, .. } => {
                    fields.iter().filter_map(|f| f.constant.clone().map(|c| (f.wire.clone(), c))).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        let (mut drafts, remap) = dedup(self.drafts);
        cycles::break_cycles(&mut drafts)?;
        let drafts = box_cycles(drafts);
        let types = name(drafts, reserved);
        Ok(Finished { types, remap, consts })
    }
}

impl Visit<DraftId> for DraftKind {
    fn each_ref(&self, f: &mut dyn FnMut(Edge, &TypeRef<DraftId>)) {
        match self {
            DraftKind::Alias(t) => f(Edge::Alias, t),
            DraftKind::Struct { fields, extra } => {
                fields.iter().for_each(|x| f(Edge::Field, &x.ty));
                if let Some(t) = extra {
                    f(Edge::Extra, t);
                }
            }
            DraftKind::Union(types) => types.iter().for_each(|t| f(Edge::Variant, t)),
            DraftKind::Tagged { variants, .. } => variants.iter().for_each(|(t, _)| f(Edge::Variant, t)),
            DraftKind::Pending | DraftKind::Enum(_) | DraftKind::IntEnum(_) => {}
        }
    }

    fn each_ref_mut(&mut self, f: &mut dyn FnMut(Edge, &mut TypeRef<DraftId>)) {
        match self {
            DraftKind::Alias(t) => f(Edge::Alias, t),
            DraftKind::Struct { fields, extra } => {
                fields.iter_mut().for_each(|x| f(Edge::Field, &mut x.ty));
                if let Some(t) = extra {
                    f(Edge::Extra, t);
                }
            }
            DraftKind::Union(types) => types.iter_mut().for_each(|t| f(Edge::Variant, t)),
            DraftKind::Tagged { variants, .. } => variants.iter_mut().for_each(|(t, _)| f(Edge::Variant, t)),
            DraftKind::Pending | DraftKind::Enum(_) | DraftKind::IntEnum(_) => {}
        }
    }
}

impl Visit<DraftId> for Draft {
    fn each_ref(&self, f: &mut dyn FnMut(Edge, &TypeRef<DraftId>)) {
        self.kind.each_ref(f)
    }

    fn each_ref_mut(&mut self, f: &mut dyn FnMut(Edge, &mut TypeRef<DraftId>)) {
        self.kind.each_ref_mut(f)
    }
}

/// Renumbers every type reference in a draft, and its parent hint.
fn renumber(d: &mut Draft, f: &impl Fn(DraftId) -> DraftId) {
    d.each_ref_mut(&mut |_, t| *t = t.map_ids(f));
    let mut hint = &mut d.hint;
    while let NameHint::Shared { fallback, parents, .. } = hint {
        parents.iter_mut().for_each(|p| *p = f(*p));
        hint = fallback;
    }
    if let NameHint::Child { parent, .. } = hint {
        *parent = f(*parent);
    }
}

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
fn dedup(drafts: Vec<Draft>) -> (Vec<Draft>, Vec<TypeId>) {
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
        return Draft { hint: merged_hint(&members), ..first.clone() };
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
    let hint = merged_hint(&members);
    Draft {
        hint,
        doc: first.doc.clone(),
        pointer: first.pointer.clone(),
        merged: members.iter().map(|m| m.merged + 1).sum::<usize>() - 1,
        kind: DraftKind::Struct { fields, extra: extra.clone() },
        absorbed: None,
    }
}

/// A merged type named from what its members have in common: the error bodies of one
/// operation are `{Op}ErrorBody`; of several, `ErrorBody`.
fn merged_hint(members: &[&Draft]) -> NameHint {
    let ops: BTreeSet<&str> = members
        .iter()
        .filter_map(|m| match &m.hint {
            NameHint::Response { op, error: true, .. } => Some(op.as_str()),
            _ => None,
        })
        .collect();
    let all_errors = members.iter().all(|m| matches!(m.hint, NameHint::Response { error: true, .. }));
    match (all_errors, ops.len()) {
        (true, 1) => return NameHint::Context(format!("{}ErrorBody", ops.iter().next().unwrap_or(&""))),
        (true, _) => return NameHint::Context("ErrorBody".into()),
        _ => {}
    }
    if let Some(shared) = members.iter().find(|m| matches!(m.hint, NameHint::Shared { .. })) {
        return shared.hint.clone();
    }
    // Inline schemas under properties (`role`, `metadata`, `error`): named after the property
    // most of them are (a one-value enum also after its value: `AssistantRole`), never after
    // the first of their unrelated users.
    let mut properties: Vec<(String, usize)> = Vec::new();
    for m in members {
        if let NameHint::Child { suffix, .. } = &m.hint {
            let name = names::camel(suffix);
            match properties.iter_mut().find(|(p, _)| *p == name) {
                Some((_, n)) => *n += 1,
                None if !suffix.is_empty() => properties.push((name, 1)),
                None => {}
            }
        }
    }
    // By use, then first use (a stable sort).
    properties.sort_by_key(|(_, uses)| std::cmp::Reverse(*uses));
    let first = members[0];
    let Some((name, uses)) = properties.first().cloned() else { return first.hint.clone() };
    let candidates = match &first.kind {
        DraftKind::Enum(values) if values.len() == 1 => {
            let value = names::camel(&values[0]);
            let mut c: Vec<String> = properties
                .iter()
                .map(|(p, _)| if *p == value { value.clone() } else { format!("{value}{p}") })
                .collect();
            c.push(format!("{value}Value"));
            c
        }
        _ if uses * 2 <= members.len() => return first.hint.clone(),
        DraftKind::Struct { .. } => vec![name.clone(), format!("{name}Object")],
        DraftKind::Enum(_) | DraftKind::IntEnum(_) => vec![name.clone(), format!("{name}Enum")],
        DraftKind::Union(_) | DraftKind::Tagged { .. } => vec![name.clone(), format!("{name}Union")],
        _ => vec![name.clone()],
    };
    let parents = members
        .iter()
        .filter_map(|m| match &m.hint {
            NameHint::Child { parent, .. } => Some(*parent),
            _ => None,
        })
        .collect();
    NameHint::Shared { candidates, parents, fallback: Box::new(first.hint.clone()) }
}

/// Boxes references that lead back to their own type through references stored inline (not
/// through a `Vec` or a map, which already allocate).
fn box_cycles(mut drafts: Vec<Draft>) -> Vec<Draft> {
    let edges = walk::inline_edges(&drafts);
    for (i, draft) in drafts.iter_mut().enumerate() {
        if matches!(draft.kind, DraftKind::Alias(_)) {
            continue;
        }
        draft.each_ref_mut(&mut |edge, ty| {
            let cyclic = edge.inline() && ty.inline_named().is_some_and(|t| walk::reaches(&edges, t.0, i));
            if cyclic {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        });
    }
    drafts
}

/// Gives every draft its final name, deterministically: required names (components, titles)
/// first, then suggestions from context in arena order.
fn name(drafts: Vec<Draft>, reserved: &[&str]) -> Vec<TypeDef> {
    let mut scope = Scope::with_reserved(reserved);
    let mut names: Vec<Option<Ident>> = vec![None; drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        if let NameHint::Component(n) | NameHint::Title(n) = &d.hint {
            // A name the crate keeps for itself (`Error`): `ErrorObject`, not `Error2`.
            let name = names::type_name(n);
            let name = match reserved.contains(&name.as_str()) {
                true if matches!(d.kind, DraftKind::Struct { .. }) => format!("{name}Object"),
                true => format!("{name}Type"),
                false => name,
            };
            names[i] = Some(scope.claim(&name));
        }
    }
    fn resolve(
        i: usize,
        drafts: &[Draft],
        names: &mut Vec<Option<Ident>>,
        scope: &mut Scope,
        depth: usize,
    ) -> Ident {
        if let Some(n) = &names[i] {
            return n.clone();
        }
        let mut hint = &drafts[i].hint;
        while let NameHint::Shared { candidates, parents, fallback } = hint {
            let one_parent = parents.iter().all(|p| *p == parents[0]);
            let free = candidates.iter().map(|c| names::type_name(c)).find(|c| scope.is_free(c));
            if let Some(free) = free.filter(|_| !one_parent) {
                let n = scope.claim(&free);
                names[i] = Some(n.clone());
                return n;
            }
            hint = fallback;
        }
        let candidate = match hint {
            // Not reached: followed to its fallback above.
            NameHint::Shared { .. } => "Value".to_string(),
            NameHint::Component(n) | NameHint::Title(n) => names::type_name(n),
            NameHint::Child { parent, suffix } if depth < 64 && parent.0 != i => {
                let p = resolve(parent.0, drafts, names, scope, depth + 1);
                format!("{p}{}", names::camel(suffix))
            }
            NameHint::Child { suffix, .. } => names::type_name(suffix),
            NameHint::Response { op, variant, error: false } if variant == "Ok" => format!("{op}Response"),
            NameHint::Response { op, variant, .. } => format!("{op}{variant}"),
            NameHint::Context(c) => names::type_name(c),
        };
        let n = scope.claim(&candidate);
        names[i] = Some(n.clone());
        n
    }
    for i in 0..drafts.len() {
        resolve(i, &drafts, &mut names, &mut scope, 0);
    }
    let all_names = names.clone();
    // The drafts are compacted: a draft's index is its final id.
    let finished = |t: &TypeRef<DraftId>| t.map_ids(&|id| TypeId(id.0));
    drafts
        .into_iter()
        .zip(names)
        .map(|(d, n)| TypeDef {
            name: n.clone().expect("every draft is named"),
            doc: d.doc,
            source: match d.merged {
                0 => format!("`#{}`", d.pointer),
                more => format!("`#{}` and {more} more schemas of the same shape", d.pointer),
            },
            // Decided by the analyse pass, on the whole model.
            deserialize: true,
            features: Vec::new(),
            cfg_feature: None,
            sent: false,
            kind: match d.kind {
                DraftKind::Pending => TypeKind::Alias(TypeRef::Json),
                DraftKind::Alias(t) => TypeKind::Alias(finished(&t)),
                DraftKind::Union(types) => {
                    let idents = variant_idents(
                        n.as_ref().map_or("", Ident::as_str),
                        types.iter().map(|ty| (ty, &[][..])),
                        &all_names,
                    );
                    TypeKind::Union(
                        types
                            .into_iter()
                            .zip(idents)
                            .map(|(ty, ident)| UnionVariant { ident, ty: finished(&ty), tags: Vec::new() })
                            .collect(),
                    )
                }
                DraftKind::Tagged { property, variants } => {
                    let idents = variant_idents(
                        n.as_ref().map_or("", Ident::as_str),
                        variants.iter().map(|(ty, tags)| (ty, &tags[..])),
                        &all_names,
                    );
                    TypeKind::Tagged {
                        property,
                        variants: variants
                            .into_iter()
                            .zip(idents)
                            .map(|((ty, tags), ident)| UnionVariant { ident, ty: finished(&ty), tags })
                            .collect(),
                    }
                }
                DraftKind::IntEnum(values) => {
                    let mut vscope = Scope::with_reserved(&[surface::OTHER_VARIANT]);
                    TypeKind::IntEnum(
                        values
                            .into_iter()
                            .map(|(value, name)| {
                                let base = match name {
                                    Some(n) if !n.trim().is_empty() => names::type_name(&n),
                                    _ if value < 0 => format!("Minus{}", value.unsigned_abs()),
                                    _ => format!("Value{value}"),
                                };
                                IntVariant { ident: vscope.claim(&base), value }
                            })
                            .collect(),
                    )
                }
                DraftKind::Enum(values) => {
                    let mut vscope = Scope::with_reserved(&[surface::OTHER_VARIANT]);
                    TypeKind::Enum(
                        values
                            .into_iter()
                            .map(|value| EnumVariant { ident: vscope.variant(&value).ident, value })
                            .collect(),
                    )
                }
                DraftKind::Struct { fields, extra } => {
                    let mut fscope = Scope::new();
                    let fields: Vec<Field> = fields
                        .into_iter()
                        .map(|f| {
                            let r = fscope.field(&f.wire);
                            // A JSON value holds `null` already; an `Option` value is a
                            // nullable one (the value's type is never `Option` itself).
                            let (mut ty, mut nullable) = (f.ty, f.presence.nullable());
                            while let TypeRef::Option(inner) = ty {
                                (ty, nullable) = (*inner, true);
                            }
                            let nullable = nullable && ty != TypeRef::Json;
                            let doc = const_doc(f.doc, f.constant.as_ref(), f.const_varies);
                            let fixed = f.constant.filter(|_| !f.const_varies).map(Fixed::Const);
                            Field {
                                setter: r.ident.clone(),
                                ident: r.ident,
                                wire: r.wire,
                                ty: finished(&ty),
                                presence: Presence::of(f.presence.required(), nullable),
                                doc,
                                fixed,
                            }
                        })
                        .collect();
                    let fields = setters(fields);
                    let extra = extra.map(|t| (fscope.claim(surface::EXTRA_FIELD), finished(&t)));
                    TypeKind::Struct(Struct { fields, extra })
                }
            },
        })
        .collect()
}

/// A field's setter is named like the field, unless that is one of the struct's own methods
/// (`new`, `default`, ...): then `set_{field}`.
fn setters(mut fields: Vec<Field>) -> Vec<Field> {
    let mut taken: Vec<String> = surface::STRUCT_METHODS.iter().map(|s| s.to_string()).collect();
    taken.extend(fields.iter().map(|f| f.ident.as_str().to_string()));
    let mut scope = Scope::with_reserved(&taken);
    for f in &mut fields {
        if surface::STRUCT_METHODS.contains(&f.ident.as_str()) {
            f.setter = scope.claim(&format!("set_{}", f.ident.as_str()));
        }
    }
    fields
}

/// A field's doc, with the `const` the spec documents for it.
fn const_doc(doc: Option<String>, constant: Option<&ConstValue>, varies: bool) -> Option<String> {
    let note = match (constant, varies) {
        (None, _) => return doc,
        (Some(_), true) => "The spec documents a different constant for each response that uses this type; \
                            see the operation error's `documented_*` methods."
            .to_string(),
        (Some(c), false) => format!("Documented value: {}.", crate::emit::docs::code(&const_literal(c))),
    };
    Some(match doc {
        Some(d) => format!("{d}\n\n{note}"),
        None => note,
    })
}

fn const_literal(c: &ConstValue) -> String {
    match c {
        ConstValue::String(s) => format!("{s:?}"),
        ConstValue::Integer(i) => i.to_string(),
        ConstValue::Number(n) => n.to_string(),
        ConstValue::Boolean(b) => b.to_string(),
    }
}

/// A union variant's name, from its type.
/// A union's variant names, without the words they share with the union's name
/// (`ChatCompletionRequestUserMessage` in `ChatCompletionRequestMessage` is `User`). A variant
/// whose type has no name of its own (`{Union}Variant2`) is named by the discriminator value
/// that alone selects it (`A`, `Aaaa`). Where that leaves nothing, or two variants the same
/// name, the type's whole name.
fn variant_idents<'t, I: Id + 't>(
    union: &str,
    variants: impl Iterator<Item = (&'t TypeRef<I>, &'t [String])>,
    names: &[Option<Ident>],
) -> Vec<Ident> {
    let variants: Vec<(&TypeRef<I>, &[String])> = variants.collect();
    let full: Vec<String> = variants.iter().map(|(ty, _)| variant_name(*ty, names)).collect();
    let tag_of = |tags: &[String]| match tags {
        [tag] if names::camel(tag).starts_with(|c: char| c.is_ascii_alphabetic()) => Some(names::camel(tag)),
        _ => None,
    };
    let tags: Vec<Option<String>> = variants.iter().map(|(_, tags)| tag_of(tags)).collect();
    let short: Vec<String> = full
        .iter()
        .zip(&tags)
        .map(|(f, tag)| {
            let short = without_shared_words(f, union);
            let unnamed =
                short.strip_prefix("Variant").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            match tag {
                Some(tag) if unnamed && tags.iter().filter(|t| t.as_ref() == Some(tag)).count() == 1 => {
                    tag.clone()
                }
                _ => short,
            }
        })
        .collect();
    let mut vscope = Scope::with_reserved(&[surface::OTHER_VARIANT]);
    full.iter()
        .zip(&short)
        .map(|(whole, part)| {
            let usable = part.starts_with(|c: char| c.is_ascii_uppercase())
                && part != surface::OTHER_VARIANT
                && part != whole
                && short.iter().filter(|s| *s == part).count() == 1
                && !full.iter().any(|f| f == part);
            vscope.claim(if usable { part } else { whole })
        })
        .collect()
}

/// `name` without the words it begins or ends with that `union` begins or ends with
/// (camel-case words, compared without case); empty when every word is shared.
fn without_shared_words(name: &str, union: &str) -> String {
    let words = |s: &str| -> Vec<String> {
        names::snake_word(s).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    let (mine, theirs) = (words(name), words(union));
    let prefix = mine.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    let rest = &mine[prefix..];
    let suffix = rest.iter().rev().zip(theirs.iter().rev()).take_while(|(a, b)| a == b).count();
    let rest = &rest[..rest.len() - suffix];
    if rest.is_empty() {
        return String::new();
    }
    names::camel(&rest.join("_"))
}

fn variant_name<I: Id>(ty: &TypeRef<I>, names: &[Option<Ident>]) -> String {
    match ty {
        TypeRef::Named(id) => names[id.index()].as_ref().map_or_else(|| "Variant".into(), Ident::to_string),
        TypeRef::String => "String".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Map".into(),
        TypeRef::Array(inner) => format!("{}List", variant_name(inner, names)),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => variant_name(inner, names),
    }
}
