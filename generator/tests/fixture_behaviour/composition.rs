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

/// The code a user writes for a chat request: no optional field spelled out, no one-value field
/// (`role`, `type`) written, no union variant named, a model by its id.
#[test]
fn a_request_is_built_naming_only_what_is_set() {
    let request = ChatRequest::new("gpt-4o", [ChatUserMessage::new("Hello")]).temperature(0.2).seed(7);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}], "temperature": 0.2, "seed": 7})
    );
    // Variants are named without the union's words; a known model id is its variant.
    assert!(matches!(&request.messages[0], ChatMessage::User(m) if m.content == ChatUserMessageContent::String("Hello".into())));
    assert_eq!(request.model, ChatModel::Gpt4o);
    // Two kinds of message in one list; parts of a message from an array; a map from pairs.
    let mixed = ChatRequest::new(
        ChatModel::Gpt4oMini,
        [ChatMessage::from(ChatSystemMessage::new("Be brief.")), ChatUserMessage::new(vec![ChatContentPart::new("Hi")]).name("ann").into()],
    )
    .stop(["\n"])
    .labels([("team", "ml")])
    .meta([("order_id", "6735")]);
    assert_eq!(
        serde_json::to_value(&mixed).unwrap(),
        json!({
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Hi"}], "name": "ann"}
            ],
            "stop": ["\n"],
            "labels": {"team": "ml"},
            "meta": {"order_id": "6735"}
        })
    );
    // A one-value switch that may be null is sent only when set.
    let reasoning = ChatRequest::new("gpt-4o", Vec::<ChatMessage>::new()).prompt_mode(ChatRequestPromptMode::Reasoning);
    assert_eq!(serde_json::to_value(&reasoning).unwrap()["prompt_mode"], json!("reasoning"));
    // null, explicitly, where the property allows it.
    let mut cleared = ChatRequest::new("gpt-4o", Vec::<ChatMessage>::new());
    cleared.temperature = composition_client::Nullable::Null;
    assert_eq!(serde_json::to_value(&cleared).unwrap()["temperature"], json!(null));
}

#[test]
fn an_open_enum_is_one_enum_of_the_known_values_and_any_other_string() {
    assert_eq!(ChatModel::from("gpt-4o-mini"), ChatModel::Gpt4oMini);
    assert_eq!(ChatModel::from("ft:mine"), ChatModel::Other("ft:mine".into()));
    assert_eq!(serde_json::from_value::<ChatModel>(json!("ft:mine")).unwrap(), ChatModel::Other("ft:mine".into()));
    assert_eq!(serde_json::from_value::<ChatModel>(json!("gpt-4o")).unwrap(), ChatModel::Gpt4o);
    assert_eq!(serde_json::to_value(ChatModel::Other("ft:mine".into())).unwrap(), json!("ft:mine"));
}
