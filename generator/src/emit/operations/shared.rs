//! Error enums and response-header structs that several operations share.
//!
//! Most APIs document the same errors for most operations (Stripe's 468 operations have one
//! error enum between them; DigitalOcean's 659 have 37, and 2 header structs for 658). Each
//! operation keeps its own name, `{Op}Error` and `{Op}Headers`, so calling code does not change;
//! where another operation's item is the same, that name is an alias of it
//! (`pub type PostCustomersError = GetAccountError;`) instead of a copy. Every copy was a type
//! with three or four derived impls that rustc type-checks, borrow-checks and keeps in memory:
//! on DigitalOcean's crate the copies were a fifth of `cargo check`'s time and memory.
//!
//! The item an alias names is the first operation's (in document order). It sits beside that
//! operation when every operation that shares it is in the same module, and in
//! `operations.rs`, compiled with any of their features, when they span tags.

use super::super::{doc_attrs, ident};
use super::error::error_items;
use super::response::headers_items;
use crate::model::Api;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// How one operation's error enum or header struct is emitted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Share {
    /// Its own item: no other operation has the same one.
    Own,
    /// The item the others alias; `members` are every operation that shares it (this one first),
    /// `across` says they span modules (the item is then in `operations.rs`).
    First { members: Vec<usize>, across: bool },
    /// An alias of the item of operation `of`.
    Alias { of: usize, across: bool },
}

/// For every operation, how its error enum and its header struct are emitted.
#[derive(Debug)]
pub(crate) struct Shared {
    pub errors: Vec<Share>,
    pub headers: Vec<Share>,
    /// Each operation's group (index into `Api::groups`; `usize::MAX` when the API has none).
    module: Vec<usize>,
}

impl Shared {
    pub(crate) fn of(api: &Api) -> Shared {
        let placeholder = format_ident!("Shared");
        let mut module = vec![usize::MAX; api.operations.len()];
        for (g, group) in api.groups.iter().enumerate() {
            group.operations.iter().for_each(|&i| module[i] = g);
        }
        let errors =
            shares(api, &module, |i| Some(error_items(api, &api.operations[i], &placeholder, &quote!())));
        let headers = shares(api, &module, |i| {
            api.operations[i]
                .headers_name
                .as_ref()
                .map(|_| headers_items(api, &api.operations[i], &placeholder, &quote!()))
        });
        Shared { errors, headers, module }
    }
}

/// Groups the operations whose item (`item(i)`, emitted under one placeholder name; `None`:
/// the operation has none) is the same.
fn shares(api: &Api, module: &[usize], item: impl Fn(usize) -> Option<TokenStream>) -> Vec<Share> {
    let mut by_item: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..api.operations.len() {
        if let Some(tokens) = item(i) {
            by_item.entry(tokens.to_string()).or_default().push(i);
        }
    }
    let mut shares = vec![Share::Own; api.operations.len()];
    for members in by_item.into_values().filter(|m| m.len() > 1) {
        let first = members[0];
        let across = members.iter().any(|&m| module[m] != module[first]);
        for &m in &members[1..] {
            shares[m] = Share::Alias { of: first, across };
        }
        shares[first] = Share::First { members, across };
    }
    shares
}

/// An operation's item where its builder is: its own or the first of a shared one (`items`,
/// with `docs`), a `use` of the shared one in `operations.rs`, or an alias (`name_of` names an
/// operation's item).
pub(super) fn in_module(
    share: &Share,
    name: &Ident,
    docs: &str,
    name_of: impl Fn(usize) -> Ident,
    items: impl FnOnce() -> TokenStream,
) -> TokenStream {
    match share {
        Share::Own | Share::First { across: false, .. } => {
            let docs = doc_attrs(docs);
            let items = items();
            quote!(#docs #items)
        }
        Share::First { across: true, .. } => quote!(pub use super::#name;),
        Share::Alias { of, across } => {
            let docs = doc_attrs(docs);
            let first = name_of(*of);
            let path = if *across { quote!(super::#first) } else { quote!(#first) };
            quote!(#docs pub type #name = #path;)
        }
    }
}

/// The shared items of operations that span modules, for `operations.rs`: each compiled with
/// any of its operations' features.
pub(super) fn across_modules(api: &Api, shared: &Shared) -> TokenStream {
    let cfg = |members: &[usize]| {
        let mut features: Vec<&str> =
            members.iter().map(|&m| api.groups[shared.module[m]].feature.as_str()).collect();
        features.sort_unstable();
        features.dedup();
        quote!(#[cfg(any(#(feature = #features),*))])
    };
    let mut items = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        if let Share::First { members, across: true } = &shared.errors[i] {
            let (cfg, name) = (cfg(members), ident(&op.error_name));
            let docs = doc_attrs(&docs(api, i, &shared.errors[i], ERROR_DOCS));
            let enum_items = error_items(api, op, &name, &cfg);
            items.push(quote!(#docs #enum_items));
        }
        if let (Share::First { members, across: true }, Some(name)) = (&shared.headers[i], &op.headers_name) {
            let (cfg, name) = (cfg(members), ident(name));
            let docs = doc_attrs(&docs(api, i, &shared.headers[i], HEADERS_DOCS));
            let struct_items = headers_items(api, op, &name, &cfg);
            items.push(quote!(#docs #struct_items));
        }
    }
    quote!(#(#items)*)
}

/// How an item's docs read: `{what} for [`Client::m`]{lead}{tail}.`, where `kind` names the
/// item in a shared one's docs and `tail_shared` ends them.
pub(super) struct Wording {
    what: &'static str,
    kind: &'static str,
    lead: &'static str,
    tail: &'static str,
    tail_shared: &'static str,
}

pub(super) const ERROR_DOCS: Wording = Wording {
    what: "The error responses documented",
    kind: "error",
    lead: ", with their decoded bodies",
    tail: "",
    tail_shared: "",
};

pub(super) const HEADERS_DOCS: Wording = Wording {
    what: "The response headers documented",
    kind: "header",
    lead: ", typed",
    tail: "; see its builder's `send_with_headers`",
    tail_shared: "; see a builder's `send_with_headers`",
};

/// The docs of operation `i`'s item: its own, the shared one (naming how many operations share
/// it), or an alias (naming the operation whose item it is).
pub(super) fn docs(api: &Api, i: usize, share: &Share, w: Wording) -> String {
    // A link only to a method compiled whenever the item is: across modules, the other
    // operation's tag (and with it its method) may be off while the item is on.
    let link = |op: usize, linked: bool| {
        let m = api.operations[op].method_name.as_str();
        match linked {
            true => format!("[`Client::{m}`](crate::Client::{m})"),
            false => format!("`Client::{m}`"),
        }
    };
    let Wording { what, kind, lead, tail, tail_shared } = w;
    match share {
        Share::Own => format!("{what} for {}{lead}{tail}.", link(i, true)),
        Share::First { members, across } => {
            let others = members.len() - 1;
            let s = if others == 1 { "" } else { "s" };
            format!(
                "{what} for {} and {others} other operation{s} (their {kind} types are aliases of this one){lead}{tail_shared}.",
                link(i, !across)
            )
        }
        Share::Alias { of, across } => {
            format!(
                "{what} for {}{lead}: the same as {}'s, so one type{tail}.",
                link(i, true),
                link(*of, !across)
            )
        }
    }
}
