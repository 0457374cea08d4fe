//! An operation's response: status dispatch, decoding, the success enum and typed headers.

use super::super::docs::{code, prose};
use super::super::{doc_attrs, ident, ty};
use super::shared;
use super::success_type;
use crate::model::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The body of an operation's `response` function: status dispatch and decoding.
pub(super) fn response_fn(op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let mut stmts = Vec::new();
    // Status dispatch: exact codes, then ranges, then `default`, then anything else. Success arms
    // give the value; error arms return.
    let mut arms = Vec::new();
    for r in &op.success {
        let pat = status_pattern(&r.status);
        let pat = match (r.guarded, r.body.as_ref().map(|b| b.media)) {
            (true, Some(BodyMedia::Text)) => quote!(#pat if raw.is_text()),
            (true, _) => quote!(#pat if raw.is_json()),
            (false, _) => pat,
        };
        let decoded = r.body.as_ref().map(|b| match b.media {
            BodyMedia::Text => quote!(raw.text()),
            BodyMedia::Bytes => quote!(raw.take_bytes()),
            _ => quote!(raw.json()?),
        });
        let value = match (&op.success_enum, decoded) {
            (Some(name), decoded) => {
                let name = ident(name);
                let v = ident(&r.variant);
                match decoded {
                    Some(d) if r.body.as_ref().is_some_and(|b| b.boxed) => {
                        quote!(#name::#v(Box::new(#d)))
                    }
                    Some(d) => quote!(#name::#v(#d)),
                    None => quote!(#name::#v),
                }
            }
            (None, Some(d)) => d,
            (None, None) => quote!(()),
        };
        arms.push((r.status.clone(), quote!(#pat => #value,)));
    }
    if op.success.is_empty() {
        arms.push((Status::Range(2), quote!(200..=299 => (),)));
    }
    for r in &op.errors {
        let pat = status_pattern(&r.status);
        let v = ident(&r.variant);
        let value = match &r.body {
            Some(b) if b.media == BodyMedia::Json => quote!(raw.api(#error::#v)),
            Some(_) => quote! {{
                let text = raw.text();
                raw.api_value(#error::#v(text))
            }},
            None => quote!(raw.api_value(#error::#v)),
        };
        arms.push((r.status.clone(), quote!(#pat => return Err(#value),)));
    }
    arms.sort_by(|a, b| a.0.cmp(&b.0));
    let has_default = arms.iter().any(|(s, _)| *s == Status::Default);
    let arms = arms.into_iter().map(|(_, t)| t);
    let fallback = (!has_default).then(|| quote!(_ => return Err(raw.unexpected()),));
    if success_type(op).is_some() || op.success_enum.is_some() {
        stmts.push(quote! {
            let value = match raw.status.as_u16() {
                #(#arms)*
                #fallback
            };
            Ok(raw.into_response(value))
        });
    } else {
        stmts.push(quote! {
            match raw.status.as_u16() {
                #(#arms)*
                #fallback
            }
            Ok(raw.into_response(()))
        });
    }
    quote!(#(#stmts)*)
}
/// The enum of success outcomes of an operation whose success responses differ in body.
pub(super) fn success_enum(api: &Api, op: &Operation) -> TokenStream {
    let Some(name) = &op.success_enum else { return quote!() };
    let name = ident(name);
    let method = op.method_name.as_str();
    let variants = op.success.iter().map(|r| outcome_variant(api, r));
    let docs = doc_attrs(&format!(
        "The success responses documented for [`Client::{method}`](crate::Client::{method}), with their decoded bodies."
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The struct of an operation's documented success response headers, where its builder is:
/// its own, or the one it shares with other operations (see [`super::shared`]).
pub(super) fn headers_struct(api: &Api, i: usize) -> TokenStream {
    let op = &api.operations[i];
    let Some(name) = &op.headers_name else { return quote!() };
    let share = &op.headers_share;
    let docs = shared::docs(api, i, share, shared::HEADERS_DOCS);
    let name = ident(name);
    let name_of = |of: usize| api.operations[of].headers_name.as_ref().map_or_else(|| name.clone(), ident);
    shared::in_module(share, &name, &docs, name_of, || headers_items(api, op, &name, &quote!()))
}

/// The struct and its `from_headers`, named `name`, without its docs; `cfg` goes on each item.
pub(super) fn headers_items(
    api: &Api,
    op: &Operation,
    name: &proc_macro2::Ident,
    cfg: &TokenStream,
) -> TokenStream {
    let mut seen: Vec<&str> = Vec::new();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in op.success.iter().flat_map(|r| &r.headers) {
        if seen.contains(&h.ident.as_str()) {
            continue;
        }
        seen.push(h.ident.as_str());
        let f = ident(&h.ident);
        let t = ty(api, &h.ty, false);
        let wire = &h.wire;
        let docs = doc_attrs(&format!(
            "{}{}",
            code(&h.wire),
            h.description.as_ref().map(|d| format!(": {}", prose(d))).unwrap_or_default()
        ));
        fields.push(quote!(#docs pub #f: Option<#t>,));
        reads.push(quote!(#f: crate::runtime::header_value(headers, #wire),));
    }
    // `#[non_exhaustive]`: a header the spec documents later is a new field, and breaks no caller.
    quote! {
        #cfg
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #cfg
        impl #name {
            /// Reads the documented headers (one that is absent or does not decode is `None`).
            pub fn from_headers(headers: &crate::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    }
}

fn status_pattern(s: &Status) -> TokenStream {
    match s {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        Status::Range(d) => {
            let lo = Literal::u16_unsuffixed(*d as u16 * 100);
            let hi = Literal::u16_unsuffixed(*d as u16 * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

fn status_text(s: &Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

/// One variant of an operation's success or error enum: the status's documentation, and the
/// body (boxed where the model says so).
pub(super) fn outcome_variant(api: &Api, r: &Response) -> TokenStream {
    let v = ident(&r.variant);
    let docs = doc_attrs(&format!("{}: {}", status_text(&r.status), prose(&r.description)));
    match &r.body {
        Some(b) => {
            let t = ty(api, &b.ty, false);
            let t = if b.boxed { quote!(Box<#t>) } else { t };
            quote!(#docs #v(#t),)
        }
        None => quote!(#docs #v,),
    }
}
