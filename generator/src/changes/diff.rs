//! Two descriptions of a crate's public API compared: every change, classed twice.
//!
//! - *Rust* (the semver of the generated crate): does a downstream crate that compiled against
//!   the old API still compile? Breaking, additive, or internal (nothing a caller can name).
//! - *Wire*: does a client built from the old spec still work against a server that follows
//!   the new one? Breaking or compatible.
//!
//! The two differ: a response field becoming nullable compiles (the Rust type was already
//! `Option`, or the change shows as a type change) but an old client fails to decode `null`; a
//! new enum value in a response breaks an exhaustive `match` but an old client reads it into
//! the enum's catch-all.

use super::describe::*;
use std::collections::BTreeMap;

/// How a change affects code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rust {
    Breaking,
    Additive,
    Internal,
}

/// How a change affects a client built from the old spec, talking to a new server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wire {
    Breaking,
    Compatible,
}

/// One change, with where it is and why it is classed so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub rust: Rust,
    pub wire: Wire,
    /// The Rust path (`Client::list_pets`, `types::Pet::name`).
    pub item: String,
    /// The JSON pointer in the (new, or for a removal the old) spec.
    pub pointer: String,
    /// What changed, and why it is classed so.
    pub why: String,
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        rust: Rust,
        wire: Wire,
        item: impl Into<String>,
        pointer: &str,
        why: impl Into<String>,
    ) {
        self.0.push(Change { rust, wire, item: item.into(), pointer: pointer.to_string(), why: why.into() });
    }
}

/// Every change from `old` to `new`, breaking ones first.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut c = Changes(Vec::new());
    client(&mut c, old, new);
    // An operation whose method is gone while one of another name serves the same spec location
    // (method and path) was renamed: breaking in Rust, the same on the wire.
    let renamed: BTreeMap<&str, &str> = pairs(&old.operations, &new.operations)
        .into_iter()
        .filter_map(|(name, o, n)| Some((name, o?)).filter(|_| n.is_none()))
        .filter_map(|(old_name, o)| {
            let to = new
                .operations
                .iter()
                .find(|(k, n)| n.pointer == o.pointer && !old.operations.contains_key(*k));
            to.map(|(new_name, _)| (old_name, new_name.as_str()))
        })
        .collect();
    for (name, o, n) in pairs(&old.operations, &new.operations) {
        let item = format!("Client::{name}");
        match (o, n) {
            (Some(o), None) if renamed.contains_key(name) => {
                let to = renamed[name];
                let why = format!("operation renamed to `{to}` (the same {}): callers of the old name no longer compile; the wire is unchanged", o.http);
                c.push(Rust::Breaking, Wire::Compatible, item, &o.pointer, why);
                operation(&mut c, &format!("Client::{to}"), o, &new.operations[to]);
            }
            (None, Some(_)) if renamed.values().any(|to| *to == name) => {}
            (Some(o), None) => c.push(Rust::Breaking, Wire::Breaking, item, &o.pointer, "operation removed: callers of the method no longer compile, and the server no longer serves it"),
            (None, Some(n)) => c.push(Rust::Additive, Wire::Compatible, item, &n.pointer, format!("operation added ({})", n.http)),
            (Some(o), Some(n)) => operation(&mut c, &item, o, n),
            (None, None) => {}
        }
    }
    for (name, o, n) in pairs(&old.types, &new.types) {
        let item = format!("types::{name}");
        match (o, n) {
            (Some(o), None) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                item,
                pointer(o),
                "type removed: code that names it no longer compiles",
            ),
            (None, Some(n)) => c.push(Rust::Additive, Wire::Compatible, item, pointer(n), "type added"),
            (Some(o), Some(n)) => ty(&mut c, &item, o, n),
            (None, None) => {}
        }
    }
    if old.spec_version != new.spec_version {
        let why = format!("spec version {} → {}", old.spec_version, new.spec_version);
        c.push(Rust::Internal, Wire::Compatible, "crate docs", "/info/version", why);
    }
    let mut changes = c.0;
    changes.sort_by(|a, b| {
        (a.rust.min(rust_of(a.wire)), &a.item, &a.why).cmp(&(b.rust.min(rust_of(b.wire)), &b.item, &b.why))
    });
    changes
}

/// A wire class ranked with the Rust ones (breaking first), for ordering.
fn rust_of(w: Wire) -> Rust {
    match w {
        Wire::Breaking => Rust::Breaking,
        Wire::Compatible => Rust::Internal,
    }
}

/// The keys of two maps together, in order, with what each side has.
fn pairs<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> Vec<(&'a str, Option<&'a V>, Option<&'a V>)> {
    let mut keys: Vec<&str> = old.keys().chain(new.keys()).map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().map(|k| (k, old.get(k), new.get(k))).collect()
}

fn pointer(t: &TypeApi) -> &str {
    match t {
        TypeApi::Struct { pointer, .. }
        | TypeApi::Enum { pointer, .. }
        | TypeApi::Union { pointer, .. }
        | TypeApi::Alias { pointer, .. } => pointer,
    }
}

fn client(c: &mut Changes, old: &Surface, new: &Surface) {
    if old.servers.first() != new.servers.first() {
        let why = format!(
            "default server {} → {}: an old client calls the old URL",
            old.servers.first().map_or("(none)", String::as_str),
            new.servers.first().map_or("(none)", String::as_str)
        );
        c.push(Rust::Internal, Wire::Breaking, "Client", "/servers", why);
    }
    // `Server` is an exhaustive enum: callers name its variants, and may match on them.
    for v in old.server_variants.iter().filter(|v| !new.server_variants.contains(v)) {
        c.push(
            Rust::Breaking,
            Wire::Compatible,
            format!("Server::{v}"),
            "/servers",
            "server removed: code that names it no longer compiles",
        );
    }
    for v in new.server_variants.iter().filter(|v| !old.server_variants.contains(v)) {
        c.push(
            Rust::Breaking,
            Wire::Compatible,
            format!("Server::{v}"),
            "/servers",
            "server added: an exhaustive match on Server no longer compiles",
        );
    }
    for (setter, o, n) in pairs(&old.server_variables, &new.server_variables) {
        let item = format!("ClientBuilder::{setter}");
        match (o, n) {
            (Some(_), None) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                item,
                "/servers",
                "server variable removed: callers of the setter no longer compile",
            ),
            (None, Some(t)) => c.push(
                Rust::Additive,
                Wire::Compatible,
                item,
                "/servers",
                format!("server variable added ({t})"),
            ),
            (Some(t), Some(u)) if t != u => {
                c.push(Rust::Breaking, Wire::Breaking, item, "/servers", format!("takes {u}, was {t}"))
            }
            _ => {}
        }
    }
    for (setter, o, n) in pairs(&old.auth, &new.auth) {
        let item = format!("ClientBuilder::{setter}");
        match (o, n) {
            (Some(o), None) => c.push(Rust::Breaking, Wire::Breaking, item, "/components/securitySchemes", format!("credential ({o}) removed: callers of the setter no longer compile, and what it sent is no longer accepted")),
            (None, Some(n)) => c.push(Rust::Additive, Wire::Compatible, item, "/components/securitySchemes", format!("credential added ({n})")),
            (Some(o), Some(n)) if o != n => c.push(Rust::Internal, Wire::Breaking, item, "/components/securitySchemes", format!("credential sent as {o} → {n}: an old client sends it where the server no longer looks")),
            _ => {}
        }
    }
    for (setter, o, n) in pairs(&old.client_headers, &new.client_headers) {
        let item = format!("ClientBuilder::{setter}");
        match (o, n) {
            (Some(o), None) => c.push(
                Rust::Breaking,
                Wire::Compatible,
                item,
                "/paths",
                format!("required header {o} no longer required by every operation: the setter is gone"),
            ),
            (None, Some(n)) => c.push(
                Rust::Additive,
                Wire::Breaking,
                item,
                "/paths",
                format!("header {n} now required by every operation: an old client does not send it"),
            ),
            _ => {}
        }
    }
}

fn operation(c: &mut Changes, item: &str, o: &OperationApi, n: &OperationApi) {
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

fn ty(c: &mut Changes, item: &str, o: &TypeApi, n: &TypeApi) {
    let at = pointer(n);
    match (o, n) {
        (
            TypeApi::Struct { fields: of, sent: was_sent, read: was_read, .. },
            TypeApi::Struct { fields: nf, sent, read, .. },
        ) => {
            let (sent, read) = (*sent || *was_sent, *read || *was_read);
            for (name, was, is) in pairs(of, nf) {
                let field = format!("{item}::{name}");
                let wire_name =
                    is.or(was).map(|f| f.wire.replace('~', "~0").replace('/', "~1")).unwrap_or_default();
                let at = &format!("{at}/properties/{wire_name}");
                match (was, is) {
                    (None, Some(f)) => {
                        let rust = if f.argument { Rust::Breaking } else { Rust::Additive };
                        let (wire, why) = match (sent && f.required, f.argument) {
                            (true, _) => (
                                Wire::Breaking,
                                format!("required field {} added: an old client does not send it", f.wire),
                            ),
                            (false, true) => {
                                (Wire::Compatible, format!("field {} added, an argument of new()", f.wire))
                            }
                            (false, false) => (
                                Wire::Compatible,
                                format!("field {} added (the struct is #[non_exhaustive])", f.wire),
                            ),
                        };
                        let why = if f.argument && sent && f.required {
                            format!("{why}; new() takes it")
                        } else {
                            why
                        };
                        c.push(rust, wire, field, at, why);
                    }
                    (Some(f), None) => {
                        let wire =
                            if read && f.required && !f.nullable { Wire::Breaking } else { Wire::Compatible };
                        let why = match wire {
                            Wire::Breaking => format!("required field {} removed: an old client fails to read a response without it", f.wire),
                            Wire::Compatible => format!("field {} removed", f.wire),
                        };
                        c.push(Rust::Breaking, wire, field, at, why);
                    }
                    (Some(f), Some(g)) => field_change(c, &field, at, f, g, sent, read),
                    (None, None) => {}
                }
            }
        }
        (TypeApi::Enum { values: ov, .. }, TypeApi::Enum { values: nv, sent, read, .. }) => {
            let at = &format!("{at}/enum");
            for (name, was, is) in pairs(ov, nv) {
                let variant = format!("{item}::{name}");
                match (was, is) {
                    (None, Some(v)) => c.push(Rust::Breaking, Wire::Compatible, variant, at, format!("value {v} added: an exhaustive match no longer compiles; an old client reads it as Other")),
                    (Some(v), None) => {
                        let wire = if *sent { Wire::Breaking } else { Wire::Compatible };
                        let why = match wire {
                            Wire::Breaking => format!("value {v} removed from a request type: an old client may still send it"),
                            Wire::Compatible => format!("value {v} removed"),
                        };
                        c.push(Rust::Breaking, wire, variant, at, why);
                    }
                    (Some(v), Some(w)) if v != w => c.push(Rust::Internal, Wire::Breaking, variant, at, format!("wire value {w}, was {v}")),
                    _ => {}
                }
            }
            let _ = read;
        }
        (TypeApi::Union { variants: ov, .. }, TypeApi::Union { variants: nv, sent, .. }) => {
            for (name, was, is) in pairs(ov, nv) {
                let variant = format!("{item}::{name}");
                match (was, is) {
                    (None, Some(t)) => c.push(Rust::Breaking, Wire::Compatible, variant, at, format!("variant {t} added: an exhaustive match no longer compiles; an old client reads it as Other")),
                    (Some(t), None) => {
                        let wire = if *sent { Wire::Breaking } else { Wire::Compatible };
                        c.push(Rust::Breaking, wire, variant, at, format!("variant {t} removed"));
                    }
                    (Some(t), Some(u)) if t != u => c.push(Rust::Breaking, Wire::Breaking, variant, at, format!("holds {u}, was {t}")),
                    _ => {}
                }
            }
        }
        (TypeApi::Alias { ty: t, .. }, TypeApi::Alias { ty: u, .. }) if t != u => {
            c.push(Rust::Breaking, Wire::Breaking, item, at, format!("stands for {u}, was {t}"));
        }
        (TypeApi::Alias { .. }, TypeApi::Alias { .. }) => {}
        _ => c.push(
            Rust::Breaking,
            Wire::Breaking,
            item,
            at,
            "a different kind of type (struct, enum, union or alias)",
        ),
    }
}

/// A field's type without the `Option` or `Nullable` that says whether it may be absent or null.
fn value_type(ty: &str) -> &str {
    ["Option<", "Nullable<"]
        .iter()
        .find_map(|w| ty.strip_prefix(w).and_then(|t| t.strip_suffix('>')))
        .unwrap_or(ty)
}

fn field_change(c: &mut Changes, item: &str, at: &str, f: &FieldApi, g: &FieldApi, sent: bool, read: bool) {
    if f.ty != g.ty {
        // Whether it may be absent or null is a wire matter of its own (below).
        let wire = if value_type(&f.ty) == value_type(&g.ty) { Wire::Compatible } else { Wire::Breaking };
        c.push(Rust::Breaking, wire, item, at, format!("is {}, was {}", g.ty, f.ty));
    }
    if f.wire != g.wire {
        c.push(Rust::Internal, Wire::Breaking, item, at, format!("travels as {}, was {}", g.wire, f.wire));
    }
    if f.argument != g.argument {
        let why = if g.argument { "now an argument of new()" } else { "no longer an argument of new()" };
        c.push(Rust::Breaking, Wire::Compatible, item, at, why);
    }
    if read && !f.nullable && g.nullable {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} may be null: an old client fails to read it", g.wire),
        );
    }
    if read && f.required && !g.required {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} no longer required: an old client fails to read a response without it", g.wire),
        );
    }
    if sent && !f.required && g.required {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} now required: an old client may leave it out", g.wire),
        );
    }
}
