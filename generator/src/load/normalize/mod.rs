//! 3.1 → 3.0 normalisation, schema-aware: only positions that hold schemas are rewritten, so an
//! example value that happens to contain `type: [..]` is left alone.

mod schema;
pub use schema::*;

use serde_json::{Map, Value};

/// Where a 3.1 `const` value is kept in the typed schema, which (`openapiv3` models 3.0) has no
/// field for it: read only through [`const_value`].
const CONST: &str = "x-const";

/// The `const` value of a schema (3.1), as normalisation kept it.
///
/// Why the value travels inside the typed schema rather than in a table beside the document:
/// lower locates a schema by the place it is used (a `$ref`'d parameter's schema by the
/// operation's pointer), not where it is written, so a table keyed by document pointer would
/// lose every `const` behind a `$ref`.
pub fn const_value(schema: &openapiv3::SchemaData) -> Option<&Value> {
    schema.extensions.get(CONST)
}

/// The HTTP methods a path item may hold, in the order operations are generated.
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(super) fn normalize_document(doc: &mut Value) {
    resolve_content_refs(doc);
    let Some(root) = doc.as_object_mut() else { return };
    // Webhooks are requests the provider sends, not operations a client calls.
    root.remove("webhooks");
    normalize_components_and_paths(root);
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        // 3.1 makes `paths` optional; openapiv3 wants it.
        root.insert("paths".into(), Value::Object(Map::new()));
    }
}

/// The schemas of a document's components and paths (the root document, or another file's).
fn normalize_components_and_paths(doc: &mut Map<String, Value>) {
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        // `requestBodies: null` and the like mean "none".
        components.retain(|_, v| !v.is_null());
        for_each_value(components.get_mut("schemas"), normalize_schema);
        for_each_value(components.get_mut("parameters"), normalize_parameter);
        for_each_value(components.get_mut("headers"), normalize_parameter);
        for_each_value(components.get_mut("responses"), normalize_response);
        for_each_value(components.get_mut("requestBodies"), normalize_content_holder);
    }
    for_each_value(doc.get_mut("paths"), normalize_path_item);
}

/// `content: {$ref: '#/components/mediaTypes/x'}` (not OpenAPI, but published): replaced by what
/// it points at. Only media-type maps are looked at: the walk does not enter schemas (where
/// `content` is an ordinary property name, and its `$ref` a schema to keep by name) or examples.
pub(super) fn resolve_content_refs(doc: &mut Value) {
    let mut found: Vec<(String, String)> = Vec::new();
    // `at` is the pointer of `v`, one buffer for the whole walk: a pointer is only made into a
    // string of its own where a reference is found.
    fn visit(v: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
        let len = at.len();
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    if NOT_CONTENT.contains(&k.as_str()) {
                        continue;
                    }
                    crate::error::push_token(at, k);
                    if k == "content" {
                        if let Some(Value::String(r)) = child.get("$ref") {
                            found.push((at.clone(), r.clone()));
                        }
                    }
                    visit(child, at, found);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    crate::error::push_token(at, &i.to_string());
                    visit(child, at, found);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    /// Keys whose values hold no media-type map: schemas and example values.
    const NOT_CONTENT: [&str; 4] = ["schema", "schemas", "example", "examples"];
    for root in ["paths", "components"] {
        if let Some(v) = doc.get(root) {
            visit(v, &mut format!("/{root}"), &mut found);
        }
    }
    for (at, reference) in found {
        let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)).cloned() else {
            continue;
        };
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = target;
        }
    }
}

fn for_each_value(v: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Object(map)) = v {
        map.values_mut().for_each(f);
    }
}

fn for_each_item(v: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Array(items)) = v {
        items.iter_mut().for_each(f);
    }
}

fn normalize_path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else { return };
    for_each_item(item.get_mut("parameters"), normalize_parameter);
    for method in METHODS {
        if let Some(Value::Object(op)) = item.get_mut(*method) {
            op.remove("callbacks");
            // A missing `responses` documents nothing: treat it as empty.
            if !op.get("responses").is_some_and(Value::is_object) {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
            for_each_item(op.get_mut("parameters"), normalize_parameter);
            if let Some(body) = op.get_mut("requestBody") {
                normalize_content_holder(body);
            }
            for_each_value(op.get_mut("responses"), normalize_response);
        }
    }
}

fn normalize_parameter(p: &mut Value) {
    if let Some(schema) = p.get_mut("schema") {
        normalize_schema(schema);
    }
    normalize_content_holder(p);
}

fn normalize_response(r: &mut Value) {
    // A response that is a `$ref` to a schema (published, though not OpenAPI) means a JSON body
    // of that schema.
    if let Some(Value::String(reference)) = r.get("$ref") {
        if reference.starts_with("#/components/schemas/") {
            let schema = serde_json::json!({ "$ref": reference });
            *r = serde_json::json!({ "description": "", "content": { "application/json": { "schema": schema } } });
        }
    }
    // `description` is required, but real specs leave it out or null.
    if let Some(obj) = r.as_object_mut() {
        if !obj.contains_key("$ref") && !obj.get("description").is_some_and(Value::is_string) {
            obj.insert("description".into(), Value::String(String::new()));
        }
    }
    normalize_content_holder(r);
    if let Some(obj) = r.as_object_mut() {
        for_each_value(obj.get_mut("headers"), normalize_parameter);
    }
}

fn normalize_content_holder(v: &mut Value) {
    if let Some(Value::Object(content)) = v.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                normalize_schema(schema);
            }
        }
    }
}

/// The properties an object must have beside its `required` ones, for examples: the first of
/// the sets a constraint-only `anyOf`/`oneOf` lists.
pub const REQUIRED_ANY: &str = "x-clientgen-required-any";

/// Normalises an embedded document by what it looks like: an OpenAPI document (its components
/// and paths), one schema, one path item, or a map of schemas.
pub(super) fn normalize_external(doc: &mut Value) {
    const SCHEMA_KEYS: &[&str] = &[
        "type",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "enum",
        "$ref",
        "const",
        "additionalProperties",
    ];
    let Some(obj) = doc.as_object_mut() else { return };
    if obj.contains_key("components") || obj.contains_key("paths") || obj.contains_key("openapi") {
        normalize_components_and_paths(obj);
    } else if SCHEMA_KEYS.iter().any(|k| obj.contains_key(*k)) {
        normalize_schema(doc);
    } else if METHODS.iter().any(|m| obj.contains_key(*m)) || obj.contains_key("parameters") {
        normalize_path_item(doc);
    } else {
        for v in obj.values_mut() {
            if v.as_object().is_some_and(|o| SCHEMA_KEYS.iter().any(|k| o.contains_key(*k))) {
                normalize_schema(v);
            }
        }
    }
}
