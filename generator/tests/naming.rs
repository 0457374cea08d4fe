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
