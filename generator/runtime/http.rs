//! The HTTP types of `reqwest` that the crate's API names.

/// The HTTP status code type of responses.
pub type StatusCode = reqwest::StatusCode;
/// The HTTP method type of requests (for [`Client::raw`](crate::Client::raw)).
pub type Method = reqwest::Method;
/// The header map type of responses.
pub type HeaderMap = reqwest::header::HeaderMap;
