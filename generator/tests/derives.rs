//! Which generated types implement `Deserialize`: a type only requests use (parameters, request
//! bodies and what they contain) is serialise-only, which roughly halves its compile time; a type
//! any response reaches, and a schema no operation uses, keep both directions.

use std::path::Path;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Derives, version: '1'}
servers: [{url: 'https://x.example.com'}]
paths:
  /things:
    post:
      operationId: create_thing
      parameters:
        - {name: order, in: query, schema: {$ref: '#/components/schemas/Order'}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewThing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '400':
          description: bad
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  schemas:
    Order: {type: string, enum: [asc, desc]}
    NewThing:
      type: object
      properties:
        spec: {$ref: '#/components/schemas/Spec'}
        label: {$ref: '#/components/schemas/Label'}
        kind: {type: string, enum: [a, b]}
        size: {oneOf: [{type: integer}, {type: string}]}
        tag: {$ref: '#/components/schemas/Tag'}
    Spec: {type: object, properties: {depth: {type: integer}}}
    Label: {type: object, properties: {text: {type: string}}}
    Thing: {type: object, properties: {label: {$ref: '#/components/schemas/Label'}, state: {type: string, enum: [on, off]}, level: {type: integer, enum: [1, 2]}}}
    Problem: {type: object, properties: {detail: {$ref: '#/components/schemas/Detail'}}}
    Detail: {type: object, properties: {code: {type: integer}}}
    Tag: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {tag: {$ref: '#/components/schemas/Tag'}}}
"#;

/// Whether the type `name` implements `Deserialize`: by its `derive` line, a hand-written impl
/// or `runtime::object_impls!` or `runtime::enum_impls!` in `read` mode.
fn reads(types: &str, name: &str) -> bool {
    let lines: Vec<&str> = types.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.starts_with(&format!("pub struct {name} ")) || l.starts_with(&format!("pub enum {name} "))
        })
        .unwrap_or_else(|| panic!("no type {name} in\n{types}"));
    // The derive line is among the attributes above (`#[non_exhaustive]` may follow it).
    let derive =
        lines[..at].iter().rev().take(3).find(|l| l.starts_with("#[derive(")).copied().unwrap_or_default();
    derive.contains("::serde::Deserialize")
        || types.contains(&format!("impl<'de> ::serde::Deserialize<'de> for {name} "))
        || types.lines().any(|l| {
            let l = l.trim();
            l == format!("read {name} {{")
                || l == format!("read str {name}")
                || l == format!("read int {name}")
        })
}

#[test]
fn only_request_types_are_serialise_only() {
    let files = clientgen::generate_from_text(Path::new("derives.yaml"), SPEC.into(), "derives-client")
        .expect("generates");
    let types = &files["src/types.rs"];
    // Only requests use these: a query parameter's enum, the body, what only the body holds
    // (a struct, an inline enum, an inline union).
    for name in ["Order", "NewThing", "Spec", "NewThingKind", "NewThingSize"] {
        assert!(!reads(types, name), "{name} should be serialise-only:\n{types}");
    }
    // A success body, an error body, what they hold (`Label` also in the request), an unused
    // schema and what it holds (`Tag` also in the request).
    for name in ["Thing", "ThingState", "ThingLevel", "Label", "Problem", "Detail", "Unused", "Tag"] {
        assert!(reads(types, name), "{name} should deserialise:\n{types}");
    }
    assert!(types.contains("Only sent in requests: it implements `Serialize`, not `Deserialize`."));
}
