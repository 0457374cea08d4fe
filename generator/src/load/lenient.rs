//! Published specs that break the OpenAPI structure in ways whose intent is clear are read
//! anyway, each with a warning located in the spec: a missing or numeric `info.version`, prose
//! (`description`, `title`, `summary`) that is not a string, a server URL that is not http(s)
//! (left out), and the 3.1 `mutualTLS` security scheme (which `openapiv3`, a 3.0 model, cannot hold: kept beside the document).

use crate::error::push_token;
use serde_json::{Map, Value};

/// What reading leniently changed: warnings (pointer, message) and the `mutualTLS` schemes.
#[derive(Debug, Default)]
pub(super) struct Lenient {
    pub warnings: Vec<(String, String)>,
    pub mutual_tls: Vec<MutualTls>,
}

/// A security scheme of type `mutualTLS`: TLS client certificates, set on the HTTP client.
#[derive(Debug, Clone, PartialEq)]
pub struct MutualTls {
    pub key: String,
    pub description: Option<String>,
}

pub(super) fn read_leniently(doc: &mut Value) -> Lenient {
    let mut out = Lenient::default();
    let Some(root) = doc.as_object_mut() else { return out };
    info(root, &mut out);
    let mut at = String::new();
    let mut removed = Vec::new();
    prose(root, &mut at, &mut removed);
    // A prose `$ref` to text (a published idiom) is read as that text.
    for (pointer, value) in removed {
        let text = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| doc.pointer(p))
            .and_then(Value::as_str)
            .map(str::to_string);
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        let key = crate::error::unescape_token(key);
        let message = match text {
            Some(text) => {
                if let Some(Value::Object(parent)) = doc.pointer_mut(parent) {
                    parent.insert(key.clone(), Value::String(text));
                }
                format!("`{key}` must be a string, found a $ref; read as the text it points at")
            }
            None => format!("`{key}` must be a string, found {}; left out", kind(&value)),
        };
        out.warnings.push((pointer, message));
    }
    let Some(root) = doc.as_object_mut() else { return out };
    web_servers(root, &mut out);
    if let Some(Value::Object(schemes)) =
        root.get_mut("components").and_then(|c| c.get_mut("securitySchemes"))
    {
        schemes.retain(|key, scheme| {
            if scheme.get("type").and_then(Value::as_str) != Some("mutualTLS") {
                return true;
            }
            let description = scheme.get("description").and_then(Value::as_str).map(str::to_string);
            out.mutual_tls.push(MutualTls { key: key.clone(), description });
            false
        });
    }
    out
}

/// `info` with a string `title` and `version`: a number is read as its text, a missing one as
/// empty.
fn info(root: &mut Map<String, Value>, out: &mut Lenient) {
    let info = root.entry("info").or_insert_with(|| {
        out.warnings.push((String::new(), "`info` is missing; read as empty".into()));
        Value::Object(Map::new())
    });
    let Some(info) = info.as_object_mut() else { return };
    for key in ["title", "version"] {
        let at = format!("/info/{key}");
        match info.get(key) {
            Some(Value::String(_)) => {}
            Some(Value::Number(n)) => {
                let text = n.to_string();
                out.warnings
                    .push((at, format!("`{key}` is the number {text}; read as the string \"{text}\"")));
                info.insert(key.into(), Value::String(text));
            }
            Some(other) => {
                out.warnings
                    .push((at, format!("`{key}` must be a string, found {}; read as empty", kind(other))));
                info.insert(key.into(), Value::String(String::new()));
            }
            None => {
                out.warnings.push((at, format!("`{key}` is missing; read as empty")));
                info.insert(key.into(), Value::String(String::new()));
            }
        }
    }
}

/// Servers whose URL names a scheme other than `http` or `https` (`javascript:`, `file:`,
/// `ws:`) are left out with a warning: the client speaks HTTP, and a `file:` URL must not become
/// its default. A URL without a scheme (`/v1`, `api.example.com`, `localhost:8080`, a
/// `{scheme}://` template) is kept.
fn web_servers(root: &mut Map<String, Value>, out: &mut Lenient) {
    let mut lists: Vec<(String, &mut Value)> = Vec::new();
    let mut paths = None;
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            "servers" => lists.push(("/servers".into(), value)),
            "paths" => paths = Some(value),
            _ => {}
        }
    }
    if let Some(Value::Object(paths)) = paths {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            let mut at = "/paths".to_string();
            push_token(&mut at, path);
            for (key, value) in item.iter_mut() {
                if key == "servers" {
                    lists.push((format!("{at}/servers"), value));
                } else if let Some(Value::Object(op)) =
                    super::METHODS.contains(&key.as_str()).then_some(value)
                {
                    if let Some(servers) = op.get_mut("servers") {
                        lists.push((format!("{at}/{key}/servers"), servers));
                    }
                }
            }
        }
    }
    for (at, list) in lists {
        let Value::Array(servers) = list else { continue };
        let mut i = 0;
        servers.retain(|server| {
            let url = server.get("url").and_then(Value::as_str).unwrap_or("");
            let keep = match super::url_scheme(url) {
                None => true,
                Some(scheme) => scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"),
            };
            if !keep {
                out.warnings
                    .push((format!("{at}/{i}/url"), format!("server URL {url:?} is not http(s); left out")));
            }
            i += 1;
            keep
        });
    }
}

/// Keys whose values map names the spec chose to objects: each entry is walked, its name is
/// never taken for a keyword (a property called `description` is a property).
const NAMED: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "paths",
    "webhooks",
    "variables",
];

/// Keys whose values are data, not OpenAPI objects.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const", "mapping", "scopes"];

/// Takes out prose keywords whose value is not a string (a `$ref` object, a list): their
/// pointers and values.
fn prose(obj: &mut Map<String, Value>, at: &mut String, removed: &mut Vec<(String, Value)>) {
    let len = at.len();
    let offending: Vec<String> = obj
        .iter()
        .filter(|(key, value)| {
            matches!(key.as_str(), "description" | "title" | "summary")
                && !value.is_string()
                && !value.is_null()
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in offending {
        let mut pointer = at.clone();
        push_token(&mut pointer, &key);
        removed.extend(obj.remove(&key).map(|value| (pointer, value)));
    }
    for (key, value) in obj.iter_mut() {
        if DATA.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        push_token(at, key);
        match value {
            Value::Object(entries) if NAMED.contains(&key.as_str()) => {
                for (name, entry) in entries.iter_mut() {
                    let len = at.len();
                    push_token(at, name);
                    walk(entry, at, removed);
                    at.truncate(len);
                }
            }
            value => walk(value, at, removed),
        }
        at.truncate(len);
    }
}

fn walk(value: &mut Value, at: &mut String, removed: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(obj) => prose(obj, at, removed),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = at.len();
                push_token(at, &i.to_string());
                walk(item, at, removed);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
