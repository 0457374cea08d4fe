//! The error of a call, and of building a client.

use super::{HeaderMap, StatusCode};
use std::fmt;

/// Why a call failed. `E` is the operation's enum of documented error responses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error; its body decoded.
    Api {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The documented error, with its decoded body.
        body: E,
    },
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The raw response body.
        body: Vec<u8>,
    },
    /// The status is documented, but the body does not decode as documented.
    Decode {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The raw response body.
        body: Vec<u8>,
        /// Why it did not decode.
        source: serde_json::Error,
    },
    /// The response body is larger than the client's limit (see
    /// `ClientBuilder::max_response_body`); it was not read.
    BodyTooLarge {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request could not be sent or the response could not be read (connection refused or
    /// reset, timeout, TLS). Its URL never carries a query string, where credentials may be.
    Transport(reqwest::Error),
    /// No response came within the call's timeout. Only a stream's call reports this: its
    /// timeout covers the wait for the response headers, not its events (others report a
    /// timeout as [`Error::Transport`], whose timeout covers the whole body).
    Timeout(std::time::Duration),
    /// The request could not be built from the arguments given (a header value with a line
    /// break, a missing required header, a path segment of `.` or `..`).
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The response status, where a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::Timeout(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers, where a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::BodyTooLarge { headers, .. } => Some(headers),
            Error::Transport(_) | Error::Timeout(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The documented error body, for [`Error::Api`].
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The raw body, for an undocumented status or a body that did not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "API error {status}: {body:?}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "undocumented status {status} ({} byte body)", body.len())
            }
            Error::Decode { status, source, .. } => {
                write!(f, "the {status} response body does not decode as documented: {source}")
            }
            Error::BodyTooLarge { status, limit, .. } => {
                write!(f, "the {status} response body is larger than the {limit} byte limit")
            }
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(after) => write!(f, "no response within {} ms", after.as_millis()),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// A client could not be built from the builder's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub(crate) String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build client: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// Checks a base URL: absolute, http or https, no query or fragment. Returns it without a
/// trailing `/`.
pub(crate) fn check_base_url(url: &str) -> Result<String, BuildError> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| BuildError(format!("base URL {url:?} is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(BuildError(format!("base URL {url:?} must use http or https")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(BuildError(format!("base URL {url:?} must not have a query or fragment")));
    }
    if parsed.cannot_be_a_base() || parsed.host_str().is_none() {
        return Err(BuildError(format!("base URL {url:?} has no host")));
    }
    Ok(url.trim_end_matches('/').to_string())
}
