//! `src/client.rs`: the client, its builder, servers and credentials: the `Client` struct and
//! its methods here, the builder in `builder`, the servers in `servers`, credentials in `auth`.

mod auth;
mod builder;
mod servers;

use super::docs::{code, prose};
use super::operations::client_method;
use super::{doc_attrs, ident};
use crate::model::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn client_rs(api: &Api) -> TokenStream {
    let server_enum = servers::server_enum(api);
    let var_enums = api.server_variables.iter().map(servers::variable_enum);
    let request = super::operations::request_type(api);
    let client = client(api);
    let raw_client = auth::raw_client(api);
    let builder = builder::builder(api);
    quote! {
        //! The client and its builder, and the request builder every operation returns.

        #server_enum
        #(#var_enums)*
        #request

        #client
        #raw_client
        #builder
    }
}

/// The fields of `Client` and `ClientBuilder` that hold credentials.
fn auth_fields(api: &Api) -> Vec<TokenStream> {
    api.auth
        .iter()
        .map(|a| {
            let f = ident(&a.setter);
            match a.kind {
                AuthKind::Basic => quote!(#f: Option<(String, crate::Secret)>,),
                _ => quote!(#f: Option<crate::Secret>,),
            }
        })
        .collect()
}

/// `Client` and its methods.
fn client(api: &Api) -> TokenStream {
    let auth_fields = auth_fields(api);
    let header_fields: Vec<TokenStream> = api
        .default_headers
        .iter()
        .map(|h| {
            let f = ident(&h.setter);
            quote!(pub(crate) #f: Option<String>,)
        })
        .collect();
    let auth_fns = api.auth.iter().map(auth::auth_fn);
    // A large API's methods live beside their builders, in the module of their tag.
    let methods =
        api.operations.iter().filter(|_| api.groups.is_empty()).map(|op| client_method(api, op, false));

    let has_vars = !api.server_variables.is_empty();
    let server_url_ty = if has_vars { quote!(String) } else { quote!(&'static str) };
    let base_url_or = if has_vars { quote!(&self.server_url) } else { quote!(self.server_url) };
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

    quote! {
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

    }
}
