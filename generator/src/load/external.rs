//! References into other files: embedded into the root document so the rest of the pipeline
//! sees one document. Only files inside the root folder are read (see [`bundle_external`]).

use super::normalize::normalize_external;
use super::{parse_source, read_source};
use crate::error::{ErrorKind, Result, Source};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::rc::Rc;

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

/// Where the relative paths of the embedded files are listed, by index: a `$ref` to one is
/// shown in errors as written (`pets.yaml#/Pet`), not as the pointer it became.
pub const EXTERNAL_FILES: &str = "x-clientgen-external-files";

/// A file embedded so far: where it is, its document, its text (to locate errors in it).
struct Embedded {
    path: PathBuf,
    doc: Value,
    source: Rc<Source>,
}

/// The walk over one file's `$ref`s.
struct Walk<'w> {
    /// The folder no `$ref` may reach out of, canonical.
    root: &'w Path,
    files: &'w mut Vec<Embedded>,
    queue: &'w mut Vec<usize>,
    /// The file being walked: its index among the embedded ones (`None`: the root document),
    /// its folder (canonical) and its text.
    this: Option<usize>,
    dir: PathBuf,
    source: Rc<Source>,
    /// Where the walk is in that file.
    pointer: String,
}

/// Embeds every file the document references (relative to the referencing file, transitively)
/// under [`EXTERNAL`] and rewrites the references to point there, so the rest of the pipeline
/// sees one document. Only files inside `root` are read: a `$ref` by absolute path, one whose
/// `..` climbs out of `root` and one through a symlink that leads out of it are refused, located
/// at the `$ref`, before the file is opened. Remote (`http://`) references are not fetched: specs
/// are vendored.
pub(super) fn bundle_external(value: &mut Value, source: &Source, root: &Path) -> Result<()> {
    if !has_external_ref(&source.text) {
        return Ok(());
    }
    let io = |path: &Path, e: std::io::Error| crate::error::Error {
        kind: ErrorKind::Io,
        file: path.to_path_buf(),
        pointer: String::new(),
        line: None,
        message: e.to_string(),
    };
    let root = root.canonicalize().map_err(|e| io(root, e))?;
    let parent = source.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = parent.canonicalize().map_err(|e| io(parent, e))?;
    let mut files: Vec<Embedded> = Vec::new();
    let mut queue: Vec<usize> = Vec::new();
    let mut walk = Walk {
        root: &root,
        files: &mut files,
        queue: &mut queue,
        this: None,
        dir,
        source: Rc::new(source.clone()),
        pointer: String::new(),
    };
    walk.rewrite(value)?;
    while let Some(i) = walk.queue.pop() {
        let mut doc = std::mem::take(&mut walk.files[i].doc);
        walk.this = Some(i);
        walk.dir = walk.files[i].path.parent().map(Path::to_path_buf).unwrap_or_default();
        walk.source = walk.files[i].source.clone();
        walk.pointer.clear();
        walk.rewrite(&mut doc)?;
        normalize_external(&mut doc);
        walk.files[i].doc = doc;
    }
    if let (Some(doc), false) = (value.as_object_mut(), files.is_empty()) {
        let names: Vec<Value> = files
            .iter()
            .map(|f| Value::String(f.path.strip_prefix(&root).unwrap_or(&f.path).display().to_string()))
            .collect();
        let embedded: Map<String, Value> =
            files.into_iter().enumerate().map(|(i, f)| (i.to_string(), f.doc)).collect();
        doc.insert(EXTERNAL.into(), Value::Object(embedded));
        doc.insert(EXTERNAL_FILES.into(), Value::Array(names));
    }
    Ok(())
}

/// Whether a reference names a document by URI scheme (`http:`, `file:`, `urn:`): not a file
/// path, and never read. One letter is a Windows drive, refused as an absolute path.
fn has_scheme(reference: &str) -> bool {
    super::url_scheme(reference).is_some_and(|scheme| scheme.len() > 1)
}

/// The path a relative `file` names from `dir`, without touching the file system; `None` when
/// it is absolute or its `..` climbs out of `root`.
fn lexically_inside(root: &Path, dir: &Path, file: &str) -> Option<PathBuf> {
    use std::path::Component;
    let relative = Path::new(file);
    let drive = file.len() >= 2 && file.as_bytes()[1] == b':' && file.as_bytes()[0].is_ascii_alphabetic();
    if relative.has_root() || drive || file.starts_with('\\') {
        return None;
    }
    let mut out = dir.to_path_buf();
    for part in relative.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
        if !out.starts_with(root) {
            return None;
        }
    }
    out.starts_with(root).then_some(out)
}

impl Walk<'_> {
    fn refuse(&self, reference: &str, why: &str) -> crate::error::Error {
        self.source.error(
            ErrorKind::Unsupported,
            &self.pointer,
            format!(
                "$ref '{reference}' {why}; a $ref may only name files inside {} (the spec's folder, or the root given with --root)",
                self.root.display()
            ),
        )
    }

    fn rewrite(&mut self, v: &mut Value) -> Result<()> {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    let (file, fragment) = match reference.split_once('#') {
                        Some((f, frag)) => (f.to_string(), frag.to_string()),
                        None => (reference.clone(), String::new()),
                    };
                    if file.is_empty() {
                        if let Some(i) = self.this {
                            *reference = format!("#/{EXTERNAL}/{i}{fragment}");
                        }
                    } else if !has_scheme(&file) {
                        // A remote reference is left as it is: an error where it is used (it
                        // may sit in an example, where nothing follows it).
                        if let Some(index) = self.embed(&file, reference)? {
                            *reference = format!("#/{EXTERNAL}/{index}{fragment}");
                        }
                    }
                }
                for (k, child) in map.iter_mut() {
                    // Extensions are not OpenAPI: a `$ref` inside one is not followed.
                    if k != "$ref" && !k.starts_with("x-") {
                        let len = self.pointer.len();
                        crate::error::push_token(&mut self.pointer, k);
                        self.rewrite(child)?;
                        self.pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let len = self.pointer.len();
                    crate::error::push_token(&mut self.pointer, &i.to_string());
                    self.rewrite(child)?;
                    self.pointer.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The index of the embedded file `file` (relative, from the walked file's folder) names,
    /// reading it the first time; `None` for a file that is not there or not a regular file of a
    /// sane size (an error where the `$ref` is used). Refused outside the root.
    fn embed(&mut self, file: &str, reference: &str) -> Result<Option<usize>> {
        let decoded = percent_decode(file);
        let Some(path) = lexically_inside(self.root, &self.dir, &decoded) else {
            let why = if Path::new(&decoded).has_root() || decoded.get(1..2) == Some(":") {
                "is an absolute path"
            } else {
                "climbs out of the root folder"
            };
            return Err(self.refuse(reference, why));
        };
        // Symlinks resolved: the real file must be inside the root too.
        let Ok(real) = path.canonicalize() else { return Ok(None) };
        if !real.starts_with(self.root) {
            return Err(self.refuse(reference, "leads out of the root folder through a symlink"));
        }
        // Regular files of a sane size only (not `/dev/zero`, not a directory).
        if !std::fs::metadata(&real).is_ok_and(|m| m.is_file() && m.len() <= MAX_EXTERNAL_BYTES) {
            return Ok(None);
        }
        if let Some(i) = self.files.iter().position(|f| f.path == real) {
            return Ok(Some(i));
        }
        let source = read_source(&real)?;
        let doc = parse_source(&source)?;
        self.files.push(Embedded { path: real, doc, source: Rc::new(source) });
        self.queue.push(self.files.len() - 1);
        Ok(Some(self.files.len() - 1))
    }
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
