//! `src/client.rs`: the client, its builder, servers and credentials.

use super::docs::{code, prose};
use super::operations::client_method;
use super::{doc_attrs, ident};
use crate::model::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

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
            "Sends the {} header on every request (a call may override it).{}",
            code(&h.header),
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
    // Event streams wait this long for more of a stream (their timeout covers the headers).
    let streams = api.streams();
    let idle_field = streams.then(|| quote!(idle_timeout: Option<::std::time::Duration>,));
    let idle_setter = streams.then(|| {
        quote! {
            /// For event streams (an operation's `stream()`): the longest wait for more of a
            /// stream once it is open (default 60 s), instead of a timeout on the whole stream.
            /// A call can override it with [`RequestOptions::idle_timeout`](crate::RequestOptions::idle_timeout).
            pub fn idle_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.idle_timeout = Some(timeout);
                self
            }
        }
    });
    let idle_value = match streams {
        true => quote!(Some(self.idle_timeout.unwrap_or(crate::runtime::DEFAULT_TIMEOUT))),
        false => quote!(None),
    };
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
            "Sets the server variable {} (default {}).{}",
            code(&v.name),
            code(&v.default),
            v.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
        ));
        match &v.enum_name {
            Some(e) => {
                let e = ident(e);
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
    // Operations documenting a redirect go through a client that returns it instead of following
    // it (reqwest's redirect policy belongs to the client, not the request).
    let direct = api.operations.iter().any(|op| op.documents_redirect());
    let direct_build = if direct {
        quote! {
            // A client given with `http_client` is used as it is for these operations too.
            let http_direct = if given {
                http.clone()
            } else {
                ::reqwest::Client::builder()
                    .connect_timeout(connect_timeout.unwrap_or(crate::runtime::DEFAULT_CONNECT_TIMEOUT))
                    .redirect(::reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| crate::runtime::BuildError(e.to_string()))?
            };
        }
    } else {
        quote!(let http_direct = http.clone();)
    };
    let (given, connect_timeout) = if direct {
        (quote!(let given = self.http.is_some();), quote!(let connect_timeout = self.connect_timeout;))
    } else {
        (quote!(), quote!())
    };
    let http_client_doc = if direct {
        quote! {
            /// Uses this `reqwest` client (its proxies, TLS settings, connection pool).
            ///
            /// The operations that document a redirect (3xx) response return it, with its
            /// `Location`, only when this client does not follow redirects
            /// (`reqwest::redirect::Policy::none()`). Without this setter, the other operations
            /// follow redirects and these do not.
        }
    } else {
        quote! {
            /// Uses this `reqwest` client (its proxies, TLS settings, connection pool).
        }
    };
    let url_fn = Some(()).map(|()| {
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

    let request = super::operations::request_type(api);
    let raw_client = raw_client(api);
    quote! {
        //! The client and its builder, and the request builder every operation returns.

        #server_enum
        #(#var_enums)*
        #request

        #title_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            /// Behind `dyn` for compile time: see `runtime::Shared`.
            shared: ::std::sync::Arc<dyn crate::runtime::Shared>,
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
                &self.transport().http
            }

            /// The `reqwest` clients and settings requests go through.
            pub(crate) fn transport(&self) -> &crate::runtime::Transport {
                self.shared.transport()
            }

            #url_fn

            /// A request the spec does not describe, sent the way the operations are: to `path`
            /// (from the root of the base URL, so `/v2/things`), with the client's credentials,
            /// default headers, timeouts, retries, body limit and tracing. A success status's
            /// JSON body decodes into `T` (`serde_json::Value` takes any; an empty body reads as
            /// `null`); any other status is [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus).
            ///
            /// ```ignore
            /// let value: serde_json::Value = client.raw(Method::GET, "/v2/things").query("page", "2").await?;
            /// ```
            pub fn raw<T>(&self, method: crate::Method, path: impl Into<String>) -> crate::RawRequest<'_, T> {
                crate::RawRequest::new(self, method, path.into())
            }


            #(#auth_fns)*
            #(#methods)*
        }

        #raw_client

        /// Configures a [`Client`].
        #[derive(Debug, Clone, Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            #server_field
            http: Option<::reqwest::Client>,
            timeout: Option<::std::time::Duration>,
            connect_timeout: Option<::std::time::Duration>,
            #idle_field
            retry: Option<crate::RetryPolicy>,
            max_response_body: Option<usize>,
            default_headers: Vec<(String, String)>,
            user_agent: Option<String>,
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

            #http_client_doc
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

            #idle_setter

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

            /// Sends this header with every request that does not set it itself (the
            /// operation's parameters, credentials and [`RequestOptions::header`](crate::RequestOptions::header)
            /// come first): a token for an API whose spec declares no security scheme
            /// (`.default_header("Authorization", format!("Bearer {token}"))`), a version or
            /// tenant header. Setting a name again replaces its value. A header that carries a
            /// credential (`Authorization`, `Cookie`, or a name with `key`, `token` or `secret`
            /// in it) never shows in `Debug` output; an invalid name or value fails [`ClientBuilder::build`].
            pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.default_headers.push((name.into(), value.into()));
                self
            }

            /// The `User-Agent` sent with every request (default: this crate's name and version,
            /// such as `github-client/0.1.0`; with a client given to [`ClientBuilder::http_client`],
            /// that client's own, unless set here).
            pub fn user_agent(mut self, value: impl Into<String>) -> Self {
                self.user_agent = Some(value.into());
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
                #given
                #connect_timeout
                let headers = crate::runtime::default_headers(
                    &self.default_headers,
                    self.user_agent.as_deref(),
                    self.http.is_some(),
                )?;
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
                #direct_build
                let config = crate::runtime::Config {
                    timeout: Some(self.timeout.unwrap_or(crate::runtime::DEFAULT_TIMEOUT)),
                    idle_timeout: #idle_value,
                    retry: self.retry.unwrap_or_default(),
                    max_body: self.max_response_body.unwrap_or(crate::runtime::DEFAULT_MAX_BODY),
                    headers,
                };
                let transport = crate::runtime::Transport { http, http_direct, config };
                Ok(Client {
                    shared: ::std::sync::Arc::new(transport),
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
        let v = ident(&s.variant);
        let docs = doc_attrs(&format!(
            "{}{}",
            s.description.as_ref().map(|d| format!("{}: ", prose(d))).unwrap_or_default(),
            code(&s.url)
        ));
        let default = (i == 0).then(|| quote!(#[default]));
        quote!(#docs #default #v,)
    });
    let arms = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let url = &s.url;
        quote!(Server::#v => #url,)
    });
    let template = (!api.server_variables.is_empty()).then(|| {
        let arms = api.servers.iter().map(|s| {
            let v = ident(&s.variant);
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
    let name = ident(name);
    let idents: Vec<proc_macro2::Ident> = v.values.iter().map(|x| ident(&x.ident)).collect();
    let values: Vec<&str> = v.values.iter().map(|x| x.value.as_str()).collect();
    let docs = doc_attrs(&format!(
        "The values of the server variable {}.{}",
        code(&v.name),
        v.description.as_ref().map(|d| format!("\n\n{}", prose(d))).unwrap_or_default()
    ));
    let variant_docs = values.iter().map(|x| doc_attrs(&code(x)));
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
        AuthKind::ApiKeyHeader { header } => format!("Sends this API key in the {} header", code(header)),
        AuthKind::ApiKeyQuery { name } => format!("Sends this API key as the {} query parameter", code(name)),
        AuthKind::ApiKeyCookie { name } => format!("Sends this API key as the {} cookie", code(name)),
        AuthKind::Bearer => "Sends `Authorization: Bearer <token>`".to_string(),
        AuthKind::Basic => "Sends HTTP basic authentication".to_string(),
        AuthKind::Authorization { scheme } => format!(
            "Sends this value as given in the `Authorization` header, its scheme included \
             ({})",
            code(&format!("{} ...", names::scheme_title(scheme)))
        ),
    };
    let docs = doc_attrs(&format!(
        "{what} (security scheme {}), on the operations that use it.{}",
        code(&a.key),
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
    let name = names::auth_fn(&a.setter);
    let body = match &a.kind {
        AuthKind::ApiKeyHeader { header } => quote! {
            if let Some(key) = &self.#f {
                crate::runtime::insert_header(headers, #header, key.expose(), true)?;
            }
        },
        AuthKind::Authorization { .. } => quote! {
            if let Some(value) = &self.#f {
                crate::runtime::insert_header(headers, "Authorization", value.expose(), true)?;
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
    let docs = doc_attrs(&format!("Adds the {} credential, if one is configured.", code(&a.key)));
    quote! {
        #docs
        pub(crate) fn #name(&self, #target) -> Result<(), String> {
            #body
            Ok(())
        }
    }
}

/// `Client`'s implementation of `runtime::RawClient`: what [`Client::raw`]'s requests carry of
/// the client's own (every configured credential, and the spec's default headers).
fn raw_client(api: &Api) -> TokenStream {
    let auth = api.auth.iter().map(|a| {
        let name = names::auth_fn(&a.setter);
        match a.kind {
            AuthKind::ApiKeyQuery { .. } => quote!(self.#name(url)?;),
            _ => quote!(self.#name(headers)?;),
        }
    });
    let default_headers = api.default_headers.iter().map(|h| {
        let f = ident(&h.setter);
        let header = &h.header;
        quote! {
            if let Some(value) = &self.#f {
                crate::runtime::insert_header(headers, #header, value, false)?;
            }
        }
    });
    let url = match api.auth.iter().any(|a| matches!(a.kind, AuthKind::ApiKeyQuery { .. })) {
        true => quote!(url),
        false => quote!(_url),
    };
    let uses_headers = !api.default_headers.is_empty()
        || api.auth.iter().any(|a| !matches!(a.kind, AuthKind::ApiKeyQuery { .. }));
    let headers = match uses_headers {
        true => quote!(headers),
        false => quote!(_headers),
    };
    quote! {
        impl crate::runtime::RawClient for Client {
            fn raw_transport(&self) -> &crate::runtime::Transport {
                self.transport()
            }

            fn raw_base(&self) -> String {
                self.url(&[])
            }

            fn raw_credentials(&self, #url: &mut String, #headers: &mut crate::HeaderMap) -> Result<(), String> {
                #(#auth)*
                #(#default_headers)*
                Ok(())
            }
        }
    }
}
