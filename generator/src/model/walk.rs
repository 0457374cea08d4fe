//! The one walk of the type graph. A type (a draft while lowering, a [`TypeDef`] after) holds
//! type references through [`Edge`]s; [`Visit`] enumerates them, and [`reach`] follows them.
//! Renumbering (deduplication), recursion boxing, which types can be read, and which Cargo feature
//! compiles a type are all written on top of these.

use super::{Id, Operation, TypeDef, TypeId, TypeKind, TypeRef};

/// How a type holds a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// A struct field.
    Field,
    /// The value type of a struct's unnamed properties (held in a map).
    Extra,
    /// A union variant.
    Variant,
    /// What an alias names.
    Alias,
}

impl Edge {
    /// Whether the reference is stored inline in the type (a map's values are not).
    pub fn inline(self) -> bool {
        self != Edge::Extra
    }
}

/// A type that holds references to types indexed by `I`.
pub trait Visit<I = TypeId> {
    fn each_ref(&self, f: &mut dyn FnMut(Edge, &TypeRef<I>));
    fn each_ref_mut(&mut self, f: &mut dyn FnMut(Edge, &mut TypeRef<I>));
}

impl Visit for TypeKind {
    fn each_ref(&self, f: &mut dyn FnMut(Edge, &TypeRef)) {
        match self {
            TypeKind::Alias(t) => f(Edge::Alias, t),
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|x| f(Edge::Field, &x.ty));
                if let Some((_, t)) = &s.extra {
                    f(Edge::Extra, t);
                }
            }
            TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. } => {
                vs.iter().for_each(|v| f(Edge::Variant, &v.ty))
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }

    fn each_ref_mut(&mut self, f: &mut dyn FnMut(Edge, &mut TypeRef)) {
        match self {
            TypeKind::Alias(t) => f(Edge::Alias, t),
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|x| f(Edge::Field, &mut x.ty));
                if let Some((_, t)) = &mut s.extra {
                    f(Edge::Extra, t);
                }
            }
            TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. } => {
                vs.iter_mut().for_each(|v| f(Edge::Variant, &mut v.ty))
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }
}

impl Visit for TypeDef {
    fn each_ref(&self, f: &mut dyn FnMut(Edge, &TypeRef)) {
        self.kind.each_ref(f)
    }

    fn each_ref_mut(&mut self, f: &mut dyn FnMut(Edge, &mut TypeRef)) {
        self.kind.each_ref_mut(f)
    }
}

impl<I: Id> TypeRef<I> {
    /// The named type this reference leads to, through arrays, maps, options and boxes.
    pub fn named(&self) -> Option<I> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => t.named(),
            _ => None,
        }
    }

    /// The named type stored inline by this reference (through `Option` only: arrays, maps and
    /// boxes allocate).
    pub fn inline_named(&self) -> Option<I> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Option(t) => t.inline_named(),
            _ => None,
        }
    }

    /// The same reference with its named type renumbered (or turned into another kind of id).
    pub fn map_ids<J>(&self, f: &impl Fn(I) -> J) -> TypeRef<J> {
        let boxed = |t: &TypeRef<I>| Box::new(t.map_ids(f));
        match self {
            TypeRef::Named(id) => TypeRef::Named(f(*id)),
            TypeRef::Array(t) => TypeRef::Array(boxed(t)),
            TypeRef::Map(t) => TypeRef::Map(boxed(t)),
            TypeRef::Option(t) => TypeRef::Option(boxed(t)),
            TypeRef::Boxed(t) => TypeRef::Boxed(boxed(t)),
            TypeRef::String => TypeRef::String,
            TypeRef::Integer(k) => TypeRef::Integer(*k),
            TypeRef::Number => TypeRef::Number,
            TypeRef::Boolean => TypeRef::Boolean,
            TypeRef::Bytes => TypeRef::Bytes,
            TypeRef::Json => TypeRef::Json,
            TypeRef::JsonObject => TypeRef::JsonObject,
        }
    }
}

/// Which way an operation's type reference travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Parameters and the request body: only ever sent.
    Request,
    /// Response bodies and headers: only ever received.
    Response,
}

/// Every type reference an operation holds, with the way it travels.
pub fn operation_refs<I>(op: &Operation<I>, f: &mut dyn FnMut(Direction, &TypeRef<I>)) {
    for p in &op.params {
        f(Direction::Request, &p.ty);
    }
    if let Some(b) = &op.body {
        f(Direction::Request, &b.ty);
    }
    for r in op.success.iter().chain(&op.errors) {
        if let Some(b) = &r.body {
            f(Direction::Response, &b.ty);
        }
        for h in &r.headers {
            f(Direction::Response, &h.ty);
        }
    }
    if let Some(t) = &op.events {
        f(Direction::Response, t);
    }
}

/// Marks in `seen` every type reachable from `roots` through any edge.
pub fn reach<I: Id, T: Visit<I>>(types: &[T], roots: Vec<usize>, seen: &mut [bool]) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        types[id].each_ref(&mut |_, t| stack.extend(t.named().map(Id::index)));
    }
}

/// For each type, the types it stores inline (see [`TypeRef::inline_named`]): a cycle of those
/// has infinite size unless one of its references is boxed.
pub fn inline_edges<I: Id, T: Visit<I>>(types: &[T]) -> Vec<Vec<usize>> {
    types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            t.each_ref(&mut |edge, r| {
                if edge.inline() {
                    out.extend(r.inline_named().map(Id::index));
                }
            });
            out
        })
        .collect()
}

/// Whether `to` can be reached from `from` along `edges`.
pub fn reaches(edges: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(&edges[i]);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Ident, Struct, UnionVariant};

    fn named(i: usize) -> TypeRef {
        TypeRef::Named(TypeId(i))
    }

    fn field(ty: TypeRef) -> Field {
        Field {
            ident: crate::names::Scope::new().claim("f"),
            wire: "f".into(),
            ty,
            presence: crate::model::Presence::Required,
            doc: None,
            setter: crate::names::Scope::new().claim("f"),
            fixed: None,
            argument: false,
        }
    }

    fn def(kind: TypeKind) -> TypeDef {
        let name: Ident = crate::names::Scope::new().claim("T");
        TypeDef {
            name,
            doc: None,
            source: String::new(),
            kind,
            deserialize: true,
            features: Vec::new(),
            cfg_feature: None,
            sent: false,
        }
    }

    /// 0 holds 1 inline and 2 in a Vec; 1 is an alias of 3 behind an Option; 3 keeps 4 as its
    /// unnamed properties' type; 5 is a union of 0.
    fn graph() -> Vec<TypeDef> {
        let s = |fields: Vec<Field>, extra: Option<TypeRef>| {
            def(TypeKind::Struct(Struct {
                fields,
                extra: extra.map(|t| (crate::names::Scope::new().claim("extra"), t)),
            }))
        };
        vec![
            s(vec![field(named(1)), field(TypeRef::Array(Box::new(named(2))))], None),
            def(TypeKind::Alias(TypeRef::Option(Box::new(named(3))))),
            s(vec![], None),
            s(vec![], Some(named(4))),
            s(vec![], None),
            def(TypeKind::Union(vec![UnionVariant {
                ident: crate::names::Scope::new().claim("A"),
                ty: named(0),
                tags: Vec::new(),
                object: false,
                from: None,
            }])),
        ]
    }

    #[test]
    fn reach_follows_every_edge() {
        let types = graph();
        let mut seen = vec![false; types.len()];
        reach(&types, vec![0], &mut seen);
        assert_eq!(seen, [true, true, true, true, true, false]);
        let mut seen = vec![false; types.len()];
        reach(&types, vec![5], &mut seen);
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn inline_edges_leave_out_collections_and_extra_properties() {
        let edges = inline_edges(&graph());
        assert_eq!(edges, [vec![1], vec![3], vec![], vec![], vec![], vec![0]]);
        assert!(reaches(&edges, 5, 3) && !reaches(&edges, 0, 2) && !reaches(&edges, 3, 4));
    }

    #[test]
    fn map_ids_renumbers_through_wrappers() {
        let t = TypeRef::Option(Box::new(TypeRef::Array(Box::new(named(7)))));
        let mapped: TypeRef<usize> = t.map_ids(&|id| id.0 + 1);
        assert_eq!(mapped, TypeRef::Option(Box::new(TypeRef::Array(Box::new(TypeRef::Named(8))))));
        assert_eq!(t.named(), Some(TypeId(7)));
        assert_eq!(t.inline_named(), None);
    }
}
