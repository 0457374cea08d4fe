//! The servers the spec lists: the `Server` enum and an enum per server variable with listed
//! values.

use super::*;

pub(super) fn server_enum(api: &Api) -> TokenStream {
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
pub(super) fn variable_enum(v: &ServerVariable) -> TokenStream {
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
