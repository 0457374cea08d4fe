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
    let servers = &op.servers;
    let follow = |url: TokenStream| {
        quote! {
            let url = crate::runtime::same_origin(&self.client.url(&[#(#servers),*]), #url)?;
            let mut next = self.clone();
            next.params.page_url = Some(url.clone());
            Some((next, url))
        }
    };
    let read = |name: &str, path: &ValuePath| reader(api, name, path, ok_ty);
    let next = match &paging.next {
        PageNext::Cursor { param, field, stop } => {
            let p = ident(&op.params[*param].ident);
            let cursor = read("cursor_of", field);
            let stop = stop.as_ref().map(|stop| {
                let reader = read("stop_of", &stop.field);
                let when = stop.when;
                quote! {
                    #reader
                    if stop_of(&page.value) == Some(#when) {
                        return None;
                    }
                }
            });
            quote! {
                #cursor
                #stop
                let cursor = cursor_of(&page.value).filter(|c| !c.is_empty())?.to_string();
                let mut next = self.clone();
                next.params.#p = Some(cursor.clone());
                Some((next, cursor))
            }
        }
        PageNext::LastId { param, more, more_optional, id, id_optional } => {
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
            let last = match id_optional {
                true => quote!(#last.#id.clone()?),
                false => quote!(#last.#id.clone()),
            };
            quote! {
                if !#more {
                    return None;
                }
                let last = #last;
                let mut next = self.clone();
                next.params.#p = Some(last.clone());
                Some((next, last))
            }
        }
        PageNext::Offset { param } => {
            let p = &op.params[*param];
            let f = ident(&p.ident);
            let t = ty(api, &p.value_ty, false);
            quote! {
                let value: #t = self.params.#f.unwrap_or_default().checked_add(#t::try_from(Self::count(&page.value)).ok()?)?;
                let mut next = self.clone();
                next.params.#f = Some(value);
                Some((next, value.to_string()))
            }
        }
        PageNext::Page { param, member, number, end } => {
            let p = &op.params[*param];
            let f = ident(&p.ident);
            // The page number's type, how the request's is read, and how the next one is set.
            let (current, set) = match member {
                None => (quote!(self.params.#f.unwrap_or(1)), quote!(next.params.#f = Some(value);)),
                Some(m) => {
                    let m = ident(m);
                    (
                        quote!(self.params.#f.as_ref().and_then(|p| p.#m).unwrap_or(1)),
                        quote! {
                            let mut object = self.params.#f.clone().unwrap_or_default();
                            object.#m = Some(value);
                            next.params.#f = Some(object);
                        },
                    )
                }
            };
            let t = ty(api, number, false);
            let value = match end {
                PageEnd::Empty => quote!(#current.checked_add(1)?),
                // The last page reached: this page's number, or the items read, against a count.
                PageEnd::TotalPages(path) | PageEnd::TotalItems(path) => {
                    let pages = matches!(end, PageEnd::TotalPages(_));
                    let name = if pages { "total_pages_of" } else { "total_of" };
                    let reader = read(name, path);
                    let of = crate::names::local(name);
                    let reached = match (pages, &path.leaf) {
                        (true, TypeRef::Number) => quote!(current as f64 >= total),
                        (true, _) => quote!(i128::from(current) >= i128::from(total)),
                        (false, TypeRef::Number) => quote!(read as f64 >= total),
                        (false, _) => {
                            quote!(i128::try_from(read).is_ok_and(|read| read >= i128::from(total)))
                        }
                    };
                    quote! {{
                        #reader
                        let current = #current;
                        if #of(&page.value).is_some_and(|total| #reached) {
                            return None;
                        }
                        current.checked_add(1)?
                    }}
                }
                PageEnd::NextNumber(path) => {
                    let reader = read("next_page_of", path);
                    let convert = match api.unalias(number) == &path.leaf {
                        true => quote!(next_page_of(&page.value)?),
                        false => quote!(#t::try_from(next_page_of(&page.value)?).ok()?),
                    };
                    quote! {{
                        #reader
                        #convert
                    }}
                }
                PageEnd::More(path) => {
                    let reader = read("more_of", path);
                    quote! {{
                        #reader
                        if more_of(&page.value) == Some(false) {
                            return None;
                        }
                        #current.checked_add(1)?
                    }}
                }
            };
            quote! {
                let value: #t = #value;
                let mut next = self.clone();
                #set
                Some((next, value.to_string()))
            }
        }
        PageNext::Link => follow(quote!(&crate::runtime::next_link(&page.headers)?)),
        PageNext::NextUrl { field } => {
            let reader = read("url_of", field);
            let follow = follow(quote!(url_of(&page.value).filter(|u| !u.is_empty())?));
            quote! {
                #reader
                #follow
            }
        }
    };
    // A page number follows from the request alone.
    let page_arg = match paging.next {
        PageNext::Page { end: PageEnd::Empty, .. } => quote!(_page),
        _ => quote!(page),
    };
    let read_arg = match paging.next {
        PageNext::Page { end: PageEnd::TotalItems(_), .. } => quote!(read),
        _ => quote!(_read),
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

            fn next_page(&self, #page_arg: &crate::Response<#ok_ty>, #read_arg: usize) -> Option<(Self, String)> {
                #next
            }
        }
    };
    implementation
}

/// `fn name(v: &Body) -> Option<Value>`: the value at `path` in a page's body, if it is there.
fn reader(api: &Api, name: &str, path: &ValuePath, body: &TokenStream) -> TokenStream {
    let name = crate::names::local(name);
    let steps = path.steps.iter().map(|step| match step {
        PathStep::Field(f) => {
            let f = ident(f);
            quote!(let v = &v.#f;)
        }
        PathStep::Some => quote!(let v = v.as_ref()?;),
        PathStep::Unbox => quote!(let v = &**v;),
        PathStep::Variant { union, variant } => {
            let union = ty(api, &TypeRef::Named(*union), false);
            let variant = ident(variant);
            quote!(let #union::#variant(v) = v else { return None };)
        }
    });
    let (out, value) = match &path.leaf {
        TypeRef::String => (quote!(&str), quote!(v.as_str())),
        leaf => (ty(api, leaf, false), quote!(*v)),
    };
    quote! {
        fn #name(v: &#body) -> Option<#out> {
            #(#steps)*
            Some(#value)
        }
    }
}
