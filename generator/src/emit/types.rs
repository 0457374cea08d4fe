//! `src/types.rs`: one Rust type per named schema.

use super::docs::{prose, prose_or};
use super::{doc_attrs, ident, ty};
use crate::model::{
    Api, EnumVariant, Field, IntVariant, Operation, Struct, TypeDef, TypeKind, TypeRef, UnionVariant,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::ops::Range;

/// The types `range` of `src/types.rs`; the part starting at 0 carries the module docs.
/// `features`: [`type_features`]; `readable`: [`readable`].
pub(crate) fn types_rs(
    api: &Api,
    features: &[Option<usize>],
    readable: &[bool],
    range: Range<usize>,
) -> TokenStream {
    let head = (range.start == 0).then(|| {
        quote! {
            //! Types of the request and response bodies, one per schema of the spec.
        }
    });
    let items = range
        .map(|id| type_def(api, &api.types[id], features[id].map(|g| &*api.groups[g].feature), readable[id]));
    quote! {
        #head
        #(#items)*
    }
}

/// `feature`: the Cargo feature that compiles the type in, when only one tag's operations use it.
/// `de`: whether the type implements `Deserialize` (see [`readable`]).
fn type_def(api: &Api, t: &TypeDef, feature: Option<&str>, de: bool) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let mut text = t.doc.as_deref().map(prose).unwrap_or_default();
    text.push_str(&format!("\n\nSchema: {}.", t.source));
    if let Some(f) = feature {
        text.push_str(&format!(" Compiled with the feature `{f}`."));
    }
    if !de && !matches!(t.kind, TypeKind::Alias(_)) {
        text.push_str(" Only sent in requests: it implements `Serialize`, not `Deserialize`.");
    }
    let cfg = feature.map(|f| quote!(#[cfg(feature = #f)]));
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
        TypeKind::Struct(s) => struct_def(api, &name, docs, s, de),
        TypeKind::Enum(variants) => enum_def(&name, docs, variants, cfg, de),
        TypeKind::Union(variants) => union_def(api, &name, docs, variants, de),
        TypeKind::Tagged { property, variants } => tagged_def(api, &name, docs, property, variants, cfg, de),
        TypeKind::IntEnum(variants) => int_enum_def(&name, docs, variants, cfg, de),
    }
}

/// `oneOf`/`anyOf` with a discriminator: the property's value picks the variant; an unlisted
/// value (or none) decodes into `Other`. Variants are written as they are (their own fields
/// carry the property).
fn tagged_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    property: &str,
    variants: &[UnionVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let tags = v.tags.iter().map(|t| format!("`{}`", t.replace('`', "'"))).collect::<Vec<_>>().join(", ");
        let docs = doc_attrs(&format!("`{}` is {tags}.", property.replace('`', "'")));
        let ident = ident(&v.ident);
        let t = ty(api, &v.ty, true);
        quote!(#docs #ident(#t),)
    });
    let arms = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let tags = &v.tags;
        quote! {
            #(Some(#tags))|* => ::serde_json::from_value(value).map(Self::#ident).map_err(::serde::de::Error::custom),
        }
    });
    let ser_arms = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        quote!(Self::#ident(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let doc_note =
        doc_attrs(&format!("The variant is chosen by the `{}` property.", property.replace('`', "'")));
    let deserialize = de.then(|| {
        quote! {
            #cfg

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        _ => Ok(Self::Other(value)),
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
    }
}

/// An integer enum that never fails to decode: unknown values land in `Other`.
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
    let deserialize = de.then(|| {
        quote! {
            #cfg

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
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

        #cfg

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #deserialize
    }
}

/// `oneOf`/`anyOf`: an untagged enum, tried in spec order, with a catch-all last.
fn union_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[UnionVariant],
    de: bool,
) -> TokenStream {
    let derive_de = de.then(|| quote!(::serde::Deserialize,));
    let variants = variants.iter().map(|v| {
        let docs = doc_attrs(&format!("The `{}` shape.", v.ident.trim_start_matches("r#")));
        let ident = ident(&v.ident);
        let t = ty(api, &v.ty, true);
        quote!(#docs #ident(#t),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_de)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value that matches none of the documented shapes.
            Other(::serde_json::Value),
        }
    }
}

/// A string enum that never fails to decode: unknown values land in `Other`.
fn enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[EnumVariant],
    cfg: Option<TokenStream>,
    de: bool,
) -> TokenStream {
    let idents: Vec<proc_macro2::Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| doc_attrs(&format!("`{}`", v.replace('`', "'"))));
    let deserialize = de.then(|| {
        quote! {
            #cfg

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_str()))
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
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

        #cfg

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #deserialize
    }
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, s: &Struct, de: bool) -> TokenStream {
    let derive_de = de.then(|| quote!(::serde::Deserialize,));
    let fields = s.fields.iter().map(|f| field(api, f, de));
    let extra = s.extra.as_ref().map(|(field_name, value)| {
        let field_name = ident(field_name);
        let value = ty(api, value, true);
        quote! {
            /// Properties the schema does not name.
            #[serde(flatten)]
            pub #field_name: ::std::collections::BTreeMap<String, #value>,
        }
    });
    // `Default` where every field can have one: all optional, or all defaulting types.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_de)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// `de`: whether the struct implements `Deserialize` (else only serialising attributes are written).
fn field(api: &Api, f: &Field, de: bool) -> TokenStream {
    let name = ident(&f.ident);
    let t = ty(api, &f.ty, true);
    let docs = doc_attrs(&prose_or(f.doc.as_deref(), || format!("The `{}` property.", f.wire)));
    let rename = (f.ident.trim_start_matches("r#") != f.wire).then(|| {
        let wire = &f.wire;
        quote!(#[serde(rename = #wire)])
    });
    // Optional fields may be absent on the wire and are left out when `None`; a required but
    // nullable field is always sent, and decodes when a server leaves it out.
    let serde = match (&f.ty, f.required) {
        (TypeRef::Option(_), false) if !de => quote!(#[serde(skip_serializing_if = "Option::is_none")]),
        (TypeRef::Option(_), true) if !de => quote!(),
        // `None` absent, `Some(None)` null, `Some(Some(v))` a value.
        (TypeRef::Option(inner), false) if matches!(**inner, TypeRef::Option(_)) => quote! {
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::runtime::deserialize_some"
            )]
        },
        (TypeRef::Option(_), false) => {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
        }
        (TypeRef::Option(_), true) => quote!(#[serde(default)]),
        _ => quote!(),
    };
    quote! {
        #docs
        #rename
        #serde
        pub #name: #t,
    }
}

/// For an API split into per-tag features: the group whose feature a type needs, when only that
/// group's operations use it (directly or through other types). A type used by several groups,
/// by none, or by a type that is always compiled is always compiled.
pub(crate) fn type_features(api: &Api) -> Vec<Option<usize>> {
    let n = api.types.len();
    if api.groups.is_empty() {
        return vec![None; n];
    }
    // `None`: not reached yet; `Some(Some(g))`: only by group g; `Some(None)`: by several.
    let mut owner: Vec<Option<Option<usize>>> = vec![None; n];
    for (g, group) in api.groups.iter().enumerate() {
        let mut roots = Vec::new();
        for &i in &group.operations {
            let op = &api.operations[i];
            request_roots(op, &mut roots);
            response_roots(op, &mut roots);
        }
        let mut seen = vec![false; n];
        reach(api, roots, &mut seen);
        for (id, reached) in seen.into_iter().enumerate() {
            if reached {
                owner[id] = match owner[id] {
                    None => Some(Some(g)),
                    Some(Some(h)) if h == g => Some(Some(g)),
                    _ => Some(None),
                };
            }
        }
    }
    // What an always-compiled type uses is always compiled too.
    let mut always = vec![false; n];
    let roots: Vec<usize> = (0..n).filter(|&id| !matches!(owner[id], Some(Some(_)))).collect();
    reach(api, roots, &mut always);
    (0..n).map(|id| if always[id] { None } else { owner[id].flatten() }).collect()
}

/// Which types implement `Deserialize`: every type but those only requests use (parameters,
/// request bodies and what they contain). A type a response body or header reaches, or that no
/// operation uses (an unused schema, kept for the user), can be read. Deriving `Deserialize`
/// for a type that is only ever sent is the larger part of its compile time.
pub(crate) fn readable(api: &Api) -> Vec<bool> {
    let n = api.types.len();
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for op in &api.operations {
        request_roots(op, &mut sent);
        response_roots(op, &mut received);
    }
    let mut in_requests = vec![false; n];
    reach(api, sent, &mut in_requests);
    // What a readable type holds must be readable too: an unused schema may hold a type that
    // requests use.
    let mut roots = received;
    roots.extend((0..n).filter(|&id| !in_requests[id]));
    let mut readable = vec![false; n];
    reach(api, roots, &mut readable);
    readable
}

/// The named types an operation's parameters and request body use directly.
fn request_roots(op: &Operation, out: &mut Vec<usize>) {
    for p in &op.params {
        named(&p.ty, out);
    }
    if let Some(b) = &op.body {
        named(&b.ty, out);
    }
}

/// The named types an operation's response bodies and headers use directly.
fn response_roots(op: &Operation, out: &mut Vec<usize>) {
    for r in op.success.iter().chain(&op.errors) {
        if let Some(b) = &r.body {
            named(&b.ty, out);
        }
        for h in &r.headers {
            named(&h.ty, out);
        }
    }
}

/// The named type behind a reference, if any.
fn named(t: &TypeRef, out: &mut Vec<usize>) {
    match t {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => named(t, out),
        _ => {}
    }
}

/// Marks in `seen` every type reachable from `roots` through fields, variants and aliases.
fn reach(api: &Api, roots: Vec<usize>, seen: &mut [bool]) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        match &api.types[id].kind {
            TypeKind::Alias(t) => named(t, &mut stack),
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    named(&f.ty, &mut stack);
                }
                if let Some((_, t)) = &s.extra {
                    named(t, &mut stack);
                }
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
            TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. } => {
                for v in vs {
                    named(&v.ty, &mut stack);
                }
            }
        }
    }
}
