//! The type arena while lowering, and the passes that finish it: deduplication (identical
//! anonymous schemas, and schemas that differ only in `const` values: `dedup`), reference
//! cycles that give no type ([`cycles`]), recursion boxing, naming from context
//! (`names::types`) and the final types (`finish`).

pub mod cycles;
mod dedup;
mod finish;

use crate::model::walk::{self, Edge, Visit};
use crate::model::{ConstValue, DraftId, Presence, TypeDef, TypeId, TypeRef};

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
    pub(crate) fn anonymous(&self) -> bool {
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
        let (mut drafts, remap) = dedup::dedup(self.drafts);
        cycles::break_cycles(&mut drafts)?;
        let drafts = box_cycles(drafts);
        let names = crate::names::types::type_names(&drafts, reserved);
        let types = finish::types(drafts, names);
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
pub(crate) fn renumber(d: &mut Draft, f: &impl Fn(DraftId) -> DraftId) {
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

#[cfg(test)]
mod tests;
