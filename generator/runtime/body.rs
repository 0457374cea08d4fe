//! Raw bytes and multipart bodies.

use super::encode::scalar_text;
use super::retry::random_unit;
use std::fmt;

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
