//! Type names: every finished draft's name, from its component name or title, else from
//! where it is used (`{Parent}{Property}`, `{Op}Response`, a shared shape's property name), and
//! the names of union and enum variants and of setters.

use crate::arena::{Draft, DraftKind, NameHint};
use crate::model::{Field, Id, TypeRef};
use crate::names::{self, Ident, Scope};
use crate::surface;
use std::collections::BTreeSet;

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

/// A merged type named from what its members have in common: the error bodies of one
/// operation are `{Op}ErrorBody`; of several, `ErrorBody`.
pub(crate) fn merged_hint(members: &[&Draft]) -> NameHint {
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

/// Gives every draft its final name, deterministically: required names (components, titles)
/// first, then suggestions from context in arena order. `reserved` names are taken first.
pub(crate) fn type_names(drafts: &[Draft], reserved: &[&str]) -> Vec<Ident> {
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
        resolve(i, drafts, &mut names, &mut scope, 0);
    }
    names.into_iter().map(|n| n.expect("every draft is named")).collect()
}

/// A field's setter is named like the field, unless that is one of the struct's own methods
/// (`new`, `default`, ...): then `set_{field}`.
pub(crate) fn setters(mut fields: Vec<Field>) -> Vec<Field> {
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

/// A union variant's name, from its type.
/// A union's variant names, without the words they share with the union's name
/// (`ChatCompletionRequestUserMessage` in `ChatCompletionRequestMessage` is `User`). A variant
/// whose type has no name of its own (`{Union}Variant2`) is named by the discriminator value
/// that alone selects it (`A`, `Aaaa`). Where that leaves nothing, or two variants the same
/// name, the type's whole name.
pub(crate) fn variant_idents<'t, I: Id + 't>(
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

/// The variants of an integer enum: the names the spec suggests (`x-enum-varnames`), else
/// `Value{n}` (`Minus{n}` below zero).
pub(crate) fn int_variants(values: &[(i64, Option<String>)]) -> Vec<Ident> {
    let mut vscope = Scope::with_reserved(&[surface::OTHER_VARIANT]);
    values
        .iter()
        .map(|(value, name)| {
            let base = match name {
                Some(n) if !n.trim().is_empty() => names::type_name(n),
                _ if *value < 0 => format!("Minus{}", value.unsigned_abs()),
                _ => format!("Value{value}"),
            };
            vscope.claim(&base)
        })
        .collect()
}

/// The variants of a string enum, from its values.
pub(crate) fn enum_variants(values: &[String]) -> Vec<Ident> {
    let mut vscope = Scope::with_reserved(&[surface::OTHER_VARIANT]);
    values.iter().map(|value| vscope.variant(value).ident).collect()
}
