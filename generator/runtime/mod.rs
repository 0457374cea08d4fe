//! The runtime every operation of this crate shares, one concern a module: [`error`] (errors),
//! [`auth`] (credentials), [`encode`] (parameters and forms on the wire), [`body`] (bytes and
//! multipart), [`send`] (timeouts, retries, limits, tracing), [`retry`] (the retry policy) and
//! [`decode`] (responses), with [`nullable`] (fields that may be absent, null or a value),
//! [`object`] (structs as JSON objects, written by hand rather than derived), [`enums`] (enums
//! through their wire values) and,
//! where an operation streams, `stream` (server-sent events and binary bodies read as they
//! arrive), and where one reads its list in pages, `paging`. Written once in the generator and unit-tested there; copied into each generated
//! crate as `src/runtime/`.

mod auth;
mod body;
mod decode;
mod encode;
mod enums;
mod error;
mod nullable;
mod object;
mod paging; // pages
mod retry;
mod send;
mod stream; // streams

pub use auth::*;
pub use body::*;
pub use decode::*;
pub(crate) use encode::*;
#[allow(unused_imports)] // a crate whose spec has no enums calls its macro nowhere
pub(crate) use enums::*;
pub use error::*;
pub use nullable::*;
#[allow(unused_imports)] // a crate whose spec has no object types reads none
pub use object::*;
pub use paging::*; // pages
pub use retry::*;
pub use send::*;
pub use stream::*; // streams

/// The HTTP status code type of responses.
pub type StatusCode = reqwest::StatusCode;
/// The HTTP method type of requests (for [`Client::raw`](crate::Client::raw)).
pub type Method = reqwest::Method;
/// The header map type of responses.
pub type HeaderMap = reqwest::header::HeaderMap;
