//! Structs: the type, its `Serialize`/`Deserialize` as one line per property of\n`runtime::object_impls!`, and, for a type callers build, `new` and a setter per field.

use super::*;

pub(super) fn struct_def(
    api: &Api,
    t: &TypeDef,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| field(api, f));
    let extra = s.extra.as_ref().map(|(field_name, value)| {
        let field_name = ident(field_name);
        let value = ty(api, value, true);
        quote! {
            /// Properties the schema does not name.
            pub #field_name: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let cfg = cfg(t);
    let impls = object_impls(api, name, s, t.deserialize, &cfg);
    let build = t.sent.then(|| constructor(api, t, name, s));
    // `#[non_exhaustive]`: a property the spec adds is a new field, which does not break code
    // that builds the type (with `new` and setters) or reads it.
    quote! {
        #docs
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #impls
        #build
    }
}

/// How a field is written and how reading it finishes (serde's `skip_serializing_if` and
/// `default` as the derive had them): an `ObjectWriter` method and `required` or `present`.
/// Optional fields (`Option<T>`, `Nullable<T>`) are left out when unset; a required nullable or
/// any-JSON field is always written and reads as `None`/`null` when absent.
pub(super) fn field_serde(f: &Field) -> (TokenStream, TokenStream) {
    match f.presence {
        Presence::OptionalNullable => (quote!(nullable), quote!(present)),
        Presence::Optional => (quote!(optional), quote!(present)),
        Presence::RequiredNullable => (quote!(field), quote!(present)),
        Presence::Required if f.ty == TypeRef::Json => (quote!(field), quote!(present)),
        Presence::Required => (quote!(field), quote!(required)),
    }
}

/// `Serialize` and, where the crate reads the type, `Deserialize`: one line per property in
/// `runtime::object_impls!` (see `runtime/object.rs`).
pub(super) fn object_impls(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &Struct,
    read: bool,
    cfg: &Option<TokenStream>,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let (field, wire, t) = (ident(&f.ident), &f.wire, ty(api, &f.rust_ty(), true));
        let (how, finish) = field_serde(f);
        quote!(#field: #t = #wire #how #finish,)
    });
    let mode = if read { quote!(read) } else { quote!(write) };
    let extra = s.extra.as_ref().map(|(f, _)| {
        let f = ident(f);
        quote!(.. #f)
    });
    quote! {
        crate::runtime::object_impls! {
            #cfg
            #mode #name {
                #(#fields)*
            } #extra
        }
    }
}

/// A struct callers build: `new` with the properties that have no value to start from (the
/// required ones, but those that allow one value or `null`), a setter per field taking
/// `impl Into<..>` of its value, and `Default` where `new` takes nothing.
pub(super) fn constructor(api: &Api, t: &TypeDef, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let cfg = cfg(t);
    let argument = |f: &&Field| f.argument;
    let args = s.fields.iter().filter(argument).map(|f| {
        let arg = ident(&f.ident);
        let t = input(api, unwrapped(&f.ty), true);
        quote!(#arg: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let value = match (&f.fixed, f.presence) {
            (Some(fixed), _) => wrapped(&f.rust_ty(), fixed_expr(api, fixed, unwrapped(&f.ty))),
            (None, Presence::OptionalNullable) => quote!(crate::Nullable::Absent),
            (None, Presence::Optional | Presence::RequiredNullable) => quote!(None),
            (None, Presence::Required) => {
                let arg = quote!(#field);
                match conversion(api, unwrapped(&f.ty), arg.clone()) {
                    // An argument stored as it is (a number) is written shorthand (clippy:
                    // redundant field names).
                    None if !matches!(f.ty, TypeRef::Boxed(_)) => return quote!(#field,),
                    c => wrapped(&f.ty, c.unwrap_or(arg)),
                }
            }
        };
        quote!(#field: #value,)
    });
    let extra = s.extra.as_ref().map(|(f, _)| {
        let f = ident(f);
        quote!(#f: ::std::collections::BTreeMap::new(),)
    });
    let setters = s.fields.iter().filter(|f| f.fixed.is_none()).map(|f| {
        let (field, setter) = (ident(&f.ident), ident(&f.setter));
        let t = input(api, unwrapped(&f.ty), true);
        let value = wrapped(&f.rust_ty(), converted(api, unwrapped(&f.ty), quote!(value)));
        let docs = doc_attrs(&prose_or(f.doc.as_deref(), || format!("Sets the {} property.", code(&f.wire))));
        quote! {
            #docs
            pub fn #setter(mut self, value: #t) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    let arity = s.fields.iter().filter(argument).count();
    let many = (arity > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default = (arity == 0).then(|| {
        quote! {
            #cfg
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = doc_attrs(&if arity == 0 {
        format!("Builds a `{name}` with every property left out until its setter sets it.")
    } else {
        format!("Builds a `{name}` from its required properties; the others are left out until their setters set them.")
    });
    quote! {
        #cfg
        impl #name {
            #new_doc
            #many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                    #extra
                }
            }

            #(#setters)*
        }

        #default
    }
}

/// A field's value type without the `Box` around it (and any `Option`s).
pub(in crate::emit) fn unwrapped(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => unwrapped(inner),
        other => other,
    }
}

/// `value` (of the field's value type) as the field holds it.
pub(super) fn wrapped(t: &TypeRef, value: TokenStream) -> TokenStream {
    match t {
        TypeRef::Option(inner) => match &**inner {
            TypeRef::Option(inner) => {
                let value = wrapped(inner, value);
                quote!(crate::Nullable::Value(#value))
            }
            inner => {
                let value = wrapped(inner, value);
                quote!(Some(#value))
            }
        },
        TypeRef::Boxed(inner) => {
            let value = wrapped(inner, value);
            quote!(Box::new(#value))
        }
        _ => value,
    }
}

/// The one value a field allows, of type `t`.
pub(super) fn fixed_expr(api: &Api, fixed: &Fixed, t: &TypeRef) -> TokenStream {
    match fixed {
        Fixed::Variant(id, variant) => {
            let (name, variant) = (ident(&api.types[id.0].name), ident(variant));
            quote!(#name::#variant)
        }
        Fixed::Const(ConstValue::String(s)) => quote!(#s.to_string()),
        Fixed::Const(ConstValue::Boolean(b)) => quote!(#b),
        Fixed::Const(ConstValue::Integer(i)) if *t == TypeRef::Number => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*i as f64);
            quote!(#lit)
        }
        Fixed::Const(ConstValue::Integer(i)) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#lit)
        }
        Fixed::Const(ConstValue::Number(n)) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*n);
            quote!(#lit)
        }
    }
}

/// A struct field: its docs and its type (how it is read and written is [`field_serde`]'s).
pub(super) fn field(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.ident);
    let t = ty(api, &f.rust_ty(), true);
    let docs = doc_attrs(&prose_or(f.doc.as_deref(), || format!("The {} property.", code(&f.wire))));
    quote! {
        #docs
        pub #name: #t,
    }
}
