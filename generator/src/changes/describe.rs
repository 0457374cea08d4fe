//! The public API of a generated crate as plain data: what a downstream crate can name and call
//! (operations with their arguments, setters and outcomes; types with their fields, variants and
//! constructors), and what travels on the wire (wire names, required-ness, nullability, enum
//! values, servers, credentials). Serialised as JSON beside the crate, it is what the next
//! generation compares itself with; every map is ordered, so the file is deterministic.

use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A crate's public API.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Surface {
    /// `info.version` of the spec.
    pub spec_version: String,
    /// The servers' URLs, the default first.
    pub servers: Vec<String>,
    /// The variants of the `Server` enum (an exhaustive enum).
    pub server_variants: Vec<String>,
    /// Server variables by builder setter: the type the setter takes (its enum of values, or
    /// `String`), and the values.
    pub server_variables: BTreeMap<String, String>,
    /// Credentials by builder setter: how each is sent (`header X-Api-Key`, `bearer`).
    pub auth: BTreeMap<String, String>,
    /// Headers every operation requires, by builder setter: the header's name.
    pub client_headers: BTreeMap<String, String>,
    /// By `Client` method.
    pub operations: BTreeMap<String, OperationApi>,
    /// By type name (in `types`).
    pub types: BTreeMap<String, TypeApi>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OperationApi {
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// `GET /v1/contacts/{id}`.
    pub http: String,
    /// The `Client` method's arguments, in order.
    pub arguments: Vec<ParamApi>,
    /// The request builder's setters (optional parameters), by name.
    pub setters: BTreeMap<String, ParamApi>,
    pub body: Option<BodyApi>,
    /// What `.await` gives on success.
    pub ok: String,
    /// The variants of the operation's error enum, with their bodies.
    pub errors: BTreeMap<String, String>,
    /// When its success responses differ: the variants of its success enum, with their bodies.
    pub outcomes: BTreeMap<String, String>,
    /// The fields of its typed response headers struct (`send_with_headers`), with their types.
    pub headers: BTreeMap<String, String>,
    /// The data type of its event stream (`stream()`).
    pub events: Option<String>,
    /// The item type of its pages (`items()`).
    pub pages: Option<String>,
    /// The credentials it sends, by builder setter.
    pub security: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ParamApi {
    /// The parameter as the spec names it, and where it goes (`query limit`).
    pub wire: String,
    /// The Rust type the builder stores.
    pub ty: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BodyApi {
    pub ty: String,
    pub required: bool,
    /// The media type sent.
    pub media: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeApi {
    Struct {
        pointer: String,
        /// Whether requests reach it (callers build it: `new` and setters).
        sent: bool,
        /// Whether responses reach it (it is decoded).
        read: bool,
        fields: BTreeMap<String, FieldApi>,
    },
    /// A string or integer enum (with its catch-all): variant → wire value.
    Enum {
        pointer: String,
        sent: bool,
        read: bool,
        values: BTreeMap<String, String>,
    },
    /// `oneOf`/`anyOf`: variant → type (and, with a discriminator, the values that select it).
    Union {
        pointer: String,
        sent: bool,
        read: bool,
        variants: BTreeMap<String, String>,
    },
    Alias {
        pointer: String,
        ty: String,
    },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FieldApi {
    pub wire: String,
    pub ty: String,
    /// Required by the spec.
    pub required: bool,
    /// May be `null` (where the Rust type shows it: required fields, and optional ones of
    /// types callers build).
    pub nullable: bool,
    /// An argument of the type's `new`.
    pub argument: bool,
}

/// A type as Rust code names it (`Option<Vec<Pet>>`), without module paths.
pub fn type_name(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => api.types[id.0].name.to_string(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(k) => match k {
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }
        .into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::JsonObject => "Map<String, Value>".into(),
        TypeRef::Array(t) => format!("Vec<{}>", type_name(api, t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", type_name(api, t)),
        TypeRef::Option(inner) => match &**inner {
            TypeRef::Option(t) => format!("Nullable<{}>", type_name(api, t)),
            t => format!("Option<{}>", type_name(api, t)),
        },
        TypeRef::Boxed(t) => format!("Box<{}>", type_name(api, t)),
    }
}

/// The JSON pointer a type's `source` names (`` `#/components/schemas/Pet` `` → `/components/schemas/Pet`).
fn pointer_of(source: &str) -> String {
    let inner = source.split('`').nth(1).unwrap_or(source);
    inner.trim_start_matches('#').to_string()
}

/// An operation's JSON pointer: `/paths/{path, escaped}/{method}`.
fn operation_pointer(op: &Operation) -> String {
    let path = op.path.replace('~', "~0").replace('/', "~1");
    format!("/paths/{path}/{}", op.http_method.to_ascii_lowercase())
}

fn param(api: &Api, p: &Param) -> ParamApi {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    ParamApi { wire: format!("{location} {}", p.wire), ty: type_name(api, &p.value_ty) }
}

fn auth(kind: &AuthKind) -> String {
    match kind {
        AuthKind::ApiKeyHeader { header } => format!("header {header}"),
        AuthKind::ApiKeyQuery { name } => format!("query {name}"),
        AuthKind::ApiKeyCookie { name } => format!("cookie {name}"),
        AuthKind::Bearer => "bearer".into(),
        AuthKind::Basic => "basic".into(),
        AuthKind::Authorization { scheme } => format!("authorization {scheme}"),
    }
}

/// What an operation gives on success, as its `.await` does.
fn ok(api: &Api, op: &Operation) -> String {
    if let Some(name) = &op.success_enum {
        return name.to_string();
    }
    if op.events.is_some() && op.success.iter().all(|r| r.body.is_none()) {
        return format!("EventStream<{}>", op.events.as_ref().map(|t| type_name(api, t)).unwrap_or_default());
    }
    match op.success.iter().find_map(|r| r.body.as_ref()) {
        Some(b) => type_name(api, &b.ty),
        None => "()".into(),
    }
}

/// The public API of the crate generated for `api`.
pub fn describe(api: &Api) -> Surface {
    let setter = |i: usize| api.auth[i].setter.to_string();
    let body_of = |r: &Response| r.body.as_ref().map(|b| type_name(api, &b.ty)).unwrap_or_default();
    let operations = api.operations.iter().map(|op| {
        let described = OperationApi {
            pointer: operation_pointer(op),
            http: format!("{} {}", op.http_method, op.path),
            arguments: op.params.iter().filter(|p| p.is_argument()).map(|p| param(api, p)).collect(),
            setters: op
                .params
                .iter()
                .filter(|p| !p.is_argument())
                .map(|p| (p.ident.to_string(), param(api, p)))
                .collect(),
            body: op.body.as_ref().map(|b| BodyApi {
                ty: type_name(api, &b.ty),
                required: b.required,
                media: b.content_type.clone(),
            }),
            ok: ok(api, op),
            errors: op
                .errors
                .iter()
                .map(|r| {
                    (
                        r.variant.to_string(),
                        r.body.as_ref().map(|b| type_name(api, &b.ty)).unwrap_or_default(),
                    )
                })
                .collect(),
            outcomes: match op.success_enum {
                Some(_) => op.success.iter().map(|r| (r.variant.to_string(), body_of(r))).collect(),
                None => BTreeMap::new(),
            },
            headers: op
                .success
                .iter()
                .flat_map(|r| &r.headers)
                .map(|h| (h.ident.to_string(), format!("Option<{}>", type_name(api, &h.ty))))
                .collect(),
            events: op.events.as_ref().map(|t| type_name(api, t)),
            pages: op.paging.as_ref().map(|p| type_name(api, &p.item)),
            security: op.security.iter().map(|&i| setter(i)).collect(),
        };
        (op.method_name.to_string(), described)
    });
    let types = api.types.iter().map(|t| {
        let pointer = pointer_of(&t.source);
        let (sent, read) = (t.sent, t.deserialize);
        let described = match &t.kind {
            TypeKind::Struct(s) => TypeApi::Struct {
                pointer,
                sent,
                read,
                fields: s
                    .fields
                    .iter()
                    .map(|f| {
                        let field = FieldApi {
                            wire: f.wire.clone(),
                            ty: type_name(api, &f.rust_ty()),
                            required: f.required(),
                            nullable: f.presence.nullable(),
                            argument: f.argument,
                        };
                        (f.ident.to_string(), field)
                    })
                    .collect(),
            },
            TypeKind::Enum(vs) => TypeApi::Enum {
                pointer,
                sent,
                read,
                values: vs.iter().map(|v| (v.ident.to_string(), v.value.clone())).collect(),
            },
            TypeKind::IntEnum(vs) => TypeApi::Enum {
                pointer,
                sent,
                read,
                values: vs.iter().map(|v| (v.ident.to_string(), v.value.to_string())).collect(),
            },
            TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. } => TypeApi::Union {
                pointer,
                sent,
                read,
                variants: vs.iter().map(|v| (v.ident.to_string(), type_name(api, &v.ty))).collect(),
            },
            TypeKind::Alias(target) => TypeApi::Alias { pointer, ty: type_name(api, target) },
        };
        (t.name.to_string(), described)
    });
    Surface {
        spec_version: api.version.clone(),
        servers: api.servers.iter().map(|s| s.url.clone()).collect(),
        server_variants: api.servers.iter().map(|s| s.variant.to_string()).collect(),
        server_variables: api
            .server_variables
            .iter()
            .map(|v| {
                let ty = match &v.enum_name {
                    Some(name) => {
                        let values: Vec<&str> = v.values.iter().map(|x| x.value.as_str()).collect();
                        format!("{name} ({})", values.join(", "))
                    }
                    None => "String".to_string(),
                };
                (v.setter.to_string(), ty)
            })
            .collect(),
        auth: api.auth.iter().map(|a| (a.setter.to_string(), auth(&a.kind))).collect(),
        client_headers: api
            .default_headers
            .iter()
            .map(|h| (h.setter.to_string(), h.header.clone()))
            .collect(),
        operations: operations.collect(),
        types: types.collect(),
    }
}
