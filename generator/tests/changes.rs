//! Change reports: pairs of specs (`tests/changes/`), the report between the crates they
//! generate as an insta snapshot, and the version each report picks.

use clientgen::changes::{self, Rust, Wire};
use std::path::{Path, PathBuf};

fn pair(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changes");
    (dir.join(format!("{name}old.yaml")), dir.join(format!("{name}new.yaml")))
}

#[test]
fn a_change_of_every_kind_is_classed_twice() {
    let (old, new) = pair("");
    let changes = changes::between(&old, &new, "pets-client").unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("pets", changes::report("pets-client", "0.1.0", &changes));
    // The lines a reviewer most needs, classed as the issue says they must be.
    let find = |item: &str, why: &str| {
        changes
            .iter()
            .find(|c| c.item == item && c.why.contains(why))
            .unwrap_or_else(|| panic!("{item}: {why}"))
    };
    let c = find("Client::get_gone", "operation removed");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("Client::list_pets", "became required");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("types::Status::Pending", "added");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Compatible));
    let c = find("types::Pet::name", "may be null");
    assert_eq!((c.rust, c.wire), (Rust::Internal, Wire::Breaking));
    let c = find("types::NewPetKind::Bird", "removed from a request type");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("ClientBuilder::api_key", "credential sent as");
    assert_eq!((c.rust, c.wire), (Rust::Internal, Wire::Breaking));
    let c = find("types::Pet::age", "added");
    assert_eq!((c.rust, c.wire), (Rust::Additive, Wire::Compatible));
    let c = find("types::Pet::tag", "is String, was Option<String>");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Compatible));
    // Breaking changes come first.
    let first_other =
        changes.iter().position(|c| c.rust != Rust::Breaking && c.wire != Wire::Breaking).unwrap();
    assert!(changes[first_other..].iter().all(|c| c.rust != Rust::Breaking && c.wire != Wire::Breaking));
}

#[test]
fn a_spec_against_itself_has_no_change_and_keeps_its_version() {
    let (old, _) = pair("");
    let changes = changes::between(&old, &old, "pets-client").unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(changes::next_version("0.3.1", &changes), "0.3.1");
}

#[test]
fn versions_follow_semver_with_its_0x_rule() {
    let change = |rust| changes::Change {
        rust,
        wire: Wire::Compatible,
        item: String::new(),
        pointer: String::new(),
        why: String::new(),
    };
    let cases = [
        ("0.1.0", Rust::Breaking, "0.2.0"),
        ("0.1.3", Rust::Additive, "0.1.4"),
        ("0.1.3", Rust::Internal, "0.1.4"),
        ("1.4.2", Rust::Breaking, "2.0.0"),
        ("1.4.2", Rust::Additive, "1.5.0"),
        ("1.4.2", Rust::Internal, "1.4.3"),
    ];
    for (version, rust, next) in cases {
        assert_eq!(
            changes::next_version(version, &[change(Rust::Internal), change(rust)]),
            next,
            "{version} {rust:?}"
        );
    }
}

/// One rule each: the base spec (`tests/changes/old.yaml`) and the same spec with one edit, the
/// change the report must list (its Rust and wire classes, and words of its reason), and the
/// whole report as a snapshot.
#[test]
fn every_rule_on_a_pair_of_its_own() {
    use Rust::*;
    use Wire::{Breaking as WireBreaking, Compatible};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changes");
    let base = std::fs::read_to_string(dir.join("old.yaml")).unwrap();
    let gone = "  /gone:\n    get:\n      operationId: getGone\n      responses:\n        '200': {description: Gone, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}\n";
    let toys = "  /toys:\n    get:\n      operationId: listToys\n      responses:\n        '204': {description: Done}\n";
    let gone_and_toys = format!("{gone}{toys}");
    type Rule<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, Rust, Wire, &'a str);
    let rules: Vec<Rule> = vec![
        ("operation_removed", vec![(gone, "")], "Client::get_gone", Breaking, WireBreaking, "operation removed"),
        ("operation_added", vec![(gone, gone_and_toys.as_str())], "Client::list_toys", Additive, Compatible, "operation added"),
        ("operation_renamed", vec![("operationId: getGone", "operationId: fetchGone")], "Client::get_gone", Breaking, Compatible, "operation renamed to `fetch_gone`"),
        ("path_changed", vec![("  /pets/{id}:", "  /animals/{id}:")], "Client::get_pet", Internal, WireBreaking, "GET /pets/{id} → GET /animals/{id}"),
        ("parameter_became_required", vec![("{name: owner, in: query,", "{name: owner, in: query, required: true,")], "Client::list_pets", Breaking, WireBreaking, "query owner became required"),
        ("required_parameter_added", vec![("      operationId: getPet\n      parameters: [", "      operationId: getPet\n      parameters: [{name: fields, in: query, required: true, schema: {type: string}}, ")], "Client::get_pet", Breaking, WireBreaking, "required query fields added"),
        ("optional_parameter_added", vec![("        - {name: owner, in: query, schema: {type: string}}\n", "        - {name: owner, in: query, schema: {type: string}}\n        - {name: sort, in: query, schema: {type: string}}\n")], "Client::list_pets(..).sort", Additive, Compatible, "optional query sort added"),
        ("optional_parameter_removed", vec![("        - {name: owner, in: query, schema: {type: string}}\n", "")], "Client::list_pets(..).owner", Breaking, Compatible, "optional query owner removed"),
        ("parameter_retyped", vec![("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: string}}")], "Client::list_pets(..).limit", Breaking, WireBreaking, "is String, was i64"),
        ("body_retyped", vec![("requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}}", "requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}")], "Client::create_pet", Breaking, WireBreaking, "body is Pet, was NewPet"),
        ("success_type_changed", vec![("'200': {description: A pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}", "'200': {description: A pet, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}")], "Client::get_pet", Breaking, WireBreaking, "gives Gone on success, was Pet"),
        ("error_variant_added", vec![("        '404': {description: Not found}\n", "        '404': {description: Not found}\n        '429': {description: Slow down}\n")], "Client::get_pet: error TooManyRequests", Breaking, Compatible, "error variant added"),
        ("response_field_added", vec![("        status: {$ref: '#/components/schemas/Status'}\n", "        status: {$ref: '#/components/schemas/Status'}\n        age: {type: integer}\n")], "types::Pet::age", Additive, Compatible, "field age added"),
        ("required_request_field_added", vec![("      required: [name]\n      properties:\n        name: {type: string}\n", "      required: [name, owner]\n      properties:\n        name: {type: string}\n        owner: {type: string}\n")], "types::NewPet::owner", Breaking, WireBreaking, "required field owner added"),
        ("optional_request_field_added", vec![("        kind: {type: string, enum: [cat, dog, bird]}\n", "        kind: {type: string, enum: [cat, dog, bird]}\n        note: {type: string}\n")], "types::NewPet::note", Additive, Compatible, "field note added"),
        ("required_response_field_removed", vec![("      required: [id, name]\n      properties:\n        id: {type: integer}\n        name: {type: string}\n", "      required: [id]\n      properties:\n        id: {type: integer}\n")], "types::Pet::name", Breaking, WireBreaking, "required field name removed"),
        ("field_retyped", vec![("        id: {type: integer}\n        name: {type: string}\n        tag", "        id: {type: string}\n        name: {type: string}\n        tag")], "types::Pet::id", Breaking, WireBreaking, "is String, was i64"),
        ("response_field_became_nullable", vec![("        name: {type: string}\n        tag", "        name: {type: string, nullable: true}\n        tag")], "types::Pet::name", Internal, WireBreaking, "may be null"),
        ("response_field_no_longer_required", vec![("      required: [id, name]\n", "      required: [id]\n")], "types::Pet::name", Internal, WireBreaking, "no longer required"),
        ("request_field_became_required", vec![("      required: [name]\n", "      required: [name, kind]\n")], "types::NewPet::kind", Internal, WireBreaking, "kind now required"),
        ("response_enum_value_added", vec![("enum: [available, sold]", "enum: [available, sold, pending]")], "types::Status::Pending", Breaking, Compatible, "value pending added"),
        ("response_enum_value_removed", vec![("enum: [available, sold]", "enum: [available]")], "types::Status::Sold", Breaking, Compatible, "value sold removed"),
        ("request_enum_value_removed", vec![("enum: [cat, dog, bird]", "enum: [cat, dog]")], "types::NewPetKind::Bird", Breaking, WireBreaking, "removed from a request type"),
        ("server_changed", vec![("https://pets.example.com/v1", "https://api.pets.example.com/v2")], "Client", Internal, WireBreaking, "default server"),
        ("credential_moved", vec![("{type: apiKey, in: header, name: X-Api-Key}", "{type: apiKey, in: query, name: api_key}")], "ClientBuilder::api_key", Internal, WireBreaking, "credential sent as header X-Api-Key → query api_key"),
        ("type_added", vec![("    Gone: {type: object", "    Toy: {type: object, properties: {name: {type: string}}}\n    Gone: {type: object")], "types::Toy", Additive, Compatible, "type added"),
        ("server_added", vec![("servers: [{url: 'https://pets.example.com/v1'}]", "servers: [{url: 'https://pets.example.com/v1'}, {url: 'https://sandbox.pets.example.com/v1', description: Sandbox}]")], "Server::Sandbox", Breaking, Compatible, "server added"),
        ("response_header_added", vec![("'200': {description: Pets, content:", "'200': {description: Pets, headers: {X-Total: {schema: {type: integer}}}, content:")], "Client::list_pets: header x_total", Additive, Compatible, "typed response header added"),
        ("success_response_added", vec![("        '404': {description: Not found}\n", "        '202': {description: Accepted}\n        '404': {description: Not found}\n")], "Client::get_pet", Breaking, WireBreaking, "gives GetPetSuccess on success, was Pet"),
        ("spec_version_only", vec![("version: '1.0'", "version: '1.0.1'")], "crate docs", Internal, Compatible, "spec version 1.0 → 1.0.1"),
    ];
    let old_path = dir.join("old.yaml");
    for (name, edits, item, rust, wire, why) in rules {
        let mut new = base.clone();
        for (from, to) in &edits {
            assert!(new.contains(from), "{name}: the base spec has {from:?}");
            new = new.replacen(from, to, 1);
        }
        let old_api = clientgen::model_from_text(&old_path, base.clone(), "pets-client").unwrap();
        let new_api = clientgen::model_from_text(&old_path, new, "pets-client")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let changes = changes::diff(&changes::describe(&old_api), &changes::describe(&new_api));
        let found = changes.iter().find(|c| c.item == item && c.why.contains(why));
        let Some(c) = found else { panic!("{name}: no change of {item} saying {why:?} in {changes:#?}") };
        assert_eq!((c.rust, c.wire), (rust, wire), "{name}: {c:?}");
        insta::assert_snapshot!(format!("rule_{name}"), changes::report("pets-client", "0.1.0", &changes));
    }
}

#[test]
fn docs_are_no_api_change() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changes");
    let base = std::fs::read_to_string(dir.join("old.yaml")).unwrap();
    let documented = base.replacen(
        "      operationId: getPet\n",
        "      operationId: getPet\n      description: Fetches one pet, now documented.\n",
        1,
    );
    assert_ne!(base, documented);
    let old = clientgen::model_from_text(&dir.join("old.yaml"), base, "pets-client").unwrap();
    let new = clientgen::model_from_text(&dir.join("old.yaml"), documented, "pets-client").unwrap();
    assert!(changes::diff(&changes::describe(&old), &changes::describe(&new)).is_empty());
}

#[test]
fn an_api_json_of_another_format_is_not_compared_and_keeps_its_version() {
    let (old, new) = pair("");
    let old_api = clientgen::model(&old, "pets-client").unwrap();
    let new_api = clientgen::model(&new, "pets-client").unwrap();
    let first = changes::release(&old_api, "old.yaml", None, None).unwrap();
    assert!(!first.compared);
    assert_eq!(first.version, "0.1.0");
    // The same file, compared: the breaking changes move the version.
    let next = changes::release(&new_api, "new.yaml", Some(&first.api_json), Some(&first.changelog)).unwrap();
    assert!(next.compared);
    assert_eq!(next.version, "0.2.0");
    assert!(next.changelog.find("## 0.2.0").unwrap() < next.changelog.find("## 0.1.0").unwrap());
    // Written in an older format (no `format`, as before it had one): not compared.
    let older = first.api_json.replacen(&format!("\"format\": {},", changes::API_FORMAT), "", 1);
    assert_ne!(older, first.api_json);
    let kept = changes::release(&new_api, "new.yaml", Some(&older), Some(&first.changelog)).unwrap();
    assert!(!kept.compared && kept.changes.is_empty());
    assert_eq!(kept.version, "0.1.0");
}

/// The measure of names that move (`cargo xtask diff` prints it): a schema added under the name
/// the generator gave an unchanged inline shape renames that shape, a Rust-breaking change at a
/// spec location whose JSON is the same in both files.
#[test]
fn breaking_changes_at_unchanged_json_are_counted() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {{description: ok}}\n        '400': {{description: bad, content: {{application/json: {{schema: {{type: object, properties: {{message: {{type: string}}}}}}}}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {{description: ok}}\n        '400': {{description: bad, content: {{application/json: {{schema: {{type: object, properties: {{message: {{type: string}}}}}}}}}}}}\ncomponents:\n  schemas:\n    Thing: {{type: object, properties: {{id: {{type: string}}}}}}\n{extra}"
        )
    };
    let dir = std::env::temp_dir().join(format!("clientgen-unchanged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec("")).unwrap();
    std::fs::write(&new, spec("    ErrorBody: {type: object, properties: {code: {type: integer}}}\n"))
        .unwrap();
    let changes = changes::between(&old, &new, "t-client").unwrap_or_else(|e| panic!("{e}"));
    let same = changes::breaking_at_unchanged_json(&old, &new, &changes).unwrap();
    assert!(!same.is_empty(), "a rename at an unchanged location: {changes:#?}");
    assert!(same.iter().all(|c| c.pointer.starts_with("/paths/")), "{same:#?}");
    // The same file on both sides: no change at all, so none counted.
    let none = changes::between(&old, &old, "t-client").unwrap();
    assert!(changes::breaking_at_unchanged_json(&old, &old, &none).unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
