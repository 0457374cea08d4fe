//! An operation: its parameters, request body and responses, and how its error enum and
//! headers struct are shared.

use super::*;

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
    /// Its group (index into [`Api::groups`]) in an API split by tag: the module and feature it
    /// is in.
    pub group: Option<usize>,
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
