//! The runtime every operation of this crate shares: errors, credentials, URL and header
//! building, timeouts, retries, sending, size limits and response decoding. Written once in the
//! generator and unit-tested there; copied into each generated crate as `src/runtime.rs`.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

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
            Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers, where a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::BodyTooLarge { headers, .. } => Some(headers),
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
            Error::BodyTooLarge { status, limit, .. } => {
                write!(f, "the {status} response body is larger than the {limit} byte limit")
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

// ---------------------------------------------------------------------------------------------
// Raw bytes, parameter styles, form and multipart bodies, typed response headers

/// Raw bytes: a `format: binary` value (an upload, a download, a file field of a multipart
/// body). Inside a JSON document it travels as a string.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    /// The bytes, owned.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(value: Vec<u8>) -> Self {
        Self(value)
    }
}

impl From<&[u8]> for Bytes {
    fn from(value: &[u8]) -> Self {
        Self(value.to_vec())
    }
}

impl From<String> for Bytes {
    fn from(value: String) -> Self {
        Self(value.into_bytes())
    }
}

impl From<&str> for Bytes {
    fn from(value: &str) -> Self {
        Self(value.as_bytes().to_vec())
    }
}

impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// How a parameter's value is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).collect()
}

/// Appends `name=value` where the value is already percent-encoded.
fn push_query_encoded(url: &mut String, name: &str, encoded: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.extend(percent_encoding::utf8_percent_encode(name, COMPONENT));
    url.push('=');
    url.push_str(encoded);
}

/// `k1,v1,k2,v2` (or `k1=v1,k2=v2` exploded) and `a,b,c`: the pieces percent-encoded when
/// `encoded`, the separators never.
fn joined(value: &serde_json::Value, sep: &str, explode: bool, encoded: bool) -> String {
    let piece = |s: &str| if encoded { encode(s) } else { s.to_string() };
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(|v| piece(&scalar_text(v))).collect::<Vec<_>>().join(sep)
        }
        serde_json::Value::Object(map) if explode => map
            .iter()
            .map(|(k, v)| format!("{}={}", piece(k), piece(&scalar_text(v))))
            .collect::<Vec<_>>()
            .join(sep),
        serde_json::Value::Object(map) => {
            map.iter().flat_map(|(k, v)| [piece(k), piece(&scalar_text(v))]).collect::<Vec<_>>().join(sep)
        }
        other => piece(&scalar_text(other)),
    }
}

/// `name[a][b]=v` pairs of a `deepObject` value (arrays indexed: `name[0]`).
fn deep_pairs(name: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                deep_pairs(&format!("{name}[{k}]"), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep_pairs(&format!("{name}[{i}]"), v, out);
            }
        }
        serde_json::Value::Null => {}
        other => out.push((name.to_string(), scalar_text(other))),
    }
}

/// Appends a query parameter of any type with its style: `form` exploded (`ids=1&ids=2`, an
/// object's properties as their own pairs), `form` not exploded (`ids=1,2`), `spaceDelimited`,
/// `pipeDelimited`, `deepObject` (`filter[status]=open`).
pub(crate) fn push_query_styled<T: serde::Serialize + ?Sized>(
    url: &mut String,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) {
    let Ok(value) = serde_json::to_value(value) else { return };
    match (&value, style) {
        (serde_json::Value::Null, _) => {}
        (serde_json::Value::Array(_) | serde_json::Value::Object(_), Style::DeepObject) => {
            let mut pairs = Vec::new();
            deep_pairs(name, &value, &mut pairs);
            for (k, v) in pairs {
                push_query(url, &k, &v);
            }
        }
        (serde_json::Value::Array(items), Style::Form) if explode => {
            for item in items {
                push_query(url, name, &scalar_text(item));
            }
        }
        (serde_json::Value::Object(map), Style::Form) if explode => {
            for (k, v) in map {
                push_query(url, k, &scalar_text(v));
            }
        }
        (serde_json::Value::Array(_) | serde_json::Value::Object(_), _) => {
            let sep = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "%7C",
                _ => ",",
            };
            push_query_encoded(url, name, &joined(&value, sep, false, true));
        }
        (other, _) => push_query(url, name, &scalar_text(other)),
    }
}

/// Appends a path parameter with its style: `simple` (`1,2,3`), `label` (`.1.2.3` or `.1,2,3`),
/// `matrix` (`;id=1;id=2` or `;id=1,2`). Values are percent-encoded, separators are not.
pub(crate) fn push_path_styled<T: serde::Serialize + ?Sized>(
    url: &mut String,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<(), String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let text = match style {
        Style::Label => {
            let sep = if explode { "." } else { "," };
            format!(".{}", joined(&value, sep, explode, true))
        }
        Style::Matrix => match &value {
            serde_json::Value::Array(items) if explode => {
                items.iter().map(|v| format!(";{}={}", encode(name), encode(&scalar_text(v)))).collect()
            }
            serde_json::Value::Object(_) if explode => format!(";{}", joined(&value, ";", true, true)),
            _ => format!(";{}={}", encode(name), joined(&value, ",", false, true)),
        },
        _ => joined(&value, ",", explode, true),
    };
    if text.is_empty() || text == "." || text == ".." {
        return Err(format!("{text:?} cannot be sent as a path segment"));
    }
    url.push_str(&text);
    Ok(())
}

/// A header or cookie value of any type (`simple` style): arrays `a,b`, objects `k,v` or, exploded,
/// `k=v`.
pub(crate) fn simple_text<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> String {
    match serde_json::to_value(value) {
        Ok(v) => joined(&v, ",", explode, false),
        Err(_) => String::new(),
    }
}

/// An `application/x-www-form-urlencoded` body. Scalars are `name=value`; arrays repeat the name
/// (`form` style, exploded), or are indexed (`name[0]=a`) for the properties named in `deep`
/// (encoding style `deepObject`); nested objects are always written `name[key]=value`, the
/// bracket notation form parsers read.
pub(crate) fn form_body<T: serde::Serialize + ?Sized>(value: &T, deep: &[&str]) -> Result<Vec<u8>, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(map) = value else {
        return Err("a form body must be an object".into());
    };
    let mut pairs = Vec::new();
    for (k, v) in &map {
        match v {
            serde_json::Value::Array(items) if !deep.contains(&k.as_str()) => {
                for item in items {
                    match item {
                        serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                            pairs.push((k.clone(), item.to_string()))
                        }
                        other => pairs.push((k.clone(), scalar_text(other))),
                    }
                }
            }
            other => deep_pairs(k, other, &mut pairs),
        }
    }
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode(&k));
        out.push('=');
        out.push_str(&encode(&v));
    }
    Ok(out.into_bytes())
}

/// A `multipart/form-data` body being written.
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        // 104 random bits: a boundary that cannot be guessed, and so not found in a part.
        let n = || (random_unit() * (1u64 << 52) as f64) as u64;
        Self { boundary: format!("clientgen-{:013x}{:013x}", n(), n()), body: Vec::new() }
    }

    fn start(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>) {
        // Quotes and line breaks in names are percent-encoded (as browsers do).
        let quoted = |s: &str| s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        self.body.extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
        if let Some(f) = filename {
            disposition.push_str(&format!("; filename=\"{}\"", quoted(f)));
        }
        self.body.extend_from_slice(disposition.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        if let Some(t) = content_type {
            self.body.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        self.body.extend_from_slice(b"\r\n");
    }

    /// A text part.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.start(name, None, None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
    }

    /// A file part (`application/octet-stream`, named after the field).
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) {
        self.start(name, Some(name), Some("application/octet-stream"));
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
    }

    /// A part of any type: strings, numbers and booleans as text, objects and arrays as JSON.
    pub(crate) fn value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
                self.start(name, None, Some("application/json"));
                self.body.extend_from_slice(v.to_string().as_bytes());
                self.body.extend_from_slice(b"\r\n");
            }
            Ok(other) => self.text(name, &scalar_text(&other)),
        }
    }

    /// One part per property of an object.
    pub(crate) fn fields<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(value) {
            for (k, v) in &map {
                self.value(k, v);
            }
        }
    }

    /// The `Content-Type` header and the body.
    pub(crate) fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (format!("multipart/form-data; boundary={}", self.boundary), self.body)
    }
}

/// A documented response header, decoded: as a string first (strings, string enums), then as
/// JSON text (numbers, booleans). `None` when absent or when it does not decode.
pub(crate) fn header_value<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?.trim();
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .ok()
        .or_else(|| serde_json::from_str(text).ok())
}

/// A response's value with its typed headers.
pub(crate) async fn with_headers<T, H, E>(
    response: impl std::future::Future<Output = Result<Response<T>, E>>,
    headers: fn(&HeaderMap) -> H,
) -> Result<(T, H), E> {
    response.await.map(|r| {
        let h = headers(&r.headers);
        (r.value, h)
    })
}

/// A server URL template with its variables filled in.
pub(crate) fn fill_server(template: &str, variables: &[(&str, &str)]) -> String {
    let mut url = template.to_string();
    for (name, value) in variables {
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url.trim_end_matches('/').to_string()
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

/// Decodes an optional, nullable field (`Option<Option<T>>`): a field that is present, even as
/// `null`, is `Some`; an absent one stays `None` (through `#[serde(default)]`).
pub(crate) fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// A response read to its end.
#[derive(Debug)]
pub(crate) struct Raw {
    pub status: StatusCode,
    pub headers: Box<HeaderMap>,
    pub body: Vec<u8>,
    /// How many times the request was sent.
    pub attempts: u32,
}

// ---------------------------------------------------------------------------------------------
// Timeouts, retries, per-call options

/// When and how often a failed request is sent again.
///
/// Retried: connection errors, timeouts, bodies cut off, and responses 408, 429, 500, 502, 503 and
/// 504, for idempotent
/// methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) unless [`RetryPolicy::retry_non_idempotent`]
/// is set. The wait doubles from `initial_backoff` up to `max_backoff`, with jitter; a
/// `Retry-After` (seconds or HTTP date), `x-ratelimit-retry-after` or `retry-after-ms` header from
/// the server sets it instead. No attempt starts once `max_elapsed` would be passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms to 5 s, at most 120 s in all, idempotent methods only.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(120),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retries.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Sends a request at most `attempts` times in all (1 turns retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts (a server's `Retry-After` may ask for longer).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts if waiting for it would end later than this after the first attempt.
    pub fn max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// Also retries POST and PATCH (only safe where the API makes them idempotent, for example
    /// with an idempotency key).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }
}

/// Settings for one call, overriding the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time one attempt may take, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An extra header (an idempotency key, a trace id). A value with a line break makes the call
    /// fail with [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A successful response with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers (request ids, rate-limit counters).
    pub headers: HeaderMap,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The decoded body.
    pub value: T,
}

/// The client-wide settings every call starts from.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub timeout: Option<Duration>,
    pub retry: RetryPolicy,
    pub max_body: usize,
}

/// Default limit on a response body: 64 MiB.
pub(crate) const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// Default time one attempt may take.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time to establish a connection.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for Config {
    fn default() -> Self {
        Self { timeout: Some(DEFAULT_TIMEOUT), retry: RetryPolicy::default(), max_body: DEFAULT_MAX_BODY }
    }
}

/// What a call is, for retries and tracing.
pub(crate) struct Call {
    pub method: reqwest::Method,
    /// The path template (`/v1/contacts/{id}`): logged instead of the real path.
    pub template: &'static str,
    pub options: RequestOptions,
}

fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method as M;
    [M::GET, M::HEAD, M::PUT, M::DELETE, M::OPTIONS, M::TRACE].contains(method)
}

fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The URL of a transport error without its query (which may hold an API key).
fn redact(e: reqwest::Error) -> reqwest::Error {
    match e.url().cloned() {
        Some(mut url) if url.query().is_some() => {
            url.set_query(None);
            e.with_url(url)
        }
        _ => e,
    }
}

enum Attempt {
    Done(Raw),
    /// A response worth retrying, with the wait the server asked for.
    RetryStatus(Raw, Option<Duration>),
    Failed(reqwest::Error, bool),
    TooLarge(StatusCode, Box<HeaderMap>),
}

/// Sends one operation: `build` makes each attempt's request from the operation's builder `op`,
/// `decode` turns the final response into the operation's result. Generic, so rustc checks its
/// body once for all the operations of a crate.
pub(crate) async fn send<S: Sync, T, E>(
    http: &reqwest::Client,
    config: &Config,
    call: Call,
    op: S,
    build: fn(&S) -> Result<reqwest::RequestBuilder, Error<E>>,
    decode: fn(Raw) -> Result<Response<T>, Error<E>>,
) -> Result<Response<T>, Error<E>> {
    let raw = execute(http, config, || build(&op), call).await?;
    decode(raw)
}

/// The value of a response, without its status and headers.
pub(crate) async fn value<T, E>(
    response: impl std::future::Future<Output = Result<Response<T>, E>>,
) -> Result<T, E> {
    response.await.map(|r| r.value)
}

/// Sends a request with the client's and the call's settings: timeout, extra headers, retries,
/// and the body size limit. `build` makes the request afresh for every attempt, so the first
/// attempt never pays for a copy kept in case a retry follows.
pub(crate) async fn execute<E, B>(
    http: &reqwest::Client,
    config: &Config,
    build: B,
    call: Call,
) -> Result<Raw, Error<E>>
where
    B: Fn() -> Result<reqwest::RequestBuilder, Error<E>>,
{
    let policy = call.options.retry.as_ref().unwrap_or(&config.retry);
    let may_retry = is_idempotent(&call.method) || policy.retry_non_idempotent;
    let timeout = call.options.timeout.or(config.timeout);
    let start = Instant::now();
    #[cfg(feature = "tracing")]
    let span = tracing::info_span!(
        "request",
        method = %call.method,
        path = call.template,
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut request = build()?;
        if !call.options.headers.is_empty() {
            let mut extra = HeaderMap::new();
            for (name, value) in &call.options.headers {
                insert_header(&mut extra, name, value, false).map_err(Error::InvalidRequest)?;
            }
            request = request.headers(extra);
        }
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let request = request.build().map_err(|e| Error::Transport(redact(e)))?;
        let outcome = send_once(http, request, config.max_body, attempt).await;
        let elapsed = start.elapsed();
        #[cfg(feature = "tracing")]
        {
            span.record("attempt", attempt);
            span.record("elapsed_ms", elapsed.as_millis() as u64);
            if let Attempt::Done(raw) | Attempt::RetryStatus(raw, _) = &outcome {
                span.record("status", raw.status.as_u16());
            }
            let _entered = span.enter();
            tracing::debug!(attempt, "attempt finished");
        }
        let wait = match &outcome {
            Attempt::RetryStatus(_, asked) => asked.unwrap_or_else(|| backoff(policy, attempt)),
            Attempt::Failed(_, retryable) if *retryable => backoff(policy, attempt),
            _ => Duration::MAX,
        };
        let again = may_retry
            && attempt < policy.max_attempts
            && wait != Duration::MAX
            && elapsed.saturating_add(wait) <= policy.max_elapsed;
        if again {
            tokio::time::sleep(wait).await;
            continue;
        }
        return match outcome {
            Attempt::Done(raw) | Attempt::RetryStatus(raw, _) => Ok(raw),
            Attempt::Failed(e, _) => Err(Error::Transport(redact(e))),
            Attempt::TooLarge(status, headers) => {
                Err(Error::BodyTooLarge { status, headers, limit: config.max_body })
            }
        };
    }
}

async fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    max_body: usize,
    attempt: u32,
) -> Attempt {
    let mut response = match http.execute(request).await {
        Ok(r) => r,
        Err(e) => {
            let retryable = e.is_connect() || e.is_timeout() || e.is_request();
            return Attempt::Failed(e, retryable);
        }
    };
    let status = response.status();
    // Taken, not cloned: the body is read through `chunk`, which does not need them.
    let headers = Box::new(std::mem::take(response.headers_mut()));
    if retryable_status(status) {
        // The body is kept in case this turns out to be the last attempt.
        let asked = retry_after(&headers);
        let body = read_body(&mut response, max_body).await.unwrap_or_default();
        return Attempt::RetryStatus(Raw { status, headers, body, attempts: attempt }, asked);
    }
    if response.content_length().is_some_and(|n| n > max_body as u64) {
        return Attempt::TooLarge(status, headers);
    }
    match read_body(&mut response, max_body).await {
        Ok(body) => Attempt::Done(Raw { status, headers, body, attempts: attempt }),
        Err(None) => Attempt::TooLarge(status, headers),
        Err(Some(e)) => Attempt::Failed(e, true),
    }
}

/// Reads the body up to `max` bytes: `Err(None)` past the limit, `Err(Some(_))` when the
/// connection fails in the middle.
async fn read_body(response: &mut reqwest::Response, max: usize) -> Result<Vec<u8>, Option<reqwest::Error>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Some)? {
        if body.len() + chunk.len() > max {
            return Err(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Exponential backoff with equal jitter: between half and all of `initial * 2^(n-1)`, capped.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(policy.max_backoff);
    let half = capped / 2;
    half + half.mul_f64(random_unit())
}

/// A number in [0, 1) from a small xorshift generator (jitter needs no cryptographic quality).
fn random_unit() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
            | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a server asks for: `Retry-After` (seconds or HTTP date), `retry-after-ms`,
/// `x-ratelimit-retry-after` (seconds).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = text("retry-after-ms") {
        if let Ok(ms) = v.parse::<f64>() {
            return Some(Duration::from_secs_f64(ms.max(0.0) / 1000.0));
        }
    }
    for name in ["retry-after", "x-ratelimit-retry-after"] {
        if let Some(v) = text(name) {
            if let Ok(secs) = v.parse::<f64>() {
                return Some(Duration::from_secs_f64(secs.clamp(0.0, 86_400.0)));
            }
            if let Some(at) = http_date(v) {
                return Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO));
            }
        }
    }
    None
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub(crate) fn http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let day: u64 = day.parse().ok()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| m == month)? as u64
        + 1;
    let year: u64 = year.parse().ok()?;
    let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else { return None };
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(days * 86_400 + h * 3600 + m * 60 + s))
}

impl Raw {
    /// Decodes a documented JSON body.
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            source,
        })
    }

    fn content_type(&self) -> String {
        let value = self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        value.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// Whether the body is JSON (`application/json`, `…+json`).
    pub(crate) fn is_json(&self) -> bool {
        let t = self.content_type();
        t == "application/json" || t.ends_with("+json")
    }

    /// Whether the body is text (`text/…`).
    pub(crate) fn is_text(&self) -> bool {
        self.content_type().starts_with("text/")
    }

    /// A documented binary body, taken out of the response.
    pub(crate) fn take_bytes(&mut self) -> Bytes {
        Bytes(std::mem::take(&mut self.body))
    }

    /// A documented text body (invalid UTF-8 is replaced, never an error).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The successful response around its decoded value.
    pub(crate) fn into_response<T>(self, value: T) -> Response<T> {
        Response { status: self.status, headers: *self.headers, attempts: self.attempts, value }
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
