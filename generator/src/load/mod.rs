//! Load stage: bytes → JSON value → other files embedded (`external`) → 3.1 normalised into
//! the 3.0 shape `openapiv3` reads (`normalize`) → `openapiv3::OpenAPI`, and the target of each
//! `$ref` that names no component, typed once (`targets`).

mod external;
mod lenient;
mod normalize;
pub mod overlay;
mod targets;
#[cfg(test)]
mod tests;

use external::bundle_external;
pub(crate) use external::percent_decode;
pub use external::{EXTERNAL, EXTERNAL_FILES};
pub use lenient::MutualTls;
use normalize::normalize_document;
pub(crate) use normalize::METHODS;
pub use normalize::{const_value, normalize_schema, REQUIRED_ANY};
pub use targets::{component_name, schema_name, Kind, Target, TargetError, Targets};

use crate::error::{join, ErrorKind, Result, Source};
use serde_json::{Map, Value};
use std::path::Path;

/// The scheme of a URL (`javascript` of `javascript:alert(1)`), if it names one: a host and port
/// (`localhost:8080`) does not.
pub(crate) fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let port = rest.split('/').next().is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    (is_scheme && !port).then_some(scheme)
}

/// Whether a file in a specs folder is a spec of its own: YAML or JSON, and no overlay.
pub fn is_spec_file(path: &Path) -> bool {
    let document =
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
    document && !overlay::is_overlay(path)
}

/// A parsed document with the text it came from (for located errors).
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    pub doc: openapiv3::OpenAPI,
    /// What each `$ref` that names no component points at, typed.
    pub targets: Targets,
    /// The `mutualTLS` security schemes (3.1), which the typed document cannot hold.
    pub mutual_tls: Vec<MutualTls>,
    /// What was read leniently, located (kind [`ErrorKind::Lenient`]).
    pub warnings: Vec<crate::Error>,
}

/// Reads and parses a spec file (YAML or JSON); its `$ref`s may name files in its folder and
/// below.
pub fn load(path: &Path) -> Result<Loaded> {
    load_within(path, None)
}

/// [`load`], with the folder `$ref`s may reach given (`None`: the spec's own folder). A `$ref`
/// that names a file outside it is refused before the file is opened.
///
/// An overlay beside the spec (`<stem>.overlay.yaml`, see [`overlay`]) is applied to the
/// document first.
pub fn load_within(path: &Path, root: Option<&Path>) -> Result<Loaded> {
    let source = read_source(path)?;
    let overlay = match overlay::overlay_of(path) {
        Some(file) => {
            let folder = root.map(Path::to_path_buf).or_else(|| path.parent().map(Path::to_path_buf));
            inside(&file, folder.as_deref())?;
            Some(read_source(&file)?)
        }
        None => None,
    };
    parse_overlaid(source, overlay.as_ref(), root)
}

/// Where `file` really is (symlinks followed), if that is outside `folder`; `None` inside.
pub(crate) fn outside(file: &Path, folder: &Path) -> std::io::Result<Option<std::path::PathBuf>> {
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    let (real, root) = (file.canonicalize()?, folder.canonicalize()?);
    Ok((!real.starts_with(&root)).then_some(real))
}

/// Refuses a file (an overlay that is a symlink) whose real place is outside `folder`.
fn inside(file: &Path, folder: Option<&Path>) -> Result<()> {
    let Some(folder) = folder else { return Ok(()) };
    match outside(file, folder) {
        Ok(None) => Ok(()),
        _ => Err(crate::error::Error {
            kind: ErrorKind::Unsupported,
            file: file.to_path_buf(),
            pointer: String::new(),
            line: None,
            message: format!("the overlay is outside the specs folder {}; it was not read", folder.display()),
        }),
    }
}

/// A file's text, for parsing and for locating errors in it.
fn read_source(path: &Path) -> Result<Source> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error {
        kind: ErrorKind::Io,
        file: path.to_path_buf(),
        pointer: String::new(),
        line: None,
        message: e.to_string(),
    })?;
    Ok(Source::new(path, text))
}

/// The JSON value of a file's text; a syntax error names the file and its line.
fn parse_source(source: &Source) -> Result<Value> {
    parse_text(&source.text).map_err(|(line, msg)| {
        let mut e = source.error(ErrorKind::Syntax, "", msg);
        e.line = line;
        e
    })
}

/// Parses spec text already read; its `$ref`s may name files in the folder of `source.path`.
pub fn parse(source: Source) -> Result<Loaded> {
    parse_within(source, None)
}

/// [`parse`], with the folder `$ref`s may reach given (`None`: the folder of `source.path`).
pub fn parse_within(source: Source, within: Option<&Path>) -> Result<Loaded> {
    parse_overlaid(source, None, within)
}

/// [`parse_within`], the document changed by `overlay` (its errors are located in it) first.
fn parse_overlaid(source: Source, overlay: Option<&Source>, within: Option<&Path>) -> Result<Loaded> {
    let mut value = parse_source(&source)?;
    if let Some(overlay) = overlay {
        overlay::apply(&mut value, overlay)?;
    }
    let Some(root) = value.as_object() else {
        return Err(source.error(ErrorKind::NotOpenApi, "", "the document is not a mapping"));
    };
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(other) => {
            return Err(source.error(
                ErrorKind::NotOpenApi,
                "/openapi",
                format!("`openapi` must be a string such as \"3.0.3\", found {other}"),
            ))
        }
        None if root.contains_key("swagger") => {
            return Err(source.error(
                ErrorKind::NotOpenApi,
                "/swagger",
                "Swagger 2.0 documents are not supported; convert them to OpenAPI 3 first",
            ))
        }
        None => return Err(source.error(ErrorKind::NotOpenApi, "", "no `openapi` version field")),
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(source.error(
            ErrorKind::NotOpenApi,
            "/openapi",
            format!("OpenAPI version {version} is not supported (3.0.x and 3.1.x are)"),
        ));
    }
    let own = source.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    bundle_external(&mut value, &source, within.unwrap_or(own))?;
    normalize_document(&mut value);
    let lenient = lenient::read_leniently(&mut value);
    let doc = typed(&value)
        .map_err(|(pointer, message)| source.error(ErrorKind::Invalid, &refine(&value, pointer), message))?;
    let targets = targets::collect(&doc, &value);
    let warnings =
        lenient.warnings.into_iter().map(|(at, msg)| source.error(ErrorKind::Lenient, &at, msg)).collect();
    Ok(Loaded { source, doc, targets, mutual_tls: lenient.mutual_tls, warnings })
}

/// `v`, located at `at`, read as a `T`; an error gives the pointer serde reached and its message.
fn read<T: serde::de::DeserializeOwned>(v: &Value, at: &str) -> std::result::Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(v)
        .map_err(|e| (format!("{at}{}", pointer_of(e.path())), e.into_inner().to_string()))
}

/// The typed document of a normalised value; an error gives the pointer serde reached and its
/// message. The two large parts, `paths` and `components`, are read on two threads; where both
/// fail, the error is the one of the part that comes first in the document, as if read in one go.
fn typed(value: &Value) -> std::result::Result<openapiv3::OpenAPI, (String, String)> {
    use openapiv3::{Components, OpenAPI, Paths};
    let Some(root) = value.as_object() else { return read(value, "") };
    // The rest of the root, small: `paths` emptied (openapiv3 requires it), `components` left out.
    let rest: Map<String, Value> = root
        .iter()
        .filter(|(k, _)| *k != "components")
        .map(|(k, v)| (k.clone(), if k == "paths" { Value::Object(Map::new()) } else { v.clone() }))
        .collect();
    let empty = Value::Object(Map::new());
    let paths_value = root.get("paths").unwrap_or(&empty);
    let (paths, components) = std::thread::scope(|scope| {
        let paths = scope.spawn(|| read::<Paths>(paths_value, "/paths"));
        let components = match root.get("components") {
            None | Some(Value::Null) => Ok(None),
            Some(c) => read::<Components>(c, "/components").map(Some),
        };
        (paths.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), components)
    });
    let rest = read::<OpenAPI>(&Value::Object(rest), "");
    // Read in one go, serde would stop at the first failing key in document order, and report a
    // missing field after every key.
    let position = |pointer: &str| {
        let key = pointer.split('/').nth(1).map(crate::error::unescape_token);
        key.and_then(|key| root.keys().position(|k| *k == key)).unwrap_or(usize::MAX)
    };
    let (mut doc, paths, components) = match (rest, paths, components) {
        (Ok(doc), Ok(paths), Ok(components)) => (doc, paths, components),
        (rest, paths, components) => {
            let errors = [rest.err(), paths.err(), components.err()];
            let first = errors.into_iter().flatten().min_by_key(|(pointer, _)| position(pointer));
            return Err(first.expect("one part failed"));
        }
    };
    doc.paths = paths;
    doc.components = components;
    Ok(doc)
}

/// The one place a document's text is parsed (so the YAML library stays a one-line change).
/// JSON text goes through `serde_json` directly. Errors carry the line where the parser gives one.
pub fn parse_text(text: &str) -> std::result::Result<Value, (Option<usize>, String)> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| (Some(e.line()), e.to_string()));
    }
    crate::yaml::parse(text)
}

/// `openapiv3` flattens extensions into most objects, where serde loses the path of an error.
/// Walks down the document, trying each part on its own, to the smallest part that fails.
fn refine(root: &Value, pointer: String) -> String {
    use openapiv3::{
        Header, Operation, Parameter, PathItem, ReferenceOr as R, RequestBody, Response, Schema,
        SecurityScheme,
    };
    fn fails<T: serde::de::DeserializeOwned>(v: &Value) -> bool {
        serde_json::from_value::<T>(v.clone()).is_err()
    }
    fn failing_entry<T: serde::de::DeserializeOwned>(map: Option<&Value>, at: &str) -> Option<String> {
        match map? {
            Value::Object(m) => m.iter().find(|(_, v)| fails::<T>(v)).map(|(k, _)| join(at, k)),
            Value::Array(items) => items.iter().position(|v| fails::<T>(v)).map(|i| join(at, &i.to_string())),
            _ => None,
        }
    }
    if pointer.starts_with("/components") {
        let c = root.get("components");
        let found = failing_entry::<R<Schema>>(c.and_then(|c| c.get("schemas")), "/components/schemas")
            .or_else(|| {
                failing_entry::<R<Parameter>>(c.and_then(|c| c.get("parameters")), "/components/parameters")
            })
            .or_else(|| {
                failing_entry::<R<Response>>(c.and_then(|c| c.get("responses")), "/components/responses")
            })
            .or_else(|| {
                failing_entry::<R<RequestBody>>(
                    c.and_then(|c| c.get("requestBodies")),
                    "/components/requestBodies",
                )
            })
            .or_else(|| failing_entry::<R<Header>>(c.and_then(|c| c.get("headers")), "/components/headers"))
            .or_else(|| {
                failing_entry::<R<SecurityScheme>>(
                    c.and_then(|c| c.get("securitySchemes")),
                    "/components/securitySchemes",
                )
            });
        return found.unwrap_or(pointer);
    }
    if !pointer.starts_with("/paths") {
        return pointer;
    }
    let Some(Value::Object(paths)) = root.get("paths") else { return pointer };
    for (path, item) in paths {
        if !fails::<R<PathItem>>(item) {
            continue;
        }
        let at = join("/paths", path);
        if let Some(p) = failing_entry::<R<Parameter>>(item.get("parameters"), &join(&at, "parameters")) {
            return p;
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            if !fails::<Operation>(op) {
                continue;
            }
            let at = join(&at, method);
            return failing_entry::<R<Response>>(op.get("responses"), &join(&at, "responses"))
                .or_else(|| failing_entry::<R<Parameter>>(op.get("parameters"), &join(&at, "parameters")))
                .or_else(|| {
                    op.get("requestBody")
                        .filter(|b| fails::<R<RequestBody>>(b))
                        .map(|_| join(&at, "requestBody"))
                })
                .unwrap_or(at);
        }
        return at;
    }
    pointer
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => join(&pointer, &index.to_string()),
            Segment::Map { key } => join(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => continue,
        };
    }
    pointer
}
