//! What an operation that streams adds to its request builder: `stream()` for server-sent
//! events (and `send()` when that is all it returns), `bytes_stream()` for a binary body.

use super::super::{doc_attrs, ty};
use super::op_docs;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The boolean property of an operation's JSON body that asks for a stream (`stream`), when
/// the operation streams.
pub(super) fn flag<'o>(api: &Api, op: &'o Operation) -> Option<&'o str> {
    op.events.as_ref()?;
    let body = op.body.as_ref().filter(|b| b.media_type == BodyMedia::Json)?;
    let TypeRef::Named(id) = &body.ty else { return None };
    let TypeKind::Struct(s) = &api.types[id.0].kind else { return None };
    let field = s.fields.iter().find(|f| f.wire == "stream")?;
    (field.ty == TypeRef::Boolean).then_some("stream")
}

/// The request's `stream()` (and, for an operation that only streams, `send()`), and
/// `bytes_stream()` for a binary body.
pub(super) fn methods(
    api: &Api,
    op: &Operation,
    params: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let response = quote!(<#params as crate::Operation>::response);
    let bytes = op.downloads().then(|| {
        quote! {
            /// Sends the request and reads a binary response as it arrives, piece by piece,
            /// without holding it whole (no body size limit applies): `while let Some(piece) =
            /// body.next().await`. Retries apply until the response headers arrive; the timeout
            /// covers that wait, and the idle timeout each wait for more. An error status is the
            /// operation's error.
            pub fn bytes_stream(mut self) -> impl ::std::future::Future<Output = Result<crate::ByteStream, crate::Error<#error>>> + Send + 'a {
                let call = crate::client::start(&mut self);
                crate::runtime::download(self.client.transport(), call, self, crate::client::attempt, #response)
            }
        }
    });
    let Some(item) = &op.events else { return quote!(#bytes) };
    let t = ty(api, item, false);
    let decode = match item {
        TypeRef::String => quote!(crate::runtime::text_data),
        _ => quote!(crate::runtime::json_data),
    };
    // A union told apart by a property: an event whose data leaves it out is told apart by
    // its `event:` type.
    let tag = match item {
        TypeRef::Named(id) => match &api.types[id.0].kind {
            TypeKind::Tagged { property, .. } => quote!(Some(#property)),
            _ => quote!(None),
        },
        _ => quote!(None),
    };
    let only = op.only_streams();
    let set = (!only).then(|| quote!(self.params.streaming = true;));
    let flag = match flag(api, op) {
        Some(f) => format!(" and the body's `{f}` to `true`"),
        None => String::new(),
    };
    let method = op.method_name.as_str();
    let docs = doc_attrs(&format!(
        "Sends the request and reads the response as it arrives: a stream of server-sent events, \
         each event's data decoded (`Accept: text/event-stream`{flag}).\n\n\
         Read it with `while let Some(event) = stream.next().await`. Retries apply until the \
         response headers arrive, never after; the timeout covers that wait, and the idle timeout \
         (60 s unless set on the client or with [`RequestOptions::idle_timeout`](crate::RequestOptions::idle_timeout)) \
         each wait for more of the stream. An event is at most the client's `max_response_body`. \
         An error status is the operation's error, as for [`Client::{method}`](crate::Client::{method})."
    ));
    let send = only.then(|| {
        let send_docs = doc_attrs(&format!("Sends the request and opens its event stream (see [`stream`](Self::stream)).\n\n{}", op_docs(op)));
        quote! {
            #send_docs
            pub fn send(self) -> impl ::std::future::Future<Output = Result<crate::EventStream<#t>, crate::Error<#error>>> + Send + 'a {
                self.stream()
            }
        }
    });
    quote! {
        #docs
        pub fn stream(mut self) -> impl ::std::future::Future<Output = Result<crate::EventStream<#t>, crate::Error<#error>>> + Send + 'a {
            #set
            let call = crate::client::start(&mut self);
            crate::runtime::open(self.client.transport(), call, self, crate::client::attempt, #response, #decode, #tag)
        }

        #send
        #bytes
    }
}

/// What awaiting the request of an operation that only streams gives: its stream of events.
pub(super) fn into_future(
    api: &Api,
    op: &Operation,
    params: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let Some(item) = op.events.as_ref().filter(|_| op.only_streams()) else { return quote!() };
    let t = ty(api, item, false);
    quote! {
        impl<'a> ::std::future::IntoFuture for crate::Request<'a, #params> {
            type Output = Result<crate::EventStream<#t>, crate::Error<#error>>;
            type IntoFuture = crate::Pending<'a, crate::EventStream<#t>, #error>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}
