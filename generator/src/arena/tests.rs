//! The arena's finishing passes on drafts built by hand: deduplication, boxing and naming.

use super::*;
use crate::model::{Field, Struct, TypeKind};

fn field(wire: &str, ty: TypeRef<DraftId>, required: bool, nullable: bool) -> DraftField {
    DraftField {
        wire: wire.into(),
        ty,
        presence: Presence::of(required, nullable),
        doc: None,
        constant: None,
        const_varies: false,
    }
}

fn object(fields: Vec<DraftField>) -> DraftKind {
    DraftKind::Struct { fields, extra: None }
}

fn context(name: &str) -> NameHint {
    NameHint::Context(name.into())
}

fn fields(t: &TypeDef) -> &[Field] {
    match &t.kind {
        TypeKind::Struct(Struct { fields, .. }) => fields,
        other => panic!("not a struct: {other:?}"),
    }
}

#[test]
fn anonymous_drafts_of_one_shape_are_one_type_and_components_never_merge() {
    let mut arena = Arena::default();
    let a = arena.alloc(context("AItem"), None, "/a");
    let b = arena.alloc(context("BItem"), None, "/b");
    let c = arena.alloc(NameHint::Component("C".into()), None, "/components/schemas/C");
    let d = arena.alloc(NameHint::Component("D".into()), None, "/components/schemas/D");
    for id in [a, b, c, d] {
        arena.set(id, object(vec![field("id", TypeRef::String, true, false)]));
    }
    let finished = arena.finish(&[]).expect("finishes");
    assert_eq!(finished.types.len(), 3, "a and b merged; c and d kept");
    assert_eq!(finished.remap[a.0], finished.remap[b.0]);
    assert_ne!(finished.remap[c.0], finished.remap[d.0]);
    let merged = &finished.types[finished.remap[a.0].0];
    assert!(merged.source.contains("and 1 more schemas of the same shape"), "{}", merged.source);
}

#[test]
fn drafts_that_differ_in_constants_merge_and_a_constant_one_member_lacks_is_optional() {
    let mut arena = Arena::default();
    let a = arena.alloc(context("A"), None, "/a");
    let b = arena.alloc(context("B"), None, "/b");
    let c = arena.alloc(context("C"), None, "/c");
    // One shape once constants are left out: `kind` differs in its `const`, and `c` has none.
    let kind = |value: &str| DraftField {
        constant: Some(crate::model::ConstValue::String(value.into())),
        ..field("kind", TypeRef::String, true, false)
    };
    arena.set(a, object(vec![field("id", TypeRef::String, true, false), kind("a")]));
    arena.set(b, object(vec![field("id", TypeRef::String, true, false), kind("b")]));
    arena.set(c, object(vec![field("id", TypeRef::String, true, false)]));
    let finished = arena.finish(&[]).expect("finishes");
    assert_eq!(finished.types.len(), 1);
    let f = fields(&finished.types[0]);
    assert_eq!(f[0].presence, Presence::Required);
    assert_eq!(f[1].presence, Presence::Optional, "required by a and b, absent from c");
    // The constants differ: documented as varying, fixed by no constructor.
    assert!(f[1].fixed.is_none());
    assert!(f[1].doc.as_deref().unwrap_or_default().contains("different constant"));
    // Each draft still knows its own constant, for the error enum's accessors.
    assert_eq!(finished.consts[a.0], [("kind".to_string(), crate::model::ConstValue::String("a".into()))]);
}

#[test]
fn presence_is_one_value_and_a_json_value_is_never_nullable() {
    let mut arena = Arena::default();
    let a = arena.alloc(context("A"), None, "/a");
    arena.set(
        a,
        object(vec![
            field("r", TypeRef::String, true, false),
            field("rn", TypeRef::String, true, true),
            field("o", TypeRef::String, false, false),
            field("on", TypeRef::String, false, true),
            field("json", TypeRef::Json, false, true),
            // An `Option` value is a nullable one: the value's type is never `Option`.
            field("wrapped", TypeRef::Option(Box::new(TypeRef::Boolean)), true, false),
        ]),
    );
    let finished = arena.finish(&[]).expect("finishes");
    let presence: Vec<Presence> = fields(&finished.types[0]).iter().map(|f| f.presence).collect();
    use Presence::*;
    assert_eq!(
        presence,
        [Required, RequiredNullable, Optional, OptionalNullable, Optional, RequiredNullable]
    );
    assert_eq!(fields(&finished.types[0])[5].ty, TypeRef::Boolean);
}

#[test]
fn a_struct_that_holds_itself_inline_is_boxed_and_through_a_vec_is_not() {
    let mut arena = Arena::default();
    let node = arena.alloc(NameHint::Component("Node".into()), None, "/components/schemas/Node");
    arena.set(
        node,
        object(vec![
            field("parent", TypeRef::Named(node), false, false),
            field("children", TypeRef::Array(Box::new(TypeRef::Named(node))), false, false),
        ]),
    );
    let finished = arena.finish(&[]).expect("finishes");
    let f = fields(&finished.types[0]);
    assert_eq!(f[0].ty, TypeRef::Boxed(Box::new(TypeRef::Named(crate::model::TypeId(0)))));
    assert_eq!(f[1].ty, TypeRef::Array(Box::new(TypeRef::Named(crate::model::TypeId(0)))));
}

#[test]
fn names_come_from_components_then_context_and_reserved_names_take_a_suffix() {
    let mut arena = Arena::default();
    let pet = arena.alloc(NameHint::Component("pet".into()), None, "/components/schemas/pet");
    let error = arena.alloc(NameHint::Component("Error".into()), None, "/components/schemas/Error");
    let status = arena.alloc(NameHint::Component("Status".into()), None, "/components/schemas/Status");
    let owner = arena.alloc(NameHint::Child { parent: pet, suffix: "owner".into() }, None, "/p/owner");
    let body = arena.alloc(
        NameHint::Response { op: "GetPet".into(), variant: "Ok".into(), error: false },
        None,
        "/r",
    );
    arena.set(pet, object(vec![field("owner", TypeRef::Named(owner), false, false)]));
    arena.set(error, object(vec![]));
    arena.set(status, DraftKind::Enum(vec!["ok".into()]));
    arena.set(owner, object(vec![field("name", TypeRef::String, true, false)]));
    arena.set(body, DraftKind::IntEnum(vec![(-1, None), (2, None), (3, Some("three".into()))]));
    let finished = arena.finish(&["Error", "Status"]).expect("finishes");
    let name = |id: DraftId| finished.types[finished.remap[id.0].0].name.to_string();
    assert_eq!(name(pet), "Pet");
    // A reserved name: a struct is `{Name}Object`, anything else `{Name}Type`.
    assert_eq!(name(error), "ErrorObject");
    assert_eq!(name(status), "StatusType");
    assert_eq!(name(owner), "PetOwner");
    assert_eq!(name(body), "GetPetResponse");
    let TypeKind::IntEnum(vs) = &finished.types[finished.remap[body.0].0].kind else { panic!() };
    let variants: Vec<String> = vs.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants, ["Minus1", "Value2", "Three"]);
}

#[test]
fn a_shared_inline_shape_is_named_after_the_property_its_uses_share() {
    let mut arena = Arena::default();
    let a = arena.alloc(NameHint::Component("A".into()), None, "/components/schemas/A");
    let b = arena.alloc(NameHint::Component("B".into()), None, "/components/schemas/B");
    let role_a = arena.alloc(NameHint::Child { parent: a, suffix: "role".into() }, None, "/a/role");
    let role_b = arena.alloc(NameHint::Child { parent: b, suffix: "role".into() }, None, "/b/role");
    arena.set(a, object(vec![field("role", TypeRef::Named(role_a), true, false)]));
    arena.set(b, object(vec![field("role", TypeRef::Named(role_b), true, false)]));
    for id in [role_a, role_b] {
        arena.set(id, DraftKind::Enum(vec!["admin".into(), "user".into()]));
    }
    let finished = arena.finish(&[]).expect("finishes");
    assert_eq!(finished.types.len(), 3);
    // Not `ARole` after the first use.
    assert_eq!(finished.types[finished.remap[role_a.0].0].name.to_string(), "Role");
}
