//! The runtime every operation of this crate shares: errors, credentials, URL and header
//! building, sending, and response decoding. Written once in the generator and unit-tested
//! there; copied into each generated crate as `src/runtime.rs`.

use std::fmt;

/// The HTTP status code type of responses.
pub type StatusCode = reqwest::StatusCode;
/// The header map type of responses.
pub type HeaderMap = reqwest::header::HeaderMap;

/// A credential: never shown by `Debug` and sent as a sensitive header value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

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
    /// The request could not be sent or the response could not be read.
    Transport(reqwest::Error),
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
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers, where a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
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
            Error::Transport(e) => write!(f, "transport error: {e}"),
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

/// Characters left as they are in a path segment or query component: RFC 3986 unreserved.
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Appends `value` as exactly one path segment: `/`, `?`, `#`, `%` and everything else outside
/// the unreserved set are percent-encoded. `.` and `..` are refused, since URL parsers would
/// resolve them (even encoded) and change the path.
pub(crate) fn push_path_segment(url: &mut String, value: &str) -> Result<(), String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("{value:?} cannot be sent as a path segment"));
    }
    url.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
    Ok(())
}

/// Appends `name=value` to the URL's query, both percent-encoded.
pub(crate) fn push_query(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.extend(percent_encoding::utf8_percent_encode(name, COMPONENT));
    url.push('=');
    url.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
}

/// The text a parameter value is sent as: strings as they are, numbers and booleans in JSON
/// notation, anything else as JSON.
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Sets a header, refusing a name or value that is not allowed in HTTP (a value with a line
/// break, for one). Credentials are marked sensitive.
pub(crate) fn insert_header(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(), String> {
    let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    let mut v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        format!(
            "the value for header {name} contains a line break or another character not allowed in a header"
        )
    })?;
    v.set_sensitive(sensitive);
    headers.insert(header, v);
    Ok(())
}

/// Adds `name=value` to the request's `Cookie` header.
pub(crate) fn append_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), String> {
    let encoded: String = percent_encoding::utf8_percent_encode(value, COMPONENT).collect();
    let pair = format!("{name}={encoded}");
    let cookie = match headers.get(reqwest::header::COOKIE).and_then(|v| v.to_str().ok()) {
        Some(existing) => format!("{existing}; {pair}"),
        None => pair,
    };
    insert_header(headers, "Cookie", &cookie, true)
}

/// The `Authorization` value for HTTP basic authentication.
pub(crate) fn basic_auth(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A response read to its end.
#[derive(Debug)]
pub(crate) struct Raw {
    pub status: StatusCode,
    pub headers: Box<HeaderMap>,
    pub body: Vec<u8>,
}

/// Sends the request and reads the whole response.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<Raw, reqwest::Error> {
    let response = request.send().await?;
    let status = response.status();
    let headers = Box::new(response.headers().clone());
    let body = response.bytes().await?.to_vec();
    Ok(Raw { status, headers, body })
}

impl Raw {
    /// Decodes a documented JSON body.
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(v) => Ok(v),
            Err(source) => {
                Err(Error::Decode { status: self.status, headers: self.headers, body: self.body, source })
            }
        }
    }

    /// A documented text body (invalid UTF-8 is replaced, never an error).
    pub(crate) fn text(self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A documented error status with a JSON body.
    pub(crate) fn api<T: serde::de::DeserializeOwned, E>(self, variant: fn(T) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api { status: self.status, headers: self.headers, body: variant(body) },
            Err(source) => {
                Error::Decode { status: self.status, headers: self.headers, body: self.body, source }
            }
        }
    }

    /// A documented error status whose body is not decoded.
    pub(crate) fn api_value<E>(self, body: E) -> Error<E> {
        Error::Api { status: self.status, headers: self.headers, body }
    }

    /// A status the spec does not document.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus { status: self.status, headers: self.headers, body: self.body }
    }
}
