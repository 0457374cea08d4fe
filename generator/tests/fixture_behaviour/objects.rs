//! Structs are read and written as JSON objects by impls written into `types.rs` (not derived;
//! see `runtime/object.rs`): the wire behaviour the derive had, checked on values and through a
//! server on 127.0.0.1 (copied into the fixture crate by tests/compile.rs and run there).

use objects_client::types::*;
use objects_client::{Client, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn record() -> serde_json::Value {
    json!({"id": 7, "content-type": "text/plain", "type": "memo", "note": null, "payload": [1, {"a": 2}]})
}

#[test]
fn properties_are_read_by_their_wire_names_and_unknown_ones_are_skipped() {
    let mut value = record();
    value["label"] = json!("x");
    value["unknown"] = json!({"deep": [1, 2, {"x": null}]});
    value["labels"] = json!({"k": "v"});
    value["empty"] = json!({"ignored": true});
    // A wire name with a comma, braces and quotes (the generated `object_impls!` call is laid
    // out one property a line, outside string literals only).
    value["odd, {name} \"q\""] = json!("odd");
    let r: Record = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(r.odd_name_q.as_deref(), Some("odd"));
    assert_eq!(serde_json::to_value(&r).unwrap()["odd, {name} \"q\""], json!("odd"));
    assert_eq!((r.id, r.content_type.as_str(), r.r#type.as_str()), (7, "text/plain", "memo"));
    assert_eq!(r.note, None);
    assert_eq!(r.payload, json!([1, {"a": 2}]));
    assert_eq!(r.label.as_deref(), Some("x"));
    assert_eq!(r.labels.as_ref().and_then(|l| l.get("k")).map(String::as_str), Some("v"));
    assert!(r.empty.is_some());
    // Keys with escapes are not borrowed from the input: read all the same.
    let r: Record = serde_json::from_str(
        r#"{"\u0069d": 8, "content\u002dtype": "a", "type": "b", "note": "n", "payload": null}"#,
    )
    .unwrap();
    assert_eq!((r.id, r.content_type.as_str(), r.note.as_deref()), (8, "a", Some("n")));
    // From a reader (keys never borrowed) too.
    let r: Record = serde_json::from_reader(record().to_string().as_bytes()).unwrap();
    assert_eq!(r.id, 7);
}

#[test]
fn absent_properties_read_as_the_derive_read_them() {
    // A required nullable property left out is `None`; a required any-JSON one is `null`; an
    // optional one is `None`, and so is `null` for it.
    let r: Record =
        serde_json::from_value(json!({"id": 1, "content-type": "c", "type": "t", "label": null})).unwrap();
    assert_eq!((r.note, r.payload, r.label, r.labels), (None, serde_json::Value::Null, None, None));
    // A required property left out is serde's `missing field` error, naming its wire name.
    let err = serde_json::from_value::<Record>(json!({"id": 1, "type": "t"})).unwrap_err();
    assert!(err.to_string().contains("missing field `content-type`"), "{err}");
    // A property of the wrong type names what it expected.
    let err = serde_json::from_value::<Record>(json!({"id": "one", "content-type": "c", "type": "t"})).unwrap_err();
    assert!(err.to_string().contains("invalid type: string \"one\", expected i64"), "{err}");
    // Not an object at all.
    let err = serde_json::from_value::<Record>(json!([1, "c", "t"])).unwrap_err();
    assert!(err.to_string().contains("expected a `Record` object"), "{err}");
    // A key given twice keeps its last value.
    let r: Record =
        serde_json::from_str(r#"{"id": 1, "id": 2, "content-type": "c", "type": "t", "payload": 0}"#).unwrap();
    assert_eq!(r.id, 2);
}

#[test]
fn a_record_round_trips() {
    let mut value = record();
    value["labels"] = json!({"k": "v"});
    value["empty"] = json!({});
    let r: Record = serde_json::from_value(value.clone()).unwrap();
    // `note` (required, nullable) is written as `null`; `label` (optional, absent) is left out.
    assert_eq!(serde_json::to_value(&r).unwrap(), value);
}

#[test]
fn a_body_callers_build_writes_what_they_set_and_keeps_other_properties() {
    let change = Change::new("n");
    assert_eq!(serde_json::to_value(&change).unwrap(), json!({"name": "n"}));
    let mut change = Change::new("n").tag("t").extra_key(3);
    change.note = Nullable::Null;
    change.extra.insert("zeta".into(), 9);
    assert_eq!(
        serde_json::to_value(&change).unwrap(),
        json!({"name": "n", "note": null, "tag": "t", "extra-key": 3, "zeta": 9})
    );
    change.note = Nullable::Value("x".into());
    assert_eq!(serde_json::to_value(&change).unwrap()["note"], json!("x"));
}

#[tokio::test]
async fn on_the_wire() {
    let server = MockServer::start().await;
    let mut served = record();
    served["unknown"] = json!([{"nested": {"deeper": [true]}}]);
    Mock::given(method("GET"))
        .and(path("/records/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(served))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/records/r1"))
        .and(body_json(json!({"name": "n", "tag": "t", "other": 1})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    let r = client.get_record("r1").await.expect("a record the spec allows");
    assert_eq!((r.id, r.r#type.as_str(), r.note), (7, "memo", None));
    let mut change = Change::new("n").tag("t");
    change.extra.insert("other".into(), 1);
    client.put_record("r1", change).await.expect("sent as the spec says");
}

/// `Debug` goes through the struct's one `Fields` body (not a derive of its own) and prints
/// what `#[derive(Debug)]` printed: every field by its Rust name (`type`, not `r#type` or the
/// wire name), `None` ones too, the map of unnamed properties last, `{:#?}` indented.
#[test]
fn debug_prints_every_field_by_its_rust_name_as_derive_did() {
    let r: Record = serde_json::from_value(record()).unwrap();
    assert_eq!(
        format!("{r:?}"),
        r#"Record { id: 7, content_type: "text/plain", type: "memo", note: None, payload: Array [Number(1), Object {"a": Number(2)}], label: None, empty: None, labels: None, odd_name_q: None }"#
    );
    let mut change = Change::new("n").extra_key(3);
    change.note = Nullable::Null;
    change.extra.insert("x".into(), 1);
    assert_eq!(
        format!("{change:?}"),
        r#"Change { name: "n", note: Null, tag: None, extra_key: Some(3), extra: {"x": 1} }"#
    );
    assert_eq!(
        format!("{change:#?}"),
        "Change {\n    name: \"n\",\n    note: Null,\n    tag: None,\n    extra_key: Some(\n        3,\n    ),\n    extra: {\n        \"x\": 1,\n    },\n}"
    );
}
