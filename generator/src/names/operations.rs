//! Method names of operations: a vendor's SDK name in its group, an operationId without a
//! web framework's noise, and a name from the path where there is no operationId.

use super::{clean, snake};
use heck::ToSnakeCase;

/// Words an RPC-style path segment starts with when it names an action (`/sendMessage`,
/// `/api/v3/ping`): such a segment is the operation's name as it is.
const VERBS: &[&str] = &[
    "add",
    "answer",
    "approve",
    "archive",
    "authenticate",
    "authorize",
    "ban",
    "cancel",
    "check",
    "close",
    "copy",
    "create",
    "decline",
    "delete",
    "disable",
    "download",
    "edit",
    "enable",
    "export",
    "find",
    "forward",
    "generate",
    "get",
    "import",
    "invite",
    "join",
    "kick",
    "leave",
    "list",
    "lock",
    "login",
    "logout",
    "open",
    "pin",
    "ping",
    "promote",
    "query",
    "reauthenticate",
    "recover",
    "refresh",
    "register",
    "reject",
    "remove",
    "reset",
    "resend",
    "restart",
    "restrict",
    "revoke",
    "search",
    "send",
    "set",
    "signin",
    "signout",
    "signup",
    "start",
    "stop",
    "subscribe",
    "test",
    "unarchive",
    "unban",
    "unlock",
    "unpin",
    "unregister",
    "unsubscribe",
    "update",
    "upload",
    "validate",
    "verify",
];

/// The snake-case words of a name, lowercase (`sendMessage` → `send`, `message`).
fn words(raw: &str) -> Vec<String> {
    clean(raw).to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// A plural word made singular, roughly (`apps` → `app`, `policies` → `policy`); others as
/// they are.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.len() > 1 && !["s", "u", "i"].iter().any(|e| stem.ends_with(e)) => {
            stem.to_string()
        }
        _ => word.to_string(),
    }
}

/// Whether a path segment or word is an API version (`v1`, `V2`).
pub fn is_version(segment: &str) -> bool {
    segment.strip_prefix(['v', 'V']).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The method name of a vendor's SDK name for an operation (`x-speakeasy-name-override`,
/// `x-fern-sdk-method-name`) in its group (`x-speakeasy-group`, `x-fern-sdk-group-name`, or the
/// operation's tag): `clients` and `list` give `clients_list`, as the vendor's
/// `clients.list()`; a name that already says its group keeps to itself (`jwks`, `getJWKS` →
/// `get_jwks`).
pub fn sdk_method(group: Option<&str>, method: &str) -> String {
    let method_words = words(method);
    let group_words: Vec<String> = group.map(words).unwrap_or_default();
    let said = |g: &[String]| !g.is_empty() && method_words.windows(g.len()).any(|w| w == g);
    let singular_group: Vec<String> = match group_words.split_last() {
        Some((last, rest)) => rest.iter().cloned().chain([singular(last)]).collect(),
        None => Vec::new(),
    };
    if group_words.is_empty() || said(&group_words) || said(&singular_group) {
        return snake(method);
    }
    snake(&format!("{}_{}", group_words.join("_"), method_words.join("_")))
}

/// An operationId without the noise a web framework adds to it, if it has some: FastAPI's
/// path-and-method tail (`create_message_api_v1_app__app_id__msg__post` for `POST
/// /api/v1/app/{app_id}/msg` → `create_message`), a service prefix before an `_api_v1_` or
/// `_api_routes_` part (`agents_api_v1_conversations_list` → `conversations_list`). A version
/// suffix (`deleteContact_v1`, `libraries_list_v1`) is the vendor's own naming, and kept.
pub fn without_framework_noise(id: &str, method: &str, path: &str) -> Option<String> {
    let id_words = words(id);
    let mut tail = words(path);
    tail.push(method.to_ascii_lowercase());
    if id_words.len() > tail.len() && id_words.ends_with(&tail) {
        return Some(id_words[..id_words.len() - tail.len()].join("_"));
    }
    if let Some(i) =
        id_words.windows(2).position(|w| w[0] == "api" && (is_version(&w[1]) || w[1] == "routes"))
    {
        if i > 0 && i + 2 < id_words.len() {
            return Some(id_words[i + 2..].join("_"));
        }
    }
    None
}

/// The name an SDK would give an operation that has no operationId, from its path: an action
/// segment as it is (`POST /sendMessage` → `send_message`, `GET /api/v3/ping` → `ping`), else a
/// verb for the method and the resource (`GET /apps/{id}` → `get_app`, `GET /apps` →
/// `list_apps`, `POST /apps` → `create_app`, `PUT` and `PATCH` → `update_`, `DELETE`
/// → `delete_`). `context` more of the path's literal segments before the last name it
/// further (`list_app_jobs`), to tell apart operations that would share a name.
pub fn from_path(method: &str, path: &str, context: usize) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let literal = |s: &str| !s.contains('{') && !is_version(s) && !s.eq_ignore_ascii_case("api");
    // A file-like segment names its resource without its extension (`warnings.json`).
    let literals: Vec<String> = segments
        .iter()
        .filter(|s| literal(s))
        .map(|s| {
            s.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()).map_or(*s, |(stem, _)| stem).to_string()
        })
        .collect();
    let on_item = segments.last().is_some_and(|s| s.starts_with('{') && s.ends_with('}'));
    let method = method.to_ascii_lowercase();
    let Some(last) = literals.last() else { return snake(&format!("{method}_root")) };
    let before: Vec<String> =
        literals[..literals.len() - 1].iter().rev().take(context).rev().flat_map(|s| words(s)).collect();
    let last_words = words(last);
    let action = last_words.first().is_some_and(|w| VERBS.contains(&w.as_str()));
    let resource = |singular_last: bool| {
        let mut all = before.clone();
        match last_words.split_last() {
            Some((end, rest)) if singular_last => {
                all.extend(rest.iter().cloned());
                all.push(singular(end));
            }
            _ => all.extend(last_words.iter().cloned()),
        }
        all.join("_")
    };
    if action && !on_item {
        let mut all = before.clone();
        all.extend(last_words.iter().cloned());
        return snake(&all.join("_"));
    }
    let plural = last_words.last().is_some_and(|w| singular(w) != *w);
    let name = match method.as_str() {
        "get" if on_item => format!("get_{}", resource(true)),
        "get" if plural => format!("list_{}", resource(false)),
        "get" => format!("get_{}", resource(false)),
        "post" if on_item || !plural => format!("post_{}", resource(false)),
        "post" => format!("create_{}", resource(true)),
        "put" => format!("update_{}", resource(on_item)),
        "patch" => format!("update_{}", resource(on_item)),
        "delete" => format!("delete_{}", resource(on_item)),
        other => format!("{other}_{}", resource(false)),
    };
    snake(&name)
}
