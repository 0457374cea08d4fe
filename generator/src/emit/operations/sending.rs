//! `Request`, the request builder of every operation, and what sends it, written once per crate
//! in `src/client.rs`.
//!
//! Each operation's builder is an alias, `pub type ListPets<'a> = Request<'a, ListPetsParams>`:
//! its parameters are a struct of their own that implements [`Operation`] (how its request is
//! built and its response read), and its setters are an `impl` on that one instantiation. What
//! every operation does alike — `send`, `send_with_response`, `send_with_headers`,
//! `with_options`, `IntoFuture`, `pages` and `items` — is generic, so rustc checks each once per
//! crate instead of once per operation: each of those was a function body per operation, and
//! the number of function bodies sets the time and memory of `cargo check` (GitHub's 767
//! operations were about 4,600 of them).

use crate::model::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The generic `Request` and its traits (nothing when the spec has no operations).
pub(crate) fn request_type(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return quote!();
    }
    let headers = api.headed().then(|| {
        quote! {
            /// An operation whose response headers the spec documents: they are read into
            /// [`Headers`](Self::Headers) by [`Request::send_with_headers`].
            pub trait Headed: Decoded {
                /// The operation's typed response headers.
                type Headers: Send;
                /// Reads them from a response.
                const HEADERS: fn(&crate::HeaderMap) -> Self::Headers;
            }

            impl<'a, P: Headed + 'a> Request<'a, P> {
                /// Sends the request; the value comes with the response headers the spec
                /// documents, typed.
                pub fn send_with_headers(self) -> crate::Pending<'a, (P::Ok, P::Headers), P::Error> {
                    crate::runtime::with_headers(self.send_with_response(), P::HEADERS)
                }
            }
        }
    });
    let pages = api.pages().then(|| {
        quote! {
            impl<'a, P: Operation + 'a> Request<'a, P>
            where
                Self: crate::Paginated,
            {
                /// Every page of the list, one call each (with this call's retries), with the
                /// response's status and headers: `while let Some(page) = pages.next().await`.
                /// The loop ends on the last page, on an empty page and on a page it has
                /// already read; cap it with `max_pages`.
                pub fn pages(self) -> crate::Pages<Self> {
                    crate::Pages::new(self)
                }

                /// Every item of the list, across its pages (fetched as they are needed):
                /// `while let Some(item) = items.next().await`, or `.collect().await`. Cap it
                /// with `max_items` or `max_pages`.
                pub fn items(self) -> crate::Items<Self> {
                    crate::Items::new(self)
                }
            }
        }
    });
    quote! {
        /// The request of one operation, as its [`Client`] method returns it: set its optional
        /// parameters with its setters, then `.await` it (or call `send`). Each operation's
        /// builder (`operations::ListPets`) is this type with the operation's parameters.
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct Request<'a, P> {
            pub(crate) client: &'a Client,
            pub(crate) params: P,
            pub(crate) options: crate::RequestOptions,
        }

        /// One operation: its parameters, how its request is built and how its response is read.
        pub trait Operation: Send + Sync + Sized {
            /// The value of a successful response.
            type Ok: Send;
            /// The operation's error enum.
            type Error: Send;
            /// The HTTP method.
            const METHOD: ::reqwest::Method;
            /// The path template.
            const PATH: &'static str;
            /// Whether a redirect is the operation's outcome rather than followed.
            const REDIRECTS: bool = false;
            /// The request of one attempt (built afresh for each).
            fn request(&self, client: &Client) -> Result<::reqwest::RequestBuilder, String>;
            /// The typed outcome of the final response.
            fn response(raw: crate::runtime::Raw) -> Result<crate::Response<Self::Ok>, crate::Error<Self::Error>>;
        }

        /// An operation whose request, awaited, gives its decoded response (every operation
        /// but those that only stream events).
        pub trait Decoded: Operation {}

        #headers

        impl<'a, P: Operation + 'a> Request<'a, P> {
            /// Overrides the client's timeout and retry policy, and adds headers, for this call.
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }
        }

        // Functions, not methods: a method would take a name from the setters.
        /// The call a request starts (its options taken).
        pub(crate) fn start<P: Operation>(request: &mut Request<'_, P>) -> crate::runtime::Call {
            let call = crate::runtime::Call::new(P::METHOD, P::PATH, &mut request.options);
            if P::REDIRECTS {
                call.returning_redirects()
            } else {
                call
            }
        }

        /// The request of one attempt (built afresh for each).
        pub(crate) fn attempt<P: Operation>(request: &Request<'_, P>) -> Result<::reqwest::RequestBuilder, String> {
            request.params.request(request.client)
        }

        impl<'a, P: Decoded + 'a> Request<'a, P> {
            /// Sends the request (what awaiting it does).
            pub fn send(self) -> crate::Pending<'a, P::Ok, P::Error> {
                ::std::future::IntoFuture::into_future(self)
            }

            /// Sends the request; the result keeps the response's status and headers.
            pub fn send_with_response(mut self) -> crate::Pending<'a, crate::Response<P::Ok>, P::Error> {
                let call = start(&mut self);
                crate::runtime::send(self.client.transport(), call, self, attempt, P::response)
            }
        }

        impl<'a, P: Decoded + 'a> ::std::future::IntoFuture for Request<'a, P> {
            type Output = Result<P::Ok, crate::Error<P::Error>>;
            type IntoFuture = crate::Pending<'a, P::Ok, P::Error>;

            fn into_future(self) -> Self::IntoFuture {
                crate::runtime::value(self.send_with_response())
            }
        }

        #pages
    }
}
