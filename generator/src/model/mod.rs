//! The intermediate model: plain data, names final, no `openapiv3`/`syn`/`quote` types.
//! Emitters are pure functions of it; tests snapshot its `Debug` text, types named (`tests/snapshots.rs`).
//! [`walk`] is the one walk of its type graph.

mod operation;
mod paging;
mod types;
pub mod walk;

pub use crate::names::Ident;
pub use operation::*;
pub use paging::*;
pub use types::*;

/// One generated client crate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    /// Cargo package name (`quo-client`).
    pub package: String,
    /// The crate's version: [`crate::changes::FIRST_VERSION`], or the one its change report
    /// picks (see `project`).
    pub crate_version: String,
    /// Library name (`quo_client`).
    pub lib: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The document's servers; the first is the default.
    pub servers: Vec<Server>,
    /// The variables of the document's servers, each settable on the client builder.
    pub server_variables: Vec<ServerVariable>,
    pub auth: Vec<AuthScheme>,
    /// Security schemes of TLS client certificates (3.1 `mutualTLS`), set on the HTTP client.
    pub client_certificates: Vec<ClientCertificate>,
    /// Header parameters every operation requires: set once on the builder.
    pub default_headers: Vec<DefaultHeader>,
    pub operations: Vec<Operation>,
    /// Large APIs: the operations split by their first tag, one module and one Cargo feature
    /// each. Empty when every operation goes in one module.
    pub groups: Vec<Group>,
    /// In an API split by tag, when some schemas are used by no operation: the feature that
    /// compiles their types (off by default, not in `all`).
    pub unused_feature: Option<String>,
    /// Internal features, one per set of features that share types: its name (`_shared-` and a
    /// hash of the set, so it stays when other sets change) and the features that enable it.
    /// A type several tags use is gated by one of these rather than by `any(..)` of them all,
    /// which would be written out on the type and each of its impls.
    pub shared_features: Vec<(String, Vec<String>)>,
    /// The type arena; [`TypeId`] indexes it.
    pub types: Vec<TypeDef>,
    /// The runtime modules the crate carries (`src/runtime/`), in order: all but those of
    /// streams and pages where no operation needs them.
    pub runtime: Vec<RuntimeModule>,
    /// The settings of its `Cargo.toml`.
    pub manifest: Manifest,
}

/// What a type stands for once aliases are followed (a bounded number of times, though the
/// arena's cycles pass leaves no alias that loops).
pub fn unalias<'t>(types: &'t [TypeDef], t: &'t TypeRef) -> &'t TypeRef {
    let mut t = t;
    for _ in 0..16 {
        match t {
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(next) => t = next,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

impl Api {
    /// Whether an operation reads a response as it arrives: server-sent events, or a binary
    /// body.
    pub fn streams(&self) -> bool {
        self.operations.iter().any(|op| op.events.is_some() || op.downloads())
    }

    /// What a type stands for once aliases are followed (see [`unalias`]).
    pub fn unalias<'t>(&'t self, t: &'t TypeRef) -> &'t TypeRef {
        unalias(&self.types, t)
    }

    /// Whether a type is a struct (aliases followed, not boxed): a union weighs such a
    /// variant by the properties a value has of it.
    pub fn is_struct(&self, t: &TypeRef) -> bool {
        matches!(self.unalias(t), TypeRef::Named(id) if matches!(self.types[id.0].kind, TypeKind::Struct(_)))
    }

    /// Whether an operation reads its list in pages.
    pub fn pages(&self) -> bool {
        self.operations.iter().any(|op| op.paging.is_some())
    }

    /// Whether an operation's request gives its typed response headers (`send_with_headers`).
    pub fn headed(&self) -> bool {
        self.operations.iter().any(|op| op.headers_name.is_some() && !op.only_streams())
    }
}

/// A named type of the finished model: an index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A type while lowering: an index into the arena's drafts. Deduplication renumbers drafts, so
/// a `DraftId` is never a `TypeId`: lowering's operations and the drafts are converted, reference
/// by reference, when the arena is finished (a missed one does not compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DraftId(pub usize);

/// What indexes a type: [`TypeId`] or [`DraftId`].
pub trait Id: Copy + Ord + std::hash::Hash + std::fmt::Debug {
    fn index(self) -> usize;
}

impl Id for TypeId {
    fn index(self) -> usize {
        self.0
    }
}

impl Id for DraftId {
    fn index(self) -> usize {
        self.0
    }
}

/// The operations of one tag (of a large API).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tag as written; `None` for operations without one, and when the API has no tags.
    pub tag: Option<String>,
    /// When the API has no tags: the first path segment its operations share (`customers`).
    pub resource: Option<String>,
    /// Module under `operations` (`repos`), ASCII so it can name a file.
    pub module: Ident,
    /// Cargo feature that compiles the module in (`repos`).
    pub feature: String,
    pub description: Option<String>,
    /// Indices into [`Api::operations`], in document order.
    pub operations: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Variant of the generated `Server` enum.
    pub variant: Ident,
    /// The URL with every variable at its default.
    pub url: String,
    /// The URL template (`https://{region}.example.com`); equal to `url` without variables.
    pub template: String,
    pub description: Option<String>,
}

/// A server variable (`{region}`), set with a client builder method.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name in the URL template.
    pub name: String,
    /// Builder setter (`server_region`).
    pub setter: Ident,
    pub default: String,
    /// The allowed values, when the spec lists them: a generated enum named `enum_name`.
    pub values: Vec<EnumVariant>,
    pub enum_name: Option<Ident>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The key under `components/securitySchemes`.
    pub key: String,
    /// Builder setter and client field (`api_key`, `bearer_token`).
    pub setter: Ident,
    pub kind: AuthKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// The credential is sent as is under this header.
    ApiKeyHeader {
        header: String,
    },
    ApiKeyQuery {
        name: String,
    },
    ApiKeyCookie {
        name: String,
    },
    /// `Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// Any other http scheme (`digest`, `oauth`, ...): the `Authorization` value as the caller
    /// gives it.
    Authorization {
        scheme: String,
    },
}

/// A `mutualTLS` security scheme: nothing to set on the builder.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCertificate {
    pub key: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefaultHeader {
    /// Wire name (`Wethod-Company`).
    pub header: String,
    /// Builder and per-call setter (`wethod_company`).
    pub setter: Ident,
    pub description: Option<String>,
}

/// A generated crate's `Cargo.toml` settings (its name, version and library name are
/// [`Api::package`], [`Api::crate_version`] and [`Api::lib`]; its features, the groups').
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    pub description: String,
    pub edition: String,
    /// The minimum supported Rust version.
    pub rust_version: String,
    pub license: String,
    pub publish: bool,
    pub dependencies: Vec<Dependency>,
}

/// A dependency of a generated crate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub default_features: bool,
    pub features: Vec<String>,
    /// Enabled by the crate feature of its name (`tracing`).
    pub optional: bool,
    /// The comment above that feature in the manifest.
    pub feature_doc: Option<String>,
}

/// A module of the runtime, `src/runtime/{name}.rs`, copied verbatim from the generator's
/// `runtime/` into every crate that needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuntimeModule {
    Auth,
    Body,
    Decode,
    Encode,
    Enums,
    Error,
    Http,
    Nullable,
    Object,
    Paging,
    Retry,
    Send,
    Stream,
}

impl RuntimeModule {
    pub const ALL: [RuntimeModule; 13] = [
        RuntimeModule::Auth,
        RuntimeModule::Body,
        RuntimeModule::Decode,
        RuntimeModule::Encode,
        RuntimeModule::Enums,
        RuntimeModule::Error,
        RuntimeModule::Http,
        RuntimeModule::Nullable,
        RuntimeModule::Object,
        RuntimeModule::Paging,
        RuntimeModule::Retry,
        RuntimeModule::Send,
        RuntimeModule::Stream,
    ];

    /// The module's name, and its file's stem.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeModule::Auth => "auth",
            RuntimeModule::Body => "body",
            RuntimeModule::Decode => "decode",
            RuntimeModule::Encode => "encode",
            RuntimeModule::Enums => "enums",
            RuntimeModule::Error => "error",
            RuntimeModule::Http => "http",
            RuntimeModule::Nullable => "nullable",
            RuntimeModule::Object => "object",
            RuntimeModule::Paging => "paging",
            RuntimeModule::Retry => "retry",
            RuntimeModule::Send => "send",
            RuntimeModule::Stream => "stream",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_fit_fields_of_their_type() {
        let int = |k| TypeRef::Integer(k);
        let cases = [
            (ConstValue::String("x".into()), TypeRef::String, true),
            (ConstValue::String("x".into()), TypeRef::Number, false),
            (ConstValue::Integer(400), TypeRef::Number, true),
            (ConstValue::Integer(400), int(IntKind::I32), true),
            (ConstValue::Integer(-1), int(IntKind::U64), false),
            (ConstValue::Integer(i64::MAX), int(IntKind::I32), false),
            (ConstValue::Number(1.5), int(IntKind::I64), false),
            (ConstValue::Boolean(true), TypeRef::Boolean, true),
            (ConstValue::Boolean(true), TypeRef::Json, false),
        ];
        for (value, ty, fits) in cases {
            assert_eq!(value.fits(&ty), fits, "{value:?} in {ty:?}");
        }
    }
}
