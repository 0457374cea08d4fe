//! Behaviour of the types generated from tests/fixtures/features.yaml (copied into the fixture
//! crate by tests/compile.rs and run there).

use features_client::types::*;

#[test]
fn string_enums_round_trip_and_keep_unknown_values() {
    let c: Colour = serde_json::from_str("\"dark blue\"").unwrap();
    assert_eq!(c, Colour::DarkBlue);
    assert_eq!(serde_json::to_string(&c).unwrap(), "\"dark blue\"");
    let unknown: Colour = serde_json::from_str("\"mauve\"").unwrap();
    assert_eq!(unknown, Colour::Other("mauve".into()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"mauve\"");
    // Values that differ only in case stay distinct.
    assert_eq!(serde_json::from_str::<Colour>("\"Red\"").unwrap().as_str(), "Red");
    assert_ne!(serde_json::from_str::<Colour>("\"Red\"").unwrap(), Colour::Red);
    assert_eq!(Colour::from("1st").to_string(), "1st");
}

#[test]
fn a_required_enum_header_on_every_operation_is_set_as_text_on_the_client() {
    let client = features_client::Client::builder().base_url("http://127.0.0.1:9").x_region("eu").build().unwrap();
    // The per-call override takes text too.
    let _request = client.health().x_region("us");
}
