//! Pagination: which list operations page, and how. A spec may declare it
//! (`x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`); otherwise a few common
//! conventions are recognised. Either way the operation gets paging helpers only when its
//! parameters and its response type match the rule completely: a wrong guess (a loop that
//! repeats a page, or stops early) is worse than none.

use super::Lowering;
use crate::model::*;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// A `$.data`, `$response.data` or bare `data` path of one property.
fn one_property(path: &str) -> Option<String> {
    let name = path.trim();
    let name = name.strip_prefix("$response.").or_else(|| name.strip_prefix("$request.")).unwrap_or(name);
    let name = name.strip_prefix("$.").unwrap_or(name);
    let simple = !name.is_empty() && !name.contains(['.', '[', ']', '$', '*']);
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

/// Query parameters that take a cursor, in the order they are tried, and the response
/// properties that hold the next one.
const CURSOR_PARAMS: &[&str] =
    &["page_token", "pageToken", "cursor", "next_token", "nextToken", "page", "after", "starting_after"];
const NEXT_CURSORS: &[&str] = &[
    "next_page_token",
    "nextPageToken",
    "next_cursor",
    "nextCursor",
    "next_token",
    "nextToken",
    "next_page",
];
/// Query parameters that say how many items a page holds (with `offset`).
const SIZE_PARAMS: &[&str] =
    &["limit", "page_size", "pageSize", "per_page", "size", "count", "max_results", "maxResults"];
/// Response properties that hold the next page's URL.
const NEXT_URLS: &[&str] =
    &["next_url", "nextUrl", "next_link", "nextLink", "@odata.nextLink", "next_page_url", "nextPageUrl"];

/// A field's type without its `Option`s, and whether it had one.
fn base(t: &TypeRef) -> (&TypeRef, bool) {
    let mut t = t;
    let mut optional = false;
    while let TypeRef::Option(inner) = t {
        t = inner;
        optional = true;
    }
    (t, optional)
}

/// The list an operation returns: the body struct (if it is one) and the field with the items,
/// or the body itself when it is an array.
struct List<'a> {
    fields: Option<&'a [Field]>,
    items: Option<&'a Field>,
    item: TypeRef,
}

impl List<'_> {
    fn field(&self, wire: &str) -> Option<&Field> {
        self.fields?.iter().find(|f| f.wire == wire)
    }

    /// A string field (`String` or `Option<String>`).
    fn string(&self, wire: &str) -> Option<(Ident, bool)> {
        let f = self.field(wire)?;
        let (t, optional) = base(&f.ty);
        (*t == TypeRef::String).then(|| (f.ident.clone(), optional))
    }
}

/// The list of an operation's only success body: `results` names the items' field, else it is
/// the body's one array field (the body may also be the array).
fn list<'a>(api: &'a Api, body: &'a TypeRef, results: Option<&str>) -> Option<List<'a>> {
    match api.unalias(body) {
        TypeRef::Array(item) if results.is_none() => {
            Some(List { fields: None, items: None, item: (**item).clone() })
        }
        TypeRef::Named(id) => {
            let TypeKind::Struct(s) = &api.types[id.0].kind else { return None };
            let arrays: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| matches!(api.unalias(base(&f.ty).0), TypeRef::Array(_)))
                .filter(|f| results.is_none_or(|r| f.wire == r))
                .collect();
            let [items] = arrays[..] else { return None };
            let TypeRef::Array(item) = api.unalias(base(&items.ty).0) else { return None };
            Some(List { fields: Some(&s.fields), items: Some(items), item: (**item).clone() })
        }
        _ => None,
    }
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

/// How an operation pages, if it does (see the module docs).
pub(super) fn paging(api: &Api, op: &Operation) -> Option<Paging> {
    if op.success_enum.is_some()
        || op.params.iter().any(|p| crate::surface::PAGING_NAMES.contains(&p.ident.as_str()))
    {
        return None;
    }
    let body = op.success.iter().find_map(|r| r.body.as_ref().filter(|b| b.media == BodyMedia::Json))?;
    let make = |pattern: &str, list: &List, next: PageNext| Paging {
        pattern: pattern.to_string(),
        items: list.items.map(|f| f.ident.clone()),
        items_optional: list.items.is_some_and(|f| base(&f.ty).1),
        item: list.item.clone(),
        next,
    };
    if let Some(d) = &op.declared_paging {
        let list = list(api, &body.ty, d.results.as_deref())?;
        let next = match d.kind {
            DeclaredKind::Cursor => {
                let param = query(api, op, d.param.as_deref()?, false)?;
                let (field, optional) = list.string(d.next.as_deref()?)?;
                PageNext::Cursor { param, field, optional }
            }
            DeclaredKind::Offset => PageNext::Offset { param: query(api, op, d.param.as_deref()?, true)? },
            DeclaredKind::Page => PageNext::Page { param: query(api, op, d.param.as_deref()?, true)? },
            DeclaredKind::NextUrl => {
                let (field, optional) = list.string(d.next.as_deref()?)?;
                PageNext::NextUrl { field, optional }
            }
        };
        return Some(make(&d.source, &list, next));
    }
    // The conventions: lists read with GET only.
    if op.http_method != "GET" {
        return None;
    }
    let list = list(api, &body.ty, None)?;
    // Stripe and OpenAI: `starting_after` (or `after`) the last item's id, while `has_more`.
    let last_id = || {
        let param = ["starting_after", "after"].iter().find_map(|w| query(api, op, w, false))?;
        let more = list.field("has_more")?;
        let (more_ty, more_optional) = base(&more.ty);
        let items = list.items?;
        let TypeRef::Named(item) = api.unalias(&list.item) else { return None };
        let TypeKind::Struct(item) = &api.types[item.0].kind else { return None };
        let id = item.fields.iter().find(|f| f.wire == "id" && f.ty == TypeRef::String)?;
        let fits = *more_ty == TypeRef::Boolean && items.wire == "data";
        fits.then(|| PageNext::LastId {
            param,
            more: more.ident.clone(),
            more_optional,
            id: id.ident.clone(),
        })
    };
    if let Some(next) = last_id() {
        return Some(make("starting_after + has_more", &list, next));
    }
    for wire in CURSOR_PARAMS {
        let Some(param) = query(api, op, wire, false) else { continue };
        if let Some((field, optional)) = NEXT_CURSORS.iter().find_map(|n| list.string(n)) {
            return Some(make("cursor", &list, PageNext::Cursor { param, field, optional }));
        }
    }
    if let Some(param) = query(api, op, "offset", true) {
        if SIZE_PARAMS.iter().any(|w| query(api, op, w, true).is_some()) {
            return Some(make("offset + limit", &list, PageNext::Offset { param }));
        }
    }
    if let Some((field, optional)) = NEXT_URLS.iter().find_map(|n| list.string(n)) {
        return Some(make("next URL", &list, PageNext::NextUrl { field, optional }));
    }
    let link = op.success.iter().flat_map(|r| &r.headers).any(|h| h.wire == "link");
    if link {
        return Some(make("Link header", &list, PageNext::Link));
    }
    None
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
