//! Schemas normalised to what `openapiv3` reads as 3.0: 3.1's type lists, `null` branches,\n`const` and `examples`; sibling keywords of `$ref` and compositions folded in; keywords of\nanother JSON Schema draft dropped; integer bounds read leniently.

use super::*;

/// The keywords that belong to each JSON type (for splitting a multi-type schema).
pub(in crate::load) const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["format", "pattern", "minLength", "maxLength"]),
    ("integer", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("number", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "prefixItems", "minItems", "maxItems", "uniqueItems"]),
    ("object", &["properties", "required", "additionalProperties", "minProperties", "maxProperties"]),
];

/// One branch of a multi-type schema: `type: t` with the keywords (and `enum` values) of `t`.
pub(in crate::load) fn type_branch(obj: &Map<String, Value>, t: &Value) -> Value {
    let name = t.as_str().unwrap_or_default();
    let mut branch = Map::new();
    branch.insert("type".into(), t.clone());
    let keys = TYPE_KEYWORDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k).unwrap_or(&[]);
    for k in keys {
        if let Some(v) = obj.get(*k) {
            branch.insert((*k).to_string(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        let fits = |v: &Value| match name {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => false,
        };
        let kept: Vec<Value> = values.iter().filter(|v| fits(v)).cloned().collect();
        if !kept.is_empty() {
            branch.insert("enum".into(), Value::Array(kept));
        }
    }
    Value::Object(branch)
}

/// Rewrites one schema (and the schemas inside it) into the 3.0 shape.
pub fn normalize_schema(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = Value::Object(Map::new()),
        Value::Bool(false) => {
            *schema = serde_json::json!({ "not": {} });
        }
        Value::Object(obj) => normalize_schema_object(obj),
        _ => {}
    }
}

/// A `oneOf`/`anyOf` whose branches are each a documented string or integer value or set of
/// values (the way schemars and Dropshot write a Rust enum: `{type: string, enum: [creating],
/// description: ...}` per variant, Oxide's `InstanceState`; Discord's `{title: MESSAGE_SEND,
/// const: 1}`) is one enum of all the values, each branch's description listed under the value
/// in the schema's, and of integers each named by its branch's title where every branch has one.
/// As a union of one-value enums it was a type per value, and values fell into its catch-all (or,
/// of integers, a JSON value).
pub(in crate::load) fn merge_string_value_branches(obj: &mut Map<String, Value>) {
    let Some((key, Value::Array(branches))) =
        ["oneOf", "anyOf"].iter().find_map(|k| obj.get(*k).map(|v| (*k, v)))
    else {
        return;
    };
    // One branch too: Discord's `ApplicationTypes` is `oneOf: [{title, const: 4}]`.
    if branches.is_empty() {
        return;
    }
    let mut values: Vec<Value> = Vec::new();
    let mut docs: Vec<String> = Vec::new();
    let mut titles: Vec<Value> = Vec::new();
    let integers = branches.iter().all(|b| {
        b.get("const").or_else(|| b.get(CONST)).is_some_and(|c| c.is_i64())
            || b.get("type") == Some(&Value::from("integer"))
    });
    let kind = if integers { "integer" } else { "string" };
    let fits = |v: &Value| if integers { v.is_i64() } else { v.is_string() };
    for branch in branches {
        let Some(b) = branch.as_object() else { return };
        let allowed = ["type", "enum", "const", CONST, "description", "title", "format"];
        if b.keys().any(|k| !allowed.contains(&k.as_str())) || b.get("type").is_some_and(|t| t != kind) {
            return;
        }
        let branch_values: Vec<&Value> = match (b.get("enum"), b.get("const").or_else(|| b.get(CONST))) {
            (Some(Value::Array(vs)), None) => vs.iter().collect(),
            (None, Some(c)) => vec![c],
            _ => return,
        };
        if branch_values.is_empty() || !branch_values.iter().all(|v| fits(v)) {
            return;
        }
        if let Some(d) = b.get("description").or_else(|| b.get("title")).and_then(Value::as_str) {
            let names: Vec<String> = branch_values
                .iter()
                .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                .map(|v| format!("`{v}`"))
                .collect();
            docs.push(format!("- {}: {}", names.join(", "), d.trim().replace('\n', "\n  ")));
        }
        if let ([_], Some(t)) = (branch_values.as_slice(), b.get("title").filter(|t| t.is_string())) {
            titles.push(t.clone());
        }
        for v in branch_values {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
    }
    obj.remove(key);
    obj.insert("type".into(), Value::String(kind.into()));
    if integers && titles.len() == values.len() && !obj.contains_key("x-enum-varnames") {
        obj.insert("x-enum-varnames".into(), Value::Array(titles));
    }
    obj.insert("enum".into(), Value::Array(values));
    if !docs.is_empty() {
        let head = obj.get("description").and_then(Value::as_str).map(str::trim).unwrap_or_default();
        let list = docs.join("\n");
        let description = if head.is_empty() { list } else { format!("{head}\n\n{list}") };
        obj.insert("description".into(), Value::String(description));
    }
}

/// `allOf` beside object keywords (`properties`, `required`, `additionalProperties`): the
/// keywords become one more member. `oneOf`/`anyOf` beside `type: object` and nothing else of an
/// object: the type is dropped.
/// A scalar `enum` beside `allOf: [$ref]` (Discord's `trigger_type: {type: integer, enum: [1],
/// allOf: [$ref: AutomodTriggerType]}`) allows only its own values, of the type it states: the
/// referenced enum only names the rest, and keeping it would type the property as a JSON value
/// whose example no branch accepts.
pub(in crate::load) fn restricted_enum(obj: &mut Map<String, Value>) {
    let scalar =
        obj.get("type").and_then(Value::as_str).is_some_and(|t| ["integer", "string", "number"].contains(&t));
    let values = obj
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|vs| !vs.is_empty() && vs.iter().all(|v| !v.is_object() && !v.is_array()));
    let one_ref = obj
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|m| m.len() == 1 && m[0].get("$ref").is_some());
    if scalar && values && one_ref {
        obj.remove("allOf");
    }
}

pub(in crate::load) fn fold_composition_siblings(obj: &mut Map<String, Value>) {
    let object_typed = obj.get("type").is_none_or(|t| t == "object");
    if !object_typed {
        return;
    }
    const OBJECT_KEYS: [&str; 3] = ["properties", "required", "additionalProperties"];
    // `anyOf: [{required: [id]}, {required: [name]}]` beside properties (Apideck's custom
    // fields) only says which properties must be there: kept for examples as
    // `x-clientgen-required-any` (the first set), the object stays one struct.
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = obj.get(key) else { continue };
        let required_only = |b: &Value| {
            b.as_object().is_some_and(|b| {
                b.get("required").is_some_and(Value::is_array)
                    && b.keys().all(|k| ["required", "description", "title"].contains(&k.as_str()))
            })
        };
        if obj.contains_key("properties") && !branches.is_empty() && branches.iter().all(required_only) {
            let first = branches[0]["required"].clone();
            obj.remove(key);
            obj.insert(REQUIRED_ANY.into(), first);
        }
    }
    // Object keywords beside a `oneOf`/`anyOf` whose object branches say nothing of their own
    // (Lob's `oneOf: [{type: boolean}, {type: object}]` beside `properties`) describe those
    // branches: moved into them, the other branches are not objects.
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = obj.get(key) else { continue };
        let bare_object = |b: &Value| {
            b.get("type").is_some_and(|t| t == "object") && !OBJECT_KEYS.iter().any(|k| b.get(*k).is_some())
        };
        let plain = |b: &Value| b.get("$ref").is_none() && b.get("allOf").is_none();
        let has_keys = OBJECT_KEYS.iter().any(|k| obj.contains_key(*k));
        if !has_keys || !branches.iter().any(bare_object) || !branches.iter().all(plain) {
            continue;
        }
        let keys: Vec<(&str, Value)> =
            OBJECT_KEYS.iter().filter_map(|k| obj.remove(*k).map(|v| (*k, v))).collect();
        obj.remove("type");
        if let Some(Value::Array(branches)) = obj.get_mut(key) {
            for b in branches.iter_mut().filter(|b| bare_object(b)) {
                for (k, v) in &keys {
                    b[*k] = v.clone();
                }
            }
        }
    }
    if obj.get("allOf").is_some_and(Value::is_array) {
        let mut member = Map::new();
        for key in OBJECT_KEYS {
            if let Some(v) = obj.remove(key) {
                member.insert(key.into(), v);
            }
        }
        obj.remove("type");
        if !member.is_empty() {
            member.insert("type".into(), Value::String("object".into()));
            if let Some(Value::Array(all_of)) = obj.get_mut("allOf") {
                all_of.push(Value::Object(member));
            }
        }
    } else if (obj.contains_key("oneOf") || obj.contains_key("anyOf"))
        && obj.contains_key("type")
        && !OBJECT_KEYS.iter().any(|k| obj.contains_key(*k))
    {
        obj.remove("type");
    }
}

/// Keywords that constrain values of another type than the schema's `type` constrain nothing
/// here, and made `openapiv3` read the schema as untyped (a JSON value): dropped. Paystack's
/// `{type: string, minimum: 16}` is a string; Ably's `{type: string, properties: ..}` too.
pub(in crate::load) fn drop_foreign_keywords(obj: &mut Map<String, Value>) {
    const OBJECT: &[&str] =
        &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];
    const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
    const NUMBER: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
    const STRING: &[&str] = &["minLength", "maxLength", "pattern"];
    let foreign: &[&[&str]] = match obj.get("type").and_then(Value::as_str) {
        Some("string") => &[OBJECT, ARRAY, NUMBER],
        Some("integer" | "number") => &[OBJECT, ARRAY, STRING],
        Some("boolean") => &[OBJECT, ARRAY, NUMBER, STRING],
        Some("array") => &[OBJECT, NUMBER, STRING],
        Some("object") => &[ARRAY, NUMBER, STRING],
        _ => return,
    };
    for key in foreign.iter().copied().flatten() {
        obj.remove(*key);
    }
}

/// The bounds of an integer written as floats (`maximum: 1.8446744073709552e+19`, Nomad's u64
/// indexes) made the schema untyped: an integral bound becomes an integer, a fractional one the
/// nearest integer inside it, and one beyond i64 (it bounds nothing a 64-bit value can hold) is
/// dropped; a maximum beyond i64 above a minimum of zero or more makes the integer a `uint64`, and
/// so does an example or default beyond i64.
pub(in crate::load) fn integer_bounds(obj: &mut Map<String, Value>) {
    if obj.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] {
        let Some(Value::Number(n)) = obj.get(key) else { continue };
        if n.is_i64() || n.is_u64() && n.as_u64().is_some_and(|u| i64::try_from(u).is_ok()) {
            continue;
        }
        let f = n.as_f64().unwrap_or(f64::NAN);
        let rounded = match key {
            "multipleOf" if f.fract() != 0.0 || f <= 0.0 => f64::NAN,
            "minimum" | "exclusiveMinimum" => f.ceil(),
            _ => f.floor(),
        };
        // i64's range, as f64 (2^63 itself is outside it).
        const I64_RANGE: std::ops::Range<f64> = (i64::MIN as f64)..-(i64::MIN as f64);
        if I64_RANGE.contains(&rounded) {
            obj.insert(key.into(), Value::from(rounded as i64));
        } else {
            obj.remove(key);
            // Up to u64's maximum from zero: a u64 (Nomad's indexes take all of its range).
            let unsigned = obj.get("minimum").and_then(Value::as_f64).is_some_and(|m| m >= 0.0);
            if key == "maximum" && unsigned && rounded <= u64::MAX as f64 && !obj.contains_key("format") {
                obj.insert("format".into(), Value::from("uint64"));
            }
        }
    }
    // An example or default beyond i64 and no negative minimum: a u64 too (DigitalOcean's Kafka
    // flush settings default to 9223372036854776000, i64::MAX rounded by a JavaScript tool).
    let beyond = |key| obj.get(key).and_then(Value::as_u64).is_some_and(|u| i64::try_from(u).is_err());
    let negative = obj.get("minimum").and_then(Value::as_f64).is_some_and(|m| m < 0.0);
    if (beyond("example") || beyond("default")) && !negative && !obj.contains_key("format") {
        obj.insert("format".into(), Value::from("uint64"));
    }
}

pub(in crate::load) fn normalize_schema_object(obj: &mut Map<String, Value>) {
    if obj.contains_key("$ref") {
        // 3.1 allows siblings next to `$ref`; the reference wins, except that `nullable: true`
        // beside it (a common 3.0 idiom) says the value may be null: `allOf: [$ref]` keeps both.
        let nullable = obj.get("nullable") == Some(&Value::Bool(true));
        let description = obj.get("description").filter(|d| d.is_string()).cloned();
        obj.retain(|k, _| k == "$ref");
        if nullable {
            let reference = obj.remove("$ref").unwrap_or_default();
            obj.insert("allOf".into(), serde_json::json!([{ "$ref": reference }]));
            obj.insert("nullable".into(), Value::Bool(true));
            if let Some(d) = description {
                obj.insert("description".into(), d);
            }
        }
        return;
    }
    merge_string_value_branches(obj);
    restricted_enum(obj);
    // `type: object` beside a composition: the composition says what the object is (otherwise
    // `openapiv3` reads a schema with both as a free-form object).
    fold_composition_siblings(obj);
    // `type: [string, "null"]` → `type: string, nullable: true`.
    if let Some(Value::Array(types)) = obj.get("type") {
        let mut types: Vec<Value> = types.clone();
        let before = types.len();
        types.retain(|t| t != "null");
        if types.len() != before {
            obj.insert("nullable".into(), Value::Bool(true));
        }
        match types.len() {
            0 => {
                obj.remove("type");
            }
            1 => {
                obj.insert("type".into(), types.remove(0));
            }
            // The union's branches say what each type is.
            _ if obj.contains_key("oneOf") || obj.contains_key("anyOf") => {
                obj.remove("type");
            }
            _ => {
                // `type: [string, integer]` → `anyOf` of one schema per type, each with the
                // keywords that apply to it (integer before number, so whole numbers stay
                // integers).
                obj.remove("type");
                types.sort_by_key(|t| if t == "integer" { 0 } else { 1 });
                let branches: Vec<Value> = types.iter().map(|t| type_branch(obj, t)).collect();
                for keys in TYPE_KEYWORDS.iter().map(|(_, k)| *k) {
                    for k in keys {
                        obj.remove(*k);
                    }
                }
                obj.remove("enum");
                obj.insert("anyOf".into(), Value::Array(branches));
            }
        }
    } else if obj.get("type").is_some_and(|t| t == "null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    // `const` survives as an extension (`openapiv3` keeps `x-` keys): see [`CONST`].
    if let Some(c) = obj.remove("const") {
        if !obj.contains_key("type") {
            let t = match &c {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(t) = t {
                obj.insert("type".into(), Value::String(t.into()));
            }
        }
        obj.insert(CONST.into(), c);
    }
    if let Some(Value::Array(examples)) = obj.remove("examples") {
        if !obj.contains_key("example") {
            if let Some(first) = examples.into_iter().next() {
                obj.insert("example".into(), first);
            }
        }
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = obj.get(key).cloned() {
            obj.insert(bound.into(), Value::Number(n));
            obj.insert(key.into(), Value::Bool(true));
        }
    }
    for key in ["oneOf", "anyOf"] {
        // `oneOf: [X, {type: "null"}]` → X's alternatives, nullable.
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            let before = items.len();
            items.retain(|s| s.get("type").is_none_or(|t| t != "null"));
            if items.len() != before {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        for_each_item(obj.get_mut(key), normalize_schema);
    }
    // Branches that are each nullable (Apideck's custom field values: `anyOf` of nullable
    // scalars): `null` is a value of the union, which is nullable; of a `oneOf`, only when one
    // branch takes it (two would both match it).
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(items)) = obj.get_mut(key) else { continue };
        let inline_nullable =
            |s: &Value| s.get("nullable") == Some(&Value::Bool(true)) && s.get("$ref").is_none();
        let count = items.iter().filter(|s| inline_nullable(s)).count();
        if count > 0 && (key == "anyOf" || count == 1) {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                if item.get("$ref").is_none() {
                    item.remove("nullable");
                }
            }
            obj.insert("nullable".into(), Value::Bool(true));
        }
    }
    for key in ["not", "items"] {
        if let Some(s) = obj.get_mut(key) {
            normalize_schema(s);
        }
    }
    // `additionalProperties: false` is meaningful: only schemas are rewritten there.
    if let Some(s) = obj.get_mut("additionalProperties").filter(|s| s.is_object()) {
        normalize_schema(s);
    }
    // `additionalProperties` beside a type that is not an object (or beside a composition with
    // no properties of its own) constrains nothing a value of that type has: dropped, so the
    // type or the composition decides the shape (it made `openapiv3` read a map).
    let object_like = match obj.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(_) => true,
        None => {
            obj.contains_key("properties")
                || !["anyOf", "oneOf", "allOf"].iter().any(|k| obj.contains_key(*k))
        }
    };
    if !object_like {
        obj.remove("additionalProperties");
    }
    drop_foreign_keywords(obj);
    integer_bounds(obj);
    // An `enum` without a `type` whose values are all strings is a string enum (PagerDuty's
    // `event_action`); it was an untyped JSON value.
    if !obj.contains_key("type")
        && obj
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_string))
        && !["allOf", "oneOf", "anyOf", "not", "properties"].iter().any(|k| obj.contains_key(*k))
    {
        obj.insert("type".into(), Value::String("string".into()));
    }
    // Malformed keywords are dropped rather than failing the whole document.
    if obj.get("properties").is_some_and(|p| !p.is_object()) {
        obj.remove("properties");
    }
    if obj.get("required").is_some_and(|p| !p.is_array()) {
        obj.remove("required");
    }
    for_each_value(obj.get_mut("properties"), normalize_schema);
}
