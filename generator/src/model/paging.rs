//! How an operation's list is read in pages: what a spec's paging extension declares, and the
//! pattern the generator found (lower/paging.rs).

use super::*;

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
    /// `deepObject` `page`, sent as `page[number]`). `number`: the page number's type.
    Page { param: usize, member: Option<Ident>, number: TypeRef, end: PageEnd },
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
