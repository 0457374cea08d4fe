//! Tests of the load stage.

use super::normalize::resolve_content_refs;
use super::*;
use serde_json::json;

/// Reading `paths` and `components` apart gives what reading the document in one go gives:
/// the same document, or the same first error.
#[test]
fn typed_in_parts_is_typed_in_one_go() {
    let op = json!({"responses": {"204": {"description": "done"}}});
    let bad_param = json!({"name": "p", "in": "nowhere"});
    let paths_ok = json!({"/a": {"get": op}});
    let paths_bad = json!({"/a": {"get": {"parameters": [bad_param], "responses": {}}}});
    let components_ok = json!({"schemas": {"S": {"type": "string"}}, "parameters": {}});
    let components_bad = json!({"parameters": {"P": bad_param}});
    let info = json!({"title": "t", "version": "1"});
    let cases = [
        json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": components_ok,
               "x-extra": 1, "servers": [{"url": "https://a.example"}]}),
        json!({"openapi": "3.0.3", "info": info, "paths": paths_ok}),
        json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": null}),
        json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": components_bad}),
        json!({"openapi": "3.0.3", "info": info, "paths": paths_bad, "components": components_bad}),
        json!({"openapi": "3.0.3", "info": info, "components": components_bad, "paths": paths_bad}),
        json!({"openapi": "3.0.3", "info": 5, "paths": paths_bad}),
        json!({"openapi": "3.0.3", "paths": paths_bad, "info": 5}),
        json!({"openapi": "3.0.3", "paths": paths_bad, "components": components_ok}),
        json!({"openapi": "3.0.3", "paths": paths_ok, "components": components_ok}),
        json!({"openapi": "3.0.3", "paths": paths_ok, "components": []}),
    ];
    for (i, doc) in cases.iter().enumerate() {
        let whole = read::<openapiv3::OpenAPI>(doc, "");
        let parts = typed(doc);
        match (&whole, &parts) {
            (Ok(a), Ok(b)) => {
                assert_eq!(serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap(), "case {i}")
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "case {i}"),
            _ => panic!("case {i}: one go {whole:?}, in parts {parts:?}"),
        }
    }
}

#[test]
fn content_refs_are_resolved_in_media_type_maps_only() {
    let mut doc = json!({
        "openapi": "3.0.3",
        "paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"$ref": "#/components/x-media/Json"},
        }}}}},
        "components": {
            "x-media": {"Json": {"application/json": {"schema": {"type": "string"}}}},
            "schemas": {
                "Dbrp": {"type": "object"},
                "DbrpGet": {"type": "object", "properties": {
                    "content": {"$ref": "#/components/schemas/Dbrp"},
                }},
            },
            "responses": {"Page": {
                "description": "a page",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "content": {"$ref": "#/components/schemas/Dbrp"},
                }}}},
            }},
            "examples": {"E": {"value": {"content": {"$ref": "#/components/schemas/Dbrp"}}}},
        },
    });
    resolve_content_refs(&mut doc);
    assert_eq!(
        doc.pointer("/paths/~1a/get/responses/200/content"),
        Some(&json!({"application/json": {"schema": {"type": "string"}}}))
    );
    let kept = json!({"$ref": "#/components/schemas/Dbrp"});
    for at in [
        "/components/schemas/DbrpGet/properties/content",
        "/components/responses/Page/content/application~1json/schema/properties/content",
        "/components/examples/E/value/content",
    ] {
        assert_eq!(doc.pointer(at), Some(&kept), "{at}");
    }
}

#[test]
fn type_arrays_and_const_become_3_0() {
    let mut s = json!({
        "type": "object",
        "properties": {
            "a": {"type": ["string", "null"]},
            "b": {"const": 400, "type": "number"},
            "c": {"const": "x"},
            "d": {"type": ["string", "integer"]},
            "e": true,
            "type": {"type": "string", "examples": ["t"]},
        }
    });
    normalize_schema(&mut s);
    assert_eq!(s["properties"]["a"], json!({"type": "string", "nullable": true}));
    assert_eq!(s["properties"]["b"], json!({"type": "number", "x-const": 400}));
    assert_eq!(s["properties"]["c"], json!({"type": "string", "x-const": "x"}));
    assert_eq!(s["properties"]["d"], json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}));
    assert_eq!(s["properties"]["e"], json!({}));
    assert_eq!(s["properties"]["type"], json!({"type": "string", "example": "t"}));
}

#[test]
fn multi_type_schemas_split_their_keywords_by_type() {
    let mut s = json!({
        "type": ["string", "integer", "null", "array"],
        "description": "kept outside",
        "maxLength": 3,
        "minimum": 1,
        "items": {"type": ["boolean", "null"]},
        "enum": ["a", 1, null]
    });
    normalize_schema(&mut s);
    assert_eq!(
        s,
        json!({
            "description": "kept outside",
            "nullable": true,
            "anyOf": [
                {"type": "integer", "minimum": 1, "enum": [1]},
                {"type": "string", "maxLength": 3, "enum": ["a"]},
                {"type": "array", "items": {"type": "boolean", "nullable": true}}
            ]
        })
    );
}

#[test]
fn yaml_numeric_keys_become_strings() {
    let v = parse_text("responses:\n  200:\n    description: ok\n").unwrap();
    assert_eq!(v["responses"]["200"]["description"], "ok");
}

#[test]
fn syntax_errors_carry_a_line() {
    let (line, _) = parse_text("a: b\nc: [\n").unwrap_err();
    assert!(line.is_some());
}

/// A schema kept in a component's `definitions` (Codat's) is normalised as it is read: an array
/// beside `additionalProperties` stays an array.
#[test]
fn schemas_in_definitions_are_normalised_when_read() {
    let mut value = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/m": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Mapping/definitions/mappings"}
        }}}}}}},
        "components": {"schemas": {"Mapping": {
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "definitions": {"mappings": {
                "type": "array", "items": {"$ref": "#/components/schemas/Mapping"}, "additionalProperties": false
            }}
        }}}
    });
    normalize::normalize_document(&mut value);
    let doc = typed(&value).expect("typed");
    let targets = targets::collect(&doc, &value);
    let target = targets.get::<openapiv3::Schema>("#/components/schemas/Mapping/definitions/mappings");
    let Some(Ok(openapiv3::ReferenceOr::Item(schema))) = target else { panic!("{target:?}") };
    assert!(
        matches!(schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Array(_))),
        "{schema:?}"
    );
}
