//! OpenAPI 3.0/3.1 → typed Rust client crates.
//!
//! The pipeline, one module per stage: [`load`] (YAML/JSON → document, 3.1 normalised into what
//! `openapiv3` reads) → [`lower`] (document → [`mod@model`], all policy) → [`emit`] (model → tokens)
//! → [`render`] (tokens → text). [`names`] makes every identifier; [`arena`] finishes the type
//! arena (deduplication, recursion, naming).

pub mod arena;
pub mod changes;
pub mod conformance;
pub mod emit;
pub mod error;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod project;
pub mod render;
pub mod surface;
pub mod yaml;

pub use error::{Error, ErrorKind};

use std::collections::BTreeMap;
use std::path::Path;

/// The files of one generated crate: path relative to the crate root → content.
pub type Files = BTreeMap<String, String>;

/// Generates the crate `package` from the spec file at `spec`.
pub fn generate(spec: &Path, package: &str) -> Result<Files, Error> {
    generate_with_warnings(spec, package).map(|(files, _)| files)
}

/// [`generate`], with the warnings of what was read leniently (each located in the spec, of
/// kind [`ErrorKind::Lenient`]).
pub fn generate_with_warnings(spec: &Path, package: &str) -> Result<(Files, Vec<Error>), Error> {
    generate_within(spec, None, package)
}

/// [`generate_with_warnings`], with the folder the spec's `$ref`s may reach (`None`: the spec's
/// own folder); a `$ref` to a file outside it is refused before the file is opened.
pub fn generate_within(
    spec: &Path,
    root: Option<&Path>,
    package: &str,
) -> Result<(Files, Vec<Error>), Error> {
    let loaded = load::load_within(spec, root)?;
    let api = lower::lower(&loaded, package)?;
    Ok((render::render_crate(&api, &spec_label(spec)), loaded.warnings))
}

/// Generates from spec text already read (`path` names it in errors).
pub fn generate_from_text(path: &Path, text: String, package: &str) -> Result<Files, Error> {
    let loaded = load::parse(error::Source::new(path, text))?;
    let api = lower::lower(&loaded, package)?;
    Ok(render::render_crate(&api, &spec_label(path)))
}

/// The model of spec text already read (`path` names it in errors).
pub fn model_from_text(path: &Path, text: String, package: &str) -> Result<model::Api, Error> {
    let loaded = load::parse(error::Source::new(path, text))?;
    lower::lower(&loaded, package)
}

/// The model of a spec, for inspection and snapshots.
pub fn model(spec: &Path, package: &str) -> Result<model::Api, Error> {
    let loaded = load::load(spec)?;
    lower::lower(&loaded, package)
}

fn spec_label(spec: &Path) -> String {
    spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
}
