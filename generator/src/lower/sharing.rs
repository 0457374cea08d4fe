//! Which operations share an error enum or a response-headers struct ([`Share`]).
//!
//! Most APIs document the same errors for most operations (Stripe's 468 operations have one
//! error enum between them; DigitalOcean's 659 have 37, and 2 header structs for 658). Each
//! operation keeps its own name, `{Op}Error` and `{Op}Headers`, so calling code does not change;
//! where another operation's item is the same, that name is an alias of it
//! (`pub type PostCustomersError = GetAccountError;`) instead of a copy. Every copy was a type
//! with three or four derived impls that rustc type-checks, borrow-checks and keeps in memory:
//! on DigitalOcean's crate the copies were a fifth of `cargo check`'s time and memory.
//!
//! Two operations' items are the same when everything the item is printed from is equal: for
//! an error enum, each error response's variant, status, description, body type, boxing and
//! documented constants; for a headers struct, each documented success header (the first of a
//! name) with its type, wire name and description. Descriptions are compared as the docs print
//! them ([`prose`]: InfluxDB's `HEAD /ping` and `GET /ping` differ in a trailing newline). The item an alias names is the first
//! operation's (in document order). It sits beside that operation when every operation that
//! shares it is in the same module, and in `operations.rs`, compiled with any of their
//! features, when they span tags.

use crate::emit::docs::prose;
use crate::model::*;

/// What an operation's error enum is printed from.
#[derive(PartialEq)]
struct ErrorShape<'a>(Vec<ErrorVariant<'a>>);

#[derive(PartialEq)]
struct ErrorVariant<'a> {
    variant: &'a Ident,
    status: &'a Status,
    description: String,
    body: Option<(&'a TypeRef, bool, &'a [ConstField])>,
}

/// What an operation's headers struct is printed from: each header's name, type, wire name and
/// description.
#[derive(PartialEq)]
struct HeadersShape<'a>(Vec<(&'a Ident, &'a TypeRef, &'a str, Option<String>)>);

fn error_shape(op: &Operation) -> ErrorShape<'_> {
    ErrorShape(
        op.errors
            .iter()
            .map(|r| ErrorVariant {
                variant: &r.variant,
                status: &r.status,
                description: prose(&r.description),
                body: r.body.as_ref().map(|b| (&b.ty, b.boxed, &b.consts[..])),
            })
            .collect(),
    )
}

fn headers_shape(op: &Operation) -> Option<HeadersShape<'_>> {
    op.headers_name.as_ref()?;
    let mut headers: Vec<&ResponseHeader> = Vec::new();
    for h in op.success.iter().flat_map(|r| &r.headers) {
        if !headers.iter().any(|x| x.ident == h.ident) {
            headers.push(h);
        }
    }
    Some(HeadersShape(
        headers
            .into_iter()
            .map(|h| (&h.ident, &h.ty, h.wire.as_str(), h.description.as_deref().map(prose)))
            .collect(),
    ))
}

/// Sets every operation's [`Operation::error_share`] and [`Operation::headers_share`]; runs
/// after boxing and the documented constants are decided.
pub(super) fn sharing(api: &mut Api) {
    let errors = shares(api, api.operations.iter().map(|op| Some(error_shape(op))).collect());
    let headers = shares(api, api.operations.iter().map(headers_shape).collect());
    for ((op, e), h) in api.operations.iter_mut().zip(errors).zip(headers) {
        op.error_share = e;
        op.headers_share = h;
    }
}

/// Groups the operations whose shapes (`None`: the operation has no such item) are equal.
fn shares<S: PartialEq>(api: &Api, shapes: Vec<Option<S>>) -> Vec<Share> {
    let module = |i: usize| api.operations[i].group;
    // Each distinct shape with its members, in order of first use.
    let mut groups: Vec<(&S, Vec<usize>)> = Vec::new();
    for (i, shape) in shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        match groups.iter_mut().find(|(s, _)| *s == shape) {
            Some((_, members)) => members.push(i),
            None => groups.push((shape, vec![i])),
        }
    }
    let mut out = vec![Share::Own; shapes.len()];
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let first = members[0];
        let across = members.iter().any(|&m| module(m) != module(first));
        for &m in &members[1..] {
            out[m] = Share::Alias { of: first, across };
        }
        let mut features: Vec<String> = match across {
            true => members.iter().filter_map(|&m| Some(api.groups[module(m)?].feature.clone())).collect(),
            false => Vec::new(),
        };
        features.sort_unstable();
        features.dedup();
        out[first] = Share::First { members, features };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(s: &str) -> Ident {
        crate::names::Scope::new().claim(s)
    }

    fn not_found(description: &str) -> Response {
        Response {
            status: Status::Code(404),
            variant: ident("NotFound"),
            description: description.into(),
            body: Some(ResponseBody {
                media: BodyMedia::Json,
                ty: TypeRef::String,
                boxed: false,
                consts: vec![],
            }),
            headers: vec![],
            guarded: false,
        }
    }

    fn api(errors: Vec<Vec<Response>>, groups: &[&[usize]]) -> Api {
        let op = |i: usize, errors: Vec<Response>| {
            let name = ident(&format!("Op{i}"));
            Operation {
                operation_id: format!("op{i}"),
                tag: None,
                method_name: ident(&format!("op{i}")),
                builder_name: name.clone(),
                error_name: ident(&format!("Op{i}Error")),
                params_name: name,
                http_method: "get".into(),
                path: format!("/{i}"),
                path_parts: vec![],
                summary: None,
                description: None,
                deprecated: false,
                servers: vec![],
                params: vec![],
                body: None,
                success: vec![],
                errors,
                success_enum: None,
                headers_name: None,
                group: None,
                error_share: Share::Own,
                headers_share: Share::Own,
                events: None,
                declared_paging: None,
                paging: None,
                security: vec![],
            }
        };
        let mut operations: Vec<Operation> = errors.into_iter().enumerate().map(|(i, e)| op(i, e)).collect();
        for (g, ops) in groups.iter().enumerate() {
            ops.iter().for_each(|&i| operations[i].group = Some(g));
        }
        Api {
            operations,
            groups: groups
                .iter()
                .enumerate()
                .map(|(g, ops)| Group {
                    tag: None,
                    resource: None,
                    module: ident(&format!("m{g}")),
                    feature: format!("tag-{g}"),
                    description: None,
                    operations: ops.to_vec(),
                })
                .collect(),
            ..Api::default()
        }
    }

    #[test]
    fn equal_errors_share_the_first_operations_enum() {
        let mut a = api(vec![vec![not_found("x")], vec![not_found("other")], vec![not_found("x")]], &[]);
        sharing(&mut a);
        let shares: Vec<&Share> = a.operations.iter().map(|o| &o.error_share).collect();
        assert_eq!(
            shares,
            [
                &Share::First { members: vec![0, 2], features: vec![] },
                &Share::Own,
                &Share::Alias { of: 0, across: false }
            ]
        );
    }

    #[test]
    fn across_modules_the_item_names_every_members_feature() {
        let mut a =
            api(vec![vec![not_found("x")], vec![not_found("x")], vec![not_found("x")]], &[&[0, 2], &[1]]);
        sharing(&mut a);
        assert_eq!(
            a.operations[0].error_share,
            Share::First { members: vec![0, 1, 2], features: vec!["tag-0".into(), "tag-1".into()] }
        );
        assert_eq!(a.operations[2].error_share, Share::Alias { of: 0, across: true });
        // No headers documented: no struct to share.
        assert!(a.operations.iter().all(|o| o.headers_share == Share::Own));
    }

    #[test]
    fn a_boxed_body_is_another_enum() {
        let mut boxed = not_found("x");
        boxed.body.as_mut().unwrap().boxed = true;
        let mut a = api(vec![vec![not_found("x")], vec![boxed]], &[]);
        sharing(&mut a);
        assert!(a.operations.iter().all(|o| o.error_share == Share::Own));
    }
}
