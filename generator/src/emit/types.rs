//! `src/types.rs`: one Rust type per named schema.

use super::docs::{code, prose, prose_or};
use super::{conversion, converted, doc_attrs, ident, input, ty};
use crate::model::{
    Api, ConstValue, EnumVariant, Field, Fixed, IntVariant, Presence, Struct, TagArm, TypeDef, TypeKind,
    TypeRef, UnionVariant,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::ops::Range;

/// The types `range` of `src/types.rs`; the part starting at 0 carries the module docs.
pub(crate) fn types_rs(api: &Api, range: Range<usize>) -> TokenStream {
    let head = (range.start == 0).then(|| {
        quote! {
            //! Types of the request and response bodies, one per schema of the spec.
        }
    });
    let items = range.map(|id| type_def(api, &api.types[id]));
    quote! {
        #head
        #(#items)*
    }
}

/// The type's derives and feature are the model's (see `lower::analyse`).
fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let de = t.deserialize;
    let name = ident(&t.name);
    let mut text = t.doc.as_deref().map(prose).unwrap_or_default();
    text.push_str(&format!("\n\nSchema: {}.", t.source));
    match t.features.as_slice() {
        [] => {}
        [f] => text.push_str(&format!(" Compiled with the feature `{f}`.")),
        fs => {
            let list = fs.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
            text.push_str(&format!(" Compiled with any of the features {list}."));
        }
    }
    if !de && !matches!(t.kind, TypeKind::Alias(_)) {
        text.push_str(" Only sent in requests: it implements `Serialize`, not `Deserialize`.");
    }
    let cfg = cfg(t);
    let docs = doc_attrs(&text);
    let docs = quote!(#cfg #docs);
    match &t.kind {
        TypeKind::Alias(target) => {
            let target = ty(api, target, true);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Struct(s) => struct_def(api, t, &name, docs, s),
        TypeKind::Enum(variants) => enum_def(&name, docs, variants, cfg, de),
        TypeKind::Union(variants) => union_def(api, &name, docs, variants, cfg, de),
        TypeKind::Tagged { property, variants, arms } => {
            tagged_def(api, &name, docs, (property, arms), variants, cfg, de)
        }
        TypeKind::IntEnum(variants) => int_enum_def(&name, docs, variants, cfg, de),
    }
}

/// The `#[cfg]` of a type and its impls: its one feature, or the internal one that any of its
/// features enables.
fn cfg(t: &TypeDef) -> Option<TokenStream> {
    t.cfg_feature.as_deref().map(|f| quote!(#[cfg(feature = #f)]))
}

/// `oneOf`/`anyOf` with a discriminator: the property's value picks the variant; an unlisted
/// value (or none) decodes into `Other`. Variants are written as they are (their own fields
/// carry the property).
fn tagged_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    (property, arms): (&str, &[TagArm]),
    variants: &[UnionVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let tags = v.tags.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ");
        let docs = doc_attrs(&format!("{} is {tags}.", code(property)));
        let ident = ident(&v.ident);
        let t = ty(api, &v.ty, true);
        quote!(#docs #ident(#t),)
    });
    // One variant decodes directly; several (a value two variants fix) are tried in turn.
    let arms = arms.iter().map(|arm| {
        let tags = &arm.tags;
        match arm.variants.as_slice() {
            [v] => {
                let ident = ident(&variants[*v].ident);
                quote! {
                    #(Some(#tags))|* => ::serde_json::from_value(value).map(Self::#ident).map_err(::serde::de::Error::custom),
                }
            }
            vs => {
                let branches = branches(vs.iter().map(|&v| &variants[v]));
                quote! {
                    #(Some(#tags))|* => crate::runtime::untagged(value, &[#(#branches)*], Self::Other),
                }
            }
        }
    });
    let ser_arms = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let branches = branches(variants);
    let from = from_impls(api, name, variants, &cfg);
    let doc_note = doc_attrs(&format!(
        "The variant is chosen by the {} property (without it, the first variant that fits).",
        code(property)
    ));
    let deserialize = de.then(|| {
        quote! {
            #cfg

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        // Without the property, each variant in turn (Equinix's IP assignment
                        // leaves its optional `type` out).
                        None => crate::runtime::untagged(value, &[#(#branches)*], Self::Other),
                        Some(tag) => crate::runtime::undocumented(&tag).map(|()| Self::Other(value)),
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #doc_note
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#defs)*
            /// A value whose discriminator the spec does not list.
            Other(::serde_json::Value),
        }

        #cfg

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #deserialize
        #from
    }
}

/// An integer enum that never fails to decode: unknown values land in `Other`. `Eq`, `Hash`,
/// `Display` and serde go through `value` and `From<i64>` (`runtime::enum_impls!`).
fn int_enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[IntVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let idents: Vec<proc_macro2::Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let values: Vec<proc_macro2::Literal> =
        variants.iter().map(|v| proc_macro2::Literal::i64_unsuffixed(v.value)).collect();
    let variant_docs = variants.iter().map(|v| doc_attrs(&format!("`{}`", v.value)));
    let mode = if de { quote!(read) } else { quote!(write) };
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec does not list.
            Other(i64),
        }

        #cfg

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Other(value) => value,
                }
            }
        }

        #cfg

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Other(other),
                }
            }
        }

        crate::runtime::enum_impls! { #cfg #mode int #name }
    }
}

/// A union's variants as `runtime::untagged` tries them: the value decoded as each variant's
/// type, a struct weighed by the properties an object has of it (`AsObject`).
fn branches<'v>(
    variants: impl IntoIterator<Item = &'v UnionVariant> + 'v,
) -> impl Iterator<Item = TokenStream> + 'v {
    variants.into_iter().map(|v| {
        let ident = ident(&v.ident);
        match v.object {
            true => quote!(&crate::runtime::AsObject(Self::#ident),),
            false => quote!(&crate::runtime::As(Self::#ident),),
        }
    })
}

/// The `From` impls of the model's [`VariantFrom`]s: a value is passed where the union is
/// expected without naming the variant (`Message::from(user)`, `.into()`).
fn from_impls(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    cfg: &Option<TokenStream>,
) -> TokenStream {
    let impls = variants.iter().filter_map(|v| {
        let from = v.from.as_ref()?;
        let variant = ident(&v.ident);
        let t = ty(api, &from.source, true);
        let value = if from.boxed { quote!(Box::new(value)) } else { quote!(value) };
        // A map from pairs written inline: `.metadata([("order_id", "6735")])`.
        let pairs = from.pairs.as_ref().map(|inner| {
            let inner = ty(api, inner, true);
            quote! {
                #cfg
                impl<K: Into<String>, V: Into<#inner>, const N: usize> From<[(K, V); N]> for #name {
                    fn from(pairs: [(K, V); N]) -> Self {
                        Self::#variant(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
                    }
                }
            }
        });
        let text = from.text.then(|| {
            quote! {
                #cfg
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_string())
                    }
                }
            }
        });
        Some(quote! {
            #cfg
            impl From<#t> for #name {
                fn from(value: #t) -> Self {
                    Self::#variant(#value)
                }
            }
            #text
            #pairs
        })
    });
    quote!(#(#impls)*)
}

/// `oneOf`/`anyOf`: an untagged enum, tried in spec order (first with documented enum values
/// only), with a catch-all last.
fn union_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[UnionVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let docs = doc_attrs(&format!("The `{}` shape.", v.ident.as_str()));
        let ident = ident(&v.ident);
        let t = ty(api, &v.ty, true);
        quote!(#docs #ident(#t),)
    });
    let from = from_impls(api, name, variants, &cfg);
    let deserialize = de.then(|| {
        let branches = branches(variants);
        quote! {
            #cfg

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    crate::runtime::untagged(value, &[#(#branches)*], Self::Other)
                }
            }
        }
    });
    let ser_arms = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#defs)*
            /// A value that matches none of the documented shapes.
            Other(::serde_json::Value),
        }

        #cfg

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #deserialize
        #from
    }
}

/// A string enum that never fails to decode: unknown values land in `Other`. `Eq`, `Hash`,
/// `Clone`, `Display` and serde go through `as_str` and `From<&str>` (`runtime::enum_impls!`).
fn enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[EnumVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let idents: Vec<proc_macro2::Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| doc_attrs(&code(v)));
    let mode = if de { quote!(read) } else { quote!(write) };
    quote! {
        #docs
        #[derive(Debug)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec does not list.
            Other(String),
        }

        #cfg

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Other(value) => value,
                }
            }
        }

        #cfg

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        crate::runtime::enum_impls! { #cfg #mode str #name }
    }
}

fn struct_def(
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
fn field_serde(f: &Field) -> (TokenStream, TokenStream) {
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
fn object_impls(
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
fn constructor(api: &Api, t: &TypeDef, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
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
pub(super) fn unwrapped(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => unwrapped(inner),
        other => other,
    }
}

/// `value` (of the field's value type) as the field holds it.
fn wrapped(t: &TypeRef, value: TokenStream) -> TokenStream {
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
fn fixed_expr(api: &Api, fixed: &Fixed, t: &TypeRef) -> TokenStream {
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
fn field(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.ident);
    let t = ty(api, &f.rust_ty(), true);
    let docs = doc_attrs(&prose_or(f.doc.as_deref(), || format!("The {} property.", code(&f.wire))));
    quote! {
        #docs
        pub #name: #t,
    }
}
