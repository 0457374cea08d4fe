//! `allOf`: its members merged into one schema (properties, required lists, nullability).

use super::*;

impl<'a> Lowering<'a> {
    /// Whether an `allOf` member lets null through: it is nullable (itself or the component it
    /// names), or it only annotates (a description, no type or other constraint).
    pub(in crate::lower) fn allows_null(&self, member: &ReferenceOr<Schema>, at: &str) -> bool {
        if let ReferenceOr::Reference { reference } = member {
            if self.component_id(reference).is_some_and(|id| self.nullable_components.contains(&id)) {
                return true;
            }
        }
        self.schema_of(member, at)
            .is_ok_and(|m| m.schema_data.nullable || m.schema_kind == SchemaKind::Any(Default::default()))
    }

    /// `allOf` whose members are all objects (inline, or `$ref`s to object schemas, or nested
    /// `allOf`s of objects): one object schema with every member's properties (a property two
    /// members define has both definitions: see [`merge_property`]) and the union of their
    /// `required`. `None` when a member
    /// is something else (a union, a primitive), or for cycles. A member `$ref` that points at
    /// nothing is an error (located at the member), not a silent JSON value.
    pub(in crate::lower) fn merge_all_of(
        &self,
        s: &Schema,
        ptr: &str,
        depth: usize,
    ) -> Result<Option<Schema>> {
        let SchemaKind::AllOf { all_of } = &s.schema_kind else { return Ok(None) };
        if depth > 16 || all_of.len() < 2 {
            return Ok(None);
        }
        let mut object = openapiv3::ObjectType::default();
        for (i, member) in all_of.iter().enumerate() {
            let at = join(&join(ptr, "allOf"), &i.to_string());
            let member: Schema = match member {
                ReferenceOr::Item(m) => m.clone(),
                ReferenceOr::Reference { reference } => match self.member_schema(reference, &at)? {
                    Some(m) => m,
                    None => return Ok(None),
                },
            };
            let (properties, required, additional) = match &member.schema_kind {
                SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    (o.properties.clone(), o.required.clone(), o.additional_properties.clone())
                }
                SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "object") => {
                    if a.items.is_some() || !a.enumeration.is_empty() || a.format.is_some() {
                        return Ok(None);
                    }
                    (a.properties.clone(), a.required.clone(), a.additional_properties.clone())
                }
                SchemaKind::AllOf { .. } => {
                    let Some(inner) = self.merge_all_of(&member, &at, depth + 1)? else { return Ok(None) };
                    let SchemaKind::Type(openapiv3::Type::Object(o)) = inner.schema_kind else {
                        return Ok(None);
                    };
                    (o.properties, o.required, o.additional_properties)
                }
                _ => return Ok(None),
            };
            for (name, schema) in properties {
                let merged = match object.properties.swap_remove(&name) {
                    Some(earlier) => merge_property(earlier, schema),
                    None => schema,
                };
                object.properties.insert(name, merged);
            }
            for r in required {
                if !object.required.contains(&r) {
                    object.required.push(r);
                }
            }
            if additional.is_some() {
                object.additional_properties = additional;
            }
        }
        Ok(Some(Schema {
            schema_data: s.schema_data.clone(),
            schema_kind: SchemaKind::Type(openapiv3::Type::Object(object)),
        }))
    }

    /// An `allOf` member `$ref`: a component schema from the typed document, or any other
    /// pointer read as a schema (`None` when it is not one: the `allOf` is then not merged); an
    /// error when it points at nothing.
    pub(in crate::lower) fn member_schema(&self, reference: &str, at: &str) -> Result<Option<Schema>> {
        if component_name::<Schema>(reference).is_some() {
            // A component that is itself a `$ref` is followed to the schema it names.
            let component = self.resolve::<Schema>(reference, at)?;
            return self.deref(component, at).cloned().map(Some);
        }
        match self.loaded.targets.get::<Schema>(reference) {
            // Something that is not a schema: the `allOf` is not merged.
            Some(Err(e)) if e.kind == crate::error::ErrorKind::Invalid => Ok(None),
            _ => Ok(Some(self.deref(self.target::<Schema>(reference, at)?, at)?.clone())),
        }
    }
}

/// The property names of an object schema.
pub(in crate::lower) fn property_names(s: &Schema) -> Vec<String> {
    match &s.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => o.properties.keys().cloned().collect(),
        SchemaKind::Any(a) => a.properties.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// A property two `allOf` members define: a value must satisfy both definitions. The same
/// `$ref` twice is itself; a `$ref` beside a definition that only annotates (a description, a
/// format) is the `$ref`; two definitions are merged keyword by keyword (object properties and
/// `required` merged in turn, for any other keyword the later member's value); two different
/// `$ref`s, or a `$ref` and a definition with a shape, are an `allOf` of both.
pub(in crate::lower) fn merge_property(
    earlier: ReferenceOr<Box<Schema>>,
    later: ReferenceOr<Box<Schema>>,
) -> ReferenceOr<Box<Schema>> {
    use ReferenceOr::{Item, Reference};
    let annotates = |s: &Schema| matches!(&s.schema_kind, SchemaKind::Any(a) if *a == Default::default());
    // Object keywords alone (`required`) beside an array constrain nothing (Linode's rules:
    // `required` on the array of rules): the array.
    let array = |s: &Schema| match &s.schema_kind {
        SchemaKind::Type(openapiv3::Type::Array(_)) => true,
        SchemaKind::Any(a) => a.typ.as_deref() == Some("array"),
        _ => false,
    };
    let object_only = |s: &Schema| {
        serde_json::to_value(s).ok().and_then(|v| v.as_object().cloned()).is_some_and(|m| {
            m.keys().all(|k| ["required", "properties", "description", "title"].contains(&k.as_str()))
        })
    };
    match (earlier, later) {
        (Item(a), Item(b)) if array(&a) && object_only(&b) => Item(a),
        (Item(a), Item(b)) if object_only(&a) && array(&b) => Item(b),
        (Reference { reference: a }, Reference { reference: b }) if a == b => Reference { reference: a },
        (Reference { reference }, Item(s)) | (Item(s), Reference { reference }) if annotates(&s) => {
            Reference { reference }
        }
        (Item(a), Item(b)) => {
            // A merge `openapiv3` cannot read (keywords of two kinds) is the later definition.
            let merged = serde_json::to_value(&a)
                .and_then(|a| Ok(merge_values(a, serde_json::to_value(&b)?)))
                .and_then(serde_json::from_value);
            Item(merged.unwrap_or(b))
        }
        (a, b) => {
            let unbox = |s: ReferenceOr<Box<Schema>>| match s {
                Item(s) => Item(*s),
                Reference { reference } => Reference { reference },
            };
            Item(Box::new(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::AllOf { all_of: vec![unbox(a), unbox(b)] },
            }))
        }
    }
}

/// Two schemas as JSON, keyword by keyword: `properties` merged property by property,
/// `required` joined, any other keyword the later one's.
pub(in crate::lower) fn merge_values(earlier: Value, later: Value) -> Value {
    let (Value::Object(mut a), Value::Object(b)) = (earlier, later) else { return Value::Null };
    for (key, value) in b {
        let merged = match (key.as_str(), a.remove(&key), value) {
            ("properties", Some(Value::Object(mut ps)), Value::Object(qs)) => {
                for (name, q) in qs {
                    let p = match ps.remove(&name) {
                        Some(p @ Value::Object(_))
                            if q.is_object() && p.get("$ref").is_none() && q.get("$ref").is_none() =>
                        {
                            merge_values(p, q)
                        }
                        _ => q,
                    };
                    ps.insert(name, p);
                }
                Value::Object(ps)
            }
            ("required", Some(Value::Array(mut rs)), Value::Array(qs)) => {
                rs.extend(qs.into_iter().filter(|q| !rs.contains(q)).collect::<Vec<_>>());
                Value::Array(rs)
            }
            (_, _, value) => value,
        };
        a.insert(key, merged);
    }
    Value::Object(a)
}
