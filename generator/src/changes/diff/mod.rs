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

mod operation;
mod types;
use types::*;

use operation::*;

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
