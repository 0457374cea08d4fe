//! Parameters on the wire: path segments, query pairs, headers and cookies, in every style; form bodies; server URL templates.

use super::HeaderMap;

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

/// Appends `name=value` for an optional query parameter that is set, its value as [`param_text`]
/// gives it.
pub(crate) fn query_opt<T: serde::Serialize + ?Sized>(url: &mut String, name: &str, value: Option<&T>) {
    if let Some(value) = value {
        push_query(url, name, &param_text(value));
    }
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

pub(super) fn scalar_text(value: &serde_json::Value) -> String {
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

/// A JSON body. (A function rather than `to_vec(body).map_err(|e| ..)` in each operation: a
/// closure is one more body for rustc to check per operation.)
pub(crate) fn json_body<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| e.to_string())
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

/// A server URL template with its variables filled in.
pub(crate) fn fill_server(template: &str, variables: &[(&str, &str)]) -> String {
    let mut url = template.to_string();
    for (name, value) in variables {
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url.trim_end_matches('/').to_string()
}
