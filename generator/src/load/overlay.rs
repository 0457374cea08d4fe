//! Overlays (OpenAPI Overlay Specification 1.0): `specs/<name>.overlay.yaml` beside
//! `specs/<name>.yaml` changes the vendored document before it is read, so what a spec lacks
//! (a stream, paging parameters, an SDK name) is added without editing the vendor's file, which
//! the next update overwrites. Each action's `target` is a JSONPath (RFC 9535) selecting nodes;
//! `update` merges into each (an object's properties recursively, an array gets the value
//! appended), `remove: true` deletes each from its parent. Actions apply in order. An action
//! whose target selects nothing is an error located in the overlay: after a spec update, an
//! overlay that no longer applies must not go unnoticed.

use crate::error::{join, ErrorKind, Result, Source};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The overlay file of a spec, if there is one: `<stem>.overlay.yaml` (or `.yml`, `.json`) in
/// the spec's folder.
pub fn overlay_of(spec: &Path) -> Option<PathBuf> {
    let stem = spec.file_stem()?.to_str()?;
    let dir = spec.parent().unwrap_or(Path::new(""));
    ["yaml", "yml", "json"].iter().map(|ext| dir.join(format!("{stem}.overlay.{ext}"))).find(|p| p.is_file())
}

/// Whether a file is an overlay (`*.overlay.yaml`), not a spec of its own.
pub fn is_overlay(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.ends_with(".overlay"))
}

/// Applies the overlay `overlay` (its text already read) to the document `doc`.
pub fn apply(doc: &mut Value, overlay: &Source) -> Result<()> {
    let value = super::parse_text(&overlay.text).map_err(|(line, msg)| {
        let mut e = overlay.error(ErrorKind::Syntax, "", msg);
        e.line = line;
        e
    })?;
    let invalid = |at: &str, msg: String| overlay.error(ErrorKind::Invalid, at, msg);
    let Some(root) = value.as_object() else {
        return Err(invalid("", "an overlay is a mapping with `overlay`, `info` and `actions`".into()));
    };
    match root.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => return Err(invalid("/overlay", format!("overlay version {v} is not supported (1.x is)"))),
        None => return Err(invalid("/overlay", "no `overlay` version (such as \"1.0.0\")".into())),
    }
    let Some(actions) = root.get("actions").and_then(Value::as_array) else {
        return Err(invalid("/actions", "`actions` must be a list".into()));
    };
    for (i, action) in actions.iter().enumerate() {
        let at = join("/actions", &i.to_string());
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(invalid(
                &at,
                "an action needs a `target` (a JSONPath such as `$.paths['/pets'].get`)".into(),
            ));
        };
        let path = serde_json_path::JsonPath::parse(target).map_err(|e| {
            invalid(&join(&at, "target"), format!("`{target}` is no JSONPath (RFC 9535): {e}"))
        })?;
        let remove = match action.get("remove") {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) => true,
            Some(other) => {
                return Err(invalid(
                    &join(&at, "remove"),
                    format!("`remove` must be true or false, found {other}"),
                ))
            }
        };
        let update = action.get("update");
        if !remove && update.is_none() {
            return Err(invalid(&at, "an action needs `update` or `remove: true`".into()));
        }
        let pointers: Vec<String> =
            path.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
        if pointers.is_empty() {
            return Err(invalid(&join(&at, "target"), format!("`{target}` selects nothing in the document")));
        }
        if remove {
            // Deepest and last first (array indices compared as numbers), so that removing one
            // does not move another.
            let mut pointers = pointers;
            pointers.sort_by(|a, b| segments(b).cmp(&segments(a)));
            for pointer in pointers {
                if pointer.is_empty() {
                    return Err(invalid(
                        &join(&at, "target"),
                        "the document's root cannot be removed".into(),
                    ));
                }
                remove_at(doc, &pointer);
            }
            continue;
        }
        let update = update.expect("checked above");
        for pointer in pointers {
            let Some(node) = doc.pointer_mut(&pointer) else { continue };
            match node {
                Value::Object(_) if !update.is_object() => {
                    return Err(invalid(
                        &join(&at, "update"),
                        format!(
                            "`{target}` selects an object ({pointer}): `update` must be an object to merge"
                        ),
                    ));
                }
                Value::Object(_) => merge(node, update),
                Value::Array(items) => items.push(update.clone()),
                _ => {
                    return Err(invalid(
                        &join(&at, "target"),
                        format!(
                            "`{target}` selects a value that is neither an object nor an array ({pointer})"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Merges `update` into `node`: objects property by property, recursively; anything else
/// replaces.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                match node.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(existing, value),
                    _ => {
                        node.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (node, update) => *node = update.clone(),
    }
}

/// A pointer's segments as they order: an array index by its number (`/9` before `/10`).
fn segments(pointer: &str) -> Vec<(Option<u64>, &str)> {
    pointer.split('/').map(|s| (s.parse().ok(), s)).collect()
}

/// Removes the node at `pointer` (not the root) from its parent.
fn remove_at(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = crate::error::unescape_token(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> Source {
        Source::new(Path::new("pets.overlay.yaml"), text.to_string())
    }

    #[test]
    fn updates_merge_append_and_removes_delete() {
        let mut doc = json!({
            "paths": {
                "/pets": {"get": {"operationId": "listPets", "parameters": [{"name": "limit", "in": "query"}]}},
                "/internal": {"get": {}},
                "/a": {"get": {"x-internal": true}}, "/b": {"get": {"x-internal": true}}
            }
        });
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n\
            - target: $.paths['/pets'].get\n  update: {x-speakeasy-name-override: list, summary: List pets}\n\
            - target: $.paths['/pets'].get.parameters\n  update: {name: page, in: query}\n\
            - target: $.paths['/internal']\n  remove: true\n\
            - target: $.paths[?@.get['x-internal'] == true]\n  remove: true\n";
        apply(&mut doc, &overlay(text)).unwrap();
        assert_eq!(
            doc,
            json!({"paths": {"/pets": {"get": {
                "operationId": "listPets",
                "parameters": [{"name": "limit", "in": "query"}, {"name": "page", "in": "query"}],
                "x-speakeasy-name-override": "list", "summary": "List pets"
            }}}})
        );
    }

    #[test]
    fn removing_several_items_of_an_array_removes_those_selected() {
        let items: Vec<serde_json::Value> =
            (0..12).map(|i| json!({"n": i, "drop": i == 9 || i == 10})).collect();
        let mut doc = json!({"list": items});
        let text = "overlay: 1.0.0\nactions:\n  - target: $.list[?@.drop == true]\n    remove: true\n";
        apply(&mut doc, &overlay(text)).unwrap();
        let left: Vec<i64> =
            doc["list"].as_array().unwrap().iter().map(|v| v["n"].as_i64().unwrap()).collect();
        assert_eq!(left, [0, 1, 2, 3, 4, 5, 6, 7, 8, 11]);
    }

    #[test]
    fn errors_name_the_action_and_its_line() {
        let doc = json!({"paths": {}});
        let cases = [
            (
                "overlay: 1.0.0\nactions:\n  - target: $.paths['/gone'].get\n    update: {summary: x}\n",
                "/actions/0/target",
                Some(3),
                "selects nothing",
            ),
            (
                "overlay: 1.0.0\nactions:\n  - target: $.paths[\n    update: {}\n",
                "/actions/0/target",
                Some(3),
                "no JSONPath",
            ),
            ("overlay: 1.0.0\nactions:\n  - target: $.paths\n", "/actions/0", Some(3), "needs `update`"),
            ("overlay: 2.0.0\nactions: []\n", "/overlay", Some(1), "not supported"),
            ("info: {}\n", "/overlay", None, "no `overlay` version"),
            (
                "overlay: 1.0.0\nactions:\n  - target: $.paths\n    update: [1]\n",
                "/actions/0/update",
                Some(4),
                "must be an object",
            ),
        ];
        for (text, pointer, line, message) in cases {
            let e = apply(&mut doc.clone(), &overlay(text)).unwrap_err();
            assert_eq!(e.pointer, pointer, "{text}");
            assert_eq!(e.line, line, "{text}");
            assert!(e.message.contains(message), "{}", e.message);
            assert_eq!(e.file, Path::new("pets.overlay.yaml"));
        }
    }
}
