//! An operation's error enum, with accessors of the constants the spec documents.

use super::super::docs::code;
use super::super::{doc_attrs, ident, ty};
use super::response::outcome_variant;
use super::shared;
use crate::model::*;
use crate::names;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// An operation's error enum where its builder is: its own, or the one it shares with other
/// operations (see [`super::shared`]).
pub(super) fn error_enum(api: &Api, i: usize) -> TokenStream {
    let op = &api.operations[i];
    let share = &op.error_share;
    let docs = shared::docs(api, i, share, shared::ERROR_DOCS);
    let name = ident(&op.error_name);
    shared::in_module(
        share,
        &name,
        &docs,
        |of| ident(&api.operations[of].error_name),
        || error_items(api, op, &name, &quote!()),
    )
}

/// The enum and its methods, named `name`, without its docs; `cfg` goes on each item.
pub(super) fn error_items(
    api: &Api,
    op: &Operation,
    name: &proc_macro2::Ident,
    cfg: &TokenStream,
) -> TokenStream {
    let variants = op.errors.iter().map(|r| outcome_variant(api, r));
    let consts = const_methods(api, op, name, cfg);
    quote! {
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #consts
    }
}

/// For error bodies merged from schemas that differ only in `const` values: one
/// `documented_<field>()` accessor per const field, and `const_mismatches()`.
/// The constants and their field types come from the model (see `lower::analyse`).
fn const_methods(api: &Api, op: &Operation, error: &proc_macro2::Ident, cfg: &TokenStream) -> TokenStream {
    struct Info<'a> {
        variant: proc_macro2::Ident,
        consts: Vec<(&'a ConstField, TypeRef)>,
    }
    let infos: Vec<Info> = op
        .errors
        .iter()
        .filter_map(|r| {
            let b = r.body.as_ref()?;
            let consts: Vec<(&ConstField, TypeRef)> = b.consts.iter().map(|c| (c, c.ty.clone())).collect();
            (!consts.is_empty()).then(|| Info { variant: ident(&r.variant), consts })
        })
        .collect();
    if infos.is_empty() {
        return quote!();
    }
    let all_variants = op.errors.len();

    // documented_<field>: one per field name whose type agrees across variants.
    let mut fields: Vec<(&str, &str, TypeRef)> = Vec::new();
    for info in &infos {
        for (c, base) in &info.consts {
            if !fields.iter().any(|(f, _, _)| *f == c.field.as_str()) {
                fields.push((c.field.as_str(), &c.wire, base.clone()));
            }
        }
    }
    let accessors = fields.iter().filter_map(|(field, wire, base)| {
        let agrees =
            infos.iter().all(|i| i.consts.iter().all(|(c, b)| c.field.as_str() != *field || b == base));
        if !agrees {
            return None;
        }
        let ret = match base {
            TypeRef::String => quote!(&'static str),
            other => ty(api, other, false),
        };
        let name = names::documented(field);
        let mut covered = 0;
        let arms: Vec<TokenStream> = infos
            .iter()
            .filter_map(|i| {
                let (c, _) = i.consts.iter().find(|(c, _)| c.field.as_str() == *field)?;
                let lit = const_literal(&c.value, base)?;
                let v = &i.variant;
                covered += 1;
                Some(quote!(Self::#v(_) => Some(#lit),))
            })
            .collect();
        let rest = (covered < all_variants).then(|| quote!(_ => None,));
        let docs = doc_attrs(&format!(
            "The {} value the spec documents (`const`) for this response, if it documents one.",
            code(wire)
        ));
        Some(quote! {
            #docs
            pub fn #name(&self) -> Option<#ret> {
                match self {
                    #(#arms)*
                    #rest
                }
            }
        })
    });

    let mismatch_arms = infos.iter().map(|i| {
        let v = &i.variant;
        let checks = i.consts.iter().filter_map(|(c, base)| {
            let lit = const_literal(&c.value, base)?;
            let f = ident(&c.field);
            let wire = &c.wire;
            let differs = match (c.optional, base) {
                (false, _) => quote!(body.#f != #lit),
                (true, TypeRef::String) => quote!(body.#f.as_deref() != Some(#lit)),
                (true, _) => quote!(body.#f != Some(#lit)),
            };
            Some(quote!((#wire, #differs)))
        });
        quote!(Self::#v(body) => ::std::vec![#(#checks),*],)
    });
    let rest = (infos.len() < all_variants).then(|| quote!(_ => Vec::new(),));
    quote! {
        #cfg
        impl #error {
            #(#accessors)*

            /// The wire names of body fields whose value differs from the `const` the spec
            /// documents for this response (empty when the body agrees with the spec).
            #[allow(clippy::float_cmp)]
            pub fn const_mismatches(&self) -> Vec<&'static str> {
                let checks: Vec<(&'static str, bool)> = match self {
                    #(#mismatch_arms)*
                    #rest
                };
                checks.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
            }
        }
    }
}

/// A literal of the field's type for a const value; `None` when they do not fit together.
fn const_literal(c: &ConstValue, base: &TypeRef) -> Option<TokenStream> {
    Some(match (c, base) {
        (ConstValue::String(s), TypeRef::String) => quote!(#s),
        (ConstValue::Boolean(b), TypeRef::Boolean) => quote!(#b),
        (ConstValue::Integer(i), TypeRef::Number) => {
            let l = Literal::f64_suffixed(*i as f64);
            quote!(#l)
        }
        (ConstValue::Number(n), TypeRef::Number) => {
            let l = Literal::f64_suffixed(*n);
            quote!(#l)
        }
        (ConstValue::Integer(i), TypeRef::Integer(k)) => match k {
            IntKind::I32 => {
                let l = Literal::i32_suffixed(i32::try_from(*i).ok()?);
                quote!(#l)
            }
            IntKind::I64 => {
                let l = Literal::i64_suffixed(*i);
                quote!(#l)
            }
            IntKind::U32 => {
                let l = Literal::u32_suffixed(u32::try_from(*i).ok()?);
                quote!(#l)
            }
            IntKind::U64 => {
                let l = Literal::u64_suffixed(u64::try_from(*i).ok()?);
                quote!(#l)
            }
        },
        _ => return None,
    })
}
