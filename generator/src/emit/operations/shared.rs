//! How an error enum or response-headers struct that several operations share is printed:
//! where it sits, how an alias of it reads, and its docs. Which operations share one is the
//! model's [`Share`], decided in `lower::sharing`.

use super::super::doc_attrs;
use crate::model::{Api, Share};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

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
        Share::First { features, .. } if !features.is_empty() => quote!(pub use super::#name;),
        Share::Own | Share::First { .. } => {
            let docs = doc_attrs(docs);
            let items = items();
            quote!(#docs #items)
        }
        Share::Alias { of, across } => {
            let docs = doc_attrs(docs);
            let first = name_of(*of);
            let path = if *across { quote!(super::#first) } else { quote!(#first) };
            quote!(#docs pub type #name = #path;)
        }
    }
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
        Share::First { members, features } => {
            let others = members.len() - 1;
            let s = if others == 1 { "" } else { "s" };
            format!(
                "{what} for {} and {others} other operation{s} (their {kind} types are aliases of this one){lead}{tail_shared}.",
                link(i, features.is_empty())
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
