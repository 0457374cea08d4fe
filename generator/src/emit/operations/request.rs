//! An operation's request: URL and path parameters, query, header and cookie parameters,
//! credentials, and the body in its media type.

use super::super::ident;
use crate::model::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of an operation's `request` function: one attempt's request (URL, parameters,
/// credentials, body).
pub(super) fn request_fn(api: &Api, op: &Operation) -> TokenStream {
    let servers = &op.servers;
    let mut stmts = Vec::new();
    let mut path = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) if l.chars().count() == 1 => {
                let c = l.chars().next().unwrap_or('/');
                path.push(quote!(url.push(#c);));
            }
            PathPart::Literal(l) => path.push(quote!(url.push_str(#l);)),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let f = ident(&p.ident);
                if p.encoding == ParamEncoding::Text {
                    let text = param_text(&p.value_ty, quote!(&self.#f));
                    path.push(quote! {
                        crate::runtime::push_path_segment(&mut url, #text)?;
                    });
                } else {
                    let wire = &p.wire;
                    let style = style_tokens(p.style);
                    let explode = p.explode;
                    path.push(quote! {
                        crate::runtime::push_path_styled(&mut url, #wire, &self.#f, #style, #explode)?;
                    });
                }
            }
        }
    }
    // The next page of a list read by URL is that URL, path and query included.
    let follows = super::paging::follows_urls(op);
    stmts.push(match follows {
        false => quote! {
            let mut url = client.url(&[#(#servers),*]);
            #(#path)*
        },
        true => {
            // Only query parameters and credentials add to a next page's URL.
            let adds = op.params.iter().any(|p| p.location == ParamLocation::Query)
                || op.security.iter().any(|&i| matches!(api.auth[i].kind, AuthKind::ApiKeyQuery { .. }));
            let url_mut = if adds { quote!(mut) } else { quote!() };
            quote! {
            let #url_mut url = match &self.page_url {
                Some(url) => url.clone(),
                None => {
                    let mut url = client.url(&[#(#servers),*]);
                    #(#path)*
                    url
                }
            };
            }
        }
    });
    let has_headers =
        op.params.iter().any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
            || op.security.iter().any(|&i| !matches!(api.auth[i].kind, AuthKind::ApiKeyQuery { .. }))
            || op.body.is_some()
            || op.events.is_some();
    let headers_mut = if has_headers { quote!(mut) } else { quote!() };
    stmts.push(quote!(let #headers_mut headers = crate::HeaderMap::new();));
    // A next page's URL already holds the query: its parameters are added to the first only.
    let mut query = Vec::new();
    for p in &op.params {
        let f = ident(&p.ident);
        let wire = &p.wire;
        let text_ty = &p.value_ty;
        let styled = p.encoding == ParamEncoding::Styled;
        let style = style_tokens(p.style);
        let explode = p.explode;
        let value_of = |v: TokenStream| match p.location {
            ParamLocation::Query if styled => quote! {
                crate::runtime::push_query_styled(&mut url, #wire, #v, #style, #explode);
            },
            ParamLocation::Header if styled => quote! {
                crate::runtime::insert_header(&mut headers, #wire, &crate::runtime::simple_text(#v, #explode), false)?;
            },
            ParamLocation::Cookie if styled => quote! {
                crate::runtime::append_cookie(&mut headers, #wire, &crate::runtime::simple_text(#v, #explode))?;
            },
            ParamLocation::Query => {
                let text = param_text(text_ty, v);
                quote!(crate::runtime::push_query(&mut url, #wire, #text);)
            }
            ParamLocation::Header => {
                let text = param_text(text_ty, v);
                quote!(crate::runtime::insert_header(&mut headers, #wire, #text, false)?;)
            }
            ParamLocation::Cookie => {
                let text = param_text(text_ty, v);
                quote!(crate::runtime::append_cookie(&mut headers, #wire, #text)?;)
            }
            ParamLocation::Path => quote!(),
        };
        if p.location == ParamLocation::Path {
            continue;
        }
        if let Some(d) = p.default_header {
            let setter = ident(&api.default_headers[d].setter);
            let message = format!(
                "the required header {wire} is not set: set it with ClientBuilder::{} or on the call",
                api.default_headers[d].setter.spelling()
            );
            let insert = value_of(quote!(value));
            stmts.push(quote! {
                let value = self.#f.as_deref().or(client.#setter.as_deref())
                    .ok_or(#message)?;
                #insert
            });
        } else {
            let stmt = if p.is_argument() {
                value_of(quote!(&self.#f))
            } else if p.location == ParamLocation::Query && !styled {
                quote!(crate::runtime::query_opt(&mut url, #wire, self.#f.as_ref());)
            } else {
                let insert = value_of(quote!(value));
                quote! {
                    if let Some(value) = &self.#f {
                        #insert
                    }
                }
            };
            match (follows, p.location) {
                (true, ParamLocation::Query) => query.push(stmt),
                _ => stmts.push(stmt),
            }
        }
    }
    if !query.is_empty() {
        stmts.push(quote!(if self.page_url.is_none() { #(#query)* }));
    }
    for &i in &op.security {
        let name = names::auth_fn(&api.auth[i].setter);
        let target = match api.auth[i].kind {
            AuthKind::ApiKeyQuery { .. } => quote!(&mut url),
            _ => quote!(&mut headers),
        };
        stmts.push(quote!(client.#name(#target)?;));
    }
    // An operation that streams asks for events by `Accept` (and its body's flag).
    let only = op.only_streams();
    let streaming = if only { quote!(true) } else { quote!(self.streaming) };
    if op.events.is_some() {
        let accept = quote! {
            crate::runtime::insert_header(&mut headers, "Accept", "text/event-stream", false)?;
        };
        stmts.push(if only { accept } else { quote!(if self.streaming { #accept }) });
    }
    let flag = super::stream::flag(api, op);
    let method = names::local(&op.http_method);
    let body = op.body.as_ref().map(|b| {
        let content_type = &b.content_type;
        let encode = match b.media_type {
            BodyMedia::Json if flag.is_some() => {
                quote!(crate::runtime::json_body_for(body, #flag, #streaming)?)
            }
            BodyMedia::Json => quote!(crate::runtime::json_body(body)?),
            BodyMedia::Text => quote!(crate::runtime::param_text(body).into_bytes()),
            BodyMedia::Bytes => quote!(body.as_slice().to_vec()),
            BodyMedia::Form => {
                let deep = &b.deep;
                quote!(crate::runtime::form_body(body, &[#(#deep),*])?)
            }
            BodyMedia::Multipart => multipart_parts(api, &b.ty),
        };
        let attach = if b.media_type == BodyMedia::Multipart {
            quote! {
                let (content_type, bytes) = { #encode };
                crate::runtime::insert_header(&mut headers, "Content-Type", &content_type, false)?;
                request = request.body(bytes);
            }
        } else {
            quote! {
                crate::runtime::insert_header(&mut headers, "Content-Type", #content_type, false)?;
                let bytes = #encode;
                request = request.body(bytes);
            }
        };
        if b.required {
            quote! { let body = &self.body; #attach }
        } else {
            quote! { if let Some(body) = &self.body { #attach } }
        }
    });
    let request_mut = if op.body.is_some() { quote!(mut) } else { quote!() };
    stmts.push(quote! {
        let #request_mut request = client.transport().request(::reqwest::Method::#method, url);
        #body
        Ok(request.headers(headers))
    });
    quote!(#(#stmts)*)
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form => quote!(crate::runtime::Style::Form),
        ParamStyle::SpaceDelimited => quote!(crate::runtime::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(crate::runtime::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(crate::runtime::Style::DeepObject),
        ParamStyle::Simple => quote!(crate::runtime::Style::Simple),
        ParamStyle::Label => quote!(crate::runtime::Style::Label),
        ParamStyle::Matrix => quote!(crate::runtime::Style::Matrix),
    }
}

/// A `multipart/form-data` body, as an expression giving `(content_type, bytes)`: one part per
/// property of the body struct (binary ones as files), or per key of any other object.
fn multipart_parts(api: &Api, body: &TypeRef) -> TokenStream {
    let parts = match body {
        TypeRef::Named(id) => match &api.types[id.0].kind {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter().map(|f| {
                    let name = ident(&f.ident);
                    let wire = &f.wire;
                    let (base, depth) = (&f.ty, f.presence.options());
                    let part = match base {
                        TypeRef::Bytes => quote!(form.file(#wire, value);),
                        TypeRef::Array(item) if **item == TypeRef::Bytes => quote! {
                            for item in value {
                                form.file(#wire, item);
                            }
                        },
                        TypeRef::String => quote!(form.text(#wire, value);),
                        _ => quote!(form.value(#wire, value);),
                    };
                    match depth {
                        0 => quote! {{ let value = &body.#name; #part }},
                        1 => quote!(if let Some(value) = &body.#name { #part }),
                        // `Nullable`: a multipart form has no `null`, so only a value is a part.
                        _ => quote!(if let crate::Nullable::Value(value) = &body.#name { #part }),
                    }
                });
                let extra = s.extra.as_ref().map(|(name, _)| {
                    let name = ident(name);
                    quote! {
                        for (key, value) in &body.#name {
                            form.value(key, value);
                        }
                    }
                });
                quote!(#(#fields)* #extra)
            }
            _ => quote!(form.fields(body);),
        },
        _ => quote!(form.fields(body);),
    };
    quote! {
        let mut form = crate::runtime::Multipart::new();
        #parts
        form.finish()
    }
}

/// A parameter's wire text as `&str`: strings as they are, anything else through
/// `runtime::param_text`.
fn param_text(t: &TypeRef, value: TokenStream) -> TokenStream {
    match t {
        TypeRef::String => value,
        _ => quote!(&crate::runtime::param_text(#value)),
    }
}
