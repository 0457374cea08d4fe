//! The runtime every operation of this crate shares, one concern a module: [`error`] (errors),
//! [`auth`] (credentials), [`encode`] (parameters and forms on the wire), [`body`] (bytes and
//! multipart), [`send`] (timeouts, retries, limits, tracing), [`retry`] (the retry policy),
//! [`decode`] (responses) and [`http`] (the HTTP types of `reqwest` it names), with
//! [`nullable`] (fields that may be absent, null or a value), [`object`] (structs as JSON
//! objects, written by hand rather than derived), [`enums`] (enums through their wire values)
//! and, where an operation streams, [`stream`] (server-sent events and binary bodies read as
//! they arrive), and where one reads its list in pages, [`paging`].
//!
//! Written once in the generator and unit-tested there. Each generated crate carries the files
//! its operations need as `src/runtime/`, copied verbatim, and a `mod.rs` of its own, emitted
//! from the generator's list of these files (`emit/runtime.rs`); a test keeps that list and this
//! file in step.

mod auth;
mod body;
mod decode;
mod encode;
mod enums;
mod error;
mod http;
mod nullable;
mod object;
mod paging;
mod retry;
mod send;
mod stream;

pub use auth::*;
pub use body::*;
pub use decode::*;
pub(crate) use encode::*;
#[allow(unused_imports)] // a crate whose spec has no enums calls its macro nowhere
pub(crate) use enums::*;
pub use error::*;
pub use http::*;
pub use nullable::*;
#[allow(unused_imports)] // a crate whose spec has no object types reads none
pub use object::*;
pub use paging::*;
pub use retry::*;
pub use send::*;
pub use stream::*;
