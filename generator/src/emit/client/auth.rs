//! Credentials: a builder setter per security scheme, `Client`'s helper adding it to a request,
//! and the `RawClient` the escape hatch sends through.

use super::*;

pub(super) fn auth_setter(a: &AuthScheme) -> TokenStream {
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
pub(super) fn auth_fn(a: &AuthScheme) -> TokenStream {
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
pub(super) fn raw_client(api: &Api) -> TokenStream {
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
