//! Behaviour of the types generated from tests/fixtures/openapi31.yaml (copied into the fixture
//! crate by tests/compile.rs and run there).

use openapi31_client::types::*;
use openapi31_client::Nullable;
use serde_json::json;

fn thing() -> Thing {
    Thing::new("n")
}

#[test]
fn optional_nullable_fields_tell_absent_null_and_value_apart_in_a_type_callers_build() {
    let absent: Thing = serde_json::from_value(json!({"name": "n", "nickname": null})).unwrap();
    assert_eq!(absent.count, Nullable::Absent);
    let null: Thing = serde_json::from_value(json!({"name": "n", "nickname": null, "count": null})).unwrap();
    assert_eq!(null.count, Nullable::Null);
    let value: Thing = serde_json::from_value(json!({"name": "n", "nickname": "x", "count": 3})).unwrap();
    assert_eq!(value.count, Nullable::Value(3));
    assert_eq!(value.count.as_ref(), Some(&3));
    assert_eq!(value.nickname.as_deref(), Some("x"));

    // A PATCH body can clear a field (null), leave it alone (absent) or set it; the required
    // nullable `nickname` starts as null; the optional `version`, though it allows one value, is
    // sent only once set.
    let mut clear = thing();
    clear.count = Nullable::Null;
    assert_eq!(
        serde_json::to_value(&clear).unwrap(),
        json!({"name": "n", "nickname": null, "count": null})
    );
    let leave = thing();
    assert_eq!(serde_json::to_value(&leave).unwrap(), json!({"name": "n", "nickname": null}));
    let set = thing().count(7).nickname("x").tags(["a".to_string()]).version(2);
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"name": "n", "nickname": "x", "count": 7, "tags": ["a"], "version": 2})
    );
}

#[test]
fn optional_nullable_fields_of_a_type_only_read_are_one_option() {
    let absent: Summary = serde_json::from_value(json!({})).unwrap();
    let null: Summary = serde_json::from_value(json!({"count": null})).unwrap();
    let value: Summary = serde_json::from_value(json!({"count": 3})).unwrap();
    let count: Option<i32> = value.count;
    assert_eq!((absent.count, null.count, count), (None, None, Some(3)));
}

#[test]
fn a_required_nullable_field_is_always_sent_and_decodes_when_missing() {
    let t: Thing = serde_json::from_value(json!({"name": "n"})).unwrap();
    assert_eq!(t.nickname, None);
    assert!(serde_json::to_value(&t).unwrap().as_object().unwrap().contains_key("nickname"));
}
