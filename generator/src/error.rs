//! Typed errors that point into the spec: file, JSON pointer and, where it can be had, line.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The file is neither valid YAML nor valid JSON.
    Syntax,
    /// The document parses but is not an OpenAPI 3.0/3.1 document.
    NotOpenApi,
    /// The document breaks the OpenAPI structure.
    Invalid,
    /// A `$ref` points at nothing.
    DanglingRef,
    /// A construct the generator does not support (listed in the README).
    Unsupported,
    /// Not an error: the spec breaks the OpenAPI structure where its intent is clear, and was
    /// read leniently (a warning).
    Lenient,
}

/// A generation error, located in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) into the document; empty for the whole document.
    pub pointer: String,
    /// 1-based line in the file, where it could be found.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if !self.pointer.is_empty() {
            write!(f, "at #{}: ", self.pointer)?;
        }
        let kind = match self.kind {
            ErrorKind::Io => "cannot read file",
            ErrorKind::Syntax => "syntax error",
            ErrorKind::NotOpenApi => "not an OpenAPI 3.0/3.1 document",
            ErrorKind::Invalid => "invalid OpenAPI",
            ErrorKind::DanglingRef => "dangling $ref",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Lenient => "read leniently",
        };
        write!(f, "{kind}: {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Unescapes one JSON pointer token (`~1` → `/`, `~0` → `~`); [`push_token`] escapes.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends a token to a JSON pointer.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// Appends `/` and a token, escaped, to a JSON pointer in place.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The spec being read: its path and text, to make located errors.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    pub fn new(path: &Path, text: String) -> Self {
        Self { path: path.to_path_buf(), text }
    }

    /// An error at `pointer`, with the line looked up in the text.
    pub fn error(&self, kind: ErrorKind, pointer: &str, message: impl Into<String>) -> Error {
        Error {
            kind,
            file: self.path.clone(),
            pointer: pointer.to_string(),
            line: locate(&self.text, pointer),
            message: message.into(),
        }
    }
}

/// The line of a JSON pointer in YAML or JSON text (see [`crate::yaml::line_of`]).
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    if pointer.is_empty() {
        return None;
    }
    crate::yaml::line_of(text, pointer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_pointer() {
        let src = Source::new(Path::new("specs/x.yaml"), "a:\n  b: 1\n".into());
        let e = src.error(ErrorKind::DanglingRef, "/a/b", "'#/nope' points at nothing");
        assert_eq!(e.to_string(), "specs/x.yaml:2: at #/a/b: dangling $ref: '#/nope' points at nothing");
    }
}
