//! The per-tag layout of large APIs, seen through the generated files: an API without tags is
//! split by path resource, and a type only one tag uses is gated behind that tag's feature.

use std::fmt::Write;
use std::path::Path;

/// A spec with `n` GET operations on `/v1/<resource>/{id}`, untagged, returning `Thing`
/// (shared by all) or, for the `widgets` resource, `Widget` (used by that resource only).
fn untagged_spec(resources: &[&str], per_resource: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Untagged, version: '1'}\nservers: [{url: 'https://x.example.com'}]\npaths:\n",
    );
    for r in resources {
        for i in 0..per_resource {
            let schema = if *r == "widgets" { "Widget" } else { "Thing" };
            write!(
                spec,
                "  /v1/{r}/{{id}}/item{i}:\n    get:\n      operationId: get_{r}_{i}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{schema}'}}\n"
            )
            .unwrap();
        }
    }
    spec.push_str(
        "components:\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n    Widget: {type: object, properties: {size: {type: integer}}}\n",
    );
    spec
}

#[test]
fn an_api_without_tags_is_split_by_path_resource_past_the_version() {
    let text = untagged_spec(&["customers", "widgets", "invoices"], 20);
    let files = clientgen::generate_from_text(Path::new("untagged.yaml"), text, "untagged-client")
        .expect("generates");
    for module in ["customers", "widgets", "invoices"] {
        assert!(files.contains_key(&format!("src/operations/{module}.rs")), "{:?}", files.keys());
    }
    assert!(!files.keys().any(|k| k == "src/operations/v1.rs"));
    let manifest = &files["Cargo.toml"];
    assert!(manifest.contains("all = [\"customers\", \"invoices\", \"widgets\"]"), "{manifest}");
    assert!(files["src/operations.rs"].contains("Operations on `/widgets`"));
}

#[test]
fn an_rpc_style_api_without_tags_is_not_split_into_a_feature_per_method() {
    // A bot API: `/sendMessage`, `/getMe`, ... one resource per method.
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Bot, version: '1'}\nservers: [{url: 'https://x.example.com'}]\npaths:\n");
    for i in 0..70 {
        write!(spec, "  /sendThing{i}:\n    post:\n      responses:\n        '204': {{description: ok}}\n")
            .unwrap();
    }
    let files = clientgen::generate_from_text(Path::new("bot.yaml"), spec, "bot-client").expect("generates");
    assert!(!files.keys().any(|k| k.starts_with("src/operations/")), "{:?}", files.keys());
    assert!(!files["Cargo.toml"].contains("all = ["), "{}", files["Cargo.toml"]);
    assert!(files["src/client.rs"].contains("pub fn send_thing0("));
}

#[test]
fn a_small_api_keeps_one_operations_module() {
    let text = untagged_spec(&["customers", "widgets"], 20);
    let files =
        clientgen::generate_from_text(Path::new("small.yaml"), text, "small-client").expect("generates");
    assert!(!files.keys().any(|k| k.starts_with("src/operations/")), "{:?}", files.keys());
    assert!(!files["Cargo.toml"].contains("all = ["));
}

#[test]
fn a_type_is_compiled_by_the_features_of_the_operations_that_use_it() {
    let mut text = untagged_spec(&["customers", "widgets", "invoices"], 20);
    // A schema no operation uses, and one both it and the widgets use.
    text.push_str("    Webhook: {type: object, properties: {part: {$ref: '#/components/schemas/Part'}}}\n");
    text.push_str("    Part: {type: object, properties: {n: {type: integer}}}\n");
    text = text.replace(
        "    Thing: {type: object, properties: {id: {type: string}}}",
        "    Thing: {type: object, properties: {id: {type: string}, state: {type: string, enum: [on, off]}}}",
    );
    text = text.replace(
        "    Widget: {type: object, properties: {size: {type: integer}}}",
        "    Widget: {type: object, properties: {size: {type: integer}, part: {$ref: '#/components/schemas/Part'}}}",
    );
    let files = clientgen::generate_from_text(Path::new("untagged.yaml"), text, "untagged-client")
        .expect("generates");
    let types = &files["src/types.rs"];
    // An item's attributes and docs: what stands between the previous item's end and it.
    let before = |item: &str| {
        let at = types.find(item).unwrap_or_else(|| panic!("{item} in\n{types}"));
        let start = types[..at].rfind("}\n").map_or(0, |i| i + 2);
        types[start..at].to_string()
    };
    assert!(before("pub struct Widget").contains("#[cfg(feature = \"widgets\")]"), "{types}");
    // The feature named by a type's `#[cfg]`, and the features of the manifest that enable it.
    let manifest = &files["Cargo.toml"];
    let gate = |item: &str| {
        let attrs = before(item);
        let at =
            attrs.find("#[cfg(feature = \"").unwrap_or_else(|| panic!("no cfg on {item}:\n{attrs}")) + 17;
        attrs[at..at + attrs[at..].find('"').expect("closing quote")].to_string()
    };
    let enabled_by = |feature: &str| -> Vec<String> {
        manifest
            .lines()
            .filter(|l| l.contains(&format!("\"{feature}\"")) && !l.starts_with("all = "))
            .filter_map(|l| l.split(" = ").next())
            .map(str::to_string)
            .collect()
    };
    // Shared by two resources: compiled by either (through an internal feature both enable, so
    // that the type and its impls carry one short `#[cfg]`), not by the third alone.
    let thing = gate("pub struct Thing");
    assert!(thing.starts_with("_shared-"), "{types}");
    assert_eq!(enabled_by(&thing), ["customers", "invoices"], "{manifest}");
    assert!(before("pub struct Thing").contains("Compiled with any of the features `customers`, `invoices`."));
    // Used by no operation: behind a feature of its own, which `all` (the default) leaves out.
    assert_eq!(gate("pub struct Webhook"), "unused-schemas", "{types}");
    let part = gate("pub struct Part");
    assert_eq!(enabled_by(&part), ["widgets", "unused-schemas"], "{manifest}");
    assert!(manifest.contains("\nunused-schemas = [\""), "{manifest}");
    assert!(manifest.contains("all = [\"customers\", \"invoices\", \"widgets\"]"), "{manifest}");
    // Every impl of a gated type carries its gate (the serde impls come from one
    // `object_impls!` call, which puts the gate on each).
    let call =
        format!("crate::runtime::object_impls! {{\n    #[cfg(feature = \"{thing}\")]\n    read Thing {{");
    assert_eq!(types.matches(&call).count(), 1, "{types}");
    assert_eq!(types.matches(" Thing {\n").count(), 2, "{types}");
    // An enum's the same way, from one `enum_impls!` call.
    assert_eq!(gate("pub enum ThingState"), thing, "{types}");
    let call = format!(
        "crate::runtime::enum_impls! {{\n    #[cfg(feature = \"{thing}\")]\n    read str ThingState\n}}"
    );
    assert_eq!(types.matches(&call).count(), 1, "{types}");
}
