//! Schemas: which Rust type each schema becomes (structs, enums, unions, aliases), drafted into
//! the arena.

mod all_of;
mod objects;
mod unions;
use objects::*;

use all_of::*;

use unions::*;

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

    pub(super) fn referenced_schema(&self, reference: &str, at: &str) -> Result<&'a Schema> {
        let target = if component_name::<Schema>(reference).is_some() {
            self.resolve::<Schema>(reference, at)?
        } else {
            self.target::<Schema>(reference, at)?
        };
        self.deref(target, at)
    }
}

pub(super) fn nullable_ty(l: Lowered) -> TypeRef<DraftId> {
    if l.nullable && !matches!(l.ty, TypeRef::Option(_) | TypeRef::Json) {
        TypeRef::Option(Box::new(l.ty))
    } else {
        l.ty
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
