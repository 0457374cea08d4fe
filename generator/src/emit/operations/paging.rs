//! What an operation that reads its list in pages adds: its `Paginated` implementation, which
//! gives its request the generic `pages()` and `items()` (see `sending`).

use super::super::{doc_attrs, ident, ty};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether an operation's next page is a URL (a `Link` header, a body field): its builder then
/// holds the URL of the page it asks for.
pub(super) fn follows_urls(op: &Operation) -> bool {
    op.paging.as_ref().is_some_and(|p| matches!(p.next, PageNext::Link | PageNext::NextUrl { .. }))
}

/// The request's `Paginated` implementation: how many items a page holds, its items, and the
/// request for the next page.
pub(super) fn paging(
    api: &Api,
    op: &Operation,
    params: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
    ok_ty: &TokenStream,
) -> TokenStream {
    let Some(paging) = &op.paging else { return quote!() };
    let item = ty(api, &paging.item, false);
    let (count, into_items) = match (&paging.items, paging.items_optional) {
        (None, _) => (quote!(page.len()), quote!(page)),
        (Some(f), false) => {
            let f = ident(f);
            (quote!(page.#f.len()), quote!(page.#f))
        }
        (Some(f), true) => {
            let f = ident(f);
            (quote!(page.#f.as_ref().map_or(0, Vec::len)), quote!(page.#f.unwrap_or_default()))
        }
    };
    let text = |field: &crate::names::Ident, optional: bool| {
        let f = ident(field);
        match optional {
            true => quote!(page.value.#f.as_deref()),
            false => quote!(Some(page.value.#f.as_str())),
        }
    };
    let servers = &op.servers;
    let follow = |url: TokenStream| {
        quote! {
            let url = crate::runtime::same_origin(&self.client.url(&[#(#servers),*]), #url)?;
            let mut next = self.clone();
            next.params.page_url = Some(url.clone());
            Some((next, url))
        }
    };
    let next = match &paging.next {
        PageNext::Cursor { param, field, optional } => {
            let p = ident(&op.params[*param].ident);
            let cursor = text(field, *optional);
            quote! {
                let cursor = #cursor.filter(|c| !c.is_empty())?.to_string();
                let mut next = self.clone();
                next.params.#p = Some(cursor.clone());
                Some((next, cursor))
            }
        }
        PageNext::LastId { param, more, more_optional, id } => {
            let p = ident(&op.params[*param].ident);
            let more = ident(more);
            let more = match more_optional {
                true => quote!(page.value.#more.unwrap_or(false)),
                false => quote!(page.value.#more),
            };
            let items = ident(paging.items.as_ref().expect("a last-id list has an items field"));
            let last = match paging.items_optional {
                true => quote!(page.value.#items.as_ref()?.last()?),
                false => quote!(page.value.#items.last()?),
            };
            let id = ident(id);
            quote! {
                if !#more {
                    return None;
                }
                let last = #last.#id.clone();
                let mut next = self.clone();
                next.params.#p = Some(last.clone());
                Some((next, last))
            }
        }
        PageNext::Offset { param } | PageNext::Page { param } => {
            let p = &op.params[*param];
            let f = ident(&p.ident);
            let t = ty(api, &p.value_ty, false);
            let value = match paging.next {
                PageNext::Offset { .. } => quote! {
                    self.params.#f.unwrap_or_default().checked_add(#t::try_from(Self::count(&page.value)).ok()?)?
                },
                _ => quote!(self.params.#f.unwrap_or(1).checked_add(1)?),
            };
            quote! {
                let value: #t = #value;
                let mut next = self.clone();
                next.params.#f = Some(value);
                Some((next, value.to_string()))
            }
        }
        PageNext::Link => follow(quote!(&crate::runtime::next_link(&page.headers)?)),
        PageNext::NextUrl { field, optional } => {
            let url = text(field, *optional);
            follow(quote!(#url.filter(|u| !u.is_empty())?))
        }
    };
    // A page number follows from the request alone.
    let page_arg = match paging.next {
        PageNext::Page { .. } => quote!(_page),
        _ => quote!(page),
    };
    let method = op.method_name.as_str();
    let pattern = &paging.pattern;
    let docs = doc_attrs(&format!(
        "[`Client::{method}`](crate::Client::{method}) reads its list in pages ({pattern})."
    ));
    let implementation = quote! {
        #docs
        impl<'a> crate::Paginated for crate::Request<'a, #params> {
            type Page = #ok_ty;
            type Item = #item;
            type Error = #error;

            fn fetch(self) -> impl ::std::future::Future<Output = Result<crate::Response<#ok_ty>, crate::Error<#error>>> + Send {
                self.send_with_response()
            }

            fn count(page: &#ok_ty) -> usize {
                #count
            }

            fn into_items(page: #ok_ty) -> Vec<#item> {
                #into_items
            }

            fn next_page(&self, #page_arg: &crate::Response<#ok_ty>) -> Option<(Self, String)> {
                #next
            }
        }
    };
    implementation
}
