//! Pagination: which list operations page, and how. A spec may declare it
//! (`x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`); otherwise a few common
//! conventions are recognised. Either way the operation gets paging helpers only when its
//! parameters and its response type match the rule completely: a wrong guess (a loop that
//! repeats a page, or stops early) is worse than none.

mod body;
mod declared;
use body::*;

pub(super) use declared::*;

use super::Lowering;
use crate::model::*;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// Query parameters that take a cursor, in the order they are tried.
const CURSOR_PARAMS: &[&str] = &[
    "page_token",
    "pageToken",
    "PageToken",
    "cursor",
    "page_cursor",
    "pageCursor",
    "page[cursor]",
    "next_token",
    "nextToken",
    "next_page_token",
    "nextPageToken",
    "continuation_token",
    "continuationToken",
    "iterator",
    "marker",
    "page[after]",
    "after",
    "starting_after",
    "next",
    "page",
];
/// Body values that hold the next cursor (besides one named as the cursor parameter).
const NEXT_CURSORS: &[&str] = &[
    "next_page_token",
    "nextPageToken",
    "next_cursor",
    "nextCursor",
    "next_token",
    "nextToken",
    "next_page",
    "next_marker",
    "nextMarker",
    "next_page_cursor",
    "nextPageCursor",
];
/// Query parameters that take a page number.
const PAGE_PARAMS: &[&str] = &[
    "page",
    "Page",
    "page[number]",
    "pageNumber",
    "page_number",
    "PageNumber",
    "pageIndex",
    "page_index",
    "pageNo",
    "page_no",
    "current",
];
/// Query parameters that say how many items a page holds (with `offset`).
const SIZE_PARAMS: &[&str] = &[
    "limit",
    "page_size",
    "pageSize",
    "PageSize",
    "page[size]",
    "page[limit]",
    "per_page",
    "perPage",
    "size",
    "count",
    "max_results",
    "maxResults",
];
/// Body values that hold the next page's URL.
const NEXT_URLS: &[&str] = &[
    "next_url",
    "nextUrl",
    "next_link",
    "nextLink",
    "@odata.nextLink",
    "next_page_url",
    "nextPageUrl",
    "next_page_uri",
    "nextPageUri",
    "next_href",
];
/// Objects of a body that hold its paging values (`meta.total_pages`, `links.pages.next`):
/// other objects (an item's `stats.total`) are not searched.
const CONTAINERS: &[&str] = &[
    "meta",
    "metadata",
    "pagination",
    "paging",
    "page",
    "page_info",
    "pageInfo",
    "pagination_info",
    "paginationInfo",
    "links",
    "_links",
    "link",
    "pages",
    "cursors",
    "next",
    "reportInfo",
    "response_metadata",
    "responseMetadata",
    "list_metadata",
    "listMetadata",
];
/// Integers that give the next page's number, the count of pages and the count of items, and
/// booleans that say more pages follow.
const NEXT_NUMBERS: &[&str] = &["next_page", "nextPage", "next_page_number", "nextPageNumber"];
const TOTAL_PAGES: &[&str] = &[
    "total_pages",
    "totalPages",
    "pages_total",
    "pagesTotal",
    "page_count",
    "pageCount",
    "num_pages",
    "numPages",
    "last_page",
    "lastPage",
    "pages",
];
const TOTAL_ITEMS: &[&str] = &[
    "total",
    "total_count",
    "totalCount",
    "total_results",
    "totalResults",
    "total_items",
    "totalItems",
    "total_records",
    "totalRecords",
    "total_record_count",
    "items_total",
    "itemsTotal",
];
const MORE: &[&str] = &["has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage"];

/// An optional query parameter, by wire name, whose value is a string or (`integer`) an
/// integer: its index.
fn query(api: &Api, op: &Operation, wire: &str, integer: bool) -> Option<usize> {
    op.params.iter().position(|p| {
        let fits = match api.unalias(&p.value_ty) {
            TypeRef::String => !integer,
            TypeRef::Integer(_) => integer,
            _ => false,
        };
        p.wire == wire && p.location == ParamLocation::Query && !p.required && fits
    })
}

/// An optional `deepObject` query parameter `page` whose object's optional integer `number` is
/// the page number (Telnyx: `page[number]`, `page[size]`), and every property of which is
/// optional (so the object can be made empty): the parameter's index and that property.
fn page_object(api: &Api, op: &Operation) -> Option<(usize, Option<Ident>, TypeRef)> {
    op.params.iter().enumerate().find_map(|(i, p)| {
        if p.wire != "page" || p.location != ParamLocation::Query || p.required {
            return None;
        }
        let TypeRef::Named(id) = api.unalias(&p.value_ty) else { return None };
        let TypeKind::Struct(s) = &api.types[id.0].kind else { return None };
        let number = s.fields.iter().find(|f| f.wire == "number")?;
        let (t, optional) = base(number);
        let all_optional = s.fields.iter().all(|f| !f.required() && f.fixed.is_none()) && s.extra.is_none();
        (optional && matches!(api.unalias(t), TypeRef::Integer(_)) && all_optional)
            .then(|| (i, Some(number.ident.clone()), t.clone()))
    })
}

/// The name a cursor parameter's value has in a body: `page[after]`'s is `after`.
fn cursor_name(wire: &str) -> &str {
    wire.strip_prefix("page[").and_then(|w| w.strip_suffix(']')).unwrap_or(wire)
}

/// The next cursor of a list read by the cursor parameter `wire`.
fn next_cursor<'a>(list: &'a List, wire: &str) -> Option<&'a ValuePath> {
    let own = cursor_name(wire);
    list.value(NEXT_CURSORS, None, string)
        .or_else(|| list.value(&[own], None, string).filter(|_| !matches!(own, "page" | "next")))
        .or_else(|| list.value(&[own], Some(&["meta", "cursors", "pagination", "paging"]), string))
        .or_else(|| list.value(&["next"], Some(&["cursors"]), string))
}

/// What ends a list read by cursor early: `done: true`, `has_more: false`.
fn cursor_stop(list: &List) -> Option<PageStop> {
    if let Some(done) = list.value(&["done"], None, boolean) {
        return Some(PageStop { field: done.clone(), when: true });
    }
    list.value(MORE, None, boolean).map(|more| PageStop { field: more.clone(), when: false })
}

/// What marks the last page of a list read by page number.
fn page_end(list: &List) -> Option<PageEnd> {
    if let Some(v) = list.value(NEXT_NUMBERS, None, integer) {
        return Some(PageEnd::NextNumber(v.clone()));
    }
    if let Some(v) = list.value(TOTAL_PAGES, None, count) {
        return Some(PageEnd::TotalPages(v.clone()));
    }
    if let Some(v) = list.value(MORE, None, boolean) {
        return Some(PageEnd::More(v.clone()));
    }
    list.value(TOTAL_ITEMS, None, count).map(|v| PageEnd::TotalItems(v.clone()))
}

/// The next page's URL.
fn next_url<'a>(list: &'a List<'_>) -> Option<&'a ValuePath> {
    list.value(NEXT_URLS, None, string)
        .or_else(|| {
            list.value(&["next"], Some(&["links", "_links", "link", "pages", "pagination", "paging"]), string)
        })
        .or_else(|| list.value(&["href"], Some(&["next"]), string))
        .or_else(|| list.value(&["next"], None, string).filter(|v| !v.wire.contains('.')))
}

/// The names of a paging rule's values, for reports: `page[number] + meta.total_pages`.
fn describe(op: &Operation, next: &PageNext) -> String {
    let param = |i: &usize| op.params[*i].wire.clone();
    match next {
        PageNext::Cursor { param: p, field, stop } => match stop {
            Some(stop) => format!("cursor {} + {} + {}", param(p), field.wire, stop.field.wire),
            None => format!("cursor {} + {}", param(p), field.wire),
        },
        PageNext::LastId { .. } => "starting_after + has_more".into(),
        PageNext::Offset { .. } => "offset + limit".into(),
        PageNext::Page { param: p, member, end, .. } => {
            let page = match member {
                Some(m) => format!("{}[{}]", param(p), m.as_str()),
                None => param(p),
            };
            match end {
                PageEnd::Empty => format!("page {page} to an empty page"),
                PageEnd::TotalPages(v)
                | PageEnd::TotalItems(v)
                | PageEnd::NextNumber(v)
                | PageEnd::More(v) => {
                    format!("page {page} + {}", v.wire)
                }
            }
        }
        PageNext::Link => "Link header".into(),
        PageNext::NextUrl { field } => format!("next URL {}", field.wire),
    }
}

/// How an operation pages, if it does (see the module docs).
pub(super) fn paging(api: &Api, op: &Operation) -> Option<Paging> {
    rule(api, op).ok()
}

/// Whether an operation is list-shaped (a GET whose JSON success body is an array or holds
/// one), and then the rule it pages by or why it does not: for `cargo xtask corpus`.
pub fn explain(api: &Api, op: &Operation) -> Option<Result<String, String>> {
    let body = op.success.iter().find_map(|r| r.body.as_ref().filter(|b| b.media == BodyMedia::Json))?;
    let shaped = match api.unalias(&body.ty) {
        TypeRef::Array(_) => true,
        TypeRef::Named(id) => matches!(&api.types[id.0].kind, TypeKind::Struct(s)
            if s.fields.iter().any(|f| matches!(api.unalias(base(f).0), TypeRef::Array(_)))),
        _ => false,
    };
    if op.http_method != "GET" || !shaped {
        return op.paging.as_ref().map(|p| Ok(p.pattern.clone()));
    }
    Some(match &op.paging {
        Some(p) => Ok(p.pattern.clone()),
        None => Err(rule(api, op).err().unwrap_or_default()),
    })
}

/// [`paging`], or why an operation does not page.
fn rule(api: &Api, op: &Operation) -> Result<Paging, String> {
    if op.success_enum.is_some() {
        return Err("several success bodies".into());
    }
    if let Some(p) = op.params.iter().find(|p| crate::surface::PAGING_NAMES.contains(&p.ident.as_str())) {
        return Err(format!("a parameter is named `{}`, as a paging helper is", p.ident.as_str()));
    }
    let body = op
        .success
        .iter()
        .find_map(|r| r.body.as_ref().filter(|b| b.media == BodyMedia::Json))
        .ok_or("no JSON success body")?;
    let make = |list: &List, next: PageNext, pattern: Option<&str>| Paging {
        pattern: pattern.map_or_else(|| describe(op, &next), str::to_string),
        items: list.items.map(|f| f.ident.clone()),
        items_optional: list.items.is_some_and(|f| base(f).1),
        item: list.item.clone(),
        next,
    };
    if let Some(d) = &op.declared_paging {
        let list = list(api, &body.ty, d.results.as_deref(), &op.path)?;
        let missing = |what: &str| format!("{}: {what}", d.source);
        let param = |integer| {
            let wire = d.param.as_deref().ok_or_else(|| missing("no parameter"))?;
            query(api, op, wire, integer)
                .ok_or_else(|| missing(&format!("no optional query parameter `{wire}` of that type")))
        };
        let next_value = || {
            let wire = d.next.as_deref().ok_or_else(|| missing("no next value"))?;
            list.at(wire, string).cloned().ok_or_else(|| missing(&format!("no string `{wire}` in the body")))
        };
        let next = match d.kind {
            DeclaredKind::Cursor => {
                PageNext::Cursor { param: param(false)?, field: next_value()?, stop: cursor_stop(&list) }
            }
            DeclaredKind::Offset => PageNext::Offset { param: param(true)? },
            DeclaredKind::Page => {
                let param = param(true)?;
                PageNext::Page {
                    param,
                    member: None,
                    number: op.params[param].value_ty.clone(),
                    end: page_end(&list).unwrap_or(PageEnd::Empty),
                }
            }
            DeclaredKind::NextUrl => PageNext::NextUrl { field: next_value()? },
        };
        return Ok(make(&list, next, Some(&d.source)));
    }
    // The conventions: lists read with GET only.
    if op.http_method != "GET" {
        return Err("not a GET".into());
    }
    let paging_param = op.params.iter().any(|p| {
        let wire = p.wire.as_str();
        p.location == ParamLocation::Query
            && (CURSOR_PARAMS.contains(&wire) || PAGE_PARAMS.contains(&wire) || wire == "offset")
    });
    let link = op.success.iter().flat_map(|r| &r.headers).any(|h| h.wire == "link");
    let list = match list(api, &body.ty, None, &op.path) {
        Ok(list) => list,
        Err(_) if !paging_param && !link => return Err(no_paging_parameter(op)),
        Err(e) => return Err(e),
    };
    // Stripe and OpenAI: `starting_after` (or `after`) the last item's id, while `has_more`.
    let last_id = || {
        let param = ["starting_after", "after"].iter().find_map(|w| query(api, op, w, false))?;
        let more = list.field("has_more")?;
        let (more_ty, more_optional) = base(more);
        let items = list.items?;
        let TypeRef::Named(item) = api.unalias(&list.item) else { return None };
        let TypeKind::Struct(item) = &api.types[item.0].kind else { return None };
        let id = item.fields.iter().find(|f| f.wire == "id" && *base(f).0 == TypeRef::String)?;
        let fits = *more_ty == TypeRef::Boolean && items.wire == "data";
        fits.then(|| PageNext::LastId {
            param,
            more: more.ident.clone(),
            more_optional,
            id: id.ident.clone(),
            id_optional: base(id).1,
        })
    };
    if let Some(next) = last_id() {
        return Ok(make(&list, next, None));
    }
    let cursors: Vec<usize> = CURSOR_PARAMS.iter().filter_map(|w| query(api, op, w, false)).collect();
    for &param in &cursors {
        if let Some(field) = next_cursor(&list, &op.params[param].wire) {
            let next = PageNext::Cursor { param, field: field.clone(), stop: cursor_stop(&list) };
            return Ok(make(&list, next, None));
        }
    }
    let offset = query(api, op, "offset", true);
    if let Some(param) = offset {
        if SIZE_PARAMS.iter().any(|w| query(api, op, w, true).is_some()) {
            return Ok(make(&list, PageNext::Offset { param }, None));
        }
    }
    let page = PAGE_PARAMS
        .iter()
        .find_map(|w| query(api, op, w, true))
        .map(|p| (p, None, op.params[p].value_ty.clone()))
        .or_else(|| page_object(api, op));
    if let Some((param, member, number)) = &page {
        if let Some(end) = page_end(&list) {
            let (param, member, number) = (*param, member.clone(), number.clone());
            return Ok(make(&list, PageNext::Page { param, member, number, end }, None));
        }
    }
    if let Some(field) = next_url(&list) {
        return Ok(make(&list, PageNext::NextUrl { field: field.clone() }, None));
    }
    if link {
        return Ok(make(&list, PageNext::Link, None));
    }
    // Why none fits, by the parameters the operation has.
    if let Some(&param) = cursors.first() {
        return Err(format!("cursor `{}`, but no next cursor in the body", op.params[param].wire));
    }
    if let Some((param, ..)) = page {
        return Err(format!("page `{}`, but nothing in the body marks the last page", op.params[param].wire));
    }
    if offset.is_some() {
        return Err("offset, but no page size parameter".into());
    }
    let required = op.params.iter().find(|p| {
        p.required
            && p.location == ParamLocation::Query
            && CURSOR_PARAMS.iter().chain(PAGE_PARAMS).any(|w| p.wire == *w)
    });
    if let Some(p) = required {
        return Err(format!("its paging parameter `{}` is required", p.wire));
    }
    Err(no_paging_parameter(op))
}

/// The reason of a list without paging parameters, with the query parameters it has.
fn no_paging_parameter(op: &Operation) -> String {
    let query: Vec<&str> =
        op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| p.wire.as_str()).collect();
    match query.len() {
        0 => "no paging parameter (no query parameters)".into(),
        1..=8 => format!("no paging parameter (query: {})", query.join(", ")),
        n => format!("no paging parameter (query: {}, and {} more)", query[..8].join(", "), n - 8),
    }
}

impl Lowering<'_> {}
