//! Behaviour of the types generated from tests/fixtures/composition.yaml (copied into the fixture
//! crate by tests/compile.rs and run there).

use composition_client::types::*;
use serde_json::json;

#[test]
fn all_of_merges_properties_and_required() {
    let dog: Dog = serde_json::from_value(json!({"name": "Rex", "bark": true})).unwrap();
    assert_eq!((dog.name.as_str(), dog.bark, dog.tag), ("Rex", true, None));
    // `bark` is required by the second member, `name` by the first.
    assert!(serde_json::from_value::<Dog>(json!({"name": "Rex"})).is_err());
    assert!(serde_json::from_value::<Dog>(json!({"bark": true})).is_err());
    let puppy: Puppy = serde_json::from_value(json!({"name": "Bit", "bark": false, "age_weeks": 9})).unwrap();
    assert_eq!(puppy.age_weeks, Some(9));
}

#[test]
fn one_of_decodes_the_first_matching_shape_and_keeps_anything_else() {
    let cat: AnyPet = serde_json::from_value(json!({"meow": "loud"})).unwrap();
    assert!(matches!(cat, AnyPet::Cat(ref c) if c.meow == "loud"));
    let dog: AnyPet = serde_json::from_value(json!({"name": "Rex", "bark": true})).unwrap();
    assert!(matches!(dog, AnyPet::Dog(ref d) if d.bark));
    assert!(matches!(serde_json::from_value::<AnyPet>(json!("just a name")).unwrap(), AnyPet::String(_)));
    assert!(matches!(serde_json::from_value::<AnyPet>(json!([{"name": "a"}])).unwrap(), AnyPet::PetList(ref l) if l.len() == 1));
    assert!(matches!(serde_json::from_value::<AnyPet>(json!(42)).unwrap(), AnyPet::Other(_)));
    // And back, unchanged.
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"meow": "loud"}));
}

#[test]
fn recursive_unions_are_boxed() {
    let tree: Tree = serde_json::from_value(json!({"value": {"value": 3}, "children": [{"value": 1}]})).unwrap();
    // `Tree.value` is boxed: the cycle Tree → TreeValue → Tree would be infinite.
    let inner = match tree.value.as_deref() {
        Some(TreeValue::Tree(inner)) => inner,
        other => panic!("{other:?}"),
    };
    assert!(matches!(inner.value.as_deref(), Some(TreeValue::Integer(3))));
}
