//! The per-type decisions the emitters print, taken on the finished model: which union
//! variants convert from what (`From`), which are tried as objects, how a tagged union's tags
//! pick variants, and which struct fields are constructor arguments.

use crate::model::*;

/// Writes every type's plan into the model; runs after [`super::analyse`] (which decides the
/// fields' presence and fixed values, and which types callers build).
pub(super) fn plan(types: &mut [TypeDef]) {
    let plans: Vec<Option<Vec<VariantPlan>>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. } => Some(variants(types, t, vs)),
            _ => None,
        })
        .collect();
    for (t, plan) in types.iter_mut().zip(plans) {
        let sent = t.sent;
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.argument = sent && f.fixed.is_none() && f.presence == Presence::Required;
                }
            }
            TypeKind::Union(vs) => apply(vs, plan),
            TypeKind::Tagged { variants, arms, .. } => {
                *arms = tag_arms(variants);
                apply(variants, plan);
            }
            _ => {}
        }
    }
}

/// A union variant's `object` and `from`.
type VariantPlan = (bool, Option<VariantFrom>);

fn apply(variants: &mut [UnionVariant], plan: Option<Vec<VariantPlan>>) {
    for (v, (object, from)) in variants.iter_mut().zip(plan.into_iter().flatten()) {
        v.object = object;
        v.from = from;
    }
}

/// Each variant's `object` and `from` (see [`UnionVariant`]).
fn variants(
    types: &[TypeDef],
    union: &TypeDef,
    variants: &[UnionVariant],
) -> Vec<(bool, Option<VariantFrom>)> {
    // What each variant is built from (a boxed one from its unboxed value), and that type with
    // its aliases followed, to tell which Rust types repeat.
    let sources: Vec<(&TypeRef, bool, TypeRef)> = variants
        .iter()
        .map(|v| {
            let (from, boxed) = match &v.ty {
                TypeRef::Boxed(inner) => (&**inner, true),
                other => (other, false),
            };
            (from, boxed, canonical(types, from))
        })
        .collect();
    variants
        .iter()
        .zip(&sources)
        .map(|(v, (from, boxed, key))| {
            let object = matches!(unalias(types, &v.ty), TypeRef::Named(id) if matches!(types[id.0].kind, TypeKind::Struct(_)));
            let own = matches!(key, TypeRef::Named(id) if types[id.0].name == union.name);
            let unique = sources.iter().filter(|(_, _, k)| k == key).count() == 1;
            let from = (!own && unique && !matches!(key, TypeRef::Json | TypeRef::Option(_))).then(|| VariantFrom {
                source: (*from).clone(),
                boxed: *boxed,
                text: *key == TypeRef::String,
                pairs: match key {
                    TypeRef::Map(inner) => Some((**inner).clone()),
                    _ => None,
                },
            });
            (object, from)
        })
        .collect()
}

/// A type with every alias in it followed ([`unalias`] at each level).
fn canonical(types: &[TypeDef], t: &TypeRef) -> TypeRef {
    let wrap = |inner: &TypeRef, f: fn(Box<TypeRef>) -> TypeRef| f(Box::new(canonical(types, inner)));
    match unalias(types, t) {
        TypeRef::Array(inner) => wrap(inner, TypeRef::Array),
        TypeRef::Map(inner) => wrap(inner, TypeRef::Map),
        TypeRef::Option(inner) => wrap(inner, TypeRef::Option),
        TypeRef::Boxed(inner) => wrap(inner, TypeRef::Boxed),
        other => other.clone(),
    }
}

/// Each tag with the variants it selects, in order; then the tags that select the same
/// variants as one arm (a value two variants fix is tried as each in turn).
fn tag_arms(variants: &[UnionVariant]) -> Vec<TagArm> {
    let mut selects: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        for tag in &v.tags {
            match selects.iter_mut().find(|(t, _)| t == tag) {
                Some((_, vs)) => vs.push(i),
                None => selects.push((tag, vec![i])),
            }
        }
    }
    let mut arms: Vec<TagArm> = Vec::new();
    for (tag, vs) in selects {
        match arms.iter_mut().find(|a| a.variants == vs) {
            Some(arm) => arm.tags.push(tag.to_string()),
            None => arms.push(TagArm { tags: vec![tag.to_string()], variants: vs }),
        }
    }
    arms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(s: &str) -> Ident {
        crate::names::Scope::new().claim(s)
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: ident(name),
            doc: None,
            source: String::new(),
            kind,
            deserialize: true,
            features: vec![],
            cfg_feature: None,
            sent: false,
        }
    }

    fn variant(name: &str, ty: TypeRef, tags: &[&str]) -> UnionVariant {
        UnionVariant {
            ident: ident(name),
            ty,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            object: false,
            from: None,
        }
    }

    #[test]
    fn a_rust_type_two_variants_hold_converts_into_neither() {
        // `Id` is an alias of `String`: variants `A(String)` and `B(Id)` are one Rust type.
        let mut types = vec![
            def("Id", TypeKind::Alias(TypeRef::String)),
            def("Pet", TypeKind::Struct(Struct::default())),
            def("Owner", TypeKind::Struct(Struct::default())),
            def(
                "U",
                TypeKind::Union(vec![
                    variant("A", TypeRef::String, &[]),
                    variant("B", TypeRef::Named(TypeId(0)), &[]),
                    variant("Pet", TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(1)))), &[]),
                    variant("Map", TypeRef::Map(Box::new(TypeRef::Integer(IntKind::I64))), &[]),
                    variant("Any", TypeRef::Json, &[]),
                    variant("Owner", TypeRef::Named(TypeId(2)), &[]),
                ]),
            ),
        ];
        plan(&mut types);
        let TypeKind::Union(vs) = &types[3].kind else { unreachable!() };
        let from: Vec<Option<&VariantFrom>> = vs.iter().map(|v| v.from.as_ref()).collect();
        assert_eq!(from[0], None);
        assert_eq!(from[1], None);
        assert_eq!(
            from[2],
            Some(&VariantFrom { source: TypeRef::Named(TypeId(1)), boxed: true, text: false, pairs: None })
        );
        assert_eq!(from[3].and_then(|f| f.pairs.clone()), Some(TypeRef::Integer(IntKind::I64)));
        assert_eq!(from[4], None);
        // A struct is tried as an object; a boxed one (a recursive type) as a value.
        assert_eq!(
            vs.iter().map(|v| v.object).collect::<Vec<_>>(),
            [false, false, false, false, false, true]
        );
    }

    #[test]
    fn tags_that_pick_the_same_variants_are_one_arm() {
        let mut types = vec![def(
            "T",
            TypeKind::Tagged {
                property: "type".into(),
                variants: vec![
                    variant("A", TypeRef::Json, &["a", "x"]),
                    variant("B", TypeRef::Json, &["b", "x"]),
                    variant("C", TypeRef::Json, &["c", "a"]),
                ],
                arms: vec![],
            },
        )];
        plan(&mut types);
        let TypeKind::Tagged { arms, .. } = &types[0].kind else { unreachable!() };
        let arms: Vec<(Vec<&str>, &[usize])> =
            arms.iter().map(|a| (a.tags.iter().map(String::as_str).collect(), &a.variants[..])).collect();
        assert_eq!(
            arms,
            [
                (vec!["a"], &[0, 2][..]),
                (vec!["x"], &[0, 1][..]),
                (vec!["b"], &[1][..]),
                (vec!["c"], &[2][..])
            ]
        );
    }

    #[test]
    fn only_a_sent_struct_has_constructor_arguments() {
        let field = |wire: &str, presence| Field {
            ident: ident(wire),
            wire: wire.into(),
            ty: TypeRef::String,
            presence,
            doc: None,
            setter: ident(wire),
            fixed: None,
            argument: false,
        };
        let s = Struct {
            fields: vec![
                field("a", Presence::Required),
                field("b", Presence::RequiredNullable),
                field("c", Presence::Optional),
            ],
            extra: None,
        };
        let mut types = vec![
            def("Read", TypeKind::Struct(s.clone())),
            TypeDef { sent: true, ..def("Sent", TypeKind::Struct(s)) },
        ];
        plan(&mut types);
        let arguments = |t: &TypeDef| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.argument).collect::<Vec<_>>(),
            _ => unreachable!(),
        };
        assert_eq!(arguments(&types[0]), [false, false, false]);
        assert_eq!(arguments(&types[1]), [true, false, false]);
    }
}
