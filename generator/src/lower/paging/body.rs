//! What a list operation's success body holds: its items, and the values along paths into it\n(through the objects that hold paging values and through union variants).

use super::*;

/// A field's value type, and whether the field is an `Option`.
pub(super) fn base(f: &Field) -> (&TypeRef, bool) {
    (&f.ty, f.presence.optional())
}

/// The steps into a value of type `t` (its `Option`s and `Box`es, aliases followed), and the
/// type within.
pub(super) fn peel<'a>(api: &'a Api, t: &'a TypeRef, steps: &mut Vec<PathStep>) -> &'a TypeRef {
    let mut t = api.unalias(t);
    for _ in 0..16 {
        let (step, inner) = match t {
            TypeRef::Option(inner) => (PathStep::Some, inner),
            TypeRef::Boxed(inner) => (PathStep::Unbox, inner),
            _ => break,
        };
        steps.push(step);
        t = api.unalias(inner);
    }
    t
}

/// The string, integer and boolean values of a body struct: its own fields, and those of the
/// objects within that hold paging values ([`CONTAINERS`]), through union variants, shallowest
/// first.
pub(super) fn values(api: &Api, fields: &[Field]) -> Vec<ValuePath> {
    fn walk(
        api: &Api,
        fields: &[Field],
        steps: &[PathStep],
        wire: &str,
        depth: usize,
        out: &mut Vec<ValuePath>,
    ) {
        for f in fields {
            let mut path = steps.to_vec();
            path.push(PathStep::Field(f.ident.clone()));
            let wire = if wire.is_empty() { f.wire.clone() } else { format!("{wire}.{}", f.wire) };
            path.extend(std::iter::repeat_n(PathStep::Some, f.presence.options()));
            let inner = peel(api, &f.ty, &mut path);
            match inner {
                TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean => {
                    out.push(ValuePath { steps: path, leaf: inner.clone(), wire });
                }
                TypeRef::Named(id) if depth < 3 && CONTAINERS.contains(&f.wire.as_str()) => {
                    match &api.types[id.0].kind {
                        TypeKind::Struct(s) => walk(api, &s.fields, &path, &wire, depth + 1, out),
                        TypeKind::Union(variants) => {
                            for v in variants {
                                let mut path = path.clone();
                                path.push(PathStep::Variant { union: *id, variant: v.ident.clone() });
                                if let TypeRef::Named(vid) = peel(api, &v.ty, &mut path) {
                                    if let TypeKind::Struct(s) = &api.types[vid.0].kind {
                                        walk(api, &s.fields, &path, &wire, depth + 1, out);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(api, fields, &[], "", 0, &mut out);
    // Shallowest first; a union's variants may repeat a wire path: its first is kept.
    out.sort_by_key(|v| v.wire.matches('.').count());
    let mut seen = std::collections::HashSet::new();
    out.retain(|v| seen.insert(v.wire.clone()));
    out
}

/// The list an operation returns: the body struct (if it is one) and the field with the items,
/// or the body itself when it is an array.
pub(super) struct List<'a> {
    pub(super) fields: Option<&'a [Field]>,
    pub(super) items: Option<&'a Field>,
    pub(super) item: TypeRef,
    /// The body's values (see [`values`]).
    pub(super) values: Vec<ValuePath>,
}

impl List<'_> {
    pub(super) fn field(&self, wire: &str) -> Option<&Field> {
        self.fields?.iter().find(|f| f.wire == wire)
    }

    /// The first value of type `leaf` whose own name is one of `names`, in an object named one
    /// of `within` (`None`: anywhere searched).
    pub(super) fn value(
        &self,
        names: &[&str],
        within: Option<&[&str]>,
        leaf: fn(&TypeRef) -> bool,
    ) -> Option<&ValuePath> {
        self.values.iter().find(|v| {
            let mut parts = v.wire.rsplit('.');
            let name = parts.next().unwrap_or_default();
            let parent = parts.next();
            names.contains(&name)
                && within.is_none_or(|w| parent.is_some_and(|p| w.contains(&p)))
                && leaf(&v.leaf)
        })
    }

    /// The value at a dotted wire path.
    pub(super) fn at(&self, wire: &str, leaf: fn(&TypeRef) -> bool) -> Option<&ValuePath> {
        self.values.iter().find(|v| v.wire == wire && leaf(&v.leaf))
    }
}

pub(super) fn string(t: &TypeRef) -> bool {
    *t == TypeRef::String
}

pub(super) fn integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer(_))
}

/// A count, which some specs type `number` (GitHub's `total_count`).
pub(super) fn count(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer(_) | TypeRef::Number)
}

pub(super) fn boolean(t: &TypeRef) -> bool {
    *t == TypeRef::Boolean
}

/// The list of an operation's only success body: `results` names the items' field, else it is
/// the body's one array field (the body may also be the array).
pub(super) fn list<'a>(
    api: &'a Api,
    body: &'a TypeRef,
    results: Option<&str>,
    path: &str,
) -> Result<List<'a>, String> {
    match api.unalias(body) {
        TypeRef::Array(item) if results.is_none() => {
            Ok(List { fields: None, items: None, item: (**item).clone(), values: Vec::new() })
        }
        TypeRef::Named(id) => {
            let TypeKind::Struct(s) = &api.types[id.0].kind else {
                return Err("the body is no object".into());
            };
            let arrays: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| matches!(api.unalias(base(f).0), TypeRef::Array(_)))
                .filter(|f| results.is_none_or(|r| f.wire == r))
                .collect();
            let items = match arrays[..] {
                [items] => items,
                [] => return Err("the body holds no array".into()),
                _ => arrays
                    .iter()
                    .copied()
                    .find(|f| ITEMS.contains(&f.wire.as_str()))
                    .or_else(|| {
                        // The array named as the path's last segment: `/invitations` lists `invitations`.
                        let last = resource(path)?;
                        arrays.iter().copied().find(|f| normal(&f.wire) == last)
                    })
                    .ok_or_else(|| {
                        format!("the body holds {} arrays, none named as its items", arrays.len())
                    })?,
            };
            let TypeRef::Array(item) = api.unalias(base(items).0) else { unreachable!() };
            Ok(List {
                fields: Some(&s.fields),
                items: Some(items),
                item: (**item).clone(),
                values: values(api, &s.fields),
            })
        }
        _ => Err("the body is no array or object".into()),
    }
}

/// Array properties that hold a list's items, where a body holds several arrays.
pub(super) const ITEMS: &[&str] =
    &["data", "items", "results", "entries", "records", "values", "value", "elements"];

/// A name without case and separators: `payment_methods` and `paymentMethods` are one.
pub(super) fn normal(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The last literal segment of a path template, normalised: `/orgs/{org}/members` gives
/// `members`.
pub(super) fn resource(path: &str) -> Option<String> {
    let last = path.split('/').rev().find(|s| !s.is_empty() && !s.contains('{'))?;
    let last = last.split(['.', ':']).next().unwrap_or(last);
    Some(normal(last)).filter(|l| !l.is_empty())
}
