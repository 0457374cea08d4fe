//! References into other files: embedded into the root document so the rest of the pipeline
//! sees one document.

use super::normalize::normalize_external;
use super::{parse_source, read_source};
use crate::error::{Result, Source};
use serde_json::{Map, Value};
use std::path::Path;

/// Where the documents of other files are embedded in the root document: a `$ref` to
/// `pet.yaml#/Pet` becomes `#/x-clientgen-external/0/Pet`.
pub const EXTERNAL: &str = "x-clientgen-external";

/// The largest file a `$ref` may embed (the largest corpus spec is about 13 MB).
const MAX_EXTERNAL_BYTES: u64 = 64 * 1024 * 1024;

/// Whether the text may hold a `$ref` that is not local (`#...`): skips the walk for the common
/// single-file document.
fn has_external_ref(text: &str) -> bool {
    text.match_indices("$ref").any(|(i, _)| {
        let rest = text[i + 4..]
            .trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        !rest.is_empty() && !rest.starts_with('#')
    })
}

/// Embeds every file the document references (relative to the referencing file, transitively)
/// under [`EXTERNAL`] and rewrites the references to point there, so the rest of the pipeline
/// sees one document. Remote (`http://`) references are not fetched: specs are vendored.
pub(super) fn bundle_external(value: &mut Value, source: &Source) -> Result<()> {
    if !has_external_ref(&source.text) {
        return Ok(());
    }
    let root_dir = source.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut files: Vec<(std::path::PathBuf, Value)> = Vec::new();
    let mut queue: Vec<usize> = Vec::new();
    rewrite_refs(value, None, &root_dir, &mut files, &mut queue)?;
    while let Some(i) = queue.pop() {
        let mut doc = std::mem::take(&mut files[i].1);
        let dir = files[i].0.parent().map(Path::to_path_buf).unwrap_or_default();
        rewrite_refs(&mut doc, Some(i), &dir, &mut files, &mut queue)?;
        normalize_external(&mut doc);
        files[i].1 = doc;
    }
    if let (Some(root), false) = (value.as_object_mut(), files.is_empty()) {
        let embedded: Map<String, Value> =
            files.into_iter().enumerate().map(|(i, (_, doc))| (i.to_string(), doc)).collect();
        root.insert(EXTERNAL.into(), Value::Object(embedded));
    }
    Ok(())
}

fn rewrite_refs(
    v: &mut Value,
    this: Option<usize>,
    dir: &Path,
    files: &mut Vec<(std::path::PathBuf, Value)>,
    queue: &mut Vec<usize>,
) -> Result<()> {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                let (file, fragment) = match reference.split_once('#') {
                    Some((f, frag)) => (f.to_string(), frag.to_string()),
                    None => (reference.clone(), String::new()),
                };
                if file.is_empty() {
                    if let Some(i) = this {
                        *reference = format!("#/{EXTERNAL}/{i}{fragment}");
                    }
                } else if let Some(key) = (!file.contains("://"))
                    .then(|| dir.join(percent_decode(&file)).canonicalize().ok())
                    .flatten()
                    // Regular files of a sane size only (not `/dev/zero`, not a directory).
                    .filter(|p| {
                        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= MAX_EXTERNAL_BYTES)
                    })
                {
                    let index = match files.iter().position(|(p, _)| *p == key) {
                        Some(i) => i,
                        None => {
                            let doc = parse_source(&read_source(&key)?)?;
                            files.push((key, doc));
                            queue.push(files.len() - 1);
                            files.len() - 1
                        }
                    };
                    *reference = format!("#/{EXTERNAL}/{index}{fragment}");
                }
                // A remote or unreadable reference is left as it is: an error where it is used
                // (it may sit in an example, where nothing follows it).
            }
            for (k, child) in map.iter_mut() {
                // Extensions are not OpenAPI: a `$ref` inside one is not followed.
                if k != "$ref" && !k.starts_with("x-") {
                    rewrite_refs(child, this, dir, files, queue)?;
                }
            }
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                rewrite_refs(child, this, dir, files, queue)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Decodes `%XX` escapes (a `$ref` is a URI); text that would not be UTF-8 is left as it is.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
