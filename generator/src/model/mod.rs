//! The intermediate model: plain data, names final, no `openapiv3`/`syn`/`quote` types.
//! Emitters are pure functions of it; tests snapshot its `Debug` text, types named (`tests/snapshots.rs`).
//! [`walk`] is the one walk of its type graph.

pub mod walk;

pub use crate::names::Ident;

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

#[derive(Debug, Clone, PartialEq)]
pub struct Operation<I = TypeId> {
    /// `operationId`, or one made from method and path.
    pub operation_id: String,
    /// The operation's first tag.
    pub tag: Option<String>,
    /// `Client` method (`delete_contact_v1`).
    pub method_name: Ident,
    /// Request builder type (`DeleteContactV1`).
    pub builder_name: Ident,
    /// Per-operation error enum (`DeleteContactV1Error`).
    pub error_name: Ident,
    /// The struct of its parameters, behind the builder alias (`DeleteContactV1Params`).
    pub params_name: Ident,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template as written (`/v1/contacts/{id}`).
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Server URLs of a path- or operation-level `servers` override.
    pub servers: Vec<String>,
    pub params: Vec<Param<I>>,
    pub body: Option<RequestBody<I>>,
    /// Documented 2xx responses, in status order.
    pub success: Vec<Response<I>>,
    /// Documented non-2xx responses (and `default`), in status order.
    pub errors: Vec<Response<I>>,
    /// When the success responses have different bodies (or some have none): the enum of
    /// success outcomes, one variant per documented success status.
    pub success_enum: Option<Ident>,
    /// When success responses document headers: the struct that holds them, typed.
    pub headers_name: Option<Ident>,
    /// Whether its error enum is its own or shared with other operations ([`Share`]).
    pub error_share: Share,
    /// The same for its headers struct (`Own` when it has none).
    pub headers_share: Share,
    /// When a success response is documented as `text/event-stream`: the type of each event's
    /// data (`String`: the data as it came). The builder's `stream()` reads the events.
    pub events: Option<TypeRef<I>>,
    /// What a spec extension declares about the operation's pages, as written.
    pub declared_paging: Option<DeclaredPaging>,
    /// How the operation's responses page, when the spec declares it or a convention matches
    /// completely: the builder's `pages()` and `items()` read them all.
    pub paging: Option<Paging>,
    /// Indices into [`Api::auth`] whose credentials this operation sends.
    pub security: Vec<usize>,
}

impl<I> Operation<I> {
    /// Whether a success response has a binary body, which the call can also read as it
    /// arrives.
    pub fn downloads(&self) -> bool {
        self.success.iter().any(|r| r.body.as_ref().is_some_and(|b| b.media == BodyMedia::Bytes))
    }

    /// Documents a redirect (3xx) response: the client returns it instead of following it.
    pub fn documents_redirect(&self) -> bool {
        self.success.iter().chain(&self.errors).any(|r| r.status.is_redirect())
    }

    /// Whether its only success body is its event stream: awaiting the request then opens the
    /// stream.
    pub fn only_streams(&self) -> bool {
        self.events.is_some() && self.success.iter().all(|r| r.body.is_none())
    }
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

/// How an operation's error enum or response-headers struct is emitted, decided by
/// `lower::sharing`: most APIs document the same errors for most operations, and each copy
/// would be a type rustc checks again. The operation keeps its own name either way.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Share {
    /// Its own item: no other operation has the same one.
    #[default]
    Own,
    /// The item the others alias. `members` are every operation that shares it, this one (the
    /// first in document order) first. `features` is empty when they are all in one module (the
    /// item is beside this operation); else the item is in `operations.rs`, compiled with any
    /// of these features (their tags').
    First { members: Vec<usize>, features: Vec<String> },
    /// An alias of the item of operation `of`; `across`: `of` is in another module.
    Alias { of: usize, across: bool },
}

/// What `x-speakeasy-pagination`, `x-fern-pagination` or `x-ms-pageable` declares, before it is
/// checked against the operation's parameters and response type.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredPaging {
    /// The extension's name.
    pub source: String,
    pub kind: DeclaredKind,
    /// The query parameter that takes the cursor, offset or page number.
    pub param: Option<String>,
    /// The response property that holds the next cursor or URL.
    pub next: Option<String>,
    /// The response property that holds the items (`None`: the one array property).
    pub results: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredKind {
    Cursor,
    Offset,
    Page,
    NextUrl,
}

/// How an operation's responses page.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The rule that matched, for reports (`x-speakeasy-pagination`, `cursor`, `Link header`).
    pub pattern: String,
    /// The body struct's field that holds a page's items; `None`: the body is the array.
    pub items: Option<Ident>,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The type of one item.
    pub item: TypeRef,
    pub next: PageNext,
}

/// How the request for the next page is made.
#[derive(Debug, Clone, PartialEq)]
pub enum PageNext {
    /// A body value holds the next page's cursor, the query parameter `param` (an index into
    /// [`Operation::params`]) takes it; none, or an empty one, ends the list, and so does
    /// `stop` (a boolean such as Svix's `done: true` or `has_more: false`).
    Cursor { param: usize, field: ValuePath, stop: Option<PageStop> },
    /// While the body's boolean `more` is true, the last item's `id` is the next page's `param`
    /// (Stripe's `starting_after` and `has_more`, OpenAI's `after`).
    LastId { param: usize, more: Ident, more_optional: bool, id: Ident, id_optional: bool },
    /// The next page starts at `param` plus the items read.
    Offset { param: usize },
    /// The next page is number `param` plus one (the first is 1 unless set), until `end` says
    /// the list is over.
    /// `member`: the page number is that field of the parameter's object (Telnyx's
    /// `deepObject` `page`, sent as `page[number]`).
    Page { param: usize, member: Option<Ident>, end: PageEnd },
    /// The `Link` header's `rel="next"` URL.
    Link,
    /// A body value holds the next page's URL.
    NextUrl { field: ValuePath },
}

/// What tells a list read by page number that a page is its last.
#[derive(Debug, Clone, PartialEq)]
pub enum PageEnd {
    /// Only an empty page (the list's declared paging says no more).
    Empty,
    /// A count of pages (`meta.total_pages`): the page of that number is the last.
    TotalPages(ValuePath),
    /// A count of items (`meta.total`): the last page is the one that reaches it.
    TotalItems(ValuePath),
    /// The next page's number (`meta.pagination.next_page`); none ends the list.
    NextNumber(ValuePath),
    /// A boolean that is true while more pages follow (`pagination.has_more`).
    More(ValuePath),
}

/// A boolean of the body that ends a list read by cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStop {
    pub field: ValuePath,
    /// The value that ends the list (`done: true`, `has_more: false`).
    pub when: bool,
}

/// The way from a page's body to one value in it: struct fields and union variants in turn.
/// Any step may be absent (an `Option`, a variant the body is not): the value is then absent.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuePath {
    pub steps: Vec<PathStep>,
    /// The value's type (aliases followed): `String`, an integer, `Number` (a count some specs
    /// type so) or `Boolean`.
    pub leaf: TypeRef,
    /// The wire names of the fields on the way, for reports (`meta.total_pages`).
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathStep {
    /// A struct's field.
    Field(Ident),
    /// Into an `Option` (absent: no value).
    Some,
    /// Through a `Box`.
    Unbox,
    /// Into one variant of a union (`union` is its type); another variant: no value.
    Variant { union: TypeId, variant: Ident },
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

impl<I> Param<I> {
    /// A required parameter the client does not supply by default: an argument of the
    /// operation's `Client` method (the others are request builder setters).
    pub fn is_argument(&self) -> bool {
        self.required && self.default_header.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param<I = TypeId> {
    pub wire: String,
    /// Argument or setter name.
    pub ident: Ident,
    pub location: ParamLocation,
    pub ty: TypeRef<I>,
    pub required: bool,
    pub description: Option<String>,
    /// Index into [`Api::default_headers`] when the client supplies it by default.
    pub default_header: Option<usize>,
    /// What the request builder holds and its setter takes: [`Param::ty`], or `String` for a
    /// client-wide header (the client holds its value as text).
    pub value_ty: TypeRef<I>,
    /// How the value becomes wire text.
    pub encoding: ParamEncoding,
    /// Serialisation style (`form`, `deepObject`, `simple`, ...), and whether it is exploded.
    pub style: ParamStyle,
    pub explode: bool,
    /// A value the schema allows (see `lower::examples`), to call the operation with.
    pub example: serde_json::Value,
}

/// How a parameter's value becomes wire text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// A scalar whose text is the value itself (strings as they are).
    Text,
    /// Through the writer of its style: arrays and objects, and the styles that change scalars
    /// (`label`, `matrix` in a path, `deepObject` in a query).
    Styled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody<I = TypeId> {
    pub media_type: BodyMedia,
    pub ty: TypeRef<I>,
    pub required: bool,
    pub description: Option<String>,
    /// The media type as the spec writes it (sent as `Content-Type`).
    pub content_type: String,
    /// Form bodies: the properties whose encoding style is `deepObject`.
    pub deep: Vec<String>,
    /// A value the schema allows (see `lower::examples`), to call the operation with.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    Json,
    Text,
    Bytes,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `4XX`: the leading digit.
    Range(u8),
    Default,
}

impl Status {
    /// 3xx, or `3XX`.
    pub fn is_redirect(&self) -> bool {
        matches!(self, Status::Code(300..=399) | Status::Range(3))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response<I = TypeId> {
    pub status: Status,
    /// Variant name in the error enum (`BadRequest`), or in a multi-status success enum.
    pub variant: Ident,
    pub description: String,
    /// `None`: no body is documented (the body, if any, is ignored).
    pub body: Option<ResponseBody<I>>,
    /// Documented response headers.
    pub headers: Vec<ResponseHeader<I>>,
    /// Applies only when the response's `Content-Type` is of this body's kind (the status
    /// documents several kinds of body; the last one takes the rest).
    pub guarded: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader<I = TypeId> {
    /// Wire name, lower case.
    pub wire: String,
    /// Field of the operation's headers struct.
    pub ident: Ident,
    pub ty: TypeRef<I>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody<I = TypeId> {
    pub media: BodyMedia,
    pub ty: TypeRef<I>,
    /// Held in a `Box` by the operation's success or error enum (large values would make every
    /// `Result` of the call large).
    pub boxed: bool,
    /// Values the spec documents with `const` for this response's body fields (set when the
    /// body type was merged from schemas that differ only in their `const` values).
    pub consts: Vec<ConstField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConstField {
    /// Field of the body struct.
    pub field: Ident,
    pub wire: String,
    pub value: ConstValue,
    /// Whether the struct field is an `Option`.
    pub optional: bool,
    /// The field's type without that `Option` (a type the value fits).
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    String(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl ConstValue {
    /// Whether a value of type `ty` can be this constant (an integer within its kind's range).
    pub fn fits(&self, ty: &TypeRef) -> bool {
        match (self, ty) {
            (ConstValue::String(_), TypeRef::String)
            | (ConstValue::Boolean(_), TypeRef::Boolean)
            | (ConstValue::Integer(_) | ConstValue::Number(_), TypeRef::Number) => true,
            (ConstValue::Integer(i), TypeRef::Integer(k)) => match k {
                IntKind::I32 => i32::try_from(*i).is_ok(),
                IntKind::I64 => true,
                IntKind::U32 => u32::try_from(*i).is_ok(),
                IntKind::U64 => u64::try_from(*i).is_ok(),
            },
            _ => false,
        }
    }
}

/// A type as it is used: primitives inline, named types by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef<I = TypeId> {
    Named(I),
    String,
    Integer(IntKind),
    Number,
    Boolean,
    /// Raw bytes (`format: binary`): `crate::Bytes`.
    Bytes,
    /// Any JSON value (`{}` or a schema the generator cannot type more precisely).
    Json,
    /// A free-form JSON object.
    JsonObject,
    Array(Box<TypeRef<I>>),
    Map(Box<TypeRef<I>>),
    Option(Box<TypeRef<I>>),
    /// Boxed to break a recursive cycle.
    Boxed(Box<TypeRef<I>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    I32,
    I64,
    U32,
    U64,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: Ident,
    pub doc: Option<String>,
    /// Where in the spec it comes from, as Markdown (`` `#/components/schemas/Pet` ``).
    pub source: String,
    pub kind: TypeKind,
    /// Whether it implements `Deserialize`: not when only requests use it (it is never read).
    pub deserialize: bool,
    /// The Cargo features that compile it (any one of them), in a large API split by tag: those
    /// of the tags whose operations use it, or the feature of schemas no operation uses. Empty:
    /// always compiled.
    pub features: Vec<String>,
    /// The one feature its `#[cfg]` names: its only feature, or, when several compile it, the
    /// internal feature each of them enables ([`Api::shared_features`]).
    pub cfg_feature: Option<String>,
    /// Whether callers build it (a request reaches it): a struct then has a constructor and a
    /// setter per field, and keeps a field's "absent" and "null" apart.
    pub sent: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// `pub type Name = ...;` for a named primitive, array or map schema.
    Alias(TypeRef),
    /// A string enum; a value the spec does not list decodes into a catch-all `Other(String)`.
    Enum(Vec<EnumVariant>),
    /// `oneOf`/`anyOf`: the first variant that decodes wins; `Other` holds any other value.
    Union(Vec<UnionVariant>),
    /// `oneOf`/`anyOf` with a discriminator: the variant is chosen by the value of `property`
    /// (each variant's `tags`); an unlisted value decodes into `Other`.
    Tagged {
        property: String,
        variants: Vec<UnionVariant>,
        /// How a decoded value's tag picks its variant: each group of tags that select the same
        /// variants, in order (one variant decodes directly; several are tried in turn).
        arms: Vec<TagArm>,
    },
    /// An integer enum; an unlisted value decodes into a catch-all `Other(i64)`.
    IntEnum(Vec<IntVariant>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    pub ident: Ident,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub ident: Ident,
    pub ty: TypeRef,
    /// With a discriminator: the property values that select this variant.
    pub tags: Vec<String>,
    /// Tried as an object (a struct, aliases followed): weighed by the properties a value has
    /// of it, not by whether it decodes alone (set by `lower::plan`).
    pub object: bool,
    /// What converts into the union as this variant (`From`), if anything does.
    pub from: Option<VariantFrom>,
}

/// The `From` conversions into a union that pick one variant: only for a Rust type that one
/// variant alone holds (aliases followed: two variants of one Rust type would give two impls),
/// never the union itself, a JSON value or an `Option`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantFrom {
    /// `From<source>`: the variant's type, unboxed.
    pub source: TypeRef,
    /// The variant holds it boxed.
    pub boxed: bool,
    /// `From<&str>` too (a string variant).
    pub text: bool,
    /// `From<[(K, V); N]>` too, `V: Into<this>` (a map variant: pairs written inline).
    pub pairs: Option<TypeRef>,
}

/// The tags that select the same variants of a tagged union (indices into its variants).
#[derive(Debug, Clone, PartialEq)]
pub struct TagArm {
    pub tags: Vec<String>,
    pub variants: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub ident: Ident,
    /// The wire value.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Unknown properties are kept here (`additionalProperties`), under this field name.
    pub extra: Option<(Ident, TypeRef)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub ident: Ident,
    pub wire: String,
    /// The type of the field's value, never `Option` itself: whether it may be absent or
    /// `null` is [`Field::presence`], and [`Field::rust_ty`] is the type the field is declared
    /// with.
    pub ty: TypeRef,
    pub presence: Presence,
    pub doc: Option<String>,
    /// The setter of the field in a type callers build: the field's name, unless that is a
    /// method the type has already (`new`, `default`, `clone`, ...).
    pub setter: Ident,
    /// The one value the schema allows (`const`, or an enum of one value): the constructor
    /// sets it, and it is no argument of the constructor.
    pub fixed: Option<Fixed>,
    /// An argument of the constructor of a type callers build: required, never `null`, and
    /// not [`fixed`](Field::fixed) (set by `lower::analyse`).
    pub argument: bool,
}

impl Field {
    /// Whether the spec requires the property.
    pub fn required(&self) -> bool {
        self.presence.required()
    }

    /// The type the Rust field is declared with: [`Presence::wrap`] of its value's type.
    pub fn rust_ty(&self) -> TypeRef {
        self.presence.wrap(self.ty.clone())
    }
}

/// Whether a struct field may be absent from the object, and whether it may be `null`: the one
/// place this fact is kept. The arena sets it when it finishes a type, from the schema's
/// `required` list and its nullability (3.0 `nullable`, 3.1 `null` in `type` or a `null`
/// branch, as the load stage normalised them); a field whose value is any JSON holds `null`
/// already and is never nullable. The analyse pass then reads absent and `null` alike
/// ([`Presence::Optional`]) in types callers never build. Everyone after reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, maybe `null`: `Option<T>`.
    RequiredNullable,
    /// Maybe absent (or, in a type only read, absent or `null` alike): `Option<T>`.
    Optional,
    /// Maybe absent, maybe `null`, kept apart: `Option<Option<T>>`, written `Nullable<T>`.
    OptionalNullable,
}

impl Presence {
    pub fn of(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    pub fn nullable(self) -> bool {
        matches!(self, Presence::RequiredNullable | Presence::OptionalNullable)
    }

    /// Whether the Rust field is an `Option` (`None` when unset: no constructor argument).
    pub fn optional(self) -> bool {
        self != Presence::Required
    }

    /// How many `Option`s the Rust field wraps its value in (two: `Nullable`).
    pub fn options(self) -> usize {
        match self {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        }
    }

    /// The Rust type of a field of this presence holding `value`.
    pub fn wrap(self, value: TypeRef) -> TypeRef {
        let option = |t| TypeRef::Option(Box::new(t));
        match self {
            Presence::Required => value,
            Presence::RequiredNullable | Presence::Optional => option(value),
            Presence::OptionalNullable => option(option(value)),
        }
    }
}

/// The one value a field's schema allows.
#[derive(Debug, Clone, PartialEq)]
pub enum Fixed {
    /// A `const` of a primitive field.
    Const(ConstValue),
    /// The one variant of a string or integer enum (the field's type, aliases followed).
    Variant(TypeId, Ident),
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
