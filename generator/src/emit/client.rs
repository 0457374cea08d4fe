//! `src/lib.rs`, `src/client.rs` and `src/operations.rs`: the client, its builder, one method,
//! request builder and error enum per operation.

use super::docs::{prose, prose_or};
use super::{doc_attrs, ident, ty};
use crate::model::*;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::ops::Range;

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
    let variable_enums = api.server_variables.iter().filter_map(|v| v.enum_name.as_deref()).map(|n| {
        let n = format_ident!("{}", n);
        quote!(#n,)
    });
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

        pub use client::{Client, ClientBuilder, #server #(#variable_enums)*};
        pub use runtime::{BuildError, Bytes, Error, HeaderMap, RequestOptions, Response, RetryPolicy, Secret, StatusCode};
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
    let has_vars = !api.server_variables.is_empty();
    let server_url = match (has_servers, has_vars) {
        (true, true) => {
            let pairs = api.server_variables.iter().map(|v| {
                let f = ident(&v.setter);
                let name = &v.name;
                let default = &v.default;
                quote!((#name, self.#f.as_deref().unwrap_or(#default)))
            });
            quote!(crate::runtime::fill_server(self.server.template(), &[#(#pairs),*]))
        }
        (true, false) => quote!(self.server.url()),
        _ => quote!(""),
    };
    let server_url_ty = if has_vars { quote!(String) } else { quote!(&'static str) };
    let base_url_or = if has_vars { quote!(&self.server_url) } else { quote!(self.server_url) };
    let var_fields: Vec<TokenStream> = api
        .server_variables
        .iter()
        .map(|v| {
            let f = ident(&v.setter);
            quote!(#f: Option<String>,)
        })
        .collect();
    let var_setters = api.server_variables.iter().map(|v| {
        let f = ident(&v.setter);
        let docs = doc_attrs(&format!(
            "Sets the server variable `{}` (default `{}`).{}",
            v.name,
            v.default,
            v.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
        ));
        match &v.enum_name {
            Some(e) => {
                let e = format_ident!("{}", e);
                quote! {
                    #docs
                    pub fn #f(mut self, value: #e) -> Self {
                        self.#f = Some(value.as_str().to_string());
                        self
                    }
                }
            }
            None => quote! {
                #docs
                pub fn #f(mut self, value: impl Into<String>) -> Self {
                    self.#f = Some(value.into());
                    self
                }
            },
        }
    });
    let var_enums = api.server_variables.iter().map(variable_enum);
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
        #(#var_enums)*

        #title_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) http: ::reqwest::Client,
            #config_allow
            pub(crate) config: crate::runtime::Config,
            base_url: Option<String>,
            server_url: #server_url_ty,
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
                self.base_url.as_deref().unwrap_or(#base_url_or)
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
            #(#var_fields)*
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
            #(#var_setters)*

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
    let template = (!api.server_variables.is_empty()).then(|| {
        let arms = api.servers.iter().map(|s| {
            let v = format_ident!("{}", s.variant);
            let t = &s.template;
            quote!(Server::#v => #t,)
        });
        quote! {
            /// The server's URL template, with its `{variables}`.
            pub fn template(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    });
    quote! {
        /// The servers the spec lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's base URL (its variables at their defaults).
            pub fn url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }

            #template
        }
    }
}

/// The enum of a server variable's allowed values.
fn variable_enum(v: &ServerVariable) -> TokenStream {
    let Some(name) = &v.enum_name else { return quote!() };
    let name = format_ident!("{}", name);
    let idents: Vec<proc_macro2::Ident> = v.values.iter().map(|x| ident(&x.ident)).collect();
    let values: Vec<&str> = v.values.iter().map(|x| x.value.as_str()).collect();
    let docs = doc_attrs(&format!(
        "The values of the server variable `{}`.{}",
        v.name,
        v.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
    ));
    let variant_docs = values.iter().map(|x| doc_attrs(&format!("`{}`", x.replace('`', "'"))));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #idents,)*
        }

        impl #name {
            /// The value as it goes into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(Self::#idents => #values,)*
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
        TypeRef::Bytes => (quote!(impl Into<crate::Bytes>), quote!(crate::Bytes)),
        other => {
            let t = ty(api, other, false);
            (t.clone(), t)
        }
    }
}

fn into_value(t: &TypeRef, name: &proc_macro2::Ident) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Bytes => quote!(#name.into()),
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
        let (t, _) = arg_type(api, &b.ty);
        args.push(quote!(body: #t));
        values.push(into_value(&b.ty, &format_ident!("body")));
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

/// The operations `range` of `src/operations.rs` (of every operation when the API has no
/// groups; else the file only declares the group modules, in one part).
pub(crate) fn operations_rs(api: &Api, range: Range<usize>) -> TokenStream {
    if api.groups.is_empty() {
        let head = (range.start == 0).then(|| {
            quote! {
                //! One request builder and one error enum per operation.
            }
        });
        let items = api.operations[range].iter().map(|op| operation(api, op));
        return quote! {
            #head
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
    let items = g.operations[range].iter().map(|&i| operation(api, &api.operations[i]));
    quote! {
        #methods
        #(#items)*
    }
}

/// The success type of an operation: the documented body of its 2xx responses; `()` when
/// none has a body; a JSON value when they disagree.
fn success_type(op: &Operation) -> Option<TypeRef> {
    op.success.iter().find_map(|r| r.body.as_ref().map(|b| b.ty.clone()))
}

/// The Rust type an operation's call gives on success.
fn ok_type(api: &Api, op: &Operation) -> TokenStream {
    match (&op.success_enum, success_type(op)) {
        (Some(name), _) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        (None, Some(t)) => ty(api, &t, false),
        (None, None) => quote!(()),
    }
}

/// The enum of success outcomes of an operation whose success responses differ in body.
fn success_enum(api: &Api, op: &Operation) -> TokenStream {
    let Some(name) = &op.success_enum else { return quote!() };
    let name = format_ident!("{}", name);
    let method = op.method_name.trim_start_matches("r#");
    let variants = op.success.iter().map(|r| outcome_variant(api, r, r.body.as_ref().map(|b| &b.ty)));
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

/// The struct of an operation's documented success response headers.
fn headers_struct(api: &Api, op: &Operation) -> TokenStream {
    let Some(name) = &op.headers_name else { return quote!() };
    let name = format_ident!("{}", name);
    let method = op.method_name.trim_start_matches("r#");
    let mut seen: Vec<&str> = Vec::new();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in op.success.iter().flat_map(|r| &r.headers) {
        if seen.contains(&h.ident.as_str()) {
            continue;
        }
        seen.push(&h.ident);
        let f = ident(&h.ident);
        let t = ty(api, &h.ty, false);
        let wire = &h.wire;
        let docs = doc_attrs(&format!(
            "`{}`{}",
            h.wire,
            h.description.as_ref().map(|d| format!(": {}", prose(d))).unwrap_or_default()
        ));
        fields.push(quote!(#docs pub #f: Option<#t>,));
        reads.push(quote!(#f: crate::runtime::header_value(headers, #wire),));
    }
    let docs = doc_attrs(&format!(
        "The response headers documented for [`Client::{method}`](crate::Client::{method}), typed; see its builder's `send_with_headers`."
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads the documented headers (one that is absent or does not decode is `None`).
            pub fn from_headers(headers: &crate::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let error = format_ident!("{}", op.error_name);
    let method = &op.method_name.trim_start_matches("r#");
    let ok_ty = ok_type(api, op);

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
            let (arg, _) = arg_type(api, &b.ty);
            let value = into_value(&b.ty, &format_ident!("value"));
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #arg) -> Self {
                    self.body = Some(#value);
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
    let success_enum = success_enum(api, op);
    let headers_struct = headers_struct(api, op);
    let with_headers = op.headers_name.as_ref().map(|h| {
        let h = format_ident!("{}", h);
        quote! {
            /// Sends the request; the value comes with the response headers the spec documents, typed.
            pub fn send_with_headers(self) -> impl ::std::future::Future<Output = Result<(#ok_ty, #h), crate::Error<#error>>> + Send + 'a {
                crate::runtime::with_headers(self.send_with_response(), #h::from_headers)
            }
        }
    });
    let raw_mut = if uses_take_bytes(op) { quote!(mut) } else { quote!() };
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

            #with_headers

            /// The typed outcome of the final response.
            fn response(#raw_mut raw: crate::runtime::Raw) -> Result<crate::Response<#ok_ty>, crate::Error<#error>> {
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
        #success_enum
        #headers_struct
    }
}

/// Whether a success arm takes a binary body out of the response.
fn uses_take_bytes(op: &Operation) -> bool {
    op.success.iter().any(|r| r.body.as_ref().is_some_and(|b| b.media == BodyMedia::Bytes))
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
                let p = &op.params[*i];
                let f = ident(&p.ident);
                if is_scalar(api, &p.ty) && p.style == ParamStyle::Simple {
                    let text = param_text(&p.ty, quote!(&self.#f));
                    stmts.push(quote! {
                        crate::runtime::push_path_segment(&mut url, #text).map_err(crate::Error::InvalidRequest)?;
                    });
                } else {
                    let wire = &p.wire;
                    let style = style_tokens(p.style);
                    let explode = p.explode;
                    stmts.push(quote! {
                        crate::runtime::push_path_styled(&mut url, #wire, &self.#f, #style, #explode).map_err(crate::Error::InvalidRequest)?;
                    });
                }
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
        let scalar = is_scalar(api, &text_ty);
        let style = style_tokens(p.style);
        let explode = p.explode;
        let value_of = |v: TokenStream| match p.location {
            // Arrays, objects and the styles that change scalars go through the styled writer.
            ParamLocation::Query if !scalar || p.style == ParamStyle::DeepObject => quote! {
                crate::runtime::push_query_styled(&mut url, #wire, #v, #style, #explode);
            },
            ParamLocation::Header if !scalar => quote! {
                crate::runtime::insert_header(&mut headers, #wire, &crate::runtime::simple_text(#v, #explode), false).map_err(crate::Error::InvalidRequest)?;
            },
            ParamLocation::Cookie if !scalar => quote! {
                crate::runtime::append_cookie(&mut headers, #wire, &crate::runtime::simple_text(#v, #explode)).map_err(crate::Error::InvalidRequest)?;
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
        let content_type = &b.content_type;
        let encode = match b.media_type {
            BodyMedia::Json => quote!(::serde_json::to_vec(body).map_err(|e| crate::Error::InvalidRequest(e.to_string()))?),
            BodyMedia::Text => quote!(crate::runtime::param_text(body).into_bytes()),
            BodyMedia::Bytes => quote!(body.as_slice().to_vec()),
            BodyMedia::Form => {
                let deep = &b.deep;
                quote!(crate::runtime::form_body(body, &[#(#deep),*]).map_err(crate::Error::InvalidRequest)?)
            }
            BodyMedia::Multipart => multipart_parts(api, &b.ty),
        };
        let attach = if b.media_type == BodyMedia::Multipart {
            quote! {
                let (content_type, bytes) = { #encode };
                crate::runtime::insert_header(&mut headers, "Content-Type", &content_type, false).map_err(crate::Error::InvalidRequest)?;
                request = request.body(bytes);
            }
        } else {
            quote! {
                crate::runtime::insert_header(&mut headers, "Content-Type", #content_type, false).map_err(crate::Error::InvalidRequest)?;
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
                let name = format_ident!("{}", name);
                let v = format_ident!("{}", r.variant);
                match decoded {
                    Some(d) if r.body.as_ref().is_some_and(|b| is_large(&b.ty)) => {
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
    (request, quote!(#(#stmts)*))
}

/// Error bodies that are boxed in the error enum, so `Error<E>` stays small in a `Result`.
fn is_large(t: &TypeRef) -> bool {
    !matches!(t, TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean | TypeRef::Bytes)
}

/// Types whose parameter text is the value itself (no array or object to spread out).
fn is_scalar(api: &Api, t: &TypeRef) -> bool {
    // Aliases may chain (and, in a broken spec, loop): followed a bounded number of times.
    let mut t = t;
    for _ in 0..16 {
        match t {
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean | TypeRef::Bytes => {
                return true
            }
            TypeRef::Named(id) => match &api.types[id.0].kind {
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => return true,
                TypeKind::Alias(next) => t = next,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
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
    let strip = |t: &TypeRef| -> (TypeRef, usize) {
        let mut t = t.clone();
        let mut depth = 0;
        while let TypeRef::Option(inner) = t {
            t = *inner;
            depth += 1;
        }
        (t, depth)
    };
    let parts = match body {
        TypeRef::Named(id) => match &api.types[id.0].kind {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter().map(|f| {
                    let name = ident(&f.ident);
                    let wire = &f.wire;
                    let (base, depth) = strip(&f.ty);
                    let part = match &base {
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
                        _ => quote!(if let Some(Some(value)) = &body.#name { #part }),
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
/// body of type `body` (boxed where large, so the enum stays small).
fn outcome_variant(api: &Api, r: &Response, body: Option<&TypeRef>) -> TokenStream {
    let v = format_ident!("{}", r.variant);
    let docs = doc_attrs(&format!("{}: {}", status_text(&r.status), prose(&r.description)));
    match body {
        Some(t) if is_large(t) => {
            let t = ty(api, t, false);
            quote!(#docs #v(Box<#t>),)
        }
        Some(t) => {
            let t = ty(api, t, false);
            quote!(#docs #v(#t),)
        }
        None => quote!(#docs #v,),
    }
}

fn error_enum(api: &Api, op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let method = op.method_name.trim_start_matches("r#");
    // Error bodies other than JSON are kept as text.
    let variants = op.errors.iter().map(|r| {
        let body = r.body.as_ref().map(|b| if b.media == BodyMedia::Json { &b.ty } else { &TypeRef::String });
        outcome_variant(api, r, body)
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
