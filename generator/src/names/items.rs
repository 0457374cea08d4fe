//! Names of the generated crate's own items that emit spells: locals of emitted code, the
//! crate's library name, helpers named after a credential, accessors named after a field.

use super::Ident;
use crate::surface;

/// An identifier the generator spells itself and knows to be valid and no keyword (`body`,
/// `value`, an HTTP method's function `get`, the crate's library name, a runtime export).
pub fn local(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// `auth_<setter>`: `Client`'s helper adding the credential of the scheme with this setter.
pub fn auth_fn(setter: &Ident) -> proc_macro2::Ident {
    local(&surface::auth_fn(setter.as_str()))
}

/// `documented_<field>`: an error enum's accessor of the constant the spec documents for a
/// field of its bodies.
pub fn documented(field: &str) -> proc_macro2::Ident {
    local(&format!("{}{field}", surface::DOCUMENTED_PREFIX))
}

/// An `Authorization` scheme as its docs write it (`bearer` → `Bearer`).
pub fn scheme_title(scheme: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(scheme)
}
