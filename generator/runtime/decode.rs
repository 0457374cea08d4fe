//! Responses: the raw response read to its end, decoding its body into the documented outcome, typed headers.

use super::{Bytes, Error, HeaderMap, StatusCode};

/// A documented response header, decoded: as a string first (strings, string enums), then as
/// JSON text (numbers, booleans). `None` when absent or when it does not decode.
pub(crate) fn header_value<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?.trim();
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .ok()
        .or_else(|| serde_json::from_str(text).ok())
}

/// A response's value with its typed headers.
pub(crate) fn with_headers<'a, T: Send + 'a, H: Send + 'a, E: Send + 'a>(
    response: impl std::future::Future<Output = Result<Response<T>, E>> + Send + 'a,
    headers: fn(&HeaderMap) -> H,
) -> super::BoxFuture<'a, Result<(T, H), E>> {
    Box::pin(async move {
        response.await.map(|r| {
            let h = headers(&r.headers);
            (r.value, h)
        })
    })
}

/// A response read to its end. (`pub`, though not exported: `Operation::response` takes it.)
#[derive(Debug)]
pub struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: Box<HeaderMap>,
    pub(crate) body: Vec<u8>,
    /// How many times the request was sent.
    pub(crate) attempts: u32,
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

thread_local! {
    /// Whether a union on this thread is trying its branches strictly (see [`untagged`]).
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Puts back the strictness a union found when it ends.
struct Strictness(bool);

impl Drop for Strictness {
    fn drop(&mut self) {
        STRICT.with(|s| s.set(self.0));
    }
}

/// A union's branch: the value decoded as that branch's type.
pub(crate) trait Branch<T> {
    fn read(&self, value: &serde_json::Value) -> Result<T, serde_json::Error>;

    /// How well an object's keys fit the branch: its known properties present, then its required
    /// properties present. `(0, 0)` for a branch that is not a struct.
    fn fit(&self, _object: &serde_json::Map<String, serde_json::Value>) -> (usize, usize) {
        (0, 0)
    }
}

/// The branch of a union's variant, by its constructor: `As(Self::Text)` decodes a value as the
/// variant's type and wraps it. (One generic impl, where a closure per variant was one more body
/// for rustc to check: OpenAI's unions have 1,098 variants.)
pub(crate) struct As<V, T>(pub(crate) fn(V) -> T);

impl<V: serde::de::DeserializeOwned, T> Branch<T> for As<V, T> {
    fn read(&self, value: &serde_json::Value) -> Result<T, serde_json::Error> {
        V::deserialize(value).map(self.0)
    }
}

/// The branch of a variant whose type is a struct: decoded as [`As`] is, and weighed by the
/// properties an object has of it.
pub(crate) struct AsObject<V, T>(pub(crate) fn(V) -> T);

impl<V: serde::de::DeserializeOwned + super::Object, T> Branch<T> for AsObject<V, T> {
    fn read(&self, value: &serde_json::Value) -> Result<T, serde_json::Error> {
        V::deserialize(value).map(self.0)
    }

    fn fit(&self, object: &serde_json::Map<String, serde_json::Value>) -> (usize, usize) {
        let present = V::PROPERTIES.iter().filter(|(wire, _)| object.contains_key(*wire));
        present.fold((0, 0), |(known, required), (_, r)| (known + 1, required + usize::from(*r)))
    }
}

/// A `oneOf`/`anyOf` without a discriminator. An object tries the branches in order of fit
/// (the most of a branch's known properties present, then the most of its required ones; spec
/// order among equals), so `{first, prev}` takes the branch that names them, never an earlier
/// one whose properties are all absent; any other value, in spec order. The first branch that
/// decodes `value` with every
/// enum in it taking a documented value (and every union inside it a documented shape), else
/// the first that decodes with enums taking any value, else `other` (the catch-all). Inside
/// another union's strict pass, only the strict pass, and no catch-all.
pub(crate) fn untagged<T, E: serde::de::Error>(
    value: serde_json::Value,
    branches: &[&dyn Branch<T>],
    other: fn(serde_json::Value) -> T,
) -> Result<T, E> {
    let outer = STRICT.with(std::cell::Cell::get);
    let passes: &[bool] = if outer { &[true] } else { &[true, false] };
    let mut order = std::borrow::Cow::Borrowed(branches);
    if let Some(object) = value.as_object() {
        // Stable: equals keep the spec's order.
        order.to_mut().sort_by_cached_key(|branch| std::cmp::Reverse(branch.fit(object)));
    }
    for &strict in passes {
        let _back = Strictness(STRICT.with(|s| s.replace(strict)));
        if let Some(found) = order.iter().find_map(|branch| branch.read(&value).ok()) {
            return Ok(found);
        }
    }
    match outer {
        true => Err(E::custom("no documented shape fits")),
        false => Ok(other(value)),
    }
}

/// Whether an enum (or a discriminated union) may take `value` into its catch-all: not while a
/// union tries its branches strictly.
pub(crate) fn undocumented<E: serde::de::Error>(value: &dyn std::fmt::Display) -> Result<(), E> {
    match STRICT.with(std::cell::Cell::get) {
        true => Err(E::custom(format_args!("`{value}` is not a documented value"))),
        false => Ok(()),
    }
}

/// An enum's decoded value, refused where it is the catch-all (`is_other`) and a union tries
/// its branches strictly. (A flag, not a closure: a closure per enum was one more body for
/// rustc to check.)
pub(crate) fn known<T: std::fmt::Display, E: serde::de::Error>(value: T, is_other: bool) -> Result<T, E> {
    match is_other {
        true => undocumented(&value).map(|()| value),
        false => Ok(value),
    }
}

/// A response's media type without its parameters, in lower case.
fn content_type(headers: &HeaderMap) -> String {
    let value = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    value.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a response's body is JSON (`application/json`, `…+json`).
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    let t = content_type(headers);
    t == "application/json" || t.ends_with("+json")
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
        content_type(&self.headers)
    }

    /// Whether the body is JSON (`application/json`, `…+json`).
    pub(crate) fn is_json(&self) -> bool {
        is_json(&self.headers)
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
