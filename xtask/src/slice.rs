//! A large spec served in slices: each slice is a valid document holding a run of consecutive
//! paths (in document order, up to a number of operations) and every part of the document they
//! reach through `$ref`, so a mock server loads it quickly, and a part it cannot load (a
//! reference it cannot resolve, say) costs only the operations of its slice.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One slice: the document, and its operations as `METHOD /path` (as the driver names them).
pub struct Slice {
    pub document: Value,
    pub operations: Vec<String>,
}

fn operations_of(path: &str, item: &Value) -> Vec<String> {
    METHODS
        .iter()
        .filter(|m| item.get(**m).is_some_and(Value::is_object))
        .map(|m| format!("{} {path}", m.to_ascii_uppercase()))
        .collect()
}

/// `doc` cut into slices of at most `per_slice` operations (a path with more is a slice alone).
pub fn slices(doc: &Value, per_slice: usize) -> Vec<Slice> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return Vec::new() };
    let mut groups: Vec<Vec<&String>> = Vec::new();
    let mut count = 0;
    for (path, item) in paths {
        let n = operations_of(path, item).len();
        if n == 0 {
            continue;
        }
        match groups.last_mut() {
            Some(group) if count + n <= per_slice => group.push(path),
            _ => {
                groups.push(vec![path]);
                count = 0;
            }
        }
        count += n;
    }
    groups.iter().map(|group| slice(doc, group, &[])).collect()
}

/// The document holding the first `part` of `doc`'s paths (0 < part <= 1, in document order)
/// and what they reach: growing crates of one spec, to see how compile time grows.
pub fn first_paths(doc: &Value, part: f64) -> Slice {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return slice(doc, &[], &[]) };
    let all: Vec<&String> = paths.keys().collect();
    let n = ((all.len() as f64 * part).ceil() as usize).min(all.len());
    slice(doc, &all[..n], &[])
}

/// The document holding no paths and the first `part` of `doc`'s component schemas (and what
/// they reach): types alone, growing.
pub fn first_schemas(doc: &Value, part: f64) -> Slice {
    let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else {
        return slice(doc, &[], &[]);
    };
    let all: Vec<&String> = schemas.keys().collect();
    let n = ((all.len() as f64 * part).ceil() as usize).min(all.len());
    slice(doc, &[], &all[..n])
}

/// The document holding `paths`, the component schemas named in `schemas`, and what they reach.
fn slice(doc: &Value, paths: &[&String], schemas: &[&String]) -> Slice {
    let empty = Map::new();
    let root = doc.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    // What is reached from here is kept; the root's other members (info, servers, security,
    // tags, extensions) are kept whole.
    let mut pending: Vec<Value> = Vec::new();
    for (key, value) in root {
        if !matches!(key.as_str(), "paths" | "components" | "webhooks") {
            out.insert(key.clone(), value.clone());
            pending.push(value.clone());
        }
    }
    let mut kept_paths = Map::new();
    let mut operations = Vec::new();
    for path in paths {
        let item = &root["paths"][path.as_str()];
        operations.extend(operations_of(path, item));
        kept_paths.insert((*path).clone(), item.clone());
        pending.push(item.clone());
    }
    let mut components = Map::new();
    // Every security scheme: requirements name them without `$ref`.
    if let Some(schemes) = root.get("components").and_then(|c| c.get("securitySchemes")) {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    let mut seen = BTreeSet::new();
    for name in schemas {
        let Some(schema) =
            root.get("components").and_then(|c| c.get("schemas")).and_then(|s| s.get(name.as_str()))
        else {
            continue;
        };
        seen.insert(vec!["components".to_string(), "schemas".to_string(), (*name).clone()]);
        let kind = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        if let Some(kind) = kind.as_object_mut() {
            kind.insert((*name).clone(), schema.clone());
        }
        pending.push(schema.clone());
    }
    while let Some(value) = pending.pop() {
        let mut refs = Vec::new();
        local_refs(&value, &mut refs);
        for r in refs {
            let tokens: Vec<String> = r.split('/').skip(1).map(unescape).collect();
            let entry: Vec<String> = match tokens.first().map(String::as_str) {
                Some("components") => tokens.iter().take(3).cloned().collect(),
                Some("paths") => tokens.iter().take(2).cloned().collect(),
                Some(_) => tokens.iter().take(1).cloned().collect(),
                None => continue,
            };
            if !seen.insert(entry.clone()) {
                continue;
            }
            let Some(target) = entry.iter().try_fold(doc, |v, t| v.get(t.as_str())) else { continue };
            pending.push(target.clone());
            match entry.as_slice() {
                [c, kind, name] if c == "components" => {
                    let kind = components.entry(kind.clone()).or_insert_with(|| Value::Object(Map::new()));
                    if let Some(kind) = kind.as_object_mut() {
                        kind.entry(name.clone()).or_insert_with(|| target.clone());
                    }
                }
                [p, path] if p == "paths" => {
                    kept_paths.entry(path.clone()).or_insert_with(|| target.clone());
                }
                [key, ..] => {
                    out.insert(key.clone(), target.clone());
                }
                [] => {}
            }
        }
    }
    out.insert("paths".into(), Value::Object(kept_paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let mut document = Value::Object(out);
    drop_example_urls(&mut document, false);
    Slice { document, operations }
}

/// Whether the responses of the operation at `method` (lower case) and `path` give example data
/// anywhere they reach through `$ref`s (an `example`, `examples` or `default`): where none do,
/// a mock server's static response is made up by its own sampler.
pub fn responses_give_examples(doc: &Value, method: &str, path: &str) -> bool {
    let Some(responses) = doc
        .get("paths")
        .and_then(|p| p.get(path))
        .and_then(|i| i.get(method))
        .and_then(|o| o.get("responses"))
    else {
        return false;
    };
    let mut pending = vec![responses];
    let mut seen = BTreeSet::new();
    while let Some(value) = pending.pop() {
        if gives_example(value) {
            return true;
        }
        let mut refs = Vec::new();
        local_refs(value, &mut refs);
        for r in refs {
            if !seen.insert(r.clone()) {
                continue;
            }
            let target = r.split('/').skip(1).map(unescape).try_fold(doc, |v, t| v.get(t.as_str()));
            pending.extend(target);
        }
    }
    false
}

/// Whether `value` holds an `example`, `examples` or `default` keyword (not a property so named).
fn gives_example(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, v)| match key.as_str() {
            "example" | "examples" | "default" => true,
            "properties" => v.as_object().is_some_and(|props| props.values().any(gives_example)),
            _ => gives_example(v),
        }),
        Value::Array(items) => items.iter().any(gives_example),
        _ => false,
    }
}

/// Removes from example values (`example`, and an Example's `value`) the `$ref` keys that hold
/// a URL: data, not a reference, which Prism nevertheless tries to download, refusing the whole
/// document when it cannot (GitHub's SCIM group members, `{"$ref": "https://api.github.com/..."}`).
fn drop_example_urls(value: &mut Value, in_example: bool) {
    match value {
        Value::Object(map) => {
            if in_example {
                map.retain(|key, v| !(key == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#'))));
            }
            for (key, v) in map.iter_mut() {
                match (key.as_str(), &mut *v) {
                    // An Example object per name (`examples: {name: {value: ...}}`), or a
                    // schema's list of example values.
                    ("examples", Value::Object(named)) if !in_example => {
                        for inner in named.values_mut().filter_map(|e| e.get_mut("value")) {
                            drop_example_urls(inner, true);
                        }
                    }
                    ("examples", Value::Array(_)) | ("example", _) => drop_example_urls(v, true),
                    _ => drop_example_urls(v, in_example),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_example_urls(v, in_example)),
        _ => {}
    }
}

/// Every `$ref` into this document (`#/...`) found in `value`.
fn local_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) if r.starts_with("#/") => out.push(r.clone()),
                    _ => local_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| local_refs(v, out)),
        _ => {}
    }
}

/// A JSON pointer token as a key: percent-decoded (a `$ref` is a URI), then `~1` and `~0`.
fn unescape(token: &str) -> String {
    let bytes = token.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_a_response_reaches_are_found() {
        let doc = json!({
            "paths": {
                "/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                "/b": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}},
            },
            "components": {"schemas": {
                "A": {"properties": {"id": {"type": "string"}, "example": {"type": "string"}}},
                "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}, "n": {"type": "integer", "example": 3}}},
            }}
        });
        // A property named `example` is no example.
        assert!(!responses_give_examples(&doc, "get", "/a"));
        assert!(responses_give_examples(&doc, "get", "/b"));
        assert!(!responses_give_examples(&doc, "post", "/b"));
    }

    #[test]
    fn a_slice_holds_its_paths_and_what_they_reach() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/A"}}}},
                "/b/{id}": {
                    "get": {"responses": {"200": {"description": "b",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}},
                    "delete": {"responses": {"204": {"description": "gone"}}}
                }
            },
            "components": {
                "responses": {"A": {"description": "a", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/A~1x"}}}}},
                "schemas": {
                    "A/x": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
                    "B": {"type": "string"},
                    "C": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
                    "Unused": {"type": "string"}
                },
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        });
        let slices = slices(&doc, 2);
        assert_eq!(slices.len(), 2);
        assert_eq!(slices[0].operations, ["GET /a"]);
        assert_eq!(slices[1].operations, ["GET /b/{id}", "DELETE /b/{id}"]);
        let first = &slices[0].document;
        let schemas: Vec<&String> = first["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["A/x", "C"]);
        assert!(first["components"]["responses"]["A"].is_object());
        assert!(first["components"]["securitySchemes"]["key"].is_object());
        assert_eq!(first["paths"].as_object().unwrap().len(), 1);
        let second = &slices[1].document;
        let schemas: Vec<&String> = second["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["B"]);
        assert!(second["components"].get("responses").is_none());
    }

    #[test]
    fn urls_under_ref_keys_in_examples_are_dropped() {
        let member = json!({"value": "92b5", "$ref": "https://api.github.com/scim/v2/Users/92b5"});
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/groups": {"get": {"responses": {"200": {"description": "g", "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Group"},
                    "examples": {"one": {"$ref": "#/components/examples/group"}}
                }}}}}}},
            "components": {
                "schemas": {"Group": {"type": "object", "example": {"members": [member]},
                    "properties": {"members": {"type": "array", "items": {"type": "object",
                        "properties": {"$ref": {"type": "string"}, "value": {"type": "string"}}}}}}},
                "examples": {"group": {"value": {"members": [member]}}}
            }
        });
        let document = &slices(&doc, 10)[0].document;
        let kept = json!({"members": [{"value": "92b5"}]});
        assert_eq!(document["components"]["examples"]["group"]["value"], kept);
        assert_eq!(document["components"]["schemas"]["Group"]["example"], kept);
        // References, and a schema's property named `$ref`, stay.
        assert_eq!(
            document["paths"]["/groups"]["get"]["responses"]["200"]["content"]["application/json"]
                ["examples"]["one"]["$ref"],
            "#/components/examples/group"
        );
        assert!(document["components"]["schemas"]["Group"]["properties"]["members"]["items"]["properties"]
            ["$ref"]
            .is_object());
    }

    #[test]
    fn growing_slices_hold_the_first_paths_or_schemas_and_what_they_reach() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "a",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                "/b": {"get": {"responses": {"204": {"description": "b"}}}},
                "/c": {"get": {"responses": {"204": {"description": "c"}}}},
                "/d": {"get": {"responses": {"204": {"description": "d"}}}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "string"},
                "C": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
                "D": {"type": "integer"}
            }}
        });
        let half = first_paths(&doc, 0.5).document;
        assert_eq!(half["paths"].as_object().map(|p| p.len()), Some(2));
        let names =
            |d: &Value| d["components"]["schemas"].as_object().map(|s| s.keys().cloned().collect::<Vec<_>>());
        assert_eq!(names(&half), Some(vec!["A".to_string(), "B".to_string()]));
        assert_eq!(first_paths(&doc, 1.0).document["paths"].as_object().map(|p| p.len()), Some(4));
        // The first quarter of the schemas is `A`, and it reaches `B`; no paths.
        let quarter = first_schemas(&doc, 0.25).document;
        assert_eq!(quarter["paths"].as_object().map(|p| p.len()), Some(0));
        assert_eq!(names(&quarter), Some(vec!["A".to_string(), "B".to_string()]));
        assert_eq!(names(&first_schemas(&doc, 1.0).document).map(|n| n.len()), Some(4));
    }
}
