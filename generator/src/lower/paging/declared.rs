//! What a spec declares about paging: `x-speakeasy-pagination`, `x-fern-pagination`,\n`x-ms-pageable`, and Stainless's `x-stainless-pagination`-style schemas.

use super::*;

impl Lowering<'_> {
    /// What Stainless' markers (`x-stainless-pagination-property` on a parameter's schema and
    /// on the response's properties: Cloudflare's spec) declare: a cursor parameter and field, an
    /// offset or a page number parameter, and the items.
    pub(in crate::lower) fn stainless_paging(
        &self,
        op: &openapiv3::Operation,
        ptr: &str,
    ) -> Option<DeclaredPaging> {
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

/// A `$.meta.next`, `$response.data` or bare `data` path of properties, as `meta.next`.
pub(in crate::lower) fn one_property(path: &str) -> Option<String> {
    let name = path.trim();
    let name = name.strip_prefix("$response.").or_else(|| name.strip_prefix("$request.")).unwrap_or(name);
    let name = name.strip_prefix("$.").unwrap_or(name);
    let simple = !name.is_empty()
        && !name.contains(['[', ']', '$', '*'])
        && name.split('.').all(|part| !part.is_empty());
    simple.then(|| name.to_string())
}

/// What the operation's extensions declare about its pages.
pub(in crate::lower) fn declared(op: &openapiv3::Operation) -> Option<DeclaredPaging> {
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

/// The purpose `x-stainless-pagination-property` gives a schema (`items`, `next_cursor_param`,
/// ...), and whether it marks a top-level array of items.
pub(in crate::lower) fn stainless(schema: &Schema) -> (Option<&str>, bool) {
    let Some(x) = schema.schema_data.extensions.get("x-stainless-pagination-property") else {
        return (None, false);
    };
    let top = x.get("is_top_level_array").and_then(serde_json::Value::as_bool).unwrap_or(false);
    (x.get("purpose").and_then(serde_json::Value::as_str), top)
}
