//! The changes to one operation: its method, path, parameters, body, responses, errors,\nheaders and paging.

use super::*;

pub(super) fn operation(c: &mut Changes, item: &str, o: &OperationApi, n: &OperationApi) {
    let at = n.pointer.as_str();
    if o.http != n.http {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} → {}: an old client calls the old one", o.http, n.http),
        );
    }
    // Arguments, by wire name: one that appears is a new required parameter.
    let by_wire =
        |ps: &[ParamApi]| ps.iter().map(|p| (p.wire.clone(), p.ty.clone())).collect::<BTreeMap<_, _>>();
    let (oa, na) = (by_wire(&o.arguments), by_wire(&n.arguments));
    let optional = |ps: &BTreeMap<String, ParamApi>, wire: &str| ps.values().any(|p| p.wire == wire);
    for (wire, was, is) in pairs(&oa, &na) {
        match (was, is) {
            (None, Some(_)) if optional(&o.setters, wire) => c.push(
                Rust::Breaking,
                Wire::Breaking,
                item,
                at,
                format!(
                    "{wire} became required: a caller must now pass it, and an old client may leave it out"
                ),
            ),
            (None, Some(_)) => c.push(
                Rust::Breaking,
                Wire::Breaking,
                item,
                at,
                format!(
                    "required {wire} added: a caller must now pass it, and an old client does not send it"
                ),
            ),
            (Some(_), None) if optional(&n.setters, wire) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                item,
                at,
                format!("{wire} became optional: it is a setter, no longer an argument"),
            ),
            (Some(_), None) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                item,
                at,
                format!("required {wire} removed: the method takes one argument fewer"),
            ),
            (Some(t), Some(u)) if t != u => {
                c.push(Rust::Breaking, Wire::Breaking, item, at, format!("{wire} is {u}, was {t}"))
            }
            _ => {}
        }
    }
    let order = |ps: &[ParamApi]| ps.iter().map(|p| p.wire.clone()).collect::<Vec<_>>();
    if oa.keys().eq(na.keys()) && order(&o.arguments) != order(&n.arguments) {
        c.push(Rust::Breaking, Wire::Compatible, item, at, "the arguments are in another order");
    }
    for (setter, was, is) in pairs(&o.setters, &n.setters) {
        let setter_item = format!("{item}(..).{setter}");
        match (was, is) {
            (Some(p), None) if !na.contains_key(&p.wire) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                setter_item,
                at,
                format!("optional {} removed: callers of the setter no longer compile", p.wire),
            ),
            (None, Some(p)) if !oa.contains_key(&p.wire) => c.push(
                Rust::Additive,
                Wire::Compatible,
                setter_item,
                at,
                format!("optional {} added", p.wire),
            ),
            (Some(p), Some(q)) if p.ty != q.ty => c.push(
                Rust::Breaking,
                Wire::Breaking,
                setter_item,
                at,
                format!("{} is {}, was {}", q.wire, q.ty, p.ty),
            ),
            (Some(p), Some(q)) if p.wire != q.wire => c.push(
                Rust::Internal,
                Wire::Breaking,
                setter_item,
                at,
                format!("sent as {}, was {}: an old client sends the old one", q.wire, p.wire),
            ),
            _ => {}
        }
    }
    match (&o.body, &n.body) {
        (None, Some(b)) if b.required => c.push(
            Rust::Breaking,
            Wire::Breaking,
            item,
            at,
            format!("required body {} added: a caller must pass it, and an old client sends none", b.ty),
        ),
        (None, Some(b)) => c.push(
            Rust::Additive,
            Wire::Compatible,
            format!("{item}(..).body"),
            at,
            format!("optional body {} added", b.ty),
        ),
        (Some(b), None) => {
            c.push(Rust::Breaking, Wire::Compatible, item, at, format!("body {} removed", b.ty))
        }
        (Some(b), Some(d)) => {
            if b.ty != d.ty {
                c.push(Rust::Breaking, Wire::Breaking, item, at, format!("body is {}, was {}", d.ty, b.ty));
            }
            if b.required != d.required {
                let wire = if d.required { Wire::Breaking } else { Wire::Compatible };
                c.push(
                    Rust::Breaking,
                    wire,
                    item,
                    at,
                    format!(
                        "body {} (an argument of the method, or its setter)",
                        if d.required { "became required" } else { "became optional" }
                    ),
                );
            }
            if b.media != d.media {
                c.push(
                    Rust::Internal,
                    Wire::Breaking,
                    item,
                    at,
                    format!("body sent as {}, was {}: an old client sends the old one", d.media, b.media),
                );
            }
        }
        (None, None) => {}
    }
    if o.ok != n.ok {
        c.push(Rust::Breaking, Wire::Breaking, item, at, format!("gives {} on success, was {}", n.ok, o.ok));
    }
    for (variant, was, is) in pairs(&o.errors, &n.errors) {
        let error_item = format!("{item}: error {variant}");
        match (was, is) {
            (None, Some(_)) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                error_item,
                at,
                "error variant added: an exhaustive match on the error enum no longer compiles",
            ),
            (Some(_), None) => {
                c.push(Rust::Breaking, Wire::Compatible, error_item, at, "error variant removed")
            }
            (Some(t), Some(u)) if t != u => {
                c.push(Rust::Breaking, Wire::Breaking, error_item, at, format!("error body is {u}, was {t}"))
            }
            _ => {}
        }
    }
    for (variant, was, is) in pairs(&o.outcomes, &n.outcomes) {
        let outcome = format!("{item}: success {variant}");
        match (was, is) {
            (None, Some(_)) if !o.outcomes.is_empty() => c.push(
                Rust::Breaking,
                Wire::Compatible,
                outcome,
                at,
                "success variant added: an exhaustive match on the outcome no longer compiles",
            ),
            (Some(_), None) if !n.outcomes.is_empty() => {
                c.push(Rust::Breaking, Wire::Compatible, outcome, at, "success variant removed")
            }
            (Some(t), Some(u)) if t != u => {
                c.push(Rust::Breaking, Wire::Breaking, outcome, at, format!("success body is {u}, was {t}"))
            }
            _ => {}
        }
    }
    for (field, was, is) in pairs(&o.headers, &n.headers) {
        let header = format!("{item}: header {field}");
        match (was, is) {
            // The headers struct is #[non_exhaustive]: no struct literal names every field.
            (None, Some(t)) => c.push(
                Rust::Additive,
                Wire::Compatible,
                header,
                at,
                format!("typed response header added ({t})"),
            ),
            (Some(_), None) => {
                c.push(Rust::Breaking, Wire::Compatible, header, at, "typed response header removed")
            }
            (Some(t), Some(u)) if t != u => {
                c.push(Rust::Breaking, Wire::Compatible, header, at, format!("is {u}, was {t}"))
            }
            _ => {}
        }
    }
    match (&o.events, &n.events) {
        (None, Some(t)) => c.push(
            Rust::Additive,
            Wire::Compatible,
            format!("{item}(..).stream"),
            at,
            format!("streams events of {t}"),
        ),
        (Some(_), None) => c.push(
            Rust::Breaking,
            Wire::Breaking,
            format!("{item}(..).stream"),
            at,
            "no longer streams: callers of stream() no longer compile, and the server sends no events",
        ),
        (Some(t), Some(u)) if t != u => c.push(
            Rust::Breaking,
            Wire::Breaking,
            format!("{item}(..).stream"),
            at,
            format!("events of {u}, were {t}"),
        ),
        _ => {}
    }
    match (&o.pages, &n.pages) {
        (None, Some(t)) => c.push(
            Rust::Additive,
            Wire::Compatible,
            format!("{item}(..).items"),
            at,
            format!("reads its list in pages of {t}"),
        ),
        (Some(_), None) => c.push(
            Rust::Breaking,
            Wire::Compatible,
            format!("{item}(..).items"),
            at,
            "no longer pages: callers of items() and pages() no longer compile",
        ),
        (Some(t), Some(u)) if t != u => c.push(
            Rust::Breaking,
            Wire::Breaking,
            format!("{item}(..).items"),
            at,
            format!("items are {u}, were {t}"),
        ),
        _ => {}
    }
    if o.security != n.security {
        let wire =
            if n.security.iter().all(|s| o.security.contains(s)) { Wire::Compatible } else { Wire::Breaking };
        let why = format!("sends credentials [{}], was [{}]", n.security.join(", "), o.security.join(", "));
        c.push(Rust::Internal, wire, item, at, why);
    }
}
