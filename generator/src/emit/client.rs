//! `src/lib.rs`, `src/client.rs` and `src/operations.rs`: the client, its builder, one method,
//! request builder and error enum per operation.

use super::docs::{prose, prose_or};
use super::{doc_attrs, ident, ty};
use crate::model::*;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

// ---------------------------------------------------------------------------------------------
// lib.rs

pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("Typed client for the {} (version {}).", api.title, api.version);
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    text.push_str("\n\n# Usage\n\n");
    text.push_str(&usage_example(api));
    text.push_str(
        "\n\nEvery operation is a method of [`Client`] that returns a request builder: await it to \
         send the request. Calls return [`Error`], which tells a documented error response \
         (decoded into the operation's error enum in [`operations`]) from an undocumented status, \
         a body that does not decode, and a transport failure.",
    );
    let crate_docs = text.lines().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#![doc = #l])
    });
    let server = (!api.servers.is_empty()).then(|| quote!(Server,));
    // With some tags' features off, client code only those tags use goes unused.
    let subset_allow = (!api.groups.is_empty())
        .then(|| quote!(#![cfg_attr(not(feature = "all"), allow(dead_code, unused_imports))]));
    quote! {
        #(#crate_docs)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #subset_allow

        mod client;
        pub mod operations;
        // Helpers shared by every operation; a crate whose spec needs fewer leaves some unused.
        #[allow(dead_code)]
        mod runtime;
        pub mod types;

        pub use client::{Client, ClientBuilder, #server};
        pub use runtime::{BuildError, Error, HeaderMap, RequestOptions, Response, RetryPolicy, Secret, StatusCode};
    }
}

/// A doctest that builds a client and calls the first operation.
fn usage_example(api: &Api) -> String {
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {}::Client::builder()", api.lib),
    ];
    for a in &api.auth {
        let args = match a.kind {
            AuthKind::Basic => "\"user\", \"password\"".to_string(),
            _ => format!("\"YOUR_{}\"", a.setter.to_uppercase()),
        };
        lines.push(format!("    .{}({args})", a.setter));
    }
    for h in &api.default_headers {
        lines.push(format!("    .{}(\"{}\")", h.setter, h.header.to_lowercase()));
    }
    lines.push("    .build()?;".to_string());
    let call = api.operations.iter().enumerate().find_map(|(i, op)| {
        let args: Option<Vec<String>> = constructor_params(op)
            .map(|p| match &p.ty {
                TypeRef::String => Some(format!("{:?}", p.wire)),
                TypeRef::Integer(_) => Some("42".to_string()),
                TypeRef::Boolean => Some("true".to_string()),
                _ => None,
            })
            .collect();
        let args = args?;
        // In a crate split by tag, the example compiles only with its operation's feature.
        let feature = api.groups.iter().find(|g| g.operations.contains(&i)).map(|g| g.feature.clone());
        (op.body.as_ref().is_none_or(|b| !b.required))
            .then(|| (format!("client.{}({}).await", op.method_name, args.join(", ")), feature))
    });
    match call {
        Some((call, feature)) => {
            if let Some(f) = &feature {
                lines.push(format!("# #[cfg(feature = \"{f}\")]"));
                lines.push("# {".into());
            }
            lines.push(format!("let response = {call};"));
            lines.push("match response {".into());
            lines.push("    Ok(value) => println!(\"{value:?}\"),".into());
            lines.push("    Err(e) => eprintln!(\"status {:?}: {e}\", e.status()),".into());
            lines.push("}".into());
            if feature.is_some() {
                lines.push("# }".into());
            }
        }
        None => lines.push("let _ = client;".into()),
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// client.rs

pub(crate) fn client_rs(api: &Api) -> TokenStream {
    let server_enum = server_enum(api);
    let has_servers = !api.servers.is_empty();

    let auth_fields = api.auth.iter().map(|a| {
        let f = ident(&a.setter);
        match a.kind {
            AuthKind::Basic => quote!(#f: Option<(String, crate::Secret)>,),
            _ => quote!(#f: Option<crate::Secret>,),
        }
    });
    let auth_fields: Vec<TokenStream> = auth_fields.collect();
    let header_fields: Vec<TokenStream> = api
        .default_headers
        .iter()
        .map(|h| {
            let f = ident(&h.setter);
            quote!(pub(crate) #f: Option<String>,)
        })
        .collect();
    let builder_header_fields = api.default_headers.iter().map(|h| {
        let f = ident(&h.setter);
        quote!(#f: Option<String>,)
    });
    let auth_setters = api.auth.iter().map(auth_setter);
    let header_setters = api.default_headers.iter().map(|h| {
        let f = ident(&h.setter);
        let docs = doc_attrs(&format!(
            "Sends the `{}` header on every request (a call may override it).{}",
            h.header,
            h.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
        ));
        quote! {
            #docs
            pub fn #f(mut self, value: impl Into<String>) -> Self {
                self.#f = Some(value.into());
                self
            }
        }
    });
    let auth_copy = api.auth.iter().map(|a| {
        let f = ident(&a.setter);
        quote!(#f: self.#f,)
    });
    let header_copy = api.default_headers.iter().map(|h| {
        let f = ident(&h.setter);
        quote!(#f: self.#f,)
    });
    let auth_fns = api.auth.iter().map(auth_fn);
    // A large API's methods live beside their builders, in the module of their tag.
    let methods =
        api.operations.iter().filter(|_| api.groups.is_empty()).map(|op| client_method(api, op, false));

    let server_field = has_servers.then(|| quote!(server: Server,));
    let server_setter = (api.servers.len() > 1).then(|| {
        quote! {
            /// Chooses one of the servers the spec lists (the first is the default).
            pub fn server(mut self, server: Server) -> Self {
                self.server = server;
                self
            }
        }
    });
    let server_url = if has_servers { quote!(self.server.url()) } else { quote!("") };
    let base_url_missing = if has_servers {
        quote!()
    } else {
        quote! {
            if base_url.is_none() {
                return Err(crate::runtime::BuildError(
                    "the spec lists no server: set one with ClientBuilder::base_url".into(),
                ));
            }
        }
    };
    // A spec without operations (webhooks only) has nothing that reads the settings.
    let config_allow = api.operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    let url_fn = (!api.operations.is_empty()).then(|| {
        quote! {
            /// The base URL for an operation with these server overrides.
            pub(crate) fn url(&self, servers: &[&'static str]) -> String {
                match (&self.base_url, servers.first()) {
                    (Some(base), _) => base.clone(),
                    (None, Some(server)) => (*server).to_string(),
                    (None, None) => self.server_url.to_string(),
                }
            }
        }
    });
    let title_doc = doc_attrs(&format!(
        "Client for the {}. Cheap to clone: clones share one connection pool.",
        api.title
    ));

    quote! {
        //! The client and its builder.

        #server_enum

        #title_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) http: ::reqwest::Client,
            #config_allow
            pub(crate) config: crate::runtime::Config,
            base_url: Option<String>,
            server_url: &'static str,
            #(#auth_fields)*
            #(#header_fields)*
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to (operations whose path declares its own server use
            /// that one unless a base URL was set on the builder).
            pub fn base_url(&self) -> &str {
                self.base_url.as_deref().unwrap_or(self.server_url)
            }

            /// The `reqwest` client requests go through (for calls the spec does not describe).
            pub fn http_client(&self) -> &::reqwest::Client {
                &self.http
            }

            #url_fn

            #(#auth_fns)*
            #(#methods)*
        }

        /// Configures a [`Client`].
        #[derive(Debug, Clone, Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            #server_field
            http: Option<::reqwest::Client>,
            timeout: Option<::std::time::Duration>,
            connect_timeout: Option<::std::time::Duration>,
            retry: Option<crate::RetryPolicy>,
            max_response_body: Option<usize>,
            #(#auth_fields)*
            #(#builder_header_fields)*
        }

        impl ClientBuilder {
            /// Sends every request to this base URL instead of the spec's servers (for tests,
            /// proxies and other environments). It must be an absolute http(s) URL.
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            #server_setter

            /// Uses this `reqwest` client (its proxies, TLS settings, connection pool).
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http = Some(client);
                self
            }

            /// The time one attempt may take, from connecting to the end of the response body
            /// (default 60 s). A call can override it with [`RequestOptions::timeout`](crate::RequestOptions::timeout).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// The time to establish a connection (default 10 s). Cannot be combined with
            /// [`ClientBuilder::http_client`]: set it on that client instead.
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// When failed requests are retried (default [`RetryPolicy::default`](crate::RetryPolicy::default);
            /// [`RetryPolicy::none`](crate::RetryPolicy::none) turns retries off). A call can override it.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            /// The largest response body read, in bytes (default 64 MiB); a larger one is
            /// [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
            pub fn max_response_body(mut self, bytes: usize) -> Self {
                self.max_response_body = Some(bytes);
                self
            }

            #(#auth_setters)*
            #(#header_setters)*

            /// Builds the client, checking the base URL.
            pub fn build(self) -> Result<Client, crate::BuildError> {
                let base_url = match self.base_url {
                    Some(url) => Some(crate::runtime::check_base_url(&url)?),
                    None => None,
                };
                #base_url_missing
                let http = match (self.http, self.connect_timeout) {
                    (Some(_), Some(_)) => {
                        return Err(crate::runtime::BuildError(
                            "connect_timeout cannot be applied to a client given with http_client: set it on that client".into(),
                        ));
                    }
                    (Some(http), None) => http,
                    (None, connect_timeout) => ::reqwest::Client::builder()
                        .connect_timeout(connect_timeout.unwrap_or(crate::runtime::DEFAULT_CONNECT_TIMEOUT))
                        .build()
                        .map_err(|e| crate::runtime::BuildError(e.to_string()))?,
                };
                let config = crate::runtime::Config {
                    timeout: Some(self.timeout.unwrap_or(crate::runtime::DEFAULT_TIMEOUT)),
                    retry: self.retry.unwrap_or_default(),
                    max_body: self.max_response_body.unwrap_or(crate::runtime::DEFAULT_MAX_BODY),
                };
                Ok(Client {
                    http,
                    config,
                    base_url,
                    server_url: #server_url,
                    #(#auth_copy)*
                    #(#header_copy)*
                })
            }
        }
    }
}

fn server_enum(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return quote!();
    }
    let variants = api.servers.iter().enumerate().map(|(i, s)| {
        let v = format_ident!("{}", s.variant);
        let docs = doc_attrs(&format!(
            "{}`{}`",
            s.description.as_ref().map(|d| format!("{}: ", prose(d))).unwrap_or_default(),
            s.url
        ));
        let default = (i == 0).then(|| quote!(#[default]));
        quote!(#docs #default #v,)
    });
    let arms = api.servers.iter().map(|s| {
        let v = format_ident!("{}", s.variant);
        let url = &s.url;
        quote!(Server::#v => #url,)
    });
    quote! {
        /// The servers the spec lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's base URL.
            pub fn url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn auth_setter(a: &AuthScheme) -> TokenStream {
    let f = ident(&a.setter);
    let what = match &a.kind {
        AuthKind::ApiKeyHeader { header } => format!("Sends this API key in the `{header}` header"),
        AuthKind::ApiKeyQuery { name } => format!("Sends this API key as the `{name}` query parameter"),
        AuthKind::ApiKeyCookie { name } => format!("Sends this API key as the `{name}` cookie"),
        AuthKind::Bearer => "Sends `Authorization: Bearer <token>`".to_string(),
        AuthKind::Basic => "Sends HTTP basic authentication".to_string(),
    };
    let docs = doc_attrs(&format!(
        "{what} (security scheme `{}`), on the operations that use it.{}",
        a.key,
        a.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
    ));
    match a.kind {
        AuthKind::Basic => quote! {
            #docs
            pub fn #f(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.#f = Some((username.into(), crate::Secret::new(password)));
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #f(mut self, value: impl Into<String>) -> Self {
                self.#f = Some(crate::Secret::new(value));
                self
            }
        },
    }
}

/// `auth_<setter>`: adds the scheme's credential, if configured, to a request being built.
fn auth_fn(a: &AuthScheme) -> TokenStream {
    let f = ident(&a.setter);
    let name = format_ident!("auth_{}", a.setter.trim_start_matches("r#"));
    let body = match &a.kind {
        AuthKind::ApiKeyHeader { header } => quote! {
            if let Some(key) = &self.#f {
                crate::runtime::insert_header(headers, #header, key.expose(), true)?;
            }
        },
        AuthKind::Bearer => quote! {
            if let Some(token) = &self.#f {
                crate::runtime::insert_header(headers, "Authorization", &::std::format!("Bearer {}", token.expose()), true)?;
            }
        },
        AuthKind::Basic => quote! {
            if let Some((user, password)) = &self.#f {
                let value = crate::runtime::basic_auth(user, password.expose());
                crate::runtime::insert_header(headers, "Authorization", &value, true)?;
            }
        },
        AuthKind::ApiKeyQuery { name } => quote! {
            if let Some(key) = &self.#f {
                crate::runtime::push_query(url, #name, key.expose());
            }
        },
        AuthKind::ApiKeyCookie { name } => quote! {
            if let Some(key) = &self.#f {
                crate::runtime::append_cookie(headers, #name, key.expose())?;
            }
        },
    };
    let target = match a.kind {
        AuthKind::ApiKeyQuery { .. } => quote!(url: &mut String),
        _ => quote!(headers: &mut crate::HeaderMap),
    };
    let docs = doc_attrs(&format!("Adds the `{}` credential, if one is configured.", a.key));
    quote! {
        #docs
        pub(crate) fn #name(&self, #target) -> Result<(), String> {
            #body
            Ok(())
        }
    }
}

/// Parameters a call must give: path parameters, required query/header/cookie parameters that
/// the client does not supply by default, in declaration order.
fn constructor_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required && p.default_header.is_none())
}

/// The argument type of a required parameter, and how it is stored.
fn arg_type(api: &Api, t: &TypeRef) -> (TokenStream, TokenStream) {
    match t {
        TypeRef::String => (quote!(impl Into<String>), quote!(String)),
        other => {
            let t = ty(api, other, false);
            (t.clone(), t)
        }
    }
}

fn into_value(t: &TypeRef, name: &proc_macro2::Ident) -> TokenStream {
    match t {
        TypeRef::String => quote!(#name.into()),
        _ => quote!(#name),
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
    text.push_str(&format!("`{} {}` (operation `{}`).", op.http_method, op.path, op.operation_id));
    if op.deprecated {
        text.push_str("\n\nDeprecated by the API.");
    }
    text
}

/// `in_group`: the method sits in its tag's module beside the builder, which it then names
/// directly rather than through `operations`' glob re-exports.
fn client_method(api: &Api, op: &Operation, in_group: bool) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for p in constructor_params(op) {
        let a = ident(&p.ident);
        let (arg_ty, _) = arg_type(api, &p.ty);
        args.push(quote!(#a: #arg_ty));
        values.push(into_value(&p.ty, &a));
    }
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let t = ty(api, &b.ty, false);
        args.push(quote!(body: #t));
        values.push(quote!(body));
    });
    let _ = body_arg;
    let docs = doc_attrs(&format!(
        "{}\n\nReturns a request builder: set optional parameters on it, then `.await` it.",
        op_docs(op)
    ));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated = "deprecated by the API"]));
    let module = (!in_group).then(|| quote!(crate::operations::));
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #module #builder<'_> {
            #module #builder::new(self, #(#values),*)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// operations.rs

pub(crate) fn operations_rs(api: &Api) -> TokenStream {
    if api.groups.is_empty() {
        let items = api.operations.iter().map(|op| operation(api, op));
        return quote! {
            //! One request builder and one error enum per operation.
            #(#items)*
        };
    }
    let modules = api.groups.iter().map(|g| {
        let m = ident(&g.module);
        let feature = &g.feature;
        let docs = doc_attrs(&group_docs(g));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub mod #m;
            #[cfg(feature = #feature)]
            pub use #m::*;
        }
    });
    quote! {
        //! One request builder and one error enum per operation, in one module per tag, each
        //! behind the Cargo feature its documentation names (all are on by default). Everything
        //! is re-exported here.
        #(#modules)*
    }
}

fn group_docs(g: &Group) -> String {
    let mut text = match (&g.tag, &g.resource) {
        (Some(tag), _) => format!("Operations tagged `{}` (feature `{}`).", tag.replace('`', "'"), g.feature),
        (None, Some(r)) => format!("Operations on `/{}` (feature `{}`).", r.replace('`', "'"), g.feature),
        (None, None) => format!("The other operations (feature `{}`).", g.feature),
    };
    if let Some(d) = &g.description {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    text
}

/// One tag's module of a large API: the `Client` methods, builders and error enums.
pub(crate) fn group_rs(api: &Api, g: &Group) -> TokenStream {
    let methods = g.operations.iter().map(|&i| client_method(api, &api.operations[i], true));
    let items = g.operations.iter().map(|&i| operation(api, &api.operations[i]));
    quote! {
        impl crate::Client {
            #(#methods)*
        }
        #(#items)*
    }
}

/// The success type of an operation: the documented body of its 2xx responses; `()` when
/// none has a body; a JSON value when they disagree.
fn success_type(op: &Operation) -> Option<TypeRef> {
    let bodies: Vec<Option<&TypeRef>> = op.success.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
    let first = bodies.iter().flatten().next()?;
    if bodies.iter().flatten().all(|b| b == first) {
        Some((*first).clone())
    } else {
        Some(TypeRef::Json)
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let error = format_ident!("{}", op.error_name);
    let method = &op.method_name.trim_start_matches("r#");
    let success = success_type(op);
    let ok_ty = success.as_ref().map(|t| ty(api, t, false)).unwrap_or_else(|| quote!(()));

    // Fields: every parameter (optional ones as Option), and the body.
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let f = ident(&p.ident);
        let in_ctor = p.required && p.default_header.is_none();
        // A client-wide header is text on the client, so its per-call override is text too.
        let p_ty = if p.default_header.is_some() { TypeRef::String } else { p.ty.clone() };
        let stored = arg_type(api, &p_ty).1;
        let docs = doc_attrs(&format!(
            "`{}` ({} parameter{}).{}",
            p.wire,
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
            ctor_args.push(quote!(#f: #stored));
            ctor_inits.push(quote!(#f,));
        } else {
            fields.push(quote!(#f: Option<#stored>,));
            ctor_inits.push(quote!(#f: None,));
            let (arg_ty, _) = arg_type(api, &p_ty);
            let value = into_value(&p_ty, &format_ident!("value"));
            setters.push(quote! {
                #docs
                pub fn #f(mut self, value: #arg_ty) -> Self {
                    self.#f = Some(#value);
                    self
                }
            });
        }
    }
    if let Some(b) = &op.body {
        let t = ty(api, &b.ty, false);
        if b.required {
            fields.push(quote!(body: #t,));
            ctor_args.push(quote!(body: #t));
            ctor_inits.push(quote!(body,));
        } else {
            fields.push(quote!(body: Option<#t>,));
            ctor_inits.push(quote!(body: None,));
            let docs = doc_attrs(&prose_or(b.description.as_deref(), || "The request body.".to_string()));
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #t) -> Self {
                    self.body = Some(value);
                    self
                }
            });
        }
    }

    let (request_body, response_body) = send_body(api, op, &error);
    let http_method = format_ident!("{}", op.http_method);
    let template = &op.path;
    let builder_docs = doc_attrs(&format!(
        "Request builder for [`Client::{method}`](crate::Client::{method}): `{} {}`.\n\nAwait it (or call [`send`](Self::send)) to send the request.",
        op.http_method, op.path
    ));
    let send_docs = doc_attrs(&format!("Sends the request.\n\n{}", op_docs(op)));
    let error_enum = error_enum(api, op, &error);
    quote! {
        #builder_docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            #(#fields)*
            options: crate::RequestOptions,
        }

        impl<'a> #builder<'a> {
            pub(crate) fn new(client: &'a crate::Client, #(#ctor_args),*) -> Self {
                Self { client, #(#ctor_inits)* options: crate::RequestOptions::default() }
            }

            #(#setters)*

            /// Overrides the client's timeout and retry policy, and adds headers, for this call.
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }

            #send_docs
            pub fn send(self) -> impl ::std::future::Future<Output = Result<#ok_ty, crate::Error<#error>>> + Send + 'a {
                crate::runtime::value(self.send_with_response())
            }

            /// Sends the request; the result keeps the response's status and headers.
            pub fn send_with_response(mut self) -> impl ::std::future::Future<Output = Result<crate::Response<#ok_ty>, crate::Error<#error>>> + Send + 'a {
                let options = ::std::mem::take(&mut self.options);
                let call = crate::runtime::Call { method: ::reqwest::Method::#http_method, template: #template, options };
                let client = self.client;
                crate::runtime::send(&client.http, &client.config, call, self, Self::request, Self::response)
            }

            /// The request of one attempt (built afresh for each).
            fn request(&self) -> Result<::reqwest::RequestBuilder, crate::Error<#error>> {
                #request_body
            }

            /// The typed outcome of the final response.
            fn response(raw: crate::runtime::Raw) -> Result<crate::Response<#ok_ty>, crate::Error<#error>> {
                #response_body
            }
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = Result<#ok_ty, crate::Error<#error>>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #error_enum
    }
}

/// The bodies of an operation's `request` (one attempt's request) and `response` (status
/// dispatch and decoding) functions.
fn send_body(api: &Api, op: &Operation, error: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    let servers = &op.servers;
    let mut stmts = Vec::new();
    stmts.push(quote! {
        let mut url = self.client.url(&[#(#servers),*]);
    });
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) if l.chars().count() == 1 => {
                let c = l.chars().next().unwrap_or('/');
                stmts.push(quote!(url.push(#c);));
            }
            PathPart::Literal(l) => stmts.push(quote!(url.push_str(#l);)),
            PathPart::Param(i) => {
                let f = ident(&op.params[*i].ident);
                let text = param_text(&op.params[*i].ty, quote!(&self.#f));
                stmts.push(quote! {
                    crate::runtime::push_path_segment(&mut url, #text).map_err(crate::Error::InvalidRequest)?;
                });
            }
        }
    }
    let has_headers =
        op.params.iter().any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
            || op.security.iter().any(|&i| !matches!(api.auth[i].kind, AuthKind::ApiKeyQuery { .. }))
            || op.body.is_some();
    let headers_mut = if has_headers { quote!(mut) } else { quote!() };
    stmts.push(quote!(let #headers_mut headers = crate::HeaderMap::new();));
    for p in &op.params {
        let f = ident(&p.ident);
        let wire = &p.wire;
        let in_ctor = p.required && p.default_header.is_none();
        let text_ty = if p.default_header.is_some() { TypeRef::String } else { p.ty.clone() };
        let value_of = |v: TokenStream| match p.location {
            // Arrays use the default `form` style, exploded: `tags=a&tags=b`.
            ParamLocation::Query if matches!(p.ty, TypeRef::Array(_)) => quote! {
                for item in #v {
                    crate::runtime::push_query(&mut url, #wire, &crate::runtime::param_text(item));
                }
            },
            ParamLocation::Query => {
                let text = param_text(&text_ty, v);
                quote!(crate::runtime::push_query(&mut url, #wire, #text);)
            }
            ParamLocation::Header => {
                let text = param_text(&text_ty, v);
                quote!(crate::runtime::insert_header(&mut headers, #wire, #text, false).map_err(crate::Error::InvalidRequest)?;)
            }
            ParamLocation::Cookie => {
                let text = param_text(&text_ty, v);
                quote!(crate::runtime::append_cookie(&mut headers, #wire, #text).map_err(crate::Error::InvalidRequest)?;)
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
                api.default_headers[d].setter
            );
            let insert = value_of(quote!(value));
            stmts.push(quote! {
                let value = self.#f.as_deref().or(self.client.#setter.as_deref())
                    .ok_or_else(|| crate::Error::InvalidRequest(#message.into()))?;
                #insert
            });
        } else if in_ctor {
            stmts.push(value_of(quote!(&self.#f)));
        } else {
            let insert = value_of(quote!(value));
            stmts.push(quote! {
                if let Some(value) = &self.#f {
                    #insert
                }
            });
        }
    }
    for &i in &op.security {
        let name = format_ident!("auth_{}", api.auth[i].setter.trim_start_matches("r#"));
        let target = match api.auth[i].kind {
            AuthKind::ApiKeyQuery { .. } => quote!(&mut url),
            _ => quote!(&mut headers),
        };
        stmts.push(quote!(self.client.#name(#target).map_err(crate::Error::InvalidRequest)?;));
    }
    let method = format_ident!("{}", op.http_method);
    let body = op.body.as_ref().map(|b| {
        let (content_type, encode) = match b.media_type {
            BodyMedia::Json => ("application/json", quote!(::serde_json::to_vec(body).map_err(|e| crate::Error::InvalidRequest(e.to_string()))?)),
            BodyMedia::Text => ("text/plain", quote!(crate::runtime::param_text(body).into_bytes())),
            BodyMedia::Bytes => ("application/json", quote!(::serde_json::to_vec(body).map_err(|e| crate::Error::InvalidRequest(e.to_string()))?)),
        };
        let attach = quote! {
            crate::runtime::insert_header(&mut headers, "Content-Type", #content_type, false).map_err(crate::Error::InvalidRequest)?;
            let bytes = #encode;
            request = request.body(bytes);
        };
        if b.required {
            quote! { let body = &self.body; #attach }
        } else {
            quote! { if let Some(body) = &self.body { #attach } }
        }
    });
    let request_mut = if op.body.is_some() { quote!(mut) } else { quote!() };
    stmts.push(quote! {
        let #request_mut request = self.client.http.request(::reqwest::Method::#method, url);
        #body
        Ok(request.headers(headers))
    });
    let request = quote!(#(#stmts)*);
    stmts.clear();

    // Status dispatch: exact codes, then ranges, then `default`, then anything else. Success arms
    // give the value; error arms return.
    let mut arms = Vec::new();
    for r in &op.success {
        let pat = status_pattern(&r.status);
        let value = match (&r.body, success_type(op)) {
            (None, None) => quote!(()),
            (_, Some(TypeRef::Json)) => quote!(raw.json()?),
            (None, Some(_)) => quote!(raw.json()?),
            (Some(b), _) => match b.media {
                BodyMedia::Text => quote!(raw.text()),
                BodyMedia::Json | BodyMedia::Bytes => quote!(raw.json()?),
            },
        };
        arms.push((r.status.clone(), quote!(#pat => #value,)));
    }
    if op.success.is_empty() {
        arms.push((Status::Range(2), quote!(200..=299 => (),)));
    }
    for r in &op.errors {
        let pat = status_pattern(&r.status);
        let v = format_ident!("{}", r.variant);
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
    if success_type(op).is_some() {
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
    (request, quote!(#(#stmts)*))
}

/// Error bodies that are boxed in the error enum, so `Error<E>` stays small in a `Result`.
fn is_large(t: &TypeRef) -> bool {
    !matches!(t, TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean)
}

/// A parameter's wire text as `&str`: strings as they are, anything else through
/// `runtime::param_text`.
fn param_text(t: &TypeRef, value: TokenStream) -> TokenStream {
    match t {
        TypeRef::String => value,
        _ => quote!(&crate::runtime::param_text(#value)),
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

fn error_enum(api: &Api, op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let method = op.method_name.trim_start_matches("r#");
    let variants = op.errors.iter().map(|r| {
        let v = format_ident!("{}", r.variant);
        let docs = doc_attrs(&format!("{}: {}", status_text(&r.status), prose(&r.description)));
        match &r.body {
            Some(b) if b.media == BodyMedia::Json => {
                let t = ty(api, &b.ty, false);
                if is_large(&b.ty) {
                    quote!(#docs #v(Box<#t>),)
                } else {
                    quote!(#docs #v(#t),)
                }
            }
            Some(_) => quote!(#docs #v(String),),
            None => quote!(#docs #v,),
        }
    });
    let docs = doc_attrs(&format!(
        "The error responses documented for [`Client::{method}`](crate::Client::{method}), with their decoded bodies."
    ));
    let consts = const_methods(api, op);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #error {
            #(#variants)*
        }

        #consts
    }
}

/// For error bodies merged from schemas that differ only in `const` values: one
/// `documented_<field>()` accessor per const field, and `const_mismatches()`.
fn const_methods(api: &Api, op: &Operation) -> TokenStream {
    struct Info<'a> {
        variant: proc_macro2::Ident,
        consts: Vec<(&'a ConstField, TypeRef)>,
    }
    let infos: Vec<Info> = op
        .errors
        .iter()
        .filter_map(|r| {
            let b = r.body.as_ref()?;
            let TypeRef::Named(id) = &b.ty else { return None };
            let TypeKind::Struct(s) = &api.types[id.0].kind else { return None };
            let consts: Vec<(&ConstField, TypeRef)> = b
                .consts
                .iter()
                .filter_map(|c| {
                    let f = s.fields.iter().find(|f| f.ident == c.field)?;
                    let base = match &f.ty {
                        TypeRef::Option(inner) => (**inner).clone(),
                        other => other.clone(),
                    };
                    if matches!(base, TypeRef::Option(_)) {
                        return None;
                    }
                    const_literal(&c.value, &base).map(|_| (c, base))
                })
                .collect();
            (!consts.is_empty()).then(|| Info { variant: format_ident!("{}", r.variant), consts })
        })
        .collect();
    if infos.is_empty() {
        return quote!();
    }
    let error = format_ident!("{}", op.error_name);
    let all_variants = op.errors.len();

    // documented_<field>: one per field name whose type agrees across variants.
    let mut fields: Vec<(&str, &str, TypeRef)> = Vec::new();
    for info in &infos {
        for (c, base) in &info.consts {
            if !fields.iter().any(|(f, _, _)| *f == c.field) {
                fields.push((&c.field, &c.wire, base.clone()));
            }
        }
    }
    let accessors = fields.iter().filter_map(|(field, wire, base)| {
        let agrees = infos.iter().all(|i| i.consts.iter().all(|(c, b)| c.field != *field || b == base));
        if !agrees {
            return None;
        }
        let ret = match base {
            TypeRef::String => quote!(&'static str),
            other => ty(api, other, false),
        };
        let name = format_ident!("documented_{}", field.trim_start_matches("r#"));
        let mut covered = 0;
        let arms: Vec<TokenStream> = infos
            .iter()
            .filter_map(|i| {
                let (c, _) = i.consts.iter().find(|(c, _)| c.field == *field)?;
                let lit = const_literal(&c.value, base)?;
                let v = &i.variant;
                covered += 1;
                Some(quote!(Self::#v(_) => Some(#lit),))
            })
            .collect();
        let rest = (covered < all_variants).then(|| quote!(_ => None,));
        let docs = doc_attrs(&format!(
            "The `{wire}` value the spec documents (`const`) for this response, if it documents one."
        ));
        Some(quote! {
            #docs
            pub fn #name(&self) -> Option<#ret> {
                match self {
                    #(#arms)*
                    #rest
                }
            }
        })
    });

    let mismatch_arms = infos.iter().map(|i| {
        let v = &i.variant;
        let checks = i.consts.iter().filter_map(|(c, base)| {
            let lit = const_literal(&c.value, base)?;
            let f = ident(&c.field);
            let wire = &c.wire;
            let differs = match (c.optional, base) {
                (false, _) => quote!(body.#f != #lit),
                (true, TypeRef::String) => quote!(body.#f.as_deref() != Some(#lit)),
                (true, _) => quote!(body.#f != Some(#lit)),
            };
            Some(quote!((#wire, #differs)))
        });
        quote!(Self::#v(body) => ::std::vec![#(#checks),*],)
    });
    let rest = (infos.len() < all_variants).then(|| quote!(_ => Vec::new(),));
    quote! {
        impl #error {
            #(#accessors)*

            /// The wire names of body fields whose value differs from the `const` the spec
            /// documents for this response (empty when the body agrees with the spec).
            #[allow(clippy::float_cmp)]
            pub fn const_mismatches(&self) -> Vec<&'static str> {
                let checks: Vec<(&'static str, bool)> = match self {
                    #(#mismatch_arms)*
                    #rest
                };
                checks.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
            }
        }
    }
}

/// A literal of the field's type for a const value; `None` when they do not fit together.
fn const_literal(c: &ConstValue, base: &TypeRef) -> Option<TokenStream> {
    Some(match (c, base) {
        (ConstValue::String(s), TypeRef::String) => quote!(#s),
        (ConstValue::Boolean(b), TypeRef::Boolean) => quote!(#b),
        (ConstValue::Integer(i), TypeRef::Number) => {
            let l = Literal::f64_suffixed(*i as f64);
            quote!(#l)
        }
        (ConstValue::Number(n), TypeRef::Number) => {
            let l = Literal::f64_suffixed(*n);
            quote!(#l)
        }
        (ConstValue::Integer(i), TypeRef::Integer(k)) => match k {
            IntKind::I32 => {
                let l = Literal::i32_suffixed(i32::try_from(*i).ok()?);
                quote!(#l)
            }
            IntKind::I64 => {
                let l = Literal::i64_suffixed(*i);
                quote!(#l)
            }
            IntKind::U32 => {
                let l = Literal::u32_suffixed(u32::try_from(*i).ok()?);
                quote!(#l)
            }
            IntKind::U64 => {
                let l = Literal::u64_suffixed(u64::try_from(*i).ok()?);
                quote!(#l)
            }
        },
        _ => return None,
    })
}
