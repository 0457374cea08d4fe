//! `ClientBuilder`: the settings every client has, the spec's credentials, default headers and
//! server variables, and `build`.

use super::*;

/// `ClientBuilder` and its methods.
pub(super) fn builder(api: &Api) -> TokenStream {
    let has_servers = !api.servers.is_empty();
    let auth_fields = auth_fields(api);
    let builder_header_fields = api.default_headers.iter().map(|h| {
        let f = ident(&h.setter);
        quote!(#f: Option<String>,)
    });
    let auth_setters = api.auth.iter().map(auth::auth_setter);
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
    quote! {
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
