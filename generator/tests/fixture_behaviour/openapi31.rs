//! Behaviour of the types generated from tests/fixtures/openapi31.yaml (copied into the fixture
//! crate by tests/compile.rs and run there).

use openapi31_client::types::*;
use serde_json::json;

fn thing() -> Thing {
    Thing { name: "n".into(), nickname: None, count: None, anything: None, free: None, tags: None, version: None }
}

#[test]
fn optional_nullable_fields_tell_absent_null_and_value_apart() {
    let absent: Thing = serde_json::from_value(json!({"name": "n", "nickname": null})).unwrap();
    assert_eq!(absent.count, None);
    let null: Thing = serde_json::from_value(json!({"name": "n", "nickname": null, "count": null})).unwrap();
    assert_eq!(null.count, Some(None));
    let value: Thing = serde_json::from_value(json!({"name": "n", "nickname": "x", "count": 3})).unwrap();
    assert_eq!(value.count, Some(Some(3)));
    assert_eq!(value.nickname.as_deref(), Some("x"));

    // A PATCH body can clear a field (null), leave it alone (absent) or set it.
    let clear = Thing { count: Some(None), ..thing() };
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"name": "n", "nickname": null, "count": null}));
    let leave = thing();
    assert_eq!(serde_json::to_value(&leave).unwrap(), json!({"name": "n", "nickname": null}));
    let set = Thing { count: Some(Some(7)), ..thing() };
    assert_eq!(serde_json::to_value(&set).unwrap()["count"], json!(7));
}

#[test]
fn a_required_nullable_field_is_always_sent_and_decodes_when_missing() {
    let t: Thing = serde_json::from_value(json!({"name": "n"})).unwrap();
    assert_eq!(t.nickname, None);
    assert!(serde_json::to_value(&t).unwrap().as_object().unwrap().contains_key("nickname"));
}
