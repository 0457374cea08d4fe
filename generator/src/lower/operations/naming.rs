//! Operations' method names: a vendor's SDK name where the spec gives one, else the\noperationId (without a web framework's noise) or a name from the path; collisions settled per\ngroup by something of the operations' own, never by document order.

use super::*;

/// Where an operation is in the document.
pub(in crate::lower) struct Site<'d> {
    pub path: &'d str,
    pub method: &'d str,
    pub item: &'d openapiv3::PathItem,
    pub op: &'d openapiv3::Operation,
    /// JSON pointer of the operation.
    pub ptr: String,
}

/// The scopes operations are named in: `Client`'s methods, and the types of `operations`.
pub(in crate::lower) struct OperationNames {
    pub(in crate::lower) methods: Scope,
    pub(in crate::lower) types: Scope,
}

impl OperationNames {
    pub(in crate::lower) fn new(auth: &[AuthScheme]) -> Self {
        let methods = surface::client_method_scope(auth.iter().map(|a| a.setter.as_str()));
        OperationNames {
            methods: Scope::with_reserved(&methods),
            types: Scope::with_reserved(surface::OPERATION_TYPES_RESERVED),
        }
    }
}

/// An operation's operationId, unless it has no letter or digit (`""`, `"!!!"`): such a one
/// names nothing, and method and path do.
pub(in crate::lower) fn operation_id(op: &openapiv3::Operation) -> Option<&str> {
    op.operation_id.as_deref().filter(|id| id.chars().any(char::is_alphanumeric))
}

/// The name a parameter's setter is made from: the vendor's SDK name for it
/// (`x-speakeasy-name-override`, `x-fern-parameter-name`: Apideck's `x-apideck-app-id` is
/// `appId`), else its own.
pub(in crate::lower) fn param_name(d: &openapiv3::ParameterData) -> &str {
    ["x-speakeasy-name-override", "x-fern-parameter-name"]
        .iter()
        .find_map(|key| d.extensions.get(*key).and_then(serde_json::Value::as_str))
        .filter(|n| n.chars().any(char::is_alphanumeric))
        .unwrap_or(&d.name)
}

/// The SDK name a vendor gives an operation, if it gives one: `x-speakeasy-name-override` (on
/// the operation, or the document's list of operationId patterns, the last match winning) or
/// `x-fern-sdk-method-name`, in its group (`x-speakeasy-group`, `x-fern-sdk-group-name`, else
/// the operation's first tag, as those SDKs group by tag).
pub(in crate::lower) fn vendor_name(
    op: &openapiv3::Operation,
    overrides: &[(regex::Regex, String)],
) -> Option<String> {
    use serde_json::Value;
    let text = |key: &str| op.extensions.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty());
    let id = operation_id(op);
    let listed = || {
        overrides
            .iter()
            .rev()
            .find(|(pattern, _)| id.is_some_and(|id| pattern.is_match(id)))
            .map(|(_, n)| n.as_str())
    };
    let method =
        text("x-speakeasy-name-override").or_else(|| text("x-fern-sdk-method-name")).or_else(listed)?;
    let fern_group = op.extensions.get("x-fern-sdk-group-name").and_then(|g| match g {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => {
            let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("_"))
        }
        _ => None,
    });
    let group = text("x-speakeasy-group")
        .map(|g| g.replace('.', "_"))
        .or(fern_group)
        .or_else(|| op.tags.first().cloned());
    Some(names::sdk_method(group.as_deref(), method))
}

/// The `Client` method name of each operation, in order: the vendor's SDK name if the spec
/// carries one, else the operationId without framework noise (FastAPI's tails), else one made
/// from the path as an SDK would. Where two operations would share a name, each falls back a
/// step (the operationId as written; more of the path; method and path), so a name never
/// depends on which of the two comes first.
/// `overrides`: the document's `x-speakeasy-name-override`.
pub(in crate::lower) fn method_names(sites: &[Site], overrides: Option<&serde_json::Value>) -> Vec<String> {
    let overrides: Vec<(regex::Regex, String)> = overrides
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let pattern = regex::Regex::new(o.get("operationId")?.as_str()?).ok()?;
            Some((pattern, o.get("methodNameOverride")?.as_str()?.to_string()))
        })
        .collect();
    // Each operation's names, best first; the last is method and path, which are unique.
    let choices: Vec<Vec<String>> = sites
        .iter()
        .map(|site| {
            let (op, method, path) = (site.op, site.method, site.path);
            let mut names = Vec::new();
            names.extend(vendor_name(op, &overrides));
            match operation_id(op) {
                Some(id) => {
                    names.extend(names::without_framework_noise(id, method, path).map(|n| names::snake(&n)));
                    names.push(names::snake(id));
                }
                None => names.extend((0..4).map(|context| names::from_path(method, path, context))),
            }
            names.push(names::snake(&format!("{method} {path}")));
            names.dedup();
            names
        })
        .collect();
    let mut level = vec![0; sites.len()];
    loop {
        let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (names, &l) in choices.iter().zip(&level) {
            *count.entry(names[l].as_str()).or_default() += 1;
        }
        // In each group sharing a name, those with a more precise name than method and path
        // take it, and the others keep theirs; if none has one, the operation of the shortest
        // path (then the first path in text order) keeps it, and the others take method and
        // path. Either way, what a name becomes depends on the group alone.
        let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, (names, &l)) in choices.iter().zip(&level).enumerate() {
            if count[names[l].as_str()] > 1 {
                groups.entry(names[l].as_str()).or_default().push(i);
            }
        }
        let mut advance = Vec::new();
        for members in groups.values() {
            let refine: Vec<usize> =
                members.iter().copied().filter(|&i| level[i] + 2 < choices[i].len()).collect();
            let last: Vec<usize> =
                members.iter().copied().filter(|&i| level[i] + 1 < choices[i].len()).collect();
            if !refine.is_empty() {
                advance.extend(refine);
                continue;
            }
            let key = |&i: &usize| (sites[i].path.len(), sites[i].path, sites[i].method);
            let keeper = members.iter().copied().min_by_key(key);
            advance.extend(last.into_iter().filter(|&i| Some(i) != keeper));
        }
        if advance.is_empty() {
            break;
        }
        for i in advance {
            level[i] += 1;
        }
    }
    choices.into_iter().zip(level).map(|(mut names, l)| names.swap_remove(l)).collect()
}
