//! Objects: a schema with properties as a struct (each property's type, presence, docs and\n`const`), and maps (`additionalProperties`).

use super::*;

impl<'a> Lowering<'a> {
    /// A property's doc: its own; else that of what it stands for, through a `$ref` and a
    /// composition of one schema (OpenAI's `temperature: {anyOf: [{type: number, description},
    /// {type: "null"}]}`, `allOf: [$ref]`).
    pub(in crate::lower) fn property_doc(&self, prop: &ReferenceOr<Box<Schema>>, at: &str) -> Option<String> {
        match prop {
            ReferenceOr::Item(s) => doc_of(&s.schema_data).or_else(|| self.schema_doc(s, at, 0)),
            ReferenceOr::Reference { reference } => {
                self.schema_doc(self.referenced_schema(reference, at).ok()?, at, 0)
            }
        }
    }

    /// The description of what a schema stands for (its title names a type, not a property).
    pub(in crate::lower) fn schema_doc(&self, schema: &Schema, at: &str, depth: usize) -> Option<String> {
        if let Some(doc) = schema.schema_data.description.as_ref().filter(|d| !d.trim().is_empty()) {
            return Some(doc.clone());
        }
        let only = match &schema.schema_kind {
            SchemaKind::AllOf { all_of: items }
            | SchemaKind::AnyOf { any_of: items }
            | SchemaKind::OneOf { one_of: items } => match items.as_slice() {
                [only] => only,
                _ => return None,
            },
            _ => return None,
        };
        let inner = self.schema_of(only, at).ok()?;
        (depth < 8).then(|| self.schema_doc(inner, at, depth + 1)).flatten()
    }

    /// The schema a `$ref` points at, followed through components and other pointers.
    /// A property's schema data: its own, or that of the schema it `$ref`s (apideck's
    /// `id: {$ref: Id}`, read-only there).
    pub(in crate::lower) fn property_data(
        &self,
        prop: &'a ReferenceOr<Box<Schema>>,
    ) -> Option<&'a openapiv3::SchemaData> {
        match prop {
            ReferenceOr::Item(p) => Some(&p.schema_data),
            ReferenceOr::Reference { reference } => {
                self.referenced_schema(reference, "").ok().map(|t| &t.schema_data)
            }
        }
    }

    /// Whether a property is `readOnly` or `writeOnly`, where it says so or the schema it
    /// `$ref`s does.
    pub(in crate::lower) fn one_way(&self, prop: &'a ReferenceOr<Box<Schema>>) -> bool {
        self.property_data(prop).is_some_and(|d| d.read_only || d.write_only)
    }

    /// Whether a property is `readOnly`, where it says so or the schema it `$ref`s does.
    pub(in crate::lower) fn read_only(&self, prop: &'a ReferenceOr<Box<Schema>>) -> bool {
        self.property_data(prop).is_some_and(|d| d.read_only)
    }

    pub(in crate::lower) fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        ptr: &str,
        hint: NameHint,
    ) -> Result<TypeRef<DraftId>> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let v = self.schema(s, &join(ptr, "additionalProperties"), hint.suffixed("Value"))?;
                if v.ty == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    TypeRef::Map(Box::new(nullable_ty(v)))
                }
            }
            _ => TypeRef::JsonObject,
        })
    }

    pub(in crate::lower) fn new_struct(
        &mut self,
        s: &Schema,
        ptr: &str,
        hint: NameHint,
    ) -> Result<TypeRef<DraftId>> {
        let hint = match &s.schema_data.title {
            Some(t) if !t.trim().is_empty() => NameHint::Title(t.clone()),
            _ => hint,
        };
        let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
        let kind = self.struct_kind(s, id, ptr)?;
        self.arena.set(id, kind);
        Ok(TypeRef::Named(id))
    }

    pub(in crate::lower) fn struct_kind(&mut self, s: &Schema, id: DraftId, ptr: &str) -> Result<DraftKind> {
        let (properties, required, additional) = match &s.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                (&o.properties, &o.required, o.additional_properties.as_ref())
            }
            SchemaKind::Any(a) => (&a.properties, &a.required, a.additional_properties.as_ref()),
            _ => unreachable!("struct_kind is only called for object schemas"),
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop) in properties {
            let pptr = join(&join(ptr, "properties"), wire);
            let lowered =
                self.boxed_schema(prop, &pptr, NameHint::Child { parent: id, suffix: wire.clone() })?;
            let (doc, constant) = match prop {
                ReferenceOr::Item(p) => (
                    with_default(self.property_doc(prop, &pptr), p.schema_data.default.as_ref(), wire),
                    const_of(&p.schema_data),
                ),
                ReferenceOr::Reference { .. } => (self.property_doc(prop, &pptr), None),
            };
            let one_way = self.one_way(prop);
            fields.push(DraftField {
                wire: wire.clone(),
                ty: lowered.ty,
                // A readOnly property is never sent by a client and a writeOnly one never
                // returned by the server: required in one direction only, so optional here.
                presence: Presence::of(required.contains(wire) && !one_way, lowered.nullable),
                doc,
                constant,
                const_varies: false,
            });
        }
        // A property the schema requires without describing it (DigitalOcean's uptime check
        // `method`): any JSON value, so a request can send it.
        for wire in required {
            if !properties.contains_key(wire) && !fields.iter().any(|f| f.wire == *wire) {
                fields.push(DraftField {
                    wire: wire.clone(),
                    ty: TypeRef::Json,
                    presence: Presence::Required,
                    doc: Some(format!(
                        "The {} property: required by the schema, which does not describe it (any JSON value).",
                        crate::emit::docs::code(wire)
                    )),
                    constant: None,
                    const_varies: false,
                });
            }
        }
        // The constructor takes the required properties in field order: the required fields
        // are put in the order of the `required` list (the spec author's, where properties are
        // often alphabetical: Adyen's Amount is `[value, currency]`), the others stay in place.
        let slots: Vec<usize> = (0..fields.len()).filter(|&i| fields[i].presence.required()).collect();
        let mut in_order: Vec<DraftField> = slots.iter().map(|&i| fields[i].clone()).collect();
        in_order.sort_by_key(|f| required.iter().position(|r| *r == f.wire));
        for (slot, field) in slots.into_iter().zip(in_order) {
            fields[slot] = field;
        }
        let extra = match additional {
            Some(AdditionalProperties::Schema(extra)) => {
                let v = self.schema(
                    extra,
                    &join(ptr, "additionalProperties"),
                    NameHint::Child { parent: id, suffix: "Extra".into() },
                )?;
                Some(nullable_ty(v))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        Ok(DraftKind::Struct { fields, extra })
    }
}

pub(in crate::lower) fn doc_of(d: &openapiv3::SchemaData) -> Option<String> {
    let title = d.title.as_ref().filter(|t| !t.trim().is_empty());
    let description = d.description.as_ref().filter(|t| !t.trim().is_empty());
    match (title, description) {
        (Some(t), Some(desc)) => Some(format!("{t}\n\n{desc}")),
        (None, Some(desc)) => Some(desc.clone()),
        (Some(t), None) => Some(t.clone()),
        (None, None) => None,
    }
}

/// A property's doc with the default the spec documents (a server applies it when the property
/// is left out; the client does not fill it in). Without a description, the doc still names the
/// property, as the emitter's fallback does.
pub(in crate::lower) fn with_default(
    doc: Option<String>,
    default: Option<&Value>,
    wire: &str,
) -> Option<String> {
    let Some(default) = default.filter(|d| !d.is_null()) else { return doc };
    let text = default.to_string();
    if text.len() > 200 {
        return doc;
    }
    let note = format!("Default: {}.", crate::emit::docs::code(&text));
    let doc = doc.unwrap_or_else(|| format!("The {} property.", crate::emit::docs::code(wire)));
    Some(format!("{doc}\n\n{note}"))
}

pub(in crate::lower) fn const_of(d: &openapiv3::SchemaData) -> Option<ConstValue> {
    Some(match crate::load::const_value(d)? {
        Value::String(s) => ConstValue::String(s.clone()),
        Value::Bool(b) => ConstValue::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => ConstValue::Integer(i),
            None => ConstValue::Number(n.as_f64()?),
        },
        _ => return None,
    })
}
