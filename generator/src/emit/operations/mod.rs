//! `src/operations.rs` (and a large API's `src/operations/<tag>.rs`): one request builder,
//! error enum and outcome types per operation, in [`request`], [`response`] and [`error`] parts.

mod error;
mod paging;
mod request;
mod response;
mod sending;
mod shared;
mod stream;

pub(crate) use sending::request_type;

use super::docs::{code, prose, prose_or};
use super::{doc_attrs, ident, ty};
use crate::model::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use std::ops::Range;

/// The argument type of a parameter or body (what the `Client` method or setter takes, see
/// [`super::input`]), and how it is stored.
fn arg_type(api: &Api, t: &TypeRef) -> (TokenStream, TokenStream) {
    (super::input(api, t, false), ty(api, t, false))
}

/// An argument of [`arg_type`] as the stored value.
fn into_value(api: &Api, t: &TypeRef, name: &proc_macro2::Ident) -> TokenStream {
    super::converted(api, t, quote!(#name))
}

/// `field: value,` in a struct literal, the argument of that name converted to the stored
/// value, or `field,` when it is stored as it is.
fn field_init(api: &Api, t: &TypeRef, field: &proc_macro2::Ident) -> TokenStream {
    match super::conversion(api, t, quote!(#field)) {
        Some(value) => quote!(#field: #value,),
        None => quote!(#field,),
    }
}

fn op_docs(op: &Operation) -> String {
    let mut text = String::new();
    if let Some(s) = &op.summary {
        text.push_str(&prose(s));
        text.push_str("\n\n");
    }
    if let Some(d) = &op.description {
        if Some(d) != op.summary.as_ref() {
            text.push_str(&prose(d));
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "{} (operation {}).",
        code(&format!("{} {}", op.http_method, op.path)),
        code(&op.operation_id)
    ));
    if op.deprecated {
        text.push_str("\n\nDeprecated by the API.");
    }
    text
}

/// `in_group`: the method sits in its tag's module beside the builder, which it then names
/// directly rather than through `operations`' glob re-exports.
pub(super) fn client_method(api: &Api, op: &Operation, in_group: bool) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    // The builder as a struct literal (a `new` would be one more function per operation for
    // rustc to check): the arguments, converted, and every optional parameter unset.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let a = ident(&p.ident);
        if p.is_argument() {
            let (arg_ty, _) = arg_type(api, &p.ty);
            args.push(quote!(#a: #arg_ty));
            inits.push(field_init(api, &p.ty, &a));
        } else {
            inits.push(quote!(#a: None,));
        }
    }
    if let Some(b) = &op.body {
        if b.required {
            let (t, _) = arg_type(api, &b.ty);
            args.push(quote!(body: #t));
            let body = names::local("body");
            inits.push(field_init(api, &b.ty, &body));
        } else {
            inits.push(quote!(body: None,));
        }
    }
    if op.events.is_some() && !op.only_streams() {
        inits.push(quote!(streaming: false,));
    }
    if paging::follows_urls(op) {
        inits.push(quote!(page_url: None,));
    }
    // A short call with example arguments (the crate docs and each group's compile one).
    let example = super::examples::example_call(api, op, 12)
        .map(|call| format!("\n\n```ignore\n{call}\n```"))
        .unwrap_or_default();
    let then = match (&op.events, op.paging.is_some()) {
        (Some(_), _) if op.only_streams() => "`.await` it (or call `.stream()`) for its stream of events",
        (Some(_), _) => "`.await` it, or call `.stream()` for its response as a stream of events",
        (None, true) => "`.await` it for one page, or call `.items()` or `.pages()` for the whole list",
        (None, false) => "`.await` it",
    };
    let docs = doc_attrs(&format!(
        "{}\n\nReturns a request builder: set optional parameters on it, then {then}.{example}",
        op_docs(op)
    ));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the API"]));
    let module = (!in_group).then(|| quote!(crate::operations::));
    let params = ident(&op.params_name);
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #module #builder<'_> {
            crate::Request {
                client: self,
                params: #module #params { #(#inits)* },
                options: crate::RequestOptions::default(),
            }
        }
    }
}
/// The operations `range` of `src/operations.rs` (of every operation when the API has no
/// groups; else the file only declares the group modules, in one part).
pub(crate) fn operations_rs(api: &Api, range: Range<usize>) -> TokenStream {
    if api.groups.is_empty() {
        let head = (range.start == 0).then(|| {
            quote! {
                //! One request builder and one error enum per operation.
            }
        });
        let items = range.map(|i| operation(api, i));
        return quote! {
            #head
            #(#items)*
        };
    }
    let modules = api.groups.iter().map(|g| {
        let m = ident(&g.module);
        let feature = &g.feature;
        let docs = doc_attrs(&group_docs(api, g));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub mod #m;
            #[cfg(feature = #feature)]
            pub use #m::*;
        }
    });
    let across = across_modules(api);
    quote! {
        //! One request builder and one error enum per operation, in one module per tag, each
        //! behind the Cargo feature its documentation names (all are on by default). Everything
        //! is re-exported here, beside the error enums and header structs that operations of
        //! several tags share.
        #(#modules)*
        #across
    }
}

/// The shared items of operations that span modules, for `operations.rs`: each compiled with
/// any of its operations' features.
fn across_modules(api: &Api) -> TokenStream {
    let cfg = |features: &[String]| quote!(#[cfg(any(#(feature = #features),*))]);
    let mut items = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        if let Share::First { features, .. } = &op.error_share {
            if !features.is_empty() {
                let (cfg, name) = (cfg(features), ident(&op.error_name));
                let docs = doc_attrs(&shared::docs(api, i, &op.error_share, shared::ERROR_DOCS));
                let enum_items = error::error_items(api, op, &name, &cfg);
                items.push(quote!(#docs #enum_items));
            }
        }
        if let (Share::First { features, .. }, Some(name)) = (&op.headers_share, &op.headers_name) {
            if !features.is_empty() {
                let (cfg, name) = (cfg(features), ident(name));
                let docs = doc_attrs(&shared::docs(api, i, &op.headers_share, shared::HEADERS_DOCS));
                let struct_items = response::headers_items(api, op, &name, &cfg);
                items.push(quote!(#docs #struct_items));
            }
        }
    }
    quote!(#(#items)*)
}

fn group_docs(api: &Api, g: &Group) -> String {
    let mut text = match (&g.tag, &g.resource) {
        (Some(tag), _) => format!("Operations tagged {} (feature `{}`).", code(tag), g.feature),
        (None, Some(r)) => format!("Operations on {} (feature `{}`).", code(&format!("/{r}")), g.feature),
        (None, None) => format!("The other operations (feature `{}`).", g.feature),
    };
    if let Some(d) = &g.description {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    // One example per group compiles as a doctest.
    if let Some(call) =
        g.operations.iter().find_map(|&i| super::examples::example_call(api, &api.operations[i], 20))
    {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&super::lib_rs::doctest(api, Some(&call), Some(&g.feature)));
    }
    text
}

/// One tag's module of a large API: the `Client` methods, builders and error enums.
/// `range`: which of the group's operations' builders and error enums; the part starting at 0
/// also carries the `Client` methods of them all.
pub(crate) fn group_rs(api: &Api, g: &Group, range: Range<usize>) -> TokenStream {
    let methods = (range.start == 0).then(|| {
        let methods = g.operations.iter().map(|&i| client_method(api, &api.operations[i], true));
        quote! {
            impl crate::Client {
                #(#methods)*
            }
        }
    });
    let items = g.operations[range].iter().map(|&i| operation(api, i));
    quote! {
        #methods
        #(#items)*
    }
}

/// The success type of an operation: the documented body of its 2xx responses; `()` when
/// none has a body; a JSON value when they disagree.
pub(super) fn success_type(op: &Operation) -> Option<TypeRef> {
    op.success.iter().find_map(|r| r.body.as_ref().map(|b| b.ty.clone()))
}

/// The Rust type an operation's call gives on success.
fn ok_type(api: &Api, op: &Operation) -> TokenStream {
    match (&op.success_enum, success_type(op)) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(t)) => ty(api, &t, false),
        (None, None) => quote!(()),
    }
}

fn operation(api: &Api, i: usize) -> TokenStream {
    let op = &api.operations[i];
    let builder = ident(&op.builder_name);
    let params = ident(&op.params_name);
    let error = ident(&op.error_name);
    let method = &op.method_name.as_str();
    let ok_ty = ok_type(api, op);

    // Fields: every parameter (optional ones as Option), and the body.
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let f = ident(&p.ident);
        let in_ctor = p.is_argument();
        let p_ty = &p.value_ty;
        let stored = arg_type(api, p_ty).1;
        let docs = doc_attrs(&format!(
            "{} ({} parameter{}).{}",
            code(&p.wire),
            match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            },
            if p.default_header.is_some() { ", overrides the client's default" } else { "" },
            p.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
        ));
        if in_ctor {
            fields.push(quote!(#f: #stored,));
        } else {
            fields.push(quote!(#f: Option<#stored>,));
            let (arg_ty, _) = arg_type(api, p_ty);
            let value = into_value(api, p_ty, &names::local("value"));
            setters.push(quote! {
                #docs
                pub fn #f(mut self, value: #arg_ty) -> Self {
                    self.params.#f = Some(#value);
                    self
                }
            });
        }
    }
    if let Some(b) = &op.body {
        let t = ty(api, &b.ty, false);
        if b.required {
            fields.push(quote!(body: #t,));
        } else {
            fields.push(quote!(body: Option<#t>,));
            let docs = doc_attrs(&prose_or(b.description.as_deref(), || "The request body.".to_string()));
            let (arg, _) = arg_type(api, &b.ty);
            let value = into_value(api, &b.ty, &names::local("value"));
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #arg) -> Self {
                    self.params.body = Some(#value);
                    self
                }
            });
        }
    }

    let only = op.only_streams();
    if op.events.is_some() && !only {
        fields.push(quote!(streaming: bool,));
    }
    let stream = stream::methods(api, op, &params, &error);
    let events_future = stream::into_future(api, op, &params, &error);
    if paging::follows_urls(op) {
        fields.push(quote!(page_url: Option<String>,));
    }
    let paging_impl = paging::paging(api, op, &params, &error, &ok_ty);
    let request_body = request::request_fn(api, op);
    let response_body = response::response_fn(op, &error);
    let builder_docs = doc_attrs(&format!(
        "Request builder for [`Client::{method}`](crate::Client::{method}): `{} {}`.\n\nAwait it (or call `send`) to send the request.",
        op.http_method, op.path
    ));
    let params_docs = doc_attrs(&format!("The parameters of [`{builder}`]."));
    let error_enum = error::error_enum(api, i);
    let success_enum = response::success_enum(api, op);
    let headers_struct = response::headers_struct(api, i);
    // What awaiting the request does, and `send_with_headers`, are generic (see `sending`);
    // an operation that only streams is sent by `stream()` (see `stream::methods`).
    let decoded = (!only).then(|| quote!(impl crate::Decoded for #params {}));
    let headed = op.headers_name.as_ref().filter(|_| !only).map(|h| {
        let h = ident(h);
        quote! {
            impl crate::Headed for #params {
                type Headers = #h;
                const HEADERS: fn(&crate::HeaderMap) -> #h = #h::from_headers;
            }
        }
    });
    let raw_mut = if op.downloads() { quote!(mut) } else { quote!() };
    let http_method = names::local(&op.http_method);
    let template = &op.path;
    let redirects = op.documents_redirect().then(|| {
        quote!(
            const REDIRECTS: bool = true;
        )
    });
    // The `Client` method builds the struct (see `client_method`): from `client.rs` when the
    // API has no groups, so its fields are then `pub(crate)`.
    let vis = api.groups.is_empty().then(|| quote!(pub(crate)));
    let fields = fields.iter().map(|f| quote!(#vis #f));
    let methods = (!setters.is_empty() || !stream.is_empty()).then(|| {
        quote! {
            impl<'a> crate::Request<'a, #params> {
                #(#setters)*

                #stream
            }
        }
    });
    quote! {
        #builder_docs
        pub type #builder<'a> = crate::Request<'a, #params>;

        #params_docs
        #[doc(hidden)]
        #[derive(Clone)]
        pub struct #params {
            #(#fields)*
        }

        #methods

        impl crate::Operation for #params {
            type Ok = #ok_ty;
            type Error = #error;
            const METHOD: ::reqwest::Method = ::reqwest::Method::#http_method;
            const PATH: &'static str = #template;
            #redirects

            fn request(&self, client: &crate::Client) -> Result<::reqwest::RequestBuilder, String> {
                #request_body
            }

            fn response(#raw_mut raw: crate::runtime::Raw) -> Result<crate::Response<#ok_ty>, crate::Error<#error>> {
                #response_body
            }
        }

        #decoded
        #headed
        #events_future
        #paging_impl
        #error_enum
        #success_enum
        #headers_struct
    }
}
