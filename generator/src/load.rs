//! Load stage: bytes → JSON value → 3.1 normalised into the 3.0 shape `openapiv3` reads →
//! `openapiv3::OpenAPI`.

use crate::error::{join, ErrorKind, Result, Source};
use serde_json::{Map, Value};
use std::path::Path;

/// A parsed document with the text it came from (for located errors).
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    /// The normalised document, for resolving `$ref`s to any pointer.
    pub value: Value,
    pub doc: openapiv3::OpenAPI,
}

/// Reads and parses a spec file (YAML or JSON).
pub fn load(path: &Path) -> Result<Loaded> {
    parse(read_source(path)?)
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

/// Parses spec text already read.
pub fn parse(source: Source) -> Result<Loaded> {
    let mut value = parse_source(&source)?;
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
    bundle_external(&mut value, &source)?;
    normalize_document(&mut value);
    let doc = typed(&value)
        .map_err(|(pointer, message)| source.error(ErrorKind::Invalid, &refine(&value, pointer), message))?;
    Ok(Loaded { source, value, doc })
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

// ---------------------------------------------------------------------------------------------
// References into other files

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
fn bundle_external(value: &mut Value, source: &Source) -> Result<()> {
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

/// Normalises an embedded document by what it looks like: an OpenAPI document (its components
/// and paths), one schema, one path item, or a map of schemas.
fn normalize_external(doc: &mut Value) {
    const SCHEMA_KEYS: &[&str] = &[
        "type",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "enum",
        "$ref",
        "const",
        "additionalProperties",
    ];
    let Some(obj) = doc.as_object_mut() else { return };
    if obj.contains_key("components") || obj.contains_key("paths") || obj.contains_key("openapi") {
        normalize_components_and_paths(obj);
    } else if SCHEMA_KEYS.iter().any(|k| obj.contains_key(*k)) {
        normalize_schema(doc);
    } else if METHODS.iter().any(|m| obj.contains_key(*m)) || obj.contains_key("parameters") {
        normalize_path_item(doc);
    } else {
        for v in obj.values_mut() {
            if v.as_object().is_some_and(|o| SCHEMA_KEYS.iter().any(|k| o.contains_key(*k))) {
                normalize_schema(v);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3.1 → 3.0 normalisation, schema-aware: only positions that hold schemas are rewritten, so an
// example value that happens to contain `type: [..]` is left alone.

/// The HTTP methods a path item may hold, in the order operations are generated.
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn normalize_document(doc: &mut Value) {
    resolve_content_refs(doc);
    let Some(root) = doc.as_object_mut() else { return };
    // Webhooks are requests the provider sends, not operations a client calls.
    root.remove("webhooks");
    normalize_components_and_paths(root);
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        // 3.1 makes `paths` optional; openapiv3 wants it.
        root.insert("paths".into(), Value::Object(Map::new()));
    }
}

/// The schemas of a document's components and paths (the root document, or another file's).
fn normalize_components_and_paths(doc: &mut Map<String, Value>) {
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        // `requestBodies: null` and the like mean "none".
        components.retain(|_, v| !v.is_null());
        for_each_value(components.get_mut("schemas"), normalize_schema);
        for_each_value(components.get_mut("parameters"), normalize_parameter);
        for_each_value(components.get_mut("headers"), normalize_parameter);
        for_each_value(components.get_mut("responses"), normalize_response);
        for_each_value(components.get_mut("requestBodies"), normalize_content_holder);
    }
    for_each_value(doc.get_mut("paths"), normalize_path_item);
}

/// `content: {$ref: '#/components/mediaTypes/x'}` (not OpenAPI, but published): replaced by what
/// it points at. Only media-type maps are looked at: the walk does not enter schemas (where
/// `content` is an ordinary property name, and its `$ref` a schema to keep by name) or examples.
fn resolve_content_refs(doc: &mut Value) {
    let mut found: Vec<(String, String)> = Vec::new();
    // `at` is the pointer of `v`, one buffer for the whole walk: a pointer is only made into a
    // string of its own where a reference is found.
    fn visit(v: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
        let len = at.len();
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    if NOT_CONTENT.contains(&k.as_str()) {
                        continue;
                    }
                    crate::error::push_token(at, k);
                    if k == "content" {
                        if let Some(Value::String(r)) = child.get("$ref") {
                            found.push((at.clone(), r.clone()));
                        }
                    }
                    visit(child, at, found);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    crate::error::push_token(at, &i.to_string());
                    visit(child, at, found);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    /// Keys whose values hold no media-type map: schemas and example values.
    const NOT_CONTENT: [&str; 4] = ["schema", "schemas", "example", "examples"];
    for root in ["paths", "components"] {
        if let Some(v) = doc.get(root) {
            visit(v, &mut format!("/{root}"), &mut found);
        }
    }
    for (at, reference) in found {
        let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)).cloned() else {
            continue;
        };
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = target;
        }
    }
}

fn for_each_value(v: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Object(map)) = v {
        map.values_mut().for_each(f);
    }
}

fn for_each_item(v: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Array(items)) = v {
        items.iter_mut().for_each(f);
    }
}

fn normalize_path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else { return };
    for_each_item(item.get_mut("parameters"), normalize_parameter);
    for method in METHODS {
        if let Some(Value::Object(op)) = item.get_mut(*method) {
            op.remove("callbacks");
            // A missing `responses` documents nothing: treat it as empty.
            if !op.get("responses").is_some_and(Value::is_object) {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
            for_each_item(op.get_mut("parameters"), normalize_parameter);
            if let Some(body) = op.get_mut("requestBody") {
                normalize_content_holder(body);
            }
            for_each_value(op.get_mut("responses"), normalize_response);
        }
    }
}

fn normalize_parameter(p: &mut Value) {
    if let Some(schema) = p.get_mut("schema") {
        normalize_schema(schema);
    }
    normalize_content_holder(p);
}

fn normalize_response(r: &mut Value) {
    // A response that is a `$ref` to a schema (published, though not OpenAPI) means a JSON body
    // of that schema.
    if let Some(Value::String(reference)) = r.get("$ref") {
        if reference.starts_with("#/components/schemas/") {
            let schema = serde_json::json!({ "$ref": reference });
            *r = serde_json::json!({ "description": "", "content": { "application/json": { "schema": schema } } });
        }
    }
    // `description` is required, but real specs leave it out or null.
    if let Some(obj) = r.as_object_mut() {
        if !obj.contains_key("$ref") && !obj.get("description").is_some_and(Value::is_string) {
            obj.insert("description".into(), Value::String(String::new()));
        }
    }
    normalize_content_holder(r);
    if let Some(obj) = r.as_object_mut() {
        for_each_value(obj.get_mut("headers"), normalize_parameter);
    }
}

fn normalize_content_holder(v: &mut Value) {
    if let Some(Value::Object(content)) = v.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                normalize_schema(schema);
            }
        }
    }
}

/// The keywords that belong to each JSON type (for splitting a multi-type schema).
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["format", "pattern", "minLength", "maxLength"]),
    ("integer", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("number", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "prefixItems", "minItems", "maxItems", "uniqueItems"]),
    ("object", &["properties", "required", "additionalProperties", "minProperties", "maxProperties"]),
];

/// One branch of a multi-type schema: `type: t` with the keywords (and `enum` values) of `t`.
fn type_branch(obj: &Map<String, Value>, t: &Value) -> Value {
    let name = t.as_str().unwrap_or_default();
    let mut branch = Map::new();
    branch.insert("type".into(), t.clone());
    let keys = TYPE_KEYWORDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k).unwrap_or(&[]);
    for k in keys {
        if let Some(v) = obj.get(*k) {
            branch.insert((*k).to_string(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        let fits = |v: &Value| match name {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => false,
        };
        let kept: Vec<Value> = values.iter().filter(|v| fits(v)).cloned().collect();
        if !kept.is_empty() {
            branch.insert("enum".into(), Value::Array(kept));
        }
    }
    Value::Object(branch)
}

/// Rewrites one schema (and the schemas inside it) into the 3.0 shape.
pub fn normalize_schema(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = Value::Object(Map::new()),
        Value::Bool(false) => {
            *schema = serde_json::json!({ "not": {} });
        }
        Value::Object(obj) => normalize_schema_object(obj),
        _ => {}
    }
}

fn normalize_schema_object(obj: &mut Map<String, Value>) {
    if obj.contains_key("$ref") {
        // 3.1 allows siblings next to `$ref`; the reference wins.
        obj.retain(|k, _| k == "$ref");
        return;
    }
    // `type: [string, "null"]` → `type: string, nullable: true`.
    if let Some(Value::Array(types)) = obj.get("type") {
        let mut types: Vec<Value> = types.clone();
        let before = types.len();
        types.retain(|t| t != "null");
        if types.len() != before {
            obj.insert("nullable".into(), Value::Bool(true));
        }
        match types.len() {
            0 => {
                obj.remove("type");
            }
            1 => {
                obj.insert("type".into(), types.remove(0));
            }
            _ if obj.contains_key("oneOf") || obj.contains_key("anyOf") => {
                obj.remove("type");
                obj.insert("x-types".into(), Value::Array(types));
            }
            _ => {
                // `type: [string, integer]` → `anyOf` of one schema per type, each with the
                // keywords that apply to it (integer before number, so whole numbers stay
                // integers).
                obj.remove("type");
                types.sort_by_key(|t| if t == "integer" { 0 } else { 1 });
                let branches: Vec<Value> = types.iter().map(|t| type_branch(obj, t)).collect();
                for keys in TYPE_KEYWORDS.iter().map(|(_, k)| *k) {
                    for k in keys {
                        obj.remove(*k);
                    }
                }
                obj.remove("enum");
                obj.insert("anyOf".into(), Value::Array(branches));
            }
        }
    } else if obj.get("type").is_some_and(|t| t == "null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    // `const` survives as an extension (`openapiv3` keeps `x-` keys).
    if let Some(c) = obj.remove("const") {
        if !obj.contains_key("type") {
            let t = match &c {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(t) = t {
                obj.insert("type".into(), Value::String(t.into()));
            }
        }
        obj.insert("x-const".into(), c);
    }
    if let Some(Value::Array(examples)) = obj.remove("examples") {
        if !obj.contains_key("example") {
            if let Some(first) = examples.into_iter().next() {
                obj.insert("example".into(), first);
            }
        }
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = obj.get(key).cloned() {
            obj.insert(bound.into(), Value::Number(n));
            obj.insert(key.into(), Value::Bool(true));
        }
    }
    for key in ["oneOf", "anyOf"] {
        // `oneOf: [X, {type: "null"}]` → X's alternatives, nullable.
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            let before = items.len();
            items.retain(|s| s.get("type").is_none_or(|t| t != "null"));
            if items.len() != before {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        for_each_item(obj.get_mut(key), normalize_schema);
    }
    for key in ["not", "items"] {
        if let Some(s) = obj.get_mut(key) {
            normalize_schema(s);
        }
    }
    // `additionalProperties: false` is meaningful: only schemas are rewritten there.
    if let Some(s) = obj.get_mut("additionalProperties").filter(|s| s.is_object()) {
        normalize_schema(s);
    }
    // Malformed keywords are dropped rather than failing the whole document.
    if obj.get("properties").is_some_and(|p| !p.is_object()) {
        obj.remove("properties");
    }
    if obj.get("required").is_some_and(|p| !p.is_array()) {
        obj.remove("required");
    }
    for_each_value(obj.get_mut("properties"), normalize_schema);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reading `paths` and `components` apart gives what reading the document in one go gives:
    /// the same document, or the same first error.
    #[test]
    fn typed_in_parts_is_typed_in_one_go() {
        let op = json!({"responses": {"204": {"description": "done"}}});
        let bad_param = json!({"name": "p", "in": "nowhere"});
        let paths_ok = json!({"/a": {"get": op}});
        let paths_bad = json!({"/a": {"get": {"parameters": [bad_param], "responses": {}}}});
        let components_ok = json!({"schemas": {"S": {"type": "string"}}, "parameters": {}});
        let components_bad = json!({"parameters": {"P": bad_param}});
        let info = json!({"title": "t", "version": "1"});
        let cases = [
            json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": components_ok,
                   "x-extra": 1, "servers": [{"url": "https://a.example"}]}),
            json!({"openapi": "3.0.3", "info": info, "paths": paths_ok}),
            json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": null}),
            json!({"openapi": "3.0.3", "info": info, "paths": paths_ok, "components": components_bad}),
            json!({"openapi": "3.0.3", "info": info, "paths": paths_bad, "components": components_bad}),
            json!({"openapi": "3.0.3", "info": info, "components": components_bad, "paths": paths_bad}),
            json!({"openapi": "3.0.3", "info": 5, "paths": paths_bad}),
            json!({"openapi": "3.0.3", "paths": paths_bad, "info": 5}),
            json!({"openapi": "3.0.3", "paths": paths_bad, "components": components_ok}),
            json!({"openapi": "3.0.3", "paths": paths_ok, "components": components_ok}),
            json!({"openapi": "3.0.3", "paths": paths_ok, "components": []}),
        ];
        for (i, doc) in cases.iter().enumerate() {
            let whole = read::<openapiv3::OpenAPI>(doc, "");
            let parts = typed(doc);
            match (&whole, &parts) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap(), "case {i}")
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "case {i}"),
                _ => panic!("case {i}: one go {whole:?}, in parts {parts:?}"),
            }
        }
    }

    #[test]
    fn content_refs_are_resolved_in_media_type_maps_only() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"$ref": "#/components/x-media/Json"},
            }}}}},
            "components": {
                "x-media": {"Json": {"application/json": {"schema": {"type": "string"}}}},
                "schemas": {
                    "Dbrp": {"type": "object"},
                    "DbrpGet": {"type": "object", "properties": {
                        "content": {"$ref": "#/components/schemas/Dbrp"},
                    }},
                },
                "responses": {"Page": {
                    "description": "a page",
                    "content": {"application/json": {"schema": {"type": "object", "properties": {
                        "content": {"$ref": "#/components/schemas/Dbrp"},
                    }}}},
                }},
                "examples": {"E": {"value": {"content": {"$ref": "#/components/schemas/Dbrp"}}}},
            },
        });
        resolve_content_refs(&mut doc);
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content"),
            Some(&json!({"application/json": {"schema": {"type": "string"}}}))
        );
        let kept = json!({"$ref": "#/components/schemas/Dbrp"});
        for at in [
            "/components/schemas/DbrpGet/properties/content",
            "/components/responses/Page/content/application~1json/schema/properties/content",
            "/components/examples/E/value/content",
        ] {
            assert_eq!(doc.pointer(at), Some(&kept), "{at}");
        }
    }

    #[test]
    fn type_arrays_and_const_become_3_0() {
        let mut s = json!({
            "type": "object",
            "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"const": 400, "type": "number"},
                "c": {"const": "x"},
                "d": {"type": ["string", "integer"]},
                "e": true,
                "type": {"type": "string", "examples": ["t"]},
            }
        });
        normalize_schema(&mut s);
        assert_eq!(s["properties"]["a"], json!({"type": "string", "nullable": true}));
        assert_eq!(s["properties"]["b"], json!({"type": "number", "x-const": 400}));
        assert_eq!(s["properties"]["c"], json!({"type": "string", "x-const": "x"}));
        assert_eq!(s["properties"]["d"], json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}));
        assert_eq!(s["properties"]["e"], json!({}));
        assert_eq!(s["properties"]["type"], json!({"type": "string", "example": "t"}));
    }

    #[test]
    fn multi_type_schemas_split_their_keywords_by_type() {
        let mut s = json!({
            "type": ["string", "integer", "null", "array"],
            "description": "kept outside",
            "maxLength": 3,
            "minimum": 1,
            "items": {"type": ["boolean", "null"]},
            "enum": ["a", 1, null]
        });
        normalize_schema(&mut s);
        assert_eq!(
            s,
            json!({
                "description": "kept outside",
                "nullable": true,
                "anyOf": [
                    {"type": "integer", "minimum": 1, "enum": [1]},
                    {"type": "string", "maxLength": 3, "enum": ["a"]},
                    {"type": "array", "items": {"type": "boolean", "nullable": true}}
                ]
            })
        );
    }

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let v = parse_text("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let (line, _) = parse_text("a: b\nc: [\n").unwrap_err();
        assert!(line.is_some());
    }
}
