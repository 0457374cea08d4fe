//! `src/types.rs`: one Rust type per named schema.

mod structs;
pub(super) use structs::unwrapped;
use structs::*;

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
    let serialize = serialize(name, variants, &cfg);
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

        #serialize

        #deserialize
        #from
    }
}

/// `Serialize` of a union: each variant as its value, `Other` as the JSON it holds.
fn serialize(name: &proc_macro2::Ident, variants: &[UnionVariant], cfg: &Option<TokenStream>) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    quote! {
        #cfg

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
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
    let serialize = serialize(name, variants, &cfg);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#defs)*
            /// A value that matches none of the documented shapes.
            Other(::serde_json::Value),
        }

        #serialize

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
