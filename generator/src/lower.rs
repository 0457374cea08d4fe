//! Lower stage: `openapiv3` document → [`crate::model::Api`]. All policy lives here: which Rust type a
//! schema becomes, how operations, parameters, responses, servers and security map.

use crate::arena::{Arena, DraftField, DraftKind, NameHint};
use crate::error::{join, ErrorKind, Result};
use crate::load::Loaded;
use crate::model::*;
use crate::names::{self, Scope};
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    SecurityScheme, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

/// Names the emitted `types` module must not use for schemas.
const RESERVED_TYPE_NAMES: &[&str] = &["Error", "Client", "ClientBuilder", "Server"];
/// Client methods that operations must not take.
const RESERVED_METHODS: &[&str] = &["builder", "base_url", "clone", "fmt"];
/// Request-builder methods that parameters must not take.
const RESERVED_SETTERS: &[&str] =
    &["send", "send_with_response", "into_future", "client", "body", "options", "with_options"];
/// Client builder methods that credential and header setters must not take.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server",
    "http_client",
    "build",
    "timeout",
    "connect_timeout",
    "retry",
    "max_response_body",
];
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Lowers a loaded document into the model of a crate named `package`.
pub fn lower(loaded: &Loaded, package: &str) -> Result<Api> {
    let mut cx = Lowering {
        loaded,
        doc: &loaded.doc,
        arena: Arena::default(),
        components: BTreeMap::new(),
        pointer_refs: BTreeMap::new(),
    };
    cx.run(package)
}

struct Lowering<'a> {
    loaded: &'a Loaded,
    doc: &'a OpenAPI,
    arena: Arena,
    /// Component schema name → its draft.
    components: BTreeMap<String, TypeId>,
    /// Schemas reached by a `$ref` to any other pointer: lowered once, and a cycle through them
    /// ends in a JSON value instead of recursing forever.
    pointer_refs: BTreeMap<String, Option<TypeRef>>,
}

/// What lowering a schema gives: the type, and whether `null` is allowed.
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl<'a> Lowering<'a> {
    fn err(&self, kind: ErrorKind, pointer: &str, msg: impl Into<String>) -> crate::error::Error {
        self.loaded.source.error(kind, pointer, msg)
    }

    fn run(&mut self, package: &str) -> Result<Api> {
        let doc = self.doc;
        // Allocate every component schema first so `$ref`s (and cycles) resolve to ids.
        if let Some(components) = &doc.components {
            for name in components.schemas.keys() {
                let id = self.arena.alloc(
                    NameHint::Component(name.clone()),
                    None,
                    &join("/components/schemas", name),
                );
                self.components.insert(name.clone(), id);
            }
            for (name, schema) in &components.schemas {
                let ptr = join("/components/schemas", name);
                let id = self.components[name];
                self.lower_component(id, schema, &ptr)?;
            }
        }
        let auth = self.security_schemes()?;
        let (servers, server_variables) = self.servers(&doc.servers, &auth);
        let mut operations = Vec::new();
        let mut methods = Scope::with_reserved(RESERVED_METHODS);
        let mut op_types = Scope::new();
        for (path, item) in doc.paths.iter() {
            let item_ptr = join("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item.clone(),
                ReferenceOr::Reference { reference } => self.resolve_value(reference, &item_ptr)?,
            };
            for method in METHODS {
                let Some(op) = operation_of(&item, method) else { continue };
                let ptr = join(&item_ptr, method);
                operations.push(self.operation(
                    path,
                    method,
                    &item,
                    op,
                    &ptr,
                    &auth,
                    &mut methods,
                    &mut op_types,
                )?);
            }
        }
        let default_headers = default_headers(&mut operations, &auth, &server_variables);
        let reserved: Vec<&str> = RESERVED_TYPE_NAMES.to_vec();
        let finished = std::mem::take(&mut self.arena).finish(&reserved);
        finish_operations(&mut operations, &finished);
        let lib = names::snake(package);
        let groups = groups(&operations, &doc.tags);
        Ok(Api {
            package: package.to_string(),
            lib: lib.trim_start_matches("r#").to_string(),
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            servers,
            server_variables,
            auth,
            default_headers,
            operations,
            groups,
            types: finished.types,
        })
    }

    // -----------------------------------------------------------------------------------------
    // References

    /// Looks up a local `$ref` (`#/...`) in the document and deserialises what it points at.
    fn resolve_value<T: DeserializeOwned>(&self, reference: &str, at: &str) -> Result<T> {
        let target = self.ref_target(reference, at)?;
        serde_json::from_value(target.clone()).map_err(|e| {
            self.err(
                ErrorKind::Invalid,
                at,
                format!("the target of $ref '{reference}' does not fit here: {e}"),
            )
        })
    }

    fn ref_target(&self, reference: &str, at: &str) -> Result<&'a Value> {
        let fragment = decode_fragment(reference);
        let Some(pointer) = fragment.strip_prefix('#') else {
            return Err(self.err(
                ErrorKind::Unsupported,
                at,
                format!(
                    "$ref '{reference}' points at a remote document or a file that cannot be read; \
                     vendor it beside the spec and refer to it by relative path"
                ),
            ));
        };
        self.loaded
            .value
            .pointer(pointer)
            .ok_or_else(|| self.err(ErrorKind::DanglingRef, at, format!("'{reference}' points at nothing")))
    }

    /// Follows a chain of references to an item (parameters, responses, bodies, headers).
    fn deref<T: DeserializeOwned + Clone>(&self, r: &ReferenceOr<T>, at: &str) -> Result<T> {
        let mut current = r.clone();
        let mut at = at.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    let next: ReferenceOr<T> = self.resolve_value(&reference, &at)?;
                    at = reference.trim_start_matches('#').to_string();
                    current = next;
                }
            }
        }
        Err(self.err(ErrorKind::Invalid, &at, "$ref chain is longer than 32 links (a cycle?)"))
    }

    // -----------------------------------------------------------------------------------------
    // Schemas

    fn lower_component(&mut self, id: TypeId, schema: &ReferenceOr<Schema>, ptr: &str) -> Result<()> {
        let doc = schema.as_item().and_then(|s| doc_of(&s.schema_data));
        self.arena.drafts[id.0].doc = doc;
        let merged = schema.as_item().and_then(|s| self.merge_all_of(s, 0));
        let kind = match (schema, merged) {
            (ReferenceOr::Item(_), Some(merged)) if is_struct(&merged) => {
                self.struct_kind(&merged, id, ptr)?
            }
            (ReferenceOr::Item(s), _) if is_struct(s) => self.struct_kind(s, id, ptr)?,
            (ReferenceOr::Item(s), _) if union_items(s).is_some_and(|items| items.len() > 1) => {
                self.union_kind(s, union_items(s).unwrap_or_default(), id, ptr)?
            }
            (ReferenceOr::Item(s), _) if string_enum(s).is_some() && !s.schema_data.nullable => {
                DraftKind::Enum(string_enum(s).unwrap_or_default())
            }
            (ReferenceOr::Item(s), _) if int_enum(s).is_some() && !s.schema_data.nullable => {
                DraftKind::IntEnum(int_enum(s).unwrap_or_default())
            }
            (_, _) => {
                let lowered =
                    self.schema(schema, ptr, NameHint::Child { parent: id, suffix: String::new() })?;
                let ty = if lowered.nullable { TypeRef::Option(Box::new(lowered.ty)) } else { lowered.ty };
                DraftKind::Alias(ty)
            }
        };
        self.arena.set(id, kind);
        Ok(())
    }

    fn schema(&mut self, schema: &ReferenceOr<Schema>, ptr: &str, hint: NameHint) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, ptr),
            ReferenceOr::Item(s) => self.schema_item(s, ptr, hint),
        }
    }

    fn boxed_schema(
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
            return Ok(Lowered { ty: TypeRef::Named(id), nullable: false });
        }
        let fragment = decode_fragment(reference);
        // Any other pointer (into a property, a parameter's schema, ...): lower it once.
        match self.pointer_refs.get(&fragment) {
            Some(Some(ty)) => return Ok(Lowered { ty: ty.clone(), nullable: false }),
            Some(None) => return Ok(Lowered { ty: TypeRef::Json, nullable: false }),
            None => {}
        }
        let target: Schema = self.resolve_value(reference, ptr)?;
        let at = fragment.trim_start_matches('#').to_string();
        let suffix = at.rsplit('/').next().unwrap_or("Schema").to_string();
        self.pointer_refs.insert(fragment.clone(), None);
        let lowered = self.schema_item(&target, &at, NameHint::Context(names::type_name(&suffix)))?;
        self.pointer_refs.insert(fragment, Some(lowered.ty.clone()));
        Ok(lowered)
    }

    /// The component schema a reference names: `#/components/schemas/Pet`, or (as a
    /// discriminator mapping may say) just `Pet`.
    fn component_id(&self, reference: &str) -> Option<TypeId> {
        let fragment = decode_fragment(reference);
        let name = fragment.strip_prefix("#/components/schemas/").unwrap_or(&fragment);
        self.components.get(&crate::error::unescape_token(name)).copied()
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
                    let item = self.boxed_schema(
                        items,
                        &join(ptr, "items"),
                        match hint {
                            NameHint::Child { parent, suffix } => {
                                NameHint::Child { parent, suffix: format!("{suffix}Item") }
                            }
                            NameHint::Context(c) => NameHint::Context(format!("{c}Item")),
                            other => other,
                        },
                    )?;
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
            SchemaKind::AllOf { all_of: items } if items.len() > 1 => match self.merge_all_of(s, 0) {
                Some(merged) if is_struct(&merged) => self.new_struct(&merged, ptr, hint)?,
                Some(_) => TypeRef::JsonObject,
                None => TypeRef::Json,
            },
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
        id: TypeId,
        ptr: &str,
    ) -> Result<DraftKind> {
        let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
        let mut types: Vec<TypeRef> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = join(&join(ptr, key), &i.to_string());
            let variant =
                self.schema(item, &at, NameHint::Child { parent: id, suffix: format!("Variant{}", i + 1) })?;
            if !types.contains(&variant.ty) {
                types.push(variant.ty);
            }
        }
        let Some(d) = &s.schema_data.discriminator else { return Ok(DraftKind::Union(types)) };
        // Each variant is selected by the mapping's values that point at it, or else by its
        // component name (the spec's implicit mapping).
        let mut variants: Vec<(TypeRef, Vec<String>)> = types.into_iter().map(|t| (t, Vec::new())).collect();
        for (value, target) in &d.mapping {
            let Some(id) = self.component_id(target) else { continue };
            if let Some(v) = variants.iter_mut().find(|(t, _)| *t == TypeRef::Named(id)) {
                v.1.push(value.clone());
            }
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

    /// `allOf` whose members are all objects (inline, or `$ref`s to object schemas, or nested
    /// `allOf`s of objects): one object schema with every member's properties (a later member's
    /// definition of a property wins) and the union of their `required`. `None` when a member
    /// is something else (a union, a primitive), or for cycles.
    fn merge_all_of(&self, s: &Schema, depth: usize) -> Option<Schema> {
        let SchemaKind::AllOf { all_of } = &s.schema_kind else { return None };
        if depth > 16 || all_of.len() < 2 {
            return None;
        }
        let mut object = openapiv3::ObjectType::default();
        for member in all_of {
            let member: Schema = match member {
                ReferenceOr::Item(m) => m.clone(),
                ReferenceOr::Reference { reference } => {
                    let fragment = decode_fragment(reference);
                    let target = self.loaded.value.pointer(fragment.strip_prefix('#')?)?;
                    serde_json::from_value(target.clone()).ok()?
                }
            };
            let (properties, required, additional) = match &member.schema_kind {
                SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    (o.properties.clone(), o.required.clone(), o.additional_properties.clone())
                }
                SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "object") => {
                    if a.items.is_some() || !a.enumeration.is_empty() || a.format.is_some() {
                        return None;
                    }
                    (a.properties.clone(), a.required.clone(), a.additional_properties.clone())
                }
                SchemaKind::AllOf { .. } => {
                    let inner = self.merge_all_of(&member, depth + 1)?;
                    let SchemaKind::Type(openapiv3::Type::Object(o)) = inner.schema_kind else { return None };
                    (o.properties, o.required, o.additional_properties)
                }
                _ => return None,
            };
            for (name, schema) in properties {
                object.properties.insert(name, schema);
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
        Some(Schema {
            schema_data: s.schema_data.clone(),
            schema_kind: SchemaKind::Type(openapiv3::Type::Object(object)),
        })
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        ptr: &str,
        hint: NameHint,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let v = self.schema(
                    s,
                    &join(ptr, "additionalProperties"),
                    match hint {
                        NameHint::Child { parent, suffix } => {
                            NameHint::Child { parent, suffix: format!("{suffix}Value") }
                        }
                        NameHint::Context(c) => NameHint::Context(format!("{c}Value")),
                        other => other,
                    },
                )?;
                if v.ty == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    TypeRef::Map(Box::new(nullable_ty(v)))
                }
            }
            _ => TypeRef::JsonObject,
        })
    }

    fn new_struct(&mut self, s: &Schema, ptr: &str, hint: NameHint) -> Result<TypeRef> {
        let hint = match &s.schema_data.title {
            Some(t) if !t.trim().is_empty() => NameHint::Title(t.clone()),
            _ => hint,
        };
        let id = self.arena.alloc(hint, doc_of(&s.schema_data), ptr);
        let kind = self.struct_kind(s, id, ptr)?;
        self.arena.set(id, kind);
        Ok(TypeRef::Named(id))
    }

    fn struct_kind(&mut self, s: &Schema, id: TypeId, ptr: &str) -> Result<DraftKind> {
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
            let (doc, constant, one_way) = match prop {
                ReferenceOr::Item(p) => (
                    with_default(doc_of(&p.schema_data), p.schema_data.default.as_ref(), wire),
                    const_of(&p.schema_data),
                    p.schema_data.read_only || p.schema_data.write_only,
                ),
                ReferenceOr::Reference { .. } => (None, None, false),
            };
            fields.push(DraftField {
                wire: wire.clone(),
                ty: lowered.ty,
                // A readOnly property is never sent by a client and a writeOnly one never
                // returned by the server: required in one direction only, so optional here.
                required: required.contains(wire) && !one_way,
                nullable: lowered.nullable,
                doc,
                constant,
                const_varies: false,
            });
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

    // -----------------------------------------------------------------------------------------
    // Servers and security

    fn servers(
        &self,
        servers: &[openapiv3::Server],
        auth: &[AuthScheme],
    ) -> (Vec<Server>, Vec<ServerVariable>) {
        let mut scope = Scope::new();
        let mut out = Vec::new();
        let mut variables: Vec<ServerVariable> = Vec::new();
        let mut taken: Vec<&str> = BUILDER_METHODS.to_vec();
        taken.extend(auth.iter().map(|a| a.setter.as_str()));
        let mut setters = Scope::with_reserved(&taken);
        let mut enums = Scope::with_reserved(&["Client", "ClientBuilder", "Server"]);
        for s in servers {
            for (name, var) in s.variables.iter().flatten() {
                if variables.iter().any(|v| v.name == *name) || !s.url.contains(&format!("{{{name}}}")) {
                    continue;
                }
                let mut vscope = Scope::new();
                let values: Vec<EnumVariant> = var
                    .enumeration
                    .iter()
                    .map(|value| EnumVariant { ident: vscope.variant(value).ident, value: value.clone() })
                    .collect();
                let enum_name =
                    (!values.is_empty()).then(|| enums.claim(&format!("Server{}", names::camel(name))));
                variables.push(ServerVariable {
                    name: name.clone(),
                    setter: setters.claim(&format!("server_{}", names::snake(name).trim_start_matches("r#"))),
                    default: var.default.clone(),
                    values,
                    enum_name,
                    description: var.description.clone(),
                });
            }
            let url = server_url(s);
            let label = s
                .description
                .as_deref()
                .map(server_label)
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| host_label(&url));
            if url.is_empty() {
                // `url: ""` names no server; the relative default "/" is handled by `base_url`.
                continue;
            }
            let variant = scope.claim(&names::camel(&label));
            let template = s.url.trim_end_matches('/').to_string();
            out.push(Server { variant, url, template, description: s.description.clone() });
        }
        (out, variables)
    }

    fn security_schemes(&self) -> Result<Vec<AuthScheme>> {
        let Some(components) = &self.doc.components else { return Ok(Vec::new()) };
        // Only schemes some operation uses become credentials of the client.
        let mut used = std::collections::BTreeSet::new();
        for (_, item) in self.doc.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            for method in METHODS {
                let Some(op) = operation_of(item, method) else { continue };
                let reqs = op.security.as_deref().or(self.doc.security.as_deref()).unwrap_or(&[]);
                used.extend(reqs.iter().flat_map(|r| r.keys().cloned()));
            }
        }
        let mut schemes = Vec::new();
        for (key, scheme) in components.security_schemes.iter().filter(|(k, _)| used.contains(*k)) {
            let ptr = join("/components/securitySchemes", key);
            let scheme = self.deref(scheme, &ptr)?;
            let (kind, description) = match scheme {
                SecurityScheme::APIKey { location, name, description, .. } => (
                    match location {
                        openapiv3::APIKeyLocation::Header => AuthKind::ApiKeyHeader { header: name },
                        openapiv3::APIKeyLocation::Query => AuthKind::ApiKeyQuery { name },
                        openapiv3::APIKeyLocation::Cookie => AuthKind::ApiKeyCookie { name },
                    },
                    description,
                ),
                SecurityScheme::HTTP { scheme, description, .. } => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => (AuthKind::Bearer, description),
                        "basic" => (AuthKind::Basic, description),
                        other => {
                            return Err(self.err(
                                ErrorKind::Unsupported,
                                &join(&ptr, "scheme"),
                                format!(
                                    "http authentication scheme '{other}' (bearer and basic are supported)"
                                ),
                            ))
                        }
                    }
                }
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => (AuthKind::Bearer, description),
            };
            schemes.push((key.clone(), kind, description));
        }
        // One scheme of a kind gets the plain setter name; several are told apart by their key.
        let count = |pred: fn(&AuthKind) -> bool| schemes.iter().filter(|(_, k, _)| pred(k)).count();
        let api_keys = count(|k| {
            matches!(
                k,
                AuthKind::ApiKeyHeader { .. } | AuthKind::ApiKeyQuery { .. } | AuthKind::ApiKeyCookie { .. }
            )
        });
        let bearers = count(|k| matches!(k, AuthKind::Bearer));
        let basics = count(|k| matches!(k, AuthKind::Basic));
        let mut scope = Scope::with_reserved(BUILDER_METHODS);
        Ok(schemes
            .into_iter()
            .map(|(key, kind, description)| {
                let base = match &kind {
                    AuthKind::Bearer if bearers == 1 => "bearer_token".to_string(),
                    AuthKind::Bearer => format!("{}_token", names::snake(&key).trim_start_matches("r#")),
                    AuthKind::Basic if basics == 1 => "basic_auth".to_string(),
                    AuthKind::Basic => format!("{}_basic_auth", names::snake(&key).trim_start_matches("r#")),
                    _ if api_keys == 1 => "api_key".to_string(),
                    _ => format!("{}_api_key", names::snake(&key).trim_start_matches("r#")),
                };
                AuthScheme { setter: scope.claim(&base), key, kind, description }
            })
            .collect())
    }

    fn security_of(&self, op: &openapiv3::Operation, auth: &[AuthScheme]) -> Vec<usize> {
        let reqs = match &op.security {
            Some(s) => s.as_slice(),
            None => self.doc.security.as_deref().unwrap_or(&[]),
        };
        let mut out = Vec::new();
        for req in reqs {
            for key in req.keys() {
                // A requirement naming a scheme the document does not define cannot be met by
                // any credential: it is ignored (real specs have such typos).
                let Some(i) = auth.iter().position(|a| &a.key == key) else { continue };
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out.sort_unstable();
        out
    }

    // -----------------------------------------------------------------------------------------
    // Operations

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        ptr: &str,
        auth: &[AuthScheme],
        methods: &mut Scope,
        op_types: &mut Scope,
    ) -> Result<Operation> {
        let operation_id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
        let method_name = methods.claim(&names::snake(&operation_id));
        let type_base = names::type_name(&operation_id);
        let builder_name = op_types.claim(&type_base);
        let error_name = op_types.claim(&format!("{builder_name}Error"));

        // Parameters: path-level first, overridden by operation-level ones of the same name and
        // location.
        let mut raw: Vec<(Parameter, String)> = Vec::new();
        let item_ptr = ptr.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        for (i, p) in item.parameters.iter().enumerate() {
            let at = join(&join(item_ptr, "parameters"), &i.to_string());
            raw.push((self.deref(p, &at)?, at));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let at = join(&join(ptr, "parameters"), &i.to_string());
            let p = self.deref(p, &at)?;
            let d = p.parameter_data_ref();
            raw.retain(|(q, _)| {
                let e = q.parameter_data_ref();
                !(e.name == d.name && std::mem::discriminant(q) == std::mem::discriminant(&p))
            });
            raw.push((p, at));
        }
        let mut scope = Scope::with_reserved(RESERVED_SETTERS);
        let mut params = Vec::new();
        for (p, at) in &raw {
            let location = match p {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let d = p.parameter_data_ref();
            let hint_name = format!("{builder_name}{}", names::camel(&d.name));
            let ty = match &d.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let l = self.schema(s, &join(at, "schema"), NameHint::Context(hint_name))?;
                    l.ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let style = param_style(p);
            params.push(Param {
                wire: d.name.clone(),
                ident: scope.field(&d.name).ident,
                location,
                ty,
                required: d.required || location == ParamLocation::Path,
                description: d.description.clone(),
                default_header: None,
                style,
                explode: d.explode.unwrap_or(style == ParamStyle::Form),
            });
        }
        let path_parts = self.path_parts(path, &params, ptr)?;

        let body = match &op.request_body {
            None => None,
            Some(b) => {
                let at = join(ptr, "requestBody");
                let b = self.deref(b, &at)?;
                let hint = format!("{builder_name}Body");
                match pick_media(&b.content, true) {
                    None => None,
                    Some((media_type, media, key)) => {
                        let structured =
                            matches!(media_type, BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart);
                        let ty = match &media.schema {
                            Some(s) if structured => {
                                let l = self.schema(
                                    s,
                                    &join(&join(&join(&at, "content"), key), "schema"),
                                    NameHint::Context(hint),
                                )?;
                                nullable_ty(l)
                            }
                            None if media_type == BodyMedia::Json => TypeRef::Json,
                            None if structured => TypeRef::JsonObject,
                            _ if media_type == BodyMedia::Text => TypeRef::String,
                            _ => TypeRef::Bytes,
                        };
                        let deep = media
                            .encoding
                            .iter()
                            .filter(|(_, e)| e.style == Some(openapiv3::QueryStyle::DeepObject))
                            .map(|(k, _)| k.clone())
                            .collect();
                        let content_type = match media_type {
                            BodyMedia::Json if key == "*/*" => "application/json".to_string(),
                            BodyMedia::Bytes if key.contains('*') => "application/octet-stream".to_string(),
                            BodyMedia::Text if key.contains('*') => "text/plain".to_string(),
                            _ => key.to_string(),
                        };
                        Some(RequestBody {
                            media_type,
                            ty,
                            required: b.required,
                            description: b.description.clone(),
                            content_type,
                            deep,
                        })
                    }
                }
            }
        };

        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut responses: Vec<(Status, &ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(d) => Status::Range(*d as u8),
                };
                (status, r, join(&join(ptr, "responses"), &code.to_string()))
            })
            .collect();
        if let Some(d) = &op.responses.default {
            responses.push((Status::Default, d, join(&join(ptr, "responses"), "default")));
        }
        responses.sort_by(|a, b| a.0.cmp(&b.0));
        let mut variants = Scope::new();
        let mut header_names = HeaderNames { scope: Scope::new(), by_wire: Vec::new() };
        for (status, r, at) in responses {
            let r = self.deref(r, &at)?;
            let is_success = matches!(status, Status::Code(200..=299) | Status::Range(2));
            let variant = variants.claim(&match status {
                Status::Code(c) => names::status_variant(c),
                Status::Range(d) => format!("Status{d}xx"),
                Status::Default => "Default".into(),
            });
            // A success response documented with several kinds of body (JSON and CSV, say) gets
            // one outcome per kind, told apart by the response's `Content-Type`.
            let mut picked: Vec<(BodyMedia, &openapiv3::MediaType, &str)> =
                pick_media(&r.content, false).into_iter().collect();
            if let (true, Some(&(first, _, _))) = (is_success, picked.first()) {
                for kind in [BodyMedia::Text, BodyMedia::Bytes].into_iter().filter(|k| *k != first) {
                    picked.extend(media_of_kind(&r.content, kind, false));
                }
            }
            let kinds = picked.len();
            // A response without a body is one outcome too.
            let choices: Vec<Option<_>> =
                if picked.is_empty() { vec![None] } else { picked.into_iter().map(Some).collect() };
            let headers = if is_success {
                self.response_headers(&r, &at, &builder_name, &mut header_names)?
            } else {
                Vec::new()
            };
            for (n, choice) in choices.into_iter().enumerate() {
                let variant = if n == 0 {
                    variant.clone()
                } else {
                    let suffix = match choice.as_ref().map(|c| c.0) {
                        Some(BodyMedia::Text) => "Text",
                        _ => "Bytes",
                    };
                    variants.claim(&format!("{variant}{suffix}"))
                };
                let body = match choice {
                    None => None,
                    Some((media, mt, key)) => {
                        let ty = match (&mt.schema, media) {
                            (Some(s), BodyMedia::Json) => {
                                let hint = NameHint::Response {
                                    op: builder_name.clone(),
                                    variant: variant.clone(),
                                    error: !is_success,
                                };
                                let l =
                                    self.schema(s, &join(&join(&join(&at, "content"), key), "schema"), hint)?;
                                nullable_ty(l)
                            }
                            (None, BodyMedia::Json) => TypeRef::Json,
                            (_, BodyMedia::Text) => TypeRef::String,
                            (_, _) => TypeRef::Bytes,
                        };
                        Some(ResponseBody { media, ty, consts: Vec::new() })
                    }
                };
                let guarded = n + 1 < kinds;
                let response = Response {
                    status: status.clone(),
                    variant,
                    description: r.description.clone(),
                    body,
                    headers: headers.clone(),
                    guarded,
                };
                if is_success {
                    success.push(response)
                } else {
                    errors.push(response)
                }
            }
        }

        let bodies: Vec<Option<&TypeRef>> = success.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
        let first = bodies.iter().flatten().next();
        let success_enum = match first {
            Some(first) if bodies.iter().any(|b| b != &Some(*first)) => {
                Some(op_types.claim(&format!("{builder_name}Success")))
            }
            _ => None,
        };
        let headers_name = success
            .iter()
            .any(|r| !r.headers.is_empty())
            .then(|| op_types.claim(&format!("{builder_name}Headers")));
        let servers = if !op.servers.is_empty() {
            op.servers.iter().map(server_url).collect()
        } else {
            item.servers.iter().map(server_url).collect()
        };
        Ok(Operation {
            operation_id,
            tag: op.tags.first().cloned(),
            method_name,
            builder_name,
            error_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            servers,
            params,
            body,
            success,
            errors,
            success_enum,
            headers_name,
            security: self.security_of(op, auth),
        })
    }

    /// A success response's documented headers (`Content-Type` and the like left out). A header
    /// documented by several responses of the operation keeps its first field name.
    fn response_headers(
        &mut self,
        r: &openapiv3::Response,
        at: &str,
        builder_name: &str,
        names: &mut HeaderNames,
    ) -> Result<Vec<ResponseHeader>> {
        let mut out = Vec::new();
        for (name, h) in &r.headers {
            let wire = name.to_ascii_lowercase();
            if ["content-type", "content-length", "transfer-encoding", "connection"].contains(&wire.as_str())
                || out.iter().any(|x: &ResponseHeader| x.wire == wire)
            {
                continue;
            }
            let hat = join(&join(at, "headers"), name);
            let h = self.deref(h, &hat)?;
            let ty = match &h.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let hint = NameHint::Context(format!("{builder_name}{}", names::camel(name)));
                    self.schema(s, &join(&hat, "schema"), hint)?.ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let ident = names.ident(name, &wire);
            out.push(ResponseHeader { wire, ident, ty, description: h.description.clone() });
        }
        Ok(out)
    }

    fn path_parts(&self, path: &str, params: &[Param], ptr: &str) -> Result<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(self.err(
                    ErrorKind::Invalid,
                    ptr,
                    format!("unclosed '{{' in path template {path}"),
                ));
            };
            let name = &rest[open + 1..open + close];
            let Some(i) = params.iter().position(|p| p.location == ParamLocation::Path && p.wire == name)
            else {
                return Err(self.err(
                    ErrorKind::Invalid,
                    ptr,
                    format!(
                        "path template {path} names {{{name}}}, but no path parameter '{name}' is declared"
                    ),
                ));
            };
            parts.push(PathPart::Param(i));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Ok(parts)
    }
}

/// The field names of an operation's response headers: one per wire name, shared by all its
/// success statuses.
struct HeaderNames {
    scope: Scope,
    by_wire: Vec<(String, String)>,
}

impl HeaderNames {
    fn ident(&mut self, name: &str, wire: &str) -> String {
        if let Some((_, ident)) = self.by_wire.iter().find(|(w, _)| w == wire) {
            return ident.clone();
        }
        let ident = self.scope.field(name).ident;
        self.by_wire.push((wire.to_string(), ident.clone()));
        ident
    }
}

/// An API with at least this many operations gets one module and one Cargo feature per tag.
pub const GROUP_MIN_OPERATIONS: usize = 60;

/// Cargo feature names the generated manifest already uses.
const RESERVED_FEATURES: &[&str] = &["default", "all", "tracing"];

/// Splits a large API's operations by first tag: groups sorted by tag (untagged last), module
/// names unique ASCII snake case, feature names their kebab-case form. An API without any tags
/// (Stripe) is split by resource: the first path segment that is neither a version (`v1`) nor a
/// parameter.
fn groups(operations: &[Operation], tags: &[openapiv3::Tag]) -> Vec<Group> {
    if operations.len() < GROUP_MIN_OPERATIONS {
        return Vec::new();
    }
    let by_path = operations.iter().all(|op| op.tag.is_none());
    let mut by_key: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        let key = if by_path { resource(&op.path) } else { op.tag.as_deref() };
        by_key.entry(key).or_default().push(i);
    }
    if by_key.len() < 2 {
        return Vec::new();
    }
    // `None` sorts first in a BTreeMap; the operations without a key go last.
    let mut entries: Vec<_> = by_key.into_iter().collect();
    let none_first = usize::from(entries[0].0.is_none());
    entries.rotate_left(none_first);
    let mut modules = Scope::new();
    let mut features: std::collections::BTreeSet<String> =
        RESERVED_FEATURES.iter().map(|f| f.to_string()).collect();
    entries
        .into_iter()
        .enumerate()
        .map(|(n, (key, operations))| {
            let base = names::snake(key.unwrap_or(if by_path { "root" } else { "untagged" }));
            let base = base.trim_start_matches("r#");
            let base = if !base.is_ascii() {
                format!("group_{}", n + 1)
            } else if names::is_keyword(base) {
                format!("{base}_")
            } else {
                base.to_string()
            };
            let module = modules.claim(&base);
            let feature = module.trim_matches('_').replace('_', "-");
            let feature = (1..)
                .map(|k| if k == 1 { feature.clone() } else { format!("{feature}-{k}") })
                .find(|f| features.insert(f.clone()))
                .unwrap_or_default();
            let (tag, resource, description) = if by_path {
                (None, key.map(str::to_string), None)
            } else {
                let description =
                    tags.iter().find(|t| Some(t.name.as_str()) == key).and_then(|t| t.description.clone());
                (key.map(str::to_string), None, description)
            };
            Group { tag, resource, module, feature, description, operations }
        })
        .collect()
}

/// The resource a path is about: its first segment that is not a version or a parameter.
fn resource(path: &str) -> Option<&str> {
    let is_version = |s: &str| {
        s.strip_prefix(['v', 'V']).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    path.split('/').find(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s))
}

fn operation_of<'o>(item: &'o openapiv3::PathItem, method: &str) -> Option<&'o openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// Required header parameters present on every operation become client-wide defaults.
fn default_headers(
    operations: &mut [Operation],
    auth: &[AuthScheme],
    variables: &[ServerVariable],
) -> Vec<DefaultHeader> {
    let mut taken: Vec<&str> = BUILDER_METHODS.to_vec();
    taken.extend(auth.iter().map(|a| a.setter.as_str()));
    taken.extend(variables.iter().map(|v| v.setter.as_str()));
    let mut scope = Scope::with_reserved(&taken);
    let Some(first) = operations.first() else { return Vec::new() };
    let candidates: Vec<Param> = first
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header && p.required)
        .filter(|p| {
            operations.iter().all(|op| {
                op.params.iter().any(|q| {
                    q.location == ParamLocation::Header && q.required && q.wire.eq_ignore_ascii_case(&p.wire)
                })
            })
        })
        .cloned()
        .collect();
    let mut out = Vec::new();
    for (i, p) in candidates.iter().enumerate() {
        out.push(DefaultHeader {
            header: p.wire.clone(),
            setter: scope.claim(&p.ident),
            description: p.description.clone(),
        });
        for op in operations.iter_mut() {
            for q in op
                .params
                .iter_mut()
                .filter(|q| q.location == ParamLocation::Header && q.wire.eq_ignore_ascii_case(&p.wire))
            {
                q.default_header = Some(i);
            }
        }
    }
    out
}

/// Maps draft ids to final ids and attaches the documented const values to response bodies.
fn finish_operations(operations: &mut [Operation], finished: &crate::arena::Finished) {
    let remap = |t: &TypeRef| crate::arena::map_ref(t, &|id| finished.remap[id.0]);
    for op in operations.iter_mut() {
        for p in &mut op.params {
            p.ty = remap(&p.ty);
        }
        if let Some(b) = &mut op.body {
            b.ty = remap(&b.ty);
        }
        for r in op.success.iter_mut().chain(op.errors.iter_mut()) {
            for h in &mut r.headers {
                h.ty = remap(&h.ty);
            }
            let Some(body) = &mut r.body else { continue };
            let original = match &body.ty {
                TypeRef::Named(id) => Some(*id),
                _ => None,
            };
            body.ty = remap(&body.ty);
            let (Some(orig), TypeRef::Named(new)) = (original, &body.ty) else { continue };
            let TypeKind::Struct(s) = &finished.types[new.0].kind else { continue };
            body.consts = finished.consts[orig.0]
                .iter()
                .filter_map(|(wire, value)| {
                    let f = s.fields.iter().find(|f| &f.wire == wire)?;
                    Some(ConstField {
                        field: f.ident.clone(),
                        wire: wire.clone(),
                        value: value.clone(),
                        optional: matches!(f.ty, TypeRef::Option(_)),
                    })
                })
                .collect();
        }
    }
}

fn nullable_ty(l: Lowered) -> TypeRef {
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
fn string_enum(s: &Schema) -> Option<Vec<String>> {
    let SchemaKind::Type(openapiv3::Type::String(t)) = &s.schema_kind else { return None };
    if s.schema_data.extensions.contains_key("x-const") {
        return None;
    }
    let mut values: Vec<String> = Vec::new();
    for v in t.enumeration.iter().flatten() {
        if !values.contains(v) {
            values.push(v.clone());
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The values of an integer enum, with the names `x-enum-varnames` (or `x-enumNames`) gives.
fn int_enum(s: &Schema) -> Option<Vec<(i64, Option<String>)>> {
    let SchemaKind::Type(openapiv3::Type::Integer(t)) = &s.schema_kind else { return None };
    if s.schema_data.extensions.contains_key("x-const") {
        return None;
    }
    let names = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| s.schema_data.extensions.get(*k).and_then(Value::as_array));
    let mut values: Vec<(i64, Option<String>)> = Vec::new();
    for (i, v) in t.enumeration.iter().enumerate() {
        let Some(v) = v else { continue };
        if !values.iter().any(|(x, _)| x == v) {
            let name = names.and_then(|n| n.get(i)).and_then(Value::as_str).map(str::to_string);
            values.push((*v, name));
        }
    }
    (!values.is_empty()).then_some(values)
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
    let mut text = default.to_string();
    if text.len() > 200 {
        return doc;
    }
    text = text.replace('`', "'");
    let note = format!("Default: `{text}`.");
    let doc = doc.unwrap_or_else(|| format!("The `{wire}` property."));
    Some(format!("{doc}\n\n{note}"))
}

fn const_of(d: &openapiv3::SchemaData) -> Option<ConstValue> {
    Some(match d.extensions.get("x-const")? {
        Value::String(s) => ConstValue::String(s.clone()),
        Value::Bool(b) => ConstValue::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => ConstValue::Integer(i),
            None => ConstValue::Number(n.as_f64()?),
        },
        _ => return None,
    })
}

/// The kind of body a media type (a `content` key) carries; forms only for requests.
fn media_kind(key: &str, request: bool) -> BodyMedia {
    let essence = key.split(';').next().unwrap_or(key).trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => BodyMedia::Json,
        k if k.ends_with("+json") => BodyMedia::Json,
        "application/x-www-form-urlencoded" if request => BodyMedia::Form,
        "multipart/form-data" if request => BodyMedia::Multipart,
        k if k.starts_with("text/") => BodyMedia::Text,
        _ => BodyMedia::Bytes,
    }
}

/// The media type a client speaks for a body: JSON first, then (for a request) a form or a
/// multipart form, then text, then raw bytes.
fn pick_media(
    content: &openapiv3::Content,
    request: bool,
) -> Option<(BodyMedia, &openapiv3::MediaType, &str)> {
    [BodyMedia::Json, BodyMedia::Form, BodyMedia::Multipart, BodyMedia::Text, BodyMedia::Bytes]
        .into_iter()
        .find_map(|kind| media_of_kind(content, kind, request))
}

/// The first media type of `content` that carries this kind of body.
fn media_of_kind(
    content: &openapiv3::Content,
    kind: BodyMedia,
    request: bool,
) -> Option<(BodyMedia, &openapiv3::MediaType, &str)> {
    content.iter().find(|(k, _)| media_kind(k, request) == kind).map(|(k, m)| (kind, m, k.as_str()))
}

fn param_style(p: &Parameter) -> ParamStyle {
    use openapiv3::{PathStyle, QueryStyle};
    match p {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Cookie { .. } => ParamStyle::Form,
    }
}

fn server_url(s: &openapiv3::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url.trim_end_matches('/').to_string()
}

/// "Production server" → "Production".
fn server_label(description: &str) -> String {
    let words: Vec<&str> = description.split_whitespace().collect();
    let trimmed: Vec<&str> = match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && ["server", "environment", "api"].contains(&last.to_ascii_lowercase().as_str()) =>
        {
            rest.to_vec()
        }
        _ => words,
    };
    trimmed.join(" ")
}

fn host_label(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// A `$ref` is a URI: its fragment may be percent-encoded (`%7BcompanyId%7D`).
fn decode_fragment(reference: &str) -> String {
    crate::load::percent_decode(reference)
}
