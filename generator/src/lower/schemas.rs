//! Schemas: which Rust type each schema becomes (structs, enums, unions, aliases), drafted into
//! the arena.

use super::refs::decode_fragment;
use super::{Lowered, Lowering};
use crate::arena::{DraftField, DraftKind, NameHint};
use crate::error::{join, Result};
use crate::load::component_name;
use crate::model::*;
use crate::names;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use serde_json::Value;

/// What a component schema becomes: a struct (of the merged `allOf` where there is one), a
/// union, an enum, or an alias of another type.
pub(super) enum Shape {
    Struct(Option<Box<Schema>>),
    Union,
    Enum,
    IntEnum,
    Alias,
}

impl<'a> Lowering<'a> {
    /// What a component schema becomes.
    pub(super) fn component_shape(&self, s: &Schema, ptr: &str) -> Result<Shape> {
        Ok(match self.merge_all_of(s, ptr, 0)? {
            Some(merged) if is_struct(&merged) => Shape::Struct(Some(Box::new(merged))),
            _ if is_struct(s) => Shape::Struct(None),
            _ if union_items(s).is_some_and(|items| items.len() > 1) => Shape::Union,
            _ if string_enum(s).is_some() && !s.schema_data.nullable => Shape::Enum,
            _ if int_enum(s).is_some() && !s.schema_data.nullable => Shape::IntEnum,
            _ => Shape::Alias,
        })
    }

    pub(super) fn lower_component(
        &mut self,
        id: DraftId,
        schema: &ReferenceOr<Schema>,
        ptr: &str,
    ) -> Result<()> {
        let doc = schema.as_item().and_then(|s| doc_of(&s.schema_data));
        self.arena.drafts[id.0].doc = doc;
        let shape = match schema.as_item() {
            Some(s) => self.component_shape(s, ptr)?,
            None => Shape::Alias,
        };
        let kind = match (schema, shape) {
            (ReferenceOr::Item(_), Shape::Struct(Some(merged))) => self.struct_kind(&merged, id, ptr)?,
            (ReferenceOr::Item(s), Shape::Struct(None)) => self.struct_kind(s, id, ptr)?,
            (ReferenceOr::Item(s), Shape::Union) => {
                self.union_kind(s, union_items(s).unwrap_or_default(), id, ptr)?
            }
            (ReferenceOr::Item(s), Shape::Enum) => DraftKind::Enum(string_enum(s).unwrap_or_default()),
            (ReferenceOr::Item(s), Shape::IntEnum) => DraftKind::IntEnum(int_enum(s).unwrap_or_default()),
            (_, _) => {
                let lowered =
                    self.schema(schema, ptr, NameHint::Child { parent: id, suffix: String::new() })?;
                // A nullable component's `null` is its uses' (see `nullable_components`).
                let wrap = lowered.nullable && !self.nullable_components.contains(&id);
                let ty = if wrap { TypeRef::Option(Box::new(lowered.ty)) } else { lowered.ty };
                DraftKind::Alias(ty)
            }
        };
        self.arena.set(id, kind);
        Ok(())
    }

    pub(super) fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        ptr: &str,
        hint: NameHint,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, ptr),
            ReferenceOr::Item(s) => self.schema_item(s, ptr, hint),
        }
    }

    pub(super) fn boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        ptr: &str,
        hint: NameHint,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, ptr),
            ReferenceOr::Item(s) => self.schema_item(s, ptr, hint),
        }
    }

    fn schema_ref(&mut self, reference: &str, ptr: &str) -> Result<Lowered> {
        if reference.is_empty() || reference == "#" {
            // An empty reference (or one to the whole document) says nothing: any JSON value.
            return Ok(Lowered { ty: TypeRef::Json, nullable: false });
        }
        if let Some(id) = self.component_id(reference) {
            let nullable = self.nullable_components.contains(&id);
            return Ok(Lowered { ty: TypeRef::Named(id), nullable });
        }
        let fragment = decode_fragment(reference);
        // Any other pointer (into a property, a parameter's schema, ...): lower it once.
        match self.pointer_refs.get(&fragment) {
            Some(Some(ty)) => return Ok(Lowered { ty: ty.clone(), nullable: false }),
            Some(None) => return Ok(Lowered { ty: TypeRef::Json, nullable: false }),
            None => {}
        }
        let target = self.target::<Schema>(reference, ptr)?;
        let at = fragment.trim_start_matches('#').to_string();
        let suffix = at.rsplit('/').next().unwrap_or("Schema").to_string();
        self.pointer_refs.insert(fragment.clone(), None);
        let lowered = self.schema(target, &at, NameHint::Context(names::type_name(&suffix)))?;
        self.pointer_refs.insert(fragment, Some(lowered.ty.clone()));
        Ok(lowered)
    }

    fn schema_item(&mut self, s: &Schema, ptr: &str, hint: NameHint) -> Result<Lowered> {
        let nullable = s.schema_data.nullable;
        let ty = match &s.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(t)) => match string_enum(s) {
                Some(values) => {
                    let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
                    self.arena.set(id, DraftKind::Enum(values));
                    TypeRef::Named(id)
                }
                None if t.format
                    == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) =>
                {
                    TypeRef::Bytes
                }
                None => TypeRef::String,
            },
            SchemaKind::Type(openapiv3::Type::Integer(_)) if int_enum(s).is_some() => {
                let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
                self.arena.set(id, DraftKind::IntEnum(int_enum(s).unwrap_or_default()));
                TypeRef::Named(id)
            }
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(openapiv3::Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(openapiv3::Type::Integer(i)) => TypeRef::Integer(int_kind(&i.format, i.minimum)),
            SchemaKind::Type(openapiv3::Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item = self.boxed_schema(items, &join(ptr, "items"), hint.suffixed("Item"))?;
                    TypeRef::Array(Box::new(nullable_ty(item)))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                if o.properties.is_empty() {
                    self.map_type(o.additional_properties.as_ref(), ptr, hint)?
                } else {
                    self.new_struct(s, ptr, hint)?
                }
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => self.new_struct(s, ptr, hint)?,
            SchemaKind::Any(a) if a.typ.as_deref() == Some("object") || a.additional_properties.is_some() => {
                self.map_type(a.additional_properties.as_ref(), ptr, hint)?
            }
            SchemaKind::AllOf { all_of: items } if items.len() > 1 => {
                // Null passes an allOf when it passes every member (DigitalOcean's nullable
                // backup window beside a description).
                let nullable = nullable || items.iter().all(|m| self.allows_null(m, ptr));
                // One member that constrains, the others only annotating (a description beside
                // a `$ref`): that member's type, not a copy of it.
                let annotation = |m: &ReferenceOr<Schema>| matches!(m, ReferenceOr::Item(s) if s.schema_kind == SchemaKind::Any(Default::default()));
                let constraining: Vec<(usize, &ReferenceOr<Schema>)> =
                    items.iter().enumerate().filter(|(_, m)| !annotation(m)).collect();
                if let [(i, only)] = constraining[..] {
                    let inner = self.schema(only, &join(&join(ptr, "allOf"), &i.to_string()), hint)?;
                    return Ok(Lowered { ty: inner.ty, nullable: nullable || inner.nullable });
                }
                let ty = match self.merge_all_of(s, ptr, 0)? {
                    Some(merged) if is_struct(&merged) => self.new_struct(&merged, ptr, hint)?,
                    Some(_) => TypeRef::JsonObject,
                    None => TypeRef::Json,
                };
                return Ok(Lowered { ty, nullable });
            }
            SchemaKind::OneOf { one_of: items }
            | SchemaKind::AnyOf { any_of: items }
            | SchemaKind::AllOf { all_of: items }
                if items.len() == 1 =>
            {
                let key = match &s.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    SchemaKind::AnyOf { .. } => "anyOf",
                    _ => "allOf",
                };
                let inner = self.schema(&items[0], &join(&join(ptr, key), "0"), hint)?;
                return Ok(Lowered { ty: inner.ty, nullable: nullable || inner.nullable });
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } if items.len() > 1 => {
                let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
                let kind = self.union_kind(s, items, id, ptr)?;
                self.arena.set(id, kind);
                TypeRef::Named(id)
            }
            // Negations, and anything else without a single shape, are kept as JSON values.
            _ => TypeRef::Json,
        };
        Ok(Lowered { ty, nullable })
    }

    /// The variants of a `oneOf`/`anyOf` with several branches (identical ones once).
    fn union_kind(
        &mut self,
        s: &Schema,
        items: &[ReferenceOr<Schema>],
        id: DraftId,
        ptr: &str,
    ) -> Result<DraftKind> {
        let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
        // Each distinct variant type, with the first branch that gives it.
        let mut branches: Vec<(TypeRef<DraftId>, &ReferenceOr<Schema>, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = join(&join(ptr, key), &i.to_string());
            let variant =
                self.schema(item, &at, NameHint::Child { parent: id, suffix: format!("Variant{}", i + 1) })?;
            if !branches.iter().any(|(t, _, _)| *t == variant.ty) {
                branches.push((variant.ty, item, at));
            }
        }
        if let Some(values) = self.open_enum(&branches) {
            for (t, _, _) in &branches {
                if let TypeRef::Named(branch) = t {
                    self.arena.absorb(*branch, id);
                }
            }
            return Ok(DraftKind::Enum(values));
        }
        let Some(d) = &s.schema_data.discriminator else {
            // Without a discriminator, a property every branch fixes to values of its own
            // selects the branch just as one would (tried in order, an open enum of the first
            // branch would take every value).
            if let Some((property, tags)) = self.implied_tags(&branches) {
                let variants = branches.into_iter().map(|(t, _, _)| t).zip(tags).collect();
                return Ok(DraftKind::Tagged { property, variants });
            }
            return Ok(DraftKind::Union(branches.into_iter().map(|(t, _, _)| t).collect()));
        };
        // Each variant is selected by the mapping's values that point at it; a variant the
        // mapping leaves out by the value it fixes the property to (a one-value `enum` or a
        // `const`: how most specs without a mapping are written), or else by its component
        // name (the spec's implicit mapping).
        let mut variants: Vec<(TypeRef<DraftId>, Vec<String>)> =
            branches.iter().map(|(t, _, _)| (t.clone(), Vec::new())).collect();
        for (value, target) in &d.mapping {
            let Some(id) = self.component_id(target) else { continue };
            if let Some(v) = variants.iter_mut().find(|(t, _)| *t == TypeRef::Named(id)) {
                v.1.push(value.clone());
            }
        }
        let fixed: Vec<Vec<String>> = branches
            .iter()
            .zip(&variants)
            .map(|((_, item, at), (_, tags))| match tags.is_empty() {
                true => self.fixed_values(item, &d.property_name, at),
                false => Vec::new(),
            })
            .collect();
        for ((_, tags), values) in variants.iter_mut().zip(&fixed) {
            // A value the mapping gives another variant selects that one; a value several
            // variants fix selects them all, tried in turn (OpenAI's input and output messages
            // are both `type: message`).
            tags.extend(values.iter().filter(|v| !d.mapping.contains_key(*v)).cloned());
        }
        for (ty, tags) in variants.iter_mut().filter(|(_, tags)| tags.is_empty()) {
            if let Some((name, _)) = self.components.iter().find(|(_, id)| TypeRef::Named(**id) == *ty) {
                if !d.mapping.contains_key(name) {
                    tags.push(name.clone());
                }
            }
        }
        // Without a value for every variant, variants are tried in order as before.
        if variants.iter().any(|(_, tags)| tags.is_empty()) {
            return Ok(DraftKind::Union(variants.into_iter().map(|(t, _)| t).collect()));
        }
        Ok(DraftKind::Tagged { property: d.property_name.clone(), variants })
    }

    /// An open enum: a union of a plain string and string enums (OpenAI's model ids, `anyOf:
    /// [string, enum of known ids]`) is one string enum of the known values, whose `Other`
    /// holds any other string.
    fn open_enum(
        &self,
        branches: &[(TypeRef<DraftId>, &ReferenceOr<Schema>, String)],
    ) -> Option<Vec<String>> {
        let mut values: Vec<String> = Vec::new();
        let (mut string, mut enums) = (false, false);
        for (t, _, _) in branches {
            match t {
                TypeRef::String => string = true,
                TypeRef::Named(id) => match &self.arena.drafts[id.0].kind {
                    DraftKind::Enum(vs) => {
                        enums = true;
                        values.extend(vs.iter().filter(|v| !values.contains(v)).cloned().collect::<Vec<_>>());
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        (string && enums).then_some(values)
    }

    /// The property each branch of a union without a discriminator fixes to values no other
    /// branch allows, and each branch's values: `None` when there is no such property.
    fn implied_tags(
        &self,
        branches: &[(TypeRef<DraftId>, &ReferenceOr<Schema>, String)],
    ) -> Option<(String, Vec<Vec<String>>)> {
        let [(_, first, at), ..] = branches else { return None };
        if branches.len() < 2 {
            return None;
        }
        let names = self.object_of(first, at).map(|o| property_names(&o)).unwrap_or_default();
        names.into_iter().find_map(|name| {
            let tags: Vec<Vec<String>> =
                branches.iter().map(|(_, item, at)| self.fixed_values(item, &name, at)).collect();
            let all: Vec<&String> = tags.iter().flatten().collect();
            let distinct = all.iter().enumerate().all(|(i, v)| !all[..i].contains(v));
            (distinct && tags.iter().all(|t| !t.is_empty())).then_some((name, tags))
        })
    }

    /// The object schema a union branch is: itself, what its `$ref` points at, or its `allOf`
    /// merged.
    fn object_of<'s>(&self, item: &'s ReferenceOr<Schema>, at: &str) -> Option<std::borrow::Cow<'s, Schema>>
    where
        'a: 's,
    {
        let schema = self.schema_of(item, at).ok()?;
        match self.merge_all_of(schema, at, 0).ok().flatten() {
            Some(merged) => Some(std::borrow::Cow::Owned(merged)),
            None => Some(std::borrow::Cow::Borrowed(schema)),
        }
    }

    /// The string values a union branch allows for `property` when it fixes them: a `const`,
    /// or an `enum` (of an object schema, a `$ref` to one, or an `allOf` merged into one).
    pub(super) fn fixed_values(&self, item: &ReferenceOr<Schema>, property: &str, at: &str) -> Vec<String> {
        let Some(object) = self.object_of(item, at) else { return Vec::new() };
        let properties = match &object.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return Vec::new(),
        };
        let property = match properties.get(property) {
            Some(ReferenceOr::Item(p)) => p.as_ref(),
            Some(ReferenceOr::Reference { reference }) => match self.referenced_schema(reference, at) {
                Ok(p) => p,
                Err(_) => return Vec::new(),
            },
            None => return Vec::new(),
        };
        match crate::load::const_value(&property.schema_data) {
            Some(Value::String(c)) => vec![c.clone()],
            Some(_) => Vec::new(),
            None => string_enum(property).unwrap_or_default(),
        }
    }

    /// Whether an `allOf` member lets null through: it is nullable (itself or the component it
    /// names), or it only annotates (a description, no type or other constraint).
    fn allows_null(&self, member: &ReferenceOr<Schema>, at: &str) -> bool {
        if let ReferenceOr::Reference { reference } = member {
            if self.component_id(reference).is_some_and(|id| self.nullable_components.contains(&id)) {
                return true;
            }
        }
        self.schema_of(member, at)
            .is_ok_and(|m| m.schema_data.nullable || m.schema_kind == SchemaKind::Any(Default::default()))
    }

    /// The schema an item is, or a `$ref` points at.
    fn schema_of<'s>(&self, item: &'s ReferenceOr<Schema>, at: &str) -> Result<&'s Schema>
    where
        'a: 's,
    {
        match item {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => self.referenced_schema(reference, at),
        }
    }

    /// A property's doc: its own; else that of what it stands for, through a `$ref` and a
    /// composition of one schema (OpenAI's `temperature: {anyOf: [{type: number, description},
    /// {type: "null"}]}`, `allOf: [$ref]`).
    fn property_doc(&self, prop: &ReferenceOr<Box<Schema>>, at: &str) -> Option<String> {
        match prop {
            ReferenceOr::Item(s) => doc_of(&s.schema_data).or_else(|| self.schema_doc(s, at, 0)),
            ReferenceOr::Reference { reference } => {
                self.schema_doc(self.referenced_schema(reference, at).ok()?, at, 0)
            }
        }
    }

    /// The description of what a schema stands for (its title names a type, not a property).
    fn schema_doc(&self, schema: &Schema, at: &str, depth: usize) -> Option<String> {
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
    fn property_data(&self, prop: &'a ReferenceOr<Box<Schema>>) -> Option<&'a openapiv3::SchemaData> {
        match prop {
            ReferenceOr::Item(p) => Some(&p.schema_data),
            ReferenceOr::Reference { reference } => {
                self.referenced_schema(reference, "").ok().map(|t| &t.schema_data)
            }
        }
    }

    /// Whether a property is `readOnly` or `writeOnly`, where it says so or the schema it
    /// `$ref`s does.
    pub(super) fn one_way(&self, prop: &'a ReferenceOr<Box<Schema>>) -> bool {
        self.property_data(prop).is_some_and(|d| d.read_only || d.write_only)
    }

    /// Whether a property is `readOnly`, where it says so or the schema it `$ref`s does.
    pub(super) fn read_only(&self, prop: &'a ReferenceOr<Box<Schema>>) -> bool {
        self.property_data(prop).is_some_and(|d| d.read_only)
    }

    pub(super) fn referenced_schema(&self, reference: &str, at: &str) -> Result<&'a Schema> {
        let target = if component_name::<Schema>(reference).is_some() {
            self.resolve::<Schema>(reference, at)?
        } else {
            self.target::<Schema>(reference, at)?
        };
        self.deref(target, at)
    }

    /// `allOf` whose members are all objects (inline, or `$ref`s to object schemas, or nested
    /// `allOf`s of objects): one object schema with every member's properties (a property two
    /// members define has both definitions: see [`merge_property`]) and the union of their
    /// `required`. `None` when a member
    /// is something else (a union, a primitive), or for cycles. A member `$ref` that points at
    /// nothing is an error (located at the member), not a silent JSON value.
    fn merge_all_of(&self, s: &Schema, ptr: &str, depth: usize) -> Result<Option<Schema>> {
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
    fn member_schema(&self, reference: &str, at: &str) -> Result<Option<Schema>> {
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

    fn map_type(
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

    fn new_struct(&mut self, s: &Schema, ptr: &str, hint: NameHint) -> Result<TypeRef<DraftId>> {
        let hint = match &s.schema_data.title {
            Some(t) if !t.trim().is_empty() => NameHint::Title(t.clone()),
            _ => hint,
        };
        let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
        let kind = self.struct_kind(s, id, ptr)?;
        self.arena.set(id, kind);
        Ok(TypeRef::Named(id))
    }

    fn struct_kind(&mut self, s: &Schema, id: DraftId, ptr: &str) -> Result<DraftKind> {
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

pub(super) fn nullable_ty(l: Lowered) -> TypeRef<DraftId> {
    if l.nullable && !matches!(l.ty, TypeRef::Option(_) | TypeRef::Json) {
        TypeRef::Option(Box::new(l.ty))
    } else {
        l.ty
    }
}

fn union_items(s: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &s.schema_kind {
        SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => Some(items),
        _ => None,
    }
}

/// The values of a string enum (nulls left out: they are the schema's nullability). A `const`
/// string is not an enum.
/// The most values an enum becomes a Rust enum with: rustc's time and memory grow faster than
/// the values (5,000 check in 4 s; 100,000 ran out of 24 GiB), so a longer list is the plain
/// string or integer it constrains, its values left to the spec.
const MAX_ENUM_VALUES: usize = 4096;

fn string_enum(s: &Schema) -> Option<Vec<String>> {
    let SchemaKind::Type(openapiv3::Type::String(t)) = &s.schema_kind else { return None };
    if crate::load::const_value(&s.schema_data).is_some() {
        return None;
    }
    // Duplicates dropped in one pass (a spec may list 100,000 values).
    let mut seen = std::collections::HashSet::new();
    let values: Vec<String> =
        t.enumeration.iter().flatten().filter(|v| seen.insert(v.as_str())).cloned().collect();
    (!values.is_empty() && values.len() <= MAX_ENUM_VALUES).then_some(values)
}

/// The values of an integer enum, with the names `x-enum-varnames` (or `x-enumNames`) gives.
fn int_enum(s: &Schema) -> Option<Vec<(i64, Option<String>)>> {
    let SchemaKind::Type(openapiv3::Type::Integer(t)) = &s.schema_kind else { return None };
    if crate::load::const_value(&s.schema_data).is_some() {
        return None;
    }
    let names = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| s.schema_data.extensions.get(*k).and_then(Value::as_array));
    let mut values: Vec<(i64, Option<String>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, v) in t.enumeration.iter().enumerate() {
        let Some(v) = v else { continue };
        if seen.insert(*v) {
            let name = names.and_then(|n| n.get(i)).and_then(Value::as_str).map(str::to_string);
            values.push((*v, name));
        }
    }
    (!values.is_empty() && values.len() <= MAX_ENUM_VALUES).then_some(values)
}

fn is_struct(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        _ => false,
    }
}

fn int_kind(
    format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>,
    _min: Option<i64>,
) -> IntKind {
    use openapiv3::{IntegerFormat, VariantOrUnknownOrEmpty as V};
    match format {
        V::Item(IntegerFormat::Int32) => IntKind::I32,
        V::Unknown(f) if f == "uint32" => IntKind::U32,
        V::Unknown(f) if f == "uint64" => IntKind::U64,
        _ => IntKind::I64,
    }
}

fn doc_of(d: &openapiv3::SchemaData) -> Option<String> {
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
fn with_default(doc: Option<String>, default: Option<&Value>, wire: &str) -> Option<String> {
    let Some(default) = default.filter(|d| !d.is_null()) else { return doc };
    let text = default.to_string();
    if text.len() > 200 {
        return doc;
    }
    let note = format!("Default: {}.", crate::emit::docs::code(&text));
    let doc = doc.unwrap_or_else(|| format!("The {} property.", crate::emit::docs::code(wire)));
    Some(format!("{doc}\n\n{note}"))
}

fn const_of(d: &openapiv3::SchemaData) -> Option<ConstValue> {
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

/// The property names of an object schema.
fn property_names(s: &Schema) -> Vec<String> {
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
fn merge_property(
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
fn merge_values(earlier: Value, later: Value) -> Value {
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
