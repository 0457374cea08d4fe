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

    /// Whether `schema` allows `v`, as far as the keywords that tell union branches apart go
    /// (types, `enum` and `const`, required and allowed properties, lengths, patterns, items);
    /// what it does not check it takes as allowed.
    fn allows(&self, schema: &ReferenceOr<Schema>, v: &Value, depth: usize) -> bool {
        match schema {
            ReferenceOr::Item(s) => self.allows_schema(s, v, depth),
            ReferenceOr::Reference { reference } => self.allows_ref(reference, v, depth),
        }
    }

    fn allows_ref(&self, reference: &str, v: &Value, depth: usize) -> bool {
        match self.referenced_schema(reference, "") {
            Ok(s) => self.allows_schema(s, v, depth),
            Err(_) => true,
        }
    }

    fn allows_schema(&self, s: &Schema, v: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH || (v.is_null() && s.schema_data.nullable) {
            return true;
        }
        if let Some(c) = crate::load::const_value(&s.schema_data) {
            return c == v;
        }
        let boxed = |b: &ReferenceOr<Box<Schema>>, v: &Value| match b {
            ReferenceOr::Item(b) => self.allows_schema(b, v, depth + 1),
            ReferenceOr::Reference { reference } => self.allows_ref(reference, v, depth + 1),
        };
        let object = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                Some((&o.properties, &o.required, o.additional_properties.as_ref()))
            }
            SchemaKind::Any(a) if !a.properties.is_empty() || !a.required.is_empty() => {
                Some((&a.properties, &a.required, a.additional_properties.as_ref()))
            }
            _ => None,
        };
        if let Some((properties, required, additional)) = object {
            let Some(m) = v.as_object() else { return false };
            return required.iter().all(|r| m.contains_key(r))
                && m.iter().all(|(k, x)| match properties.get(k) {
                    Some(p) => boxed(p, x),
                    None => !matches!(additional, Some(openapiv3::AdditionalProperties::Any(false))),
                });
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => v.as_str().is_some_and(|x| {
                let pattern = t.pattern.as_deref().and_then(Pattern::new);
                (t.enumeration.is_empty() || t.enumeration.iter().flatten().any(|e| e == x))
                    && string_fits(t, pattern.as_ref(), x)
            }),
            SchemaKind::Type(Type::Integer(t)) => v.as_i64().is_some_and(|x| {
                (t.enumeration.is_empty() || t.enumeration.contains(&Some(x)))
                    && t.minimum.is_none_or(|m| x >= m)
                    && t.maximum.is_none_or(|m| x <= m)
            }),
            SchemaKind::Type(Type::Number(_)) => v.is_number(),
            SchemaKind::Type(Type::Boolean(_)) => v.is_boolean(),
            SchemaKind::Type(Type::Array(a)) => v.as_array().is_some_and(|items| {
                a.min_items.is_none_or(|m| items.len() >= m)
                    && a.items.as_ref().is_none_or(|i| items.iter().all(|x| boxed(i, x)))
            }),
            SchemaKind::AllOf { all_of } => all_of.iter().all(|m| self.allows(m, v, depth + 1)),
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => {
                items.iter().any(|m| self.allows(m, v, depth + 1))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Not { .. } | SchemaKind::Any(_) => true,
        }
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

fn format_of(f: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> &str {
    use openapiv3::{StringFormat as F, VariantOrUnknownOrEmpty as V};
    match f {
        V::Item(F::Date) => "date",
        V::Item(F::DateTime) => "date-time",
        V::Item(F::Password) => "password",
        V::Item(F::Byte) => "byte",
        V::Item(F::Binary) => "binary",
        V::Unknown(s) => s.as_str(),
        V::Empty => "",
    }
}

/// Whether `s` is within a string schema's lengths, has its format and matches its pattern
/// (`pattern`, compiled by the caller; one that cannot be read is taken as matched).
fn string_fits(t: &openapiv3::StringType, pattern: Option<&Pattern>, s: &str) -> bool {
    let n = s.chars().count();
    t.min_length.is_none_or(|m| n >= m)
        && t.max_length.is_none_or(|m| n <= m)
        && has_format(format_of(&t.format), s)
        && pattern.is_none_or(|p| p.is_match(s))
}

/// Whether `s` is a string of `format`, as a validator reads the formats whose spelling is
/// strict (the others are taken as met).
fn has_format(format: &str, s: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
    };
    let time = |s: &str| {
        // hh:mm:ss, optional fraction, then Z or an offset.
        let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
            Some(i) => s.split_at(i),
            None => return false,
        };
        let clock = clock.split('.').next().unwrap_or_default();
        let parts: Vec<&str> = clock.split(':').collect();
        let zone_ok = matches!(zone, "Z" | "z")
            || (zone.len() == 6
                && zone.as_bytes()[3] == b':'
                && digits(&zone[1..3], 2)
                && digits(&zone[4..], 2));
        zone_ok && matches!(parts.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
    };
    match format {
        "date" => date(s),
        "date-time" => s.split_once(['T', 't']).is_some_and(|(d, t)| date(d) && time(t)),
        "uuid" => {
            let groups: Vec<&str> = s.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "email" => {
            s.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !s.contains(' '))
        }
        "uri" | "url" => {
            s.split_once(':').is_some_and(|(scheme, _)| {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            }) && !s.contains(' ')
        }
        "ipv4" => {
            let parts: Vec<&str> = s.split('.').collect();
            parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok())
        }
        "byte" => {
            let data = s.trim_end_matches('=');
            s.len() % 4 == 0
                && s.len() - data.len() <= 2
                && data.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        }
        _ => true,
    }
}

/// `s` with its last character repeated up to `min` characters, or cut to `max`.
fn pad(s: &str, min: usize, max: usize) -> String {
    let n = s.chars().count();
    match s.chars().last() {
        Some(last) if n < min => s.chars().chain(std::iter::repeat_n(last, min - n)).collect(),
        _ => s.chars().take(max).collect(),
    }
}

/// A string of `format` (real-looking: a date, an address), padded or cut to the bounds.
fn string_example(format: &str, min: usize, max: usize) -> String {
    let s = match format {
        "date" => "2024-01-15",
        "date-time" => "2024-01-15T09:30:00Z",
        "time" => "09:30:00Z",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "aGVsbG8=",
        "duration" => "P1D",
        "password" => "correct-horse",
        "int32" | "int64" | "integer" => "1",
        _ => "example",
    };
    let mut s = s.to_string();
    while s.chars().count() < min {
        s.push('x');
    }
    if s.chars().count() > max {
        s = s.chars().take(max).collect();
    }
    s
}

/// A schema's `pattern`, compiled. The regex library reads no lookaround; the form specs use,
/// lookaheads at the start (`^(?=.*[a-z])(?=.*\d)[a-z\d]{10,20}$`, `^(?!https://)…`), is read as
/// one expression per lookahead, each matched (or, negative, not matched) at the start, and the
/// rest.
pub(super) struct Pattern {
    /// Lookaheads: whether positive, and the expression anchored at the start.
    ahead: Vec<(bool, regex::Regex)>,
    main: regex::Regex,
}

impl Pattern {
    pub(super) fn new(pattern: &str) -> Option<Pattern> {
        if let Ok(main) = regex::Regex::new(pattern) {
            return Some(Pattern { ahead: Vec::new(), main });
        }
        let (ahead, rest) = lookaheads(pattern)?;
        let ahead = ahead
            .into_iter()
            .map(|(positive, x)| regex::Regex::new(&format!("^(?:{x})")).ok().map(|r| (positive, r)))
            .collect::<Option<Vec<_>>>()?;
        let main = regex::Regex::new(&format!("^(?:{rest})")).ok()?;
        Some(Pattern { ahead, main })
    }

    pub(super) fn is_match(&self, s: &str) -> bool {
        self.ahead.iter().all(|(positive, r)| r.is_match(s) == *positive) && self.main.is_match(s)
    }
}

/// A pattern `^(?=a)(?!b)rest` split into its leading lookaheads (positive or not, and their
/// expression) and the rest; `None` when it does not start so.
fn lookaheads(pattern: &str) -> Option<(Vec<(bool, &str)>, &str)> {
    let mut rest = pattern.strip_prefix('^')?;
    let mut ahead = Vec::new();
    while let Some(positive) =
        rest.strip_prefix("(?=").map(|_| true).or(rest.strip_prefix("(?!").map(|_| false))
    {
        let inner = &rest[3..];
        let close = group_end(inner)?;
        ahead.push((positive, &inner[..close]));
        rest = &inner[close + 1..];
    }
    (!ahead.is_empty()).then_some((ahead, rest))
}

/// Where the group whose inside starts `s` closes: the index of its `)`.
fn group_end(s: &str) -> Option<usize> {
    structure(s).find(|&(_, c, depth)| c == ')' && depth == 0).map(|(i, _, _)| i)
}

/// The characters of a pattern that give it structure (outside character classes, unescaped),
/// each with its index and the depth of groups around it (before a `(` opens one).
fn structure(s: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut in_class, mut escaped) = (0usize, false, false);
    s.char_indices().filter_map(move |(i, c)| {
        let at = depth;
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            _ if in_class => {}
            '(' => {
                depth += 1;
                return Some((i, c, at));
            }
            ')' => {
                depth = depth.saturating_sub(1);
                return Some((i, c, at));
            }
            _ => return Some((i, c, at)),
        }
        None
    })
}

/// A string that a simple regular expression matches: literals, escapes (`\d`, `\w`, `\.`),
/// character classes (their first member), groups with alternatives (the first), and the
/// quantifiers `?`, `*`, `+`, `{n}`, `{n,m}` (their least count, at least one for `+`), after
/// leading lookaheads (a repeated class then cycles through its members, `aA0a…`, to meet them).
/// Anything else (other lookarounds, backreferences) gives `None`.
pub(super) fn pattern_example(pattern: &str) -> Option<String> {
    if let Some((_, rest)) = lookaheads(pattern) {
        let whole = Pattern::new(pattern)?;
        let plain = simple_pattern_example(rest, false)?;
        if whole.is_match(&plain) {
            return Some(plain);
        }
        return simple_pattern_example(rest, true).filter(|varied| whole.is_match(varied));
    }
    simple_pattern_example(pattern, false)
}

/// [`pattern_example`] of a pattern without lookarounds; `vary`: repeated classes cycle through
/// their members.
fn simple_pattern_example(pattern: &str, vary: bool) -> Option<String> {
    // Alternatives each anchored at both ends (`^a$|^b$`): the first.
    if let Some(first) = top_level_alternatives(pattern).first().filter(|f| f.len() < pattern.len()) {
        return simple_pattern_example(first, vary);
    }
    // Anchored, the value is the whole string; unanchored (a search), a string that is a match
    // contains one.
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = match body.strip_suffix('$') {
        Some(b) if !b.ends_with('\\') => b,
        _ => body,
    };
    let chars: Vec<char> = body.chars().collect();
    let (out, end) = sequence(&chars, 0, vary)?;
    (end == chars.len()).then_some(out)
}

/// The alternatives of a pattern split at its top-level `|` (outside groups and classes).
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _, _) in structure(pattern).filter(|&(_, c, depth)| c == '|' && depth == 0) {
        parts.push(&pattern[start..i]);
        start = i + 1;
    }
    parts.push(&pattern[start..]);
    parts
}

/// A sequence up to `)` or `|` (or the end): its example, and where it stopped. `vary`: a
/// repeated class cycles through its members.
fn sequence(chars: &[char], mut i: usize, vary: bool) -> Option<(String, usize)> {
    let mut out = String::new();
    while i < chars.len() && chars[i] != ')' && chars[i] != '|' {
        // The members a repeated atom cycles through (`vary`), beyond its first.
        let mut members = Vec::new();
        let (atom, next) = match chars[i] {
            '\\' => {
                let c = *chars.get(i + 1)?;
                let atom = match c {
                    'd' => "0".to_string(),
                    'w' => "a".to_string(),
                    's' => " ".to_string(),
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c.to_string(),
                };
                (atom, i + 2)
            }
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']')? + i;
                let class = &chars[i + 1..close];
                let first = match class.first()? {
                    '^' => return None,
                    '\\' => match class.get(1)? {
                        'd' => '0',
                        'w' => 'a',
                        c => *c,
                    },
                    c => *c,
                };
                if vary {
                    members = class_members(class);
                }
                (first.to_string(), close + 1)
            }
            '(' => {
                let mut j = i + 1;
                if chars.get(j) == Some(&'?') {
                    // `(?:` is a plain group; other `(?` forms are not read.
                    if chars.get(j + 1) != Some(&':') {
                        return None;
                    }
                    j += 2;
                }
                let (first, mut k) = sequence(chars, j, vary)?;
                while chars.get(k) == Some(&'|') {
                    k = sequence(chars, k + 1, vary)?.1;
                }
                if chars.get(k) != Some(&')') {
                    return None;
                }
                (first, k + 1)
            }
            '.' => ("a".to_string(), i + 1),
            '*' | '+' | '?' | '{' | '^' | '$' => return None,
            c => (c.to_string(), i + 1),
        };
        i = next;
        // A quantifier: the least count it allows.
        let count = match chars.get(i) {
            Some('?') | Some('*') => {
                i += 1;
                0
            }
            Some('+') => {
                i += 1;
                1
            }
            Some('{') => {
                let close = chars[i..].iter().position(|&c| c == '}')? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let least = inner.split(',').next()?.trim().parse::<usize>().ok()?;
                i = close + 1;
                least
            }
            _ => 1,
        };
        // A lazy quantifier's `?`.
        if chars.get(i) == Some(&'?') {
            i += 1;
        }
        if members.len() > 1 {
            out.extend(members.iter().cycle().take(count));
        } else {
            out.push_str(&atom.repeat(count));
        }
    }
    Some((out, i))
}

/// One member of each part of a character class's inside (`a-zA-Z\d_` gives `a`, `A`, `0`, `_`).
fn class_members(class: &[char]) -> Vec<char> {
    let mut members = Vec::new();
    let mut i = 0;
    while i < class.len() {
        let member = match class[i] {
            '\\' => {
                i += 1;
                match class.get(i) {
                    Some('d') => '0',
                    Some('w') => 'a',
                    Some('s') => ' ',
                    Some(c) => *c,
                    None => break,
                }
            }
            c => c,
        };
        // A range counts once, by its start.
        if class.get(i + 1) == Some(&'-') && i + 2 < class.len() {
            i += 2;
        }
        members.push(member);
        i += 1;
    }
    members
}

#[cfg(test)]
mod tests {
    use super::{has_format, pattern_example, Pattern};

    #[test]
    fn strict_formats_are_checked() {
        let good = [
            ("uuid", "740add2a-a703-4b8a-a670-1093919c2040"),
            ("date", "2020-02-27"),
            ("date-time", "2020-02-28T03:24:29.2215641Z"),
            ("date-time", "2020-02-28T03:24:29+01:00"),
            ("email", "api@xero.com"),
            ("uri", "https://example.com/a"),
            ("ipv4", "10.0.0.1"),
            ("byte", "aGVsbG8="),
            ("password", "anything"),
        ];
        for (format, s) in good {
            assert!(has_format(format, s), "{format}: {s}");
        }
        // Xero's example user id has three digits in its fourth group.
        let bad = [
            ("uuid", "00000000-0000-0000-000-000000000000"),
            ("date", "27/02/2020"),
            ("date-time", "2020-02-28 03:24"),
            ("date-time", "/Date(1573755038314)/"),
            ("email", "nobody"),
            ("uri", "not a uri"),
            ("ipv4", "10.0.0.256"),
            ("byte", "hello"),
            ("byte", "a"),
        ];
        for (format, s) in bad {
            assert!(!has_format(format, s), "{format}: {s}");
        }
    }

    #[test]
    fn simple_patterns_have_examples_that_match() {
        let cases = [
            ("^FW[0-9a-fA-F]{32}$", Some("FW00000000000000000000000000000000")),
            (r"^\d{3}-\d{2}$", Some("000-00")),
            (r"^-?\d{1,13}\.\d{1,5}$", Some("0.0")),
            ("^(ACTIVE|INACTIVE)$", Some("ACTIVE")),
            ("^[A-Z]{2}(?:[0-9]{2})?$", Some("AA")),
            ("^a+b*$", Some("a")),
            (r"^\d{1,13}$|^\d{1,13}\.\d{1,5}$", Some("0")),
            // Unanchored: a match (hubspot's file ids, `\d+`).
            ("[0-9]+", Some("0")),
            (r"\d+", Some("0")),
            // Lookaheads at the start (Equinix's BGP md5, Lob's local file paths).
            (r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d]{10,20}$", Some("aA0aA0aA0a")),
            ("^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$", Some("aahtm")),
            ("^(?!a)a$", None),
            // Not simple: no example.
            ("^(?<=x)x$", None),
            ("^[^a]$", None),
        ];
        for (pattern, want) in cases {
            assert_eq!(pattern_example(pattern).as_deref(), want, "{pattern}");
        }
    }

    #[test]
    fn leading_lookaheads_are_matched() {
        let local = Pattern::new("^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$").unwrap();
        assert!(!local.is_match("https://s3.amazonaws.com/public.lob.com/assets/buckslip.pdf"));
        assert!(local.is_match("assets/buckslip.pdf"));
        let md5 = Pattern::new(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d]{10,20}$").unwrap();
        assert!(md5.is_match("aA0aA0aA0a"));
        assert!(!md5.is_match("aaaaaaaaaa"));
        assert!(!md5.is_match("aA0"));
        assert!(Pattern::new("^(?<=x)x$").is_none());
    }
}
