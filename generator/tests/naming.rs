//! Names of shared inline types: a schema several unrelated places use (deduplicated) is named
//! from what its uses have in common, never after the first of them, and keeps its name when an
//! unrelated part of the spec changes; a component named like one of the crate's own items
//! (`Error`) is `ErrorObject`, not `Error2`.

use std::path::Path;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Naming, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Assistant'}}}}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Reply'}}}}
  /c:
    get:
      operationId: getC
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Message'}}}}
components:
  schemas:
    Assistant:
      type: object
      properties:
        object: {type: string, enum: [assistant]}
        metadata: {type: object, properties: {team: {type: string}}}
    Reply:
      type: object
      properties:
        role: {type: string, enum: [assistant]}
        metadata: {type: object, properties: {team: {type: string}}}
    Message:
      type: object
      properties:
        role: {type: string, enum: [assistant]}
        metadata: {type: object, properties: {team: {type: string}}}
    Error:
      type: object
      properties:
        message: {type: string}
"#;

fn type_names(spec: &str) -> Vec<String> {
    let files = clientgen::generate_from_text(Path::new("naming.yaml"), spec.into(), "naming-client")
        .expect("generates");
    files["src/types.rs"]
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct ").or_else(|| l.strip_prefix("pub enum ")))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn shared_inline_types_are_named_from_their_uses() {
    let names = type_names(SPEC);
    for name in ["Metadata", "AssistantRole", "ErrorObject"] {
        assert!(names.contains(&name.to_string()), "no {name} in {names:?}");
    }
    for borrowed in ["AssistantMetadata", "AssistantObject", "Error2"] {
        assert!(!names.contains(&borrowed.to_string()), "{borrowed} in {names:?}");
    }
    // An unrelated schema added first changes no other name.
    let more = SPEC.replace(
        "  schemas:\n",
        "  schemas:\n    Aardvark: {type: object, properties: {legs: {type: integer}}}\n",
    );
    let mut with = type_names(&more);
    with.retain(|n| n != "Aardvark");
    assert_eq!(with, names);
}

/// Inline schemas with one title and one shape are one type (Stripe repeats
/// `range_query_specs` under 53 parameters); one title with another shape, or another title,
/// stays a type of its own, and components never merge.
#[test]
fn inline_schemas_of_one_title_and_shape_are_one_type() {
    let range =
        "{title: range_query_specs, type: object, properties: {gt: {type: integer}, lt: {type: integer}}}";
    let spec = format!(
        r#"
openapi: 3.0.3
info: {{title: Titles, version: '1'}}
paths:
  /a:
    post:
      operationId: postA
      requestBody: {{content: {{application/json: {{schema: {{type: object, properties: {{created: {range}}}}}}}}}}}
      responses: {{'204': {{description: ok}}}}
  /b:
    post:
      operationId: postB
      requestBody: {{content: {{application/json: {{schema: {{type: object, properties: {{amount: {range}, other: {{title: range_query_specs, type: object, properties: {{gte: {{type: integer}}}}}}}}}}}}}}}}
      responses: {{'204': {{description: ok}}}}
  /c:
    get:
      operationId: getC
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Span'}}}}}}}}
        '201': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Range'}}}}}}}}
components:
  schemas:
    Span: {{type: object, properties: {{gt: {{type: integer}}, lt: {{type: integer}}}}}}
    Range: {{type: object, properties: {{gt: {{type: integer}}, lt: {{type: integer}}}}}}
"#
    );
    let names = type_names(&spec);
    let ranges: Vec<&String> = names.iter().filter(|n| n.starts_with("RangeQuerySpecs")).collect();
    assert_eq!(ranges, ["RangeQuerySpecs", "RangeQuerySpecs2"], "in {names:?}");
    for component in ["Span", "Range"] {
        assert!(names.contains(&component.to_string()), "no {component} in {names:?}");
    }
}

/// Operation names as a vendor's SDK spells them, FastAPI's tails stripped, names for
/// operations without an id made from the path, and names two operations would share settled
/// the same way whichever comes first.
const OPERATIONS: &str = r#"
openapi: 3.0.3
info: {title: Operations, version: '1'}
x-speakeasy-name-override:
  - {operationId: '^list-.*', methodNameOverride: list}
  - {operationId: '^list-.*-attachments', methodNameOverride: listAttachments}
paths:
  /clients:
    get: {operationId: GetClientList, x-speakeasy-group: clients, x-speakeasy-name-override: list, responses: {'204': {description: ok}}}
  /clients/{id}:
    get: {operationId: GetClient, x-speakeasy-group: clients, x-speakeasy-name-override: get, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}
  /jwks:
    get: {operationId: GetJWKS, x-speakeasy-group: jwks, x-speakeasy-name-override: getJWKS, responses: {'204': {description: ok}}}
  /companies:
    get: {operationId: list-companies, tags: [Companies], responses: {'204': {description: ok}}}
  /companies/attachments:
    get: {operationId: list-company-attachments, tags: [Companies], responses: {'204': {description: ok}}}
  /imdb/movies:
    get: {operationId: movies_list, x-fern-sdk-group-name: [imdb, movies], x-fern-sdk-method-name: list, responses: {'204': {description: ok}}}
  /api/v1/app/{app_id}/msg/:
    post: {operationId: create_message_api_v1_app__app_id__msg__post, parameters: [{name: app_id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}
  /v1/conversations:
    get: {operationId: agents_api_v1_conversations_list, responses: {'204': {description: ok}}}
  /sendMessage:
    post: {responses: {'204': {description: ok}}}
  /bots/{bot_id}/apps:
    parameters: [{name: bot_id, in: path, required: true, schema: {type: string}}]
    get: {responses: {'204': {description: ok}}}
    post: {responses: {'204': {description: ok}}}
  /v4/jobs:
    get: {responses: {'204': {description: ok}}}
  /v4/app/jobs:
    get: {responses: {'204': {description: ok}}}
  /pets:
    get: {operationId: listPets, responses: {'204': {description: ok}}}
  /pets/{petId}:
    get: {operationId: list_pets, parameters: [{name: petId, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}
"#;

fn method_names(spec: &str) -> Vec<(String, String)> {
    let api = clientgen::model_from_text(Path::new("operations.yaml"), spec.into(), "operations").unwrap();
    api.operations
        .iter()
        .map(|o| (format!("{} {}", o.http_method, o.path), o.method_name.to_string()))
        .collect()
}

#[test]
fn operations_are_named_as_an_sdk_would_and_collisions_do_not_depend_on_order() {
    let names = method_names(OPERATIONS);
    let expected = [
        ("GET /clients", "clients_list"),
        ("GET /clients/{id}", "clients_get"),
        ("GET /jwks", "get_jwks"),
        ("GET /companies", "companies_list"),
        ("GET /companies/attachments", "companies_list_attachments"),
        ("GET /imdb/movies", "imdb_movies_list"),
        ("POST /api/v1/app/{app_id}/msg/", "create_message"),
        ("GET /v1/conversations", "conversations_list"),
        ("POST /sendMessage", "send_message"),
        ("GET /bots/{bot_id}/apps", "list_apps"),
        ("POST /bots/{bot_id}/apps", "create_app"),
        // Both would be `list_jobs`: each takes the segment before.
        ("GET /v4/jobs", "list_jobs"),
        ("GET /v4/app/jobs", "list_app_jobs"),
        // `listPets` and `list_pets` are one name: the shorter path keeps it, the other falls
        // back to method and path.
        ("GET /pets", "list_pets"),
        ("GET /pets/{petId}", "get_pets_pet_id"),
    ];
    for (op, name) in expected {
        let got = names.iter().find(|(o, _)| o == op).map(|(_, n)| n.as_str());
        assert_eq!(got, Some(name), "{op}");
    }
    // The same names whatever the order of the paths.
    let mut reversed: Vec<&str> = OPERATIONS.split("\n  /").collect();
    let head = reversed.remove(0);
    reversed.reverse();
    let reordered = format!("{head}\n  /{}", reversed.join("\n  /"));
    let mut again = method_names(&reordered);
    again.sort();
    let mut names = names;
    names.sort();
    assert_eq!(again, names);
}
