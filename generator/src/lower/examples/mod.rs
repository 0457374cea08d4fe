//! Example values: for a schema, a JSON value it allows, to call an operation with in docs and
//! in the conformance driver. The example the spec gives (a parameter's or media type's `example`
//! or first `examples` entry, else the schema's) is followed into objects, arrays and union
//! branches, and each scalar in it is used where it fits the schema (its type, `enum`, bounds,
//! format and pattern); everything else is synthesised from the schema: required properties (and
//! those the given example sets), the first `enum` value or the `const`, a value of the
//! `format`, within `minimum` /
//! `maximum`, `minLength` / `maxLength` and `minItems`, the first branch of a union (its tag set
//! when a discriminator selects it; of a `oneOf` without one, the first whose example no other
//! branch allows).

mod allows;
mod pattern;
mod strings;
use strings::*;

use pattern::*;

use allows::*;

use super::Lowering;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{json, Map, Value};

/// How deep an example goes before it stops at an empty value (recursive schemas).
const MAX_DEPTH: usize = 40;

impl Lowering<'_> {
    /// An example value of `schema`; `given` is an example the spec gives beside it (a
    /// parameter's or a media type's).
    pub(super) fn example(&self, schema: &ReferenceOr<Schema>, given: Option<&Value>) -> Value {
        let mut seen = Vec::new();
        self.example_of(schema, given, 0, &mut seen)
    }

    /// An example value of a parameter's `schema`. A parameter is text on the wire, so a number
    /// is also a string: of a `oneOf` of both (GitHub's workflow ids, a number or a file name),
    /// the string branch's example, when it is no number, is the value only one branch takes.
    ///
    /// A path parameter is never empty (Telnyx's bucket names give `example: ""`): the schema's
    /// example instead.
    pub(super) fn param_example(
        &self,
        schema: &ReferenceOr<Schema>,
        given: Option<&Value>,
        path: bool,
    ) -> Value {
        let mut v = self.example(schema, given);
        if path && v == json!("") {
            v = self.example(schema, None);
            if v == json!("") {
                v = json!("example");
            }
        }
        let Some(SchemaKind::OneOf { one_of }) = self.item(schema).map(|s| &s.schema_kind) else { return v };
        if !(v.is_number() || v.is_boolean()) {
            return v;
        }
        let textual =
            |e: &Value| e.as_str().is_some_and(|t| t.parse::<f64>().is_err() && t != "true" && t != "false");
        one_of
            .iter()
            .filter(|b| {
                matches!(self.item(b).map(|s| &s.schema_kind), Some(SchemaKind::Type(Type::String(_))))
            })
            .map(|b| self.example(b, None))
            .find(textual)
            .unwrap_or(v)
    }

    /// The example a parameter or media type gives: its `example`, else the first of its
    /// `examples` that has a value (a `$ref` to `#/components/examples` followed).
    pub(super) fn given_example<'d>(
        &'d self,
        example: Option<&'d Value>,
        examples: impl IntoIterator<Item = &'d ReferenceOr<openapiv3::Example>>,
    ) -> Option<&'d Value> {
        let component = |reference: &str| {
            let name = reference.strip_prefix("#/components/examples/")?;
            match self.doc.components.as_ref()?.examples.get(name)? {
                ReferenceOr::Item(e) => e.value.as_ref(),
                ReferenceOr::Reference { .. } => None,
            }
        };
        example.or_else(|| {
            examples.into_iter().find_map(|e| match e {
                ReferenceOr::Item(e) => e.value.as_ref(),
                ReferenceOr::Reference { reference } => component(reference.as_str()),
            })
        })
    }

    fn example_of(
        &self,
        schema: &ReferenceOr<Schema>,
        given: Option<&Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Value {
        let s = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                // A schema reached a third time inside itself stops (a union on the way takes
                // a branch that does not recurse where it has one).
                if seen.iter().filter(|r| *r == reference).count() >= 2 || depth > MAX_DEPTH {
                    return Value::Null;
                }
                let Ok(target) = self.referenced_schema(reference, "") else { return Value::Null };
                seen.push(reference.clone());
                let v = self.example_item(target, given, depth + 1, seen);
                seen.pop();
                return v;
            }
        };
        self.example_item(s, given, depth, seen)
    }

    fn example_item(&self, s: &Schema, given: Option<&Value>, depth: usize, seen: &mut Vec<String>) -> Value {
        let given = given.or(s.schema_data.example.as_ref());
        if let Some(c) = crate::load::const_value(&s.schema_data) {
            return c.clone();
        }
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<&String> = t.enumeration.iter().flatten().collect();
                if let Some(first) = values.first() {
                    return match given.and_then(Value::as_str) {
                        Some(g) if values.iter().any(|v| *v == g) => json!(g),
                        _ => json!(first),
                    };
                }
                let (min, max) = (t.min_length.unwrap_or(0), t.max_length.unwrap_or(usize::MAX));
                let format = format_of(&t.format);
                let pattern = t.pattern.as_deref().and_then(Pattern::new);
                let fits = |g: &str| string_fits(t, pattern.as_ref(), g);
                match given.and_then(Value::as_str) {
                    Some(g) if fits(g) => json!(g),
                    _ => match t.pattern.as_deref().and_then(pattern_example) {
                        Some(p) if fits(&p) => json!(p),
                        // Within the lengths, its last character repeated (GitHub's commit sha:
                        // `^[0-9a-fA-F]+$`, 40 long).
                        Some(p) if fits(&pad(&p, min, max)) => json!(pad(&p, min, max)),
                        _ => json!(string_example(format, min, max)),
                    },
                }
            }
            SchemaKind::Type(Type::Integer(t)) => {
                let values: Vec<i64> = t.enumeration.iter().flatten().copied().collect();
                if let Some(first) = values.first() {
                    return json!(given
                        .and_then(Value::as_i64)
                        .filter(|g| values.contains(g))
                        .unwrap_or(*first));
                }
                let lo = t.minimum.map(|m| if t.exclusive_minimum { m + 1 } else { m });
                let hi = t.maximum.map(|m| if t.exclusive_maximum { m - 1 } else { m });
                let within = |v: i64| lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi);
                let multiple = |v: i64| t.multiple_of.is_none_or(|m| m != 0 && v % m == 0);
                if let Some(g) = given.and_then(Value::as_i64).filter(|g| within(*g) && multiple(*g)) {
                    return json!(g);
                }
                let mut v = lo.unwrap_or(1).max(1).min(hi.unwrap_or(i64::MAX));
                if let Some(m) = t.multiple_of.filter(|m| *m > 0) {
                    v = (v + m - 1) / m * m;
                }
                json!(v)
            }
            SchemaKind::Type(Type::Number(t)) => {
                let values: Vec<f64> = t.enumeration.iter().flatten().copied().collect();
                if let Some(first) = values.first() {
                    return json!(first);
                }
                let lo = t.minimum;
                let hi = t.maximum;
                let within = |v: f64| {
                    lo.is_none_or(|lo| v > lo || (v == lo && !t.exclusive_minimum))
                        && hi.is_none_or(|hi| v < hi || (v == hi && !t.exclusive_maximum))
                };
                if let Some(g) =
                    given.and_then(Value::as_f64).filter(|g| within(*g) && t.multiple_of.is_none())
                {
                    return json!(g);
                }
                let v = match (lo, hi) {
                    (Some(lo), Some(hi)) => (lo + hi) / 2.0,
                    (Some(lo), None) => lo + 1.0,
                    (None, Some(hi)) => hi.min(1.0) - if hi <= 1.0 { 1.0 } else { 0.0 },
                    (None, None) => 1.5,
                };
                match t.multiple_of.filter(|m| *m > 0.0) {
                    Some(m) => json!((v / m).ceil() * m),
                    None => json!(v),
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => json!(given.and_then(Value::as_bool).unwrap_or(true)),
            SchemaKind::Type(Type::Array(a)) => {
                let n = a.min_items.unwrap_or(1).max(1).min(a.max_items.unwrap_or(usize::MAX));
                // As many items as the given example has (within the bounds), each from its own.
                let given: &[Value] = given.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let count = given.len().clamp(n, a.max_items.unwrap_or(usize::MAX).max(n));
                let items = (0..count).map(|i| {
                    let given = given.get(i).filter(|v| !v.is_null());
                    match &a.items {
                        Some(items) => self.example_boxed(items, given, depth + 1, seen),
                        None => given.cloned().unwrap_or_else(|| json!("item")),
                    }
                });
                let mut items: Vec<Value> = items.collect();
                if a.unique_items {
                    self.make_unique(&mut items, a.items.as_ref());
                }
                Value::Array(items)
            }
            SchemaKind::Type(Type::Object(o)) => {
                let required = required_with_any(&o.required, s);
                let mut v = self.object_example(o.properties.iter(), &required, given, depth, seen);
                if let Value::Object(object) = &mut v {
                    self.fill_min_properties(o, object, given, depth, seen);
                }
                v
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                let required = required_with_any(&a.required, s);
                self.object_example(a.properties.iter(), &required, given, depth, seen)
            }
            SchemaKind::AllOf { all_of } => {
                // The members' objects merged; a member that only annotates (a description
                // beside a `$ref`) constrains nothing, and of scalar members the first counts.
                let mut object = Map::new();
                let mut scalar = None;
                let annotation = |m: &ReferenceOr<Schema>| matches!(m, ReferenceOr::Item(s) if s.schema_kind == SchemaKind::Any(Default::default()));
                // A property one member requires and another defines (InfluxDB's `required`
                // beside the `allOf`) is set: given to every member as one to fill.
                let required: Vec<String> = all_of.iter().flat_map(|m| self.required_of(m)).collect();
                let original = given;
                let widened = match given {
                    Some(Value::Object(_)) | None if !required.is_empty() => {
                        let mut g = given.and_then(Value::as_object).cloned().unwrap_or_default();
                        for r in required.iter().cloned() {
                            g.entry(r).or_insert_with(|| json!({}));
                        }
                        Some(Value::Object(g))
                    }
                    _ => None,
                };
                let given = widened.as_ref().or(given);
                for member in all_of.iter().filter(|m| !annotation(m)) {
                    match self.example_of(member, given, depth + 1, seen) {
                        Value::Object(m) => {
                            for (k, v) in m {
                                // A member that only constrains a property (Linode's `required`
                                // beside an array) gives `{}`: the value another member gave stays.
                                let kept = object.get(&k).is_some_and(|o| !o.is_object()) && v == json!({});
                                if !kept {
                                    object.insert(k, v);
                                }
                            }
                        }
                        other => scalar = scalar.or(Some(other)),
                    }
                }
                if let (Some(v), true) = (&scalar, object.is_empty()) {
                    return v.clone();
                }
                // Required by a member and described by none (DigitalOcean's uptime check
                // `method`): any value does.
                let defined: Vec<String> = all_of
                    .iter()
                    .filter_map(|m| match self.every_property(m, depth) {
                        Value::Object(o) => Some(o.into_iter().map(|(k, _)| k)),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                for r in required.iter().filter(|r| !defined.contains(r)) {
                    object
                        .entry(r.clone())
                        .or_insert_with(|| undescribed(original.and_then(Value::as_object), r));
                }
                Value::Object(object)
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => {
                // The first branch that is not being expanded already (a recursive union ends)
                // and, of a `oneOf`, whose example no other branch allows (a validator takes a
                // value two branches allow as matching none).
                let on_stack = |i: &ReferenceOr<Schema>| matches!(i, ReferenceOr::Reference { reference } if seen.contains(reference));
                let candidates: Vec<&ReferenceOr<Schema>> = items.iter().filter(|i| !on_stack(i)).collect();
                let Some(&first) = candidates.first().or(items.first().as_ref()) else {
                    return Value::Null;
                };
                // Also with a discriminator: validators do not read it (JSON Schema has none),
                // so a value two branches allow matches none (Ory's login methods).
                let exclusive = matches!(s.schema_kind, SchemaKind::OneOf { .. });
                let mut chosen = (first, None);
                // The branch the given example fits (of a `oneOf`, only it).
                let fitting = given.and_then(|g| {
                    let fits = |b: &ReferenceOr<Schema>| self.allows(b, g, 0);
                    let mut fit = candidates.iter().filter(|b| fits(b));
                    let branch = *fit.next()?;
                    let alone = !exclusive || items.iter().filter(|b| fits(b)).count() == 1;
                    alone.then(|| (branch, self.example_of(branch, Some(g), depth + 1, seen)))
                });
                if let Some((branch, v)) = fitting {
                    chosen = (branch, Some(v));
                } else if exclusive && candidates.len() > 1 {
                    // Each branch with its required properties, else with all of them (an
                    // optional one may be what tells it apart: a `type` of one value).
                    'branches: for &branch in &candidates {
                        let every = self.every_property(branch, 0);
                        for given in [None, Some(&every)] {
                            let v = self.example_of(branch, given, depth + 1, seen);
                            let others = items.iter().filter(|o| !std::ptr::eq(*o, branch));
                            if !others.into_iter().any(|o| self.allows(o, &v, 0)) {
                                chosen = (branch, Some(v));
                                break 'branches;
                            }
                        }
                    }
                }
                let (first, example) = chosen;
                let mut v = example.unwrap_or_else(|| self.example_of(first, None, depth + 1, seen));
                if let (Some(d), Value::Object(m), ReferenceOr::Reference { reference }) =
                    (&s.schema_data.discriminator, &mut v, first)
                {
                    // The value that selects the branch: the mapping's, else the one the branch
                    // fixes (already in the example), else its name.
                    let mapped = d.mapping.iter().find(|(_, t)| *t == reference).map(|(k, _)| k.clone());
                    let fixed = !self.fixed_values(first, &d.property_name, "").is_empty();
                    match mapped {
                        Some(tag) => {
                            m.insert(d.property_name.clone(), json!(tag));
                        }
                        None if !fixed => {
                            m.insert(d.property_name.clone(), json!(crate::load::schema_name(reference)));
                        }
                        None => {}
                    }
                }
                v
            }
            SchemaKind::Not { .. } => Value::Null,
            SchemaKind::Any(a) if a.typ.as_deref() == Some("object") || a.additional_properties.is_some() => {
                given.filter(|g| g.is_object()).cloned().unwrap_or_else(|| json!({}))
            }
            SchemaKind::Any(_) => given.cloned().unwrap_or_else(|| json!({})),
        }
    }

    /// Items of a `uniqueItems` array made distinct where a variant the item schema allows is
    /// found: the next number, a numeric string counted on, a string with a digit added
    /// (Discord's bulk delete takes two message ids, not one twice).
    fn make_unique(&self, items: &mut [Value], schema: Option<&ReferenceOr<Box<Schema>>>) {
        for i in 1..items.len() {
            if !items[..i].contains(&items[i]) {
                continue;
            }
            let candidates = (1..=20u32).map(|k| match &items[i] {
                Value::Number(n) if n.is_i64() => json!(n.as_i64().unwrap_or_default() + i64::from(k)),
                Value::Number(n) => json!(n.as_f64().unwrap_or_default() + f64::from(k)),
                Value::String(t) => match t.parse::<u64>() {
                    Ok(n) => json!((n + u64::from(k)).to_string()),
                    Err(_) => json!(format!("{t}{k}")),
                },
                other => other.clone(),
            });
            let allowed = |v: &Value| match schema {
                Some(ReferenceOr::Item(s)) => self.allows_schema(s, v, 0),
                Some(ReferenceOr::Reference { reference }) => self.allows_ref(reference, v, 0),
                None => true,
            };
            let found = candidates.into_iter().find(|v| !items[..i].contains(v) && allowed(v));
            if let Some(v) = found {
                items[i] = v;
            }
        }
    }

    /// The schema itself, or the one a `$ref` names (`None` where it names nothing).
    pub(super) fn item<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.referenced_schema(reference, "").ok(),
        }
    }

    /// The properties an object schema (or the one a `$ref` names) requires.
    fn required_of(&self, schema: &ReferenceOr<Schema>) -> Vec<String> {
        let Some(s) = self.item(schema) else { return Vec::new() };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.required.clone(),
            SchemaKind::Any(a) => a.required.clone(),
            _ => Vec::new(),
        }
    }

    /// A given example that sets every property of an object schema (its own, its `allOf`
    /// members') to a value no property's schema takes (`{}`): the example built from it has
    /// all the properties, each synthesised.
    fn every_property(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Value {
        let s = match schema {
            ReferenceOr::Item(s) => Some(s),
            _ if depth > MAX_DEPTH => None,
            reference => self.item(reference),
        };
        let Some(s) = s else { return json!({}) };
        let mut object = Map::new();
        let names: Vec<&String> = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.properties.keys().collect(),
            SchemaKind::Any(a) => a.properties.keys().collect(),
            _ => Vec::new(),
        };
        for name in names {
            object.insert(name.clone(), json!({}));
        }
        if let SchemaKind::AllOf { all_of } = &s.schema_kind {
            for member in all_of {
                if let Value::Object(m) = self.every_property(member, depth + 1) {
                    object.extend(m);
                }
            }
        }
        Value::Object(object)
    }

    fn example_boxed(
        &self,
        s: &ReferenceOr<Box<Schema>>,
        given: Option<&Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Value {
        match s {
            ReferenceOr::Item(s) => self.example_item(s, given, depth, seen),
            ReferenceOr::Reference { reference } => {
                self.example_of(&ReferenceOr::ref_(reference), given, depth, seen)
            }
        }
    }

    /// Entries up to the object's `minProperties` (Discord's `integration_types_config`, a map
    /// that must not be empty): the given example's other entries, then the optional
    /// properties, then new keys with values of the additional properties' schema.
    fn fill_min_properties(
        &self,
        o: &openapiv3::ObjectType,
        object: &mut Map<String, Value>,
        given: Option<&Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) {
        let wanted = o.min_properties.unwrap_or(0).min(o.max_properties.unwrap_or(usize::MAX));
        let extra = match &o.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(s)) => Some(Some(s.as_ref())),
            Some(openapiv3::AdditionalProperties::Any(false)) => None,
            _ => Some(None),
        };
        if let (Some(schema), Some(given)) = (extra, given.and_then(Value::as_object)) {
            for (k, g) in given.iter().filter(|(k, g)| !o.properties.contains_key(*k) && !g.is_null()) {
                if object.len() >= wanted {
                    return;
                }
                let value = match schema {
                    Some(s) => self.example_of(s, Some(g), depth + 1, seen),
                    None => g.clone(),
                };
                object.insert(k.clone(), value);
            }
        }
        for (name, p) in &o.properties {
            if object.len() >= wanted {
                return;
            }
            if !object.contains_key(name) && !self.read_only(p) {
                object.insert(name.clone(), self.example_boxed(p, None, depth + 1, seen));
            }
        }
        let Some(schema) = extra else { return };
        for i in 1.. {
            if object.len() >= wanted {
                return;
            }
            let key = if i == 1 { "key".to_string() } else { format!("key{i}") };
            if !object.contains_key(&key) {
                let value = match schema {
                    Some(s) => self.example_of(s, None, depth + 1, seen),
                    None => json!("example"),
                };
                object.insert(key, value);
            }
        }
    }

    fn object_example<'p>(
        &self,
        properties: impl Iterator<Item = (&'p String, &'p ReferenceOr<Box<Schema>>)>,
        required: &[String],
        given: Option<&Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Value {
        let given = given.and_then(Value::as_object);
        let mut object = Map::new();
        let properties: Vec<_> = properties.collect();
        // The required properties and those the given example sets; a read-only one is never
        // sent.
        for (name, p) in &properties {
            let value = given.and_then(|g| g.get(*name)).filter(|v| !v.is_null());
            if (!required.contains(name) && value.is_none()) || self.read_only(p) {
                continue;
            }
            object.insert((*name).clone(), self.example_boxed(p, value, depth + 1, seen));
        }
        // Required and not described (a schema without properties only constrains: an `allOf`
        // member, whose siblings describe them).
        if !properties.is_empty() {
            for r in required.iter().filter(|r| !properties.iter().any(|(name, _)| name == r)) {
                object.entry(r.clone()).or_insert_with(|| undescribed(given, r));
            }
        }
        // An object that requires nothing, at the top of a body or parameter, gets its optional
        // properties: an empty body reads as a missing one.
        if object.is_empty() && depth <= 1 {
            for (name, p) in properties {
                if !self.read_only(p) {
                    object.insert(name.clone(), self.example_boxed(p, None, depth + 1, seen));
                }
            }
        }
        Value::Object(object)
    }
}

/// The value of a required property no schema describes: the given example's, else a string.
fn undescribed(given: Option<&Map<String, Value>>, name: &str) -> Value {
    given.and_then(|g| g.get(name)).filter(|v| !v.is_null()).cloned().unwrap_or_else(|| json!("example"))
}

/// An object's required properties and those of the first set a constraint-only `anyOf` lists
/// (see [`crate::load::REQUIRED_ANY`]).
fn required_with_any(required: &[String], s: &Schema) -> Vec<String> {
    let any = s.schema_data.extensions.get(crate::load::REQUIRED_ANY).and_then(Value::as_array);
    let extra = any.into_iter().flatten().filter_map(Value::as_str).map(String::from);
    let mut all = required.to_vec();
    all.extend(extra.filter(|r| !required.contains(r)));
    all
}

#[cfg(test)]
mod tests;
