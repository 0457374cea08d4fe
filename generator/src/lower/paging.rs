//! Pagination: which list operations page, and how. A spec may declare it
//! (`x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`); otherwise a few common
//! conventions are recognised. Either way the operation gets paging helpers only when its
//! parameters and its response type match the rule completely: a wrong guess (a loop that
//! repeats a page, or stops early) is worse than none.

use super::Lowering;
use crate::model::*;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// A `$.meta.next`, `$response.data` or bare `data` path of properties, as `meta.next`.
fn one_property(path: &str) -> Option<String> {
    let name = path.trim();
    let name = name.strip_prefix("$response.").or_else(|| name.strip_prefix("$request.")).unwrap_or(name);
    let name = name.strip_prefix("$.").unwrap_or(name);
    let simple = !name.is_empty()
        && !name.contains(['[', ']', '$', '*'])
        && name.split('.').all(|part| !part.is_empty());
    simple.then(|| name.to_string())
}

/// What the operation's extensions declare about its pages.
pub(super) fn declared(op: &openapiv3::Operation) -> Option<DeclaredPaging> {
    use serde_json::Value;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).and_then(one_property);
    if let Some(x) = op.extensions.get("x-speakeasy-pagination") {
        let inputs = x.get("inputs").and_then(Value::as_array).cloned().unwrap_or_default();
        let input = |kinds: &[&str]| {
            inputs.iter().find_map(|i| {
                let kind = i.get("type").and_then(Value::as_str)?;
                let place = i.get("in").and_then(Value::as_str).unwrap_or("parameters");
                (kinds.contains(&kind) && place == "parameters")
                    .then(|| i.get("name")?.as_str().map(str::to_string))?
            })
        };
        let outputs = x.get("outputs");
        let results = text(outputs.and_then(|o| o.get("results")));
        let (kind, param, next) = match x.get("type").and_then(Value::as_str)? {
            "cursor" => {
                (DeclaredKind::Cursor, input(&["cursor"]), text(outputs.and_then(|o| o.get("nextCursor"))))
            }
            "offsetLimit" => match (input(&["offset"]), input(&["page"])) {
                (Some(offset), _) => (DeclaredKind::Offset, Some(offset), None),
                (None, Some(page)) => (DeclaredKind::Page, Some(page), None),
                (None, None) => return None,
            },
            "url" => (DeclaredKind::NextUrl, None, text(outputs.and_then(|o| o.get("nextUrl")))),
            _ => return None,
        };
        return Some(DeclaredPaging { source: "x-speakeasy-pagination".into(), kind, param, next, results });
    }
    if let Some(x) = op.extensions.get("x-fern-pagination") {
        let results = text(x.get("results"));
        let (kind, param, next) = if let Some(cursor) = text(x.get("cursor")) {
            (DeclaredKind::Cursor, Some(cursor), text(x.get("next_cursor")))
        } else if let Some(offset) = text(x.get("offset")) {
            let kind = if offset.to_ascii_lowercase().contains("page") {
                DeclaredKind::Page
            } else {
                DeclaredKind::Offset
            };
            (kind, Some(offset), None)
        } else if let Some(next) = text(x.get("next_uri")).or_else(|| text(x.get("next_url"))) {
            (DeclaredKind::NextUrl, None, Some(next))
        } else {
            return None;
        };
        return Some(DeclaredPaging { source: "x-fern-pagination".into(), kind, param, next, results });
    }
    if let Some(x) = op.extensions.get("x-ms-pageable") {
        // `nextLinkName: null`: one page.
        let next = x.get("nextLinkName").and_then(Value::as_str).map(str::to_string)?;
        let results = x.get("itemName").and_then(Value::as_str).unwrap_or("value").to_string();
        return Some(DeclaredPaging {
            source: "x-ms-pageable".into(),
            kind: DeclaredKind::NextUrl,
            param: None,
            next: Some(next),
            results: Some(results),
        });
    }
    None
}

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

/// A field's value type, and whether the field is an `Option`.
fn base(f: &Field) -> (&TypeRef, bool) {
    (&f.ty, f.presence.optional())
}

/// The steps into a value of type `t` (its `Option`s and `Box`es, aliases followed), and the
/// type within.
fn peel<'a>(api: &'a Api, t: &'a TypeRef, steps: &mut Vec<PathStep>) -> &'a TypeRef {
    let mut t = api.unalias(t);
    for _ in 0..16 {
        let (step, inner) = match t {
            TypeRef::Option(inner) => (PathStep::Some, inner),
            TypeRef::Boxed(inner) => (PathStep::Unbox, inner),
            _ => break,
        };
        steps.push(step);
        t = api.unalias(inner);
    }
    t
}

/// The string, integer and boolean values of a body struct: its own fields, and those of the
/// objects within that hold paging values ([`CONTAINERS`]), through union variants, shallowest
/// first.
fn values(api: &Api, fields: &[Field]) -> Vec<ValuePath> {
    fn walk(
        api: &Api,
        fields: &[Field],
        steps: &[PathStep],
        wire: &str,
        depth: usize,
        out: &mut Vec<ValuePath>,
    ) {
        for f in fields {
            let mut path = steps.to_vec();
            path.push(PathStep::Field(f.ident.clone()));
            let wire = if wire.is_empty() { f.wire.clone() } else { format!("{wire}.{}", f.wire) };
            path.extend(std::iter::repeat_n(PathStep::Some, f.presence.options()));
            let inner = peel(api, &f.ty, &mut path);
            match inner {
                TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean => {
                    out.push(ValuePath { steps: path, leaf: inner.clone(), wire });
                }
                TypeRef::Named(id) if depth < 3 && CONTAINERS.contains(&f.wire.as_str()) => {
                    match &api.types[id.0].kind {
                        TypeKind::Struct(s) => walk(api, &s.fields, &path, &wire, depth + 1, out),
                        TypeKind::Union(variants) => {
                            for v in variants {
                                let mut path = path.clone();
                                path.push(PathStep::Variant { union: *id, variant: v.ident.clone() });
                                if let TypeRef::Named(vid) = peel(api, &v.ty, &mut path) {
                                    if let TypeKind::Struct(s) = &api.types[vid.0].kind {
                                        walk(api, &s.fields, &path, &wire, depth + 1, out);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(api, fields, &[], "", 0, &mut out);
    // Shallowest first; a union's variants may repeat a wire path: its first is kept.
    out.sort_by_key(|v| v.wire.matches('.').count());
    let mut seen = std::collections::HashSet::new();
    out.retain(|v| seen.insert(v.wire.clone()));
    out
}

/// The list an operation returns: the body struct (if it is one) and the field with the items,
/// or the body itself when it is an array.
struct List<'a> {
    fields: Option<&'a [Field]>,
    items: Option<&'a Field>,
    item: TypeRef,
    /// The body's values (see [`values`]).
    values: Vec<ValuePath>,
}

impl List<'_> {
    fn field(&self, wire: &str) -> Option<&Field> {
        self.fields?.iter().find(|f| f.wire == wire)
    }

    /// The first value of type `leaf` whose own name is one of `names`, in an object named one
    /// of `within` (`None`: anywhere searched).
    fn value(
        &self,
        names: &[&str],
        within: Option<&[&str]>,
        leaf: fn(&TypeRef) -> bool,
    ) -> Option<&ValuePath> {
        self.values.iter().find(|v| {
            let mut parts = v.wire.rsplit('.');
            let name = parts.next().unwrap_or_default();
            let parent = parts.next();
            names.contains(&name)
                && within.is_none_or(|w| parent.is_some_and(|p| w.contains(&p)))
                && leaf(&v.leaf)
        })
    }

    /// The value at a dotted wire path.
    fn at(&self, wire: &str, leaf: fn(&TypeRef) -> bool) -> Option<&ValuePath> {
        self.values.iter().find(|v| v.wire == wire && leaf(&v.leaf))
    }
}

fn string(t: &TypeRef) -> bool {
    *t == TypeRef::String
}

fn integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer(_))
}

/// A count, which some specs type `number` (GitHub's `total_count`).
fn count(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer(_) | TypeRef::Number)
}

fn boolean(t: &TypeRef) -> bool {
    *t == TypeRef::Boolean
}

/// The list of an operation's only success body: `results` names the items' field, else it is
/// the body's one array field (the body may also be the array).
fn list<'a>(api: &'a Api, body: &'a TypeRef, results: Option<&str>, path: &str) -> Result<List<'a>, String> {
    match api.unalias(body) {
        TypeRef::Array(item) if results.is_none() => {
            Ok(List { fields: None, items: None, item: (**item).clone(), values: Vec::new() })
        }
        TypeRef::Named(id) => {
            let TypeKind::Struct(s) = &api.types[id.0].kind else {
                return Err("the body is no object".into());
            };
            let arrays: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| matches!(api.unalias(base(f).0), TypeRef::Array(_)))
                .filter(|f| results.is_none_or(|r| f.wire == r))
                .collect();
            let items = match arrays[..] {
                [items] => items,
                [] => return Err("the body holds no array".into()),
                _ => arrays
                    .iter()
                    .copied()
                    .find(|f| ITEMS.contains(&f.wire.as_str()))
                    .or_else(|| {
                        // The array named as the path's last segment: `/invitations` lists `invitations`.
                        let last = resource(path)?;
                        arrays.iter().copied().find(|f| normal(&f.wire) == last)
                    })
                    .ok_or_else(|| {
                        format!("the body holds {} arrays, none named as its items", arrays.len())
                    })?,
            };
            let TypeRef::Array(item) = api.unalias(base(items).0) else { unreachable!() };
            Ok(List {
                fields: Some(&s.fields),
                items: Some(items),
                item: (**item).clone(),
                values: values(api, &s.fields),
            })
        }
        _ => Err("the body is no array or object".into()),
    }
}

/// Array properties that hold a list's items, where a body holds several arrays.
const ITEMS: &[&str] = &["data", "items", "results", "entries", "records", "values", "value", "elements"];

/// A name without case and separators: `payment_methods` and `paymentMethods` are one.
fn normal(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The last literal segment of a path template, normalised: `/orgs/{org}/members` gives
/// `members`.
fn resource(path: &str) -> Option<String> {
    let last = path.split('/').rev().find(|s| !s.is_empty() && !s.contains('{'))?;
    let last = last.split(['.', ':']).next().unwrap_or(last);
    Some(normal(last)).filter(|l| !l.is_empty())
}

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
fn page_object(api: &Api, op: &Operation) -> Option<(usize, Option<Ident>)> {
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
            .then(|| (i, Some(number.ident.clone())))
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
        PageNext::Page { param: p, member, end } => {
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
            DeclaredKind::Page => PageNext::Page {
                param: param(true)?,
                member: None,
                end: page_end(&list).unwrap_or(PageEnd::Empty),
            },
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
        .map(|p| (p, None))
        .or_else(|| page_object(api, op));
    if let Some((param, member)) = &page {
        if let Some(end) = page_end(&list) {
            return Ok(make(&list, PageNext::Page { param: *param, member: member.clone(), end }, None));
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
    if let Some((param, _)) = page {
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

/// The purpose `x-stainless-pagination-property` gives a schema (`items`, `next_cursor_param`,
/// ...), and whether it marks a top-level array of items.
fn stainless(schema: &Schema) -> (Option<&str>, bool) {
    let Some(x) = schema.schema_data.extensions.get("x-stainless-pagination-property") else {
        return (None, false);
    };
    let top = x.get("is_top_level_array").and_then(serde_json::Value::as_bool).unwrap_or(false);
    (x.get("purpose").and_then(serde_json::Value::as_str), top)
}

impl Lowering<'_> {
    /// What Stainless' markers (`x-stainless-pagination-property` on a parameter's schema and
    /// on the response's properties: Cloudflare's spec) declare: a cursor parameter and field, an
    /// offset or a page number parameter, and the items.
    pub(super) fn stainless_paging(&self, op: &openapiv3::Operation, ptr: &str) -> Option<DeclaredPaging> {
        let mut param = None;
        for (i, p) in op.parameters.iter().enumerate() {
            let at = crate::error::join(&crate::error::join(ptr, "parameters"), &i.to_string());
            let Ok(p) = self.deref(p, &at) else { continue };
            let data = p.parameter_data_ref();
            let openapiv3::ParameterSchemaOrContent::Schema(s) = &data.format else { continue };
            let kind = match self.item(s).and_then(|s| stainless(s).0) {
                Some("next_cursor_param") => DeclaredKind::Cursor,
                Some("offset_count_param") => DeclaredKind::Offset,
                Some("page_number_param") => DeclaredKind::Page,
                _ => continue,
            };
            param = Some((kind, data.name.clone()));
        }
        let (kind, param) = param?;
        // The success response's JSON schema: its properties (through `allOf`) say which holds
        // the items and which the next cursor.
        let body = op.responses.responses.iter().find_map(|(code, r)| {
            let success = matches!(code, openapiv3::StatusCode::Code(200..=299));
            let r = self.deref(r, "").ok().filter(|_| success)?;
            r.content.iter().find(|(k, _)| k.contains("json")).and_then(|(_, m)| m.schema.as_ref())
        })?;
        let body = self.item(body)?;
        let (mut results, mut next) = (None, None);
        let mut members = vec![body];
        while let Some(s) = members.pop() {
            match &s.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    for (name, property) in &o.properties {
                        let property = match property {
                            ReferenceOr::Item(s) => Some(&**s),
                            ReferenceOr::Reference { reference } => {
                                self.referenced_schema(reference, "").ok()
                            }
                        };
                        match property.and_then(|s| stainless(s).0) {
                            Some("items") => results = Some(name.clone()),
                            Some("next_cursor_field") => next = Some(name.clone()),
                            _ => {}
                        }
                    }
                }
                SchemaKind::AllOf { all_of } => members.extend(all_of.iter().filter_map(|m| self.item(m))),
                _ => {}
            }
        }
        let top_level = stainless(body).1;
        if results.is_none() && !top_level {
            return None;
        }
        if kind == DeclaredKind::Cursor && next.is_none() {
            return None;
        }
        Some(DeclaredPaging {
            source: "x-stainless-pagination-property".into(),
            kind,
            param: Some(param),
            next,
            results,
        })
    }
}
