//! Pages: list operations whose paging the spec declares, or whose parameters and response
//! match a paging convention completely, read page after page ([`Pages`]) or item after item
//! ([`Items`]). Each page is one call, with the call's retries; the loop ends on the last page,
//! on an empty page, and on a cursor (or URL) it has already followed.

use super::{Error, HeaderMap, Response};
use std::collections::{HashSet, VecDeque};
use std::future::Future;

/// The request builder of an operation whose responses come in pages: what [`Pages`] and
/// [`Items`] need of it. Implemented by the generated builders; not meant to be implemented
/// elsewhere.
pub trait Paginated: Clone + Send + Sized {
    /// A page: the operation's decoded response body.
    type Page: Send;
    /// One item of a page.
    type Item: Send;
    /// The operation's documented errors.
    type Error: Send;

    /// Sends the request for one page.
    #[doc(hidden)]
    fn fetch(self) -> impl Future<Output = Result<Response<Self::Page>, Error<Self::Error>>> + Send;

    /// How many items a page holds.
    #[doc(hidden)]
    fn count(page: &Self::Page) -> usize;

    /// The items of a page, in order.
    #[doc(hidden)]
    fn into_items(page: Self::Page) -> Vec<Self::Item>;

    /// The request for the page after `page`, with what tells it apart (its cursor, offset or
    /// URL); `None` after the last page. `read`: the items of the list read so far, this
    /// page's included.
    #[doc(hidden)]
    fn next_page(&self, page: &Response<Self::Page>, read: usize) -> Option<(Self, String)>;
}

/// The pages of a list, one call each, with the response's status and headers: `while let
/// Some(page) = pages.next().await`.
#[derive(Debug)]
pub struct Pages<B: Paginated> {
    next: Option<B>,
    /// The cursors (offsets, URLs) followed so far: one seen again ends the loop.
    seen: HashSet<String>,
    pages_left: Option<usize>,
    /// The items of the pages read so far.
    read: usize,
}

impl<B: Paginated> Pages<B> {
    pub(crate) fn new(first: B) -> Self {
        Pages { next: Some(first), seen: HashSet::new(), pages_left: None, read: 0 }
    }

    /// Reads at most `pages` pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.pages_left = Some(pages);
        self
    }

    /// The next page; `None` after the last. After an error, the loop has ended.
    pub async fn next(&mut self) -> Option<Result<Response<B::Page>, Error<B::Error>>> {
        if self.pages_left == Some(0) {
            return None;
        }
        let request = self.next.take()?;
        self.pages_left = self.pages_left.map(|n| n - 1);
        let again = request.clone();
        let page = match request.fetch().await {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        let count = B::count(&page.value);
        if count > 0 {
            self.read = self.read.saturating_add(count);
            self.next = again
                .next_page(&page, self.read)
                .filter(|(_, key)| self.seen.insert(key.clone()))
                .map(|(b, _)| b);
        }
        Some(Ok(page))
    }

    /// Every item of every page, in order (see [`Items`]).
    pub fn items(self) -> Items<B> {
        Items { pages: self, ready: VecDeque::new(), items_left: None }
    }
}

/// The items of a list, across its pages (fetched as they are needed): `while let Some(item) =
/// items.next().await`.
#[derive(Debug)]
pub struct Items<B: Paginated> {
    pages: Pages<B>,
    ready: VecDeque<B::Item>,
    items_left: Option<usize>,
}

impl<B: Paginated> Items<B> {
    pub(crate) fn new(first: B) -> Self {
        Pages::new(first).items()
    }

    /// Yields at most `items` items (and fetches no page beyond them).
    pub fn max_items(mut self, items: usize) -> Self {
        self.items_left = Some(items);
        self
    }

    /// Reads at most `pages` pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.pages = self.pages.max_pages(pages);
        self
    }

    /// The next item; `None` after the last. After an error, the loop has ended.
    pub async fn next(&mut self) -> Option<Result<B::Item, Error<B::Error>>> {
        if self.items_left == Some(0) {
            return None;
        }
        loop {
            if let Some(item) = self.ready.pop_front() {
                self.items_left = self.items_left.map(|n| n - 1);
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.ready.extend(B::into_items(page.value)),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every item, read to the end of the list (or the caps set) into a `Vec`.
    pub async fn collect(mut self) -> Result<Vec<B::Item>, Error<B::Error>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288), as written.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|v| v.to_str().ok()).find_map(|value| {
        value.split(',').find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let next = params.split(';').any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p.strip_prefix("rel=")
                    .is_some_and(|rel| rel.trim_matches('"').split_whitespace().any(|r| r == "next"))
            });
            next.then(|| target.to_string())
        })
    })
}

/// The absolute URL of a next page `next` (absolute, or a path from the root of `base`), if it
/// is on the same origin as `base`: a page link elsewhere is not followed, so credentials never
/// leave the API's host. Anything else (a bare cursor in a field that usually holds a URL) is
/// no URL to follow.
pub(crate) fn same_origin(base: &str, next: &str) -> Option<String> {
    let base = reqwest::Url::parse(base).ok()?;
    let url = reqwest::Url::parse(next).ok();
    if url.is_none() && !next.starts_with('/') {
        return None;
    }
    let next = match url {
        Some(url) => url,
        None => base.join(next).ok()?,
    };
    (next.origin() == base.origin()).then(|| next.to_string())
}
