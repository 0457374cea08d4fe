//! All name-making: the only module that uses `heck`.
//!
//! Every Rust identifier the generator emits is made here, from whatever text the spec holds
//! (keywords, leading digits, unicode, punctuation), and made unique per scope by [`Scope`].

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Every keyword of Rust 2015 to 2024, strict and reserved, in one table.
///
/// `self`, `Self`, `super`, `crate` cannot be raw identifiers; they get a trailing `_` instead.
pub const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

const NOT_RAW: &[&str] = &["Self", "self", "super", "crate", "_"];

/// Type names that would shadow the prelude or std names used by emitted code.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Clone",
    "Default",
    "Debug",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Serialize",
    "Deserialize",
    "Unpin",
];

/// Whether `s` is a keyword of any edition.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Replaces every character that cannot stand in an identifier with a word break, and
/// transliterates nothing: non-ASCII letters are kept where Rust accepts them (XID).
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            // `-`, `.`, `$`, `@`, spaces, `/`, `{`, ... all become word boundaries.
            out.push(' ');
        }
    }
    out
}

fn finish(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() || ident.chars().all(|c| c == '_') {
        ident = fallback.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

/// `snake_case` identifier for a field, method, parameter or module.
pub fn snake(raw: &str) -> String {
    let s = finish(clean(raw).to_snake_case(), "value");
    escape_keyword(s)
}

/// [`snake`] as a word of a longer name (`server_{word}`, a module or package name): a keyword
/// is not spelled raw (`type`), though `self` still becomes `self_`.
pub fn snake_word(raw: &str) -> String {
    let s = snake(raw);
    match s.strip_prefix("r#") {
        Some(word) => word.to_string(),
        None => s,
    }
}

/// A Cargo package name for a spec file stem: `bigcommerce__carts.sf` → `bigcommerce-carts-sf-client`.
pub fn package_name(stem: &str) -> String {
    let kebab = stem.to_kebab_case();
    let kebab = if kebab.is_empty() || kebab.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{kebab}")
    } else {
        kebab
    };
    format!("{}-client", kebab.trim_end_matches('-'))
}

/// `UpperCamelCase` identifier for a type or variant.
pub fn camel(raw: &str) -> String {
    let mut s = clean(raw).to_upper_camel_case();
    // heck keeps `_` between digits (`1_2`): fine, but a leading digit needs a prefix.
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    escape_keyword(finish(s, "Value"))
}

/// `SCREAMING_SNAKE_CASE` for constants.
pub fn screaming(raw: &str) -> String {
    let s = finish(clean(raw).to_snake_case().to_uppercase(), "VALUE");
    escape_keyword(s)
}

/// A keyword becomes a raw identifier (`r#type`), or takes a trailing `_` where raw is not
/// allowed (`self_`).
pub fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A type name that does not shadow a prelude or std item the emitted code relies on.
pub fn type_name(raw: &str) -> String {
    let s = camel(raw);
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else if s == "Self_" {
        // Other names are made by appending to a type name (`{Type}Error`): `Self_Error` would
        // not be camel case.
        "SelfType".to_string()
    } else {
        s
    }
}

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

/// A Rust identifier the generator made: a keyword is spelled raw (`r#type`). [`Ident::as_str`]
/// and `Display` give the name without `r#` (for docs and for names built from it), `ToTokens`
/// the identifier as code, and `Debug` its spelling (`"r#type"`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident {
    /// The name without `r#`.
    name: String,
    raw: bool,
}

impl Ident {
    /// From a spelling made by this module (`r#type`, `self_`, `Pet`).
    fn from_spelling(spelling: &str) -> Self {
        match spelling.strip_prefix("r#") {
            Some(name) => Ident { name: name.to_string(), raw: true },
            None => Ident { name: spelling.to_string(), raw: false },
        }
    }

    /// The name without `r#`.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The identifier as Rust source spells it (`r#type`).
    pub fn spelling(&self) -> String {
        if self.raw {
            format!("r#{}", self.name)
        } else {
            self.name.clone()
        }
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl std::fmt::Debug for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.spelling(), f)
    }
}

/// Compares the spelling: `r#type` is the raw identifier `type`.
impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        match other.strip_prefix("r#") {
            Some(name) => self.raw && self.name == name,
            None => !self.raw && self.name == *other,
        }
    }
}

impl Ident {
    /// The identifier as a token.
    pub fn to_token(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw {
            proc_macro2::Ident::new_raw(&self.name, span)
        } else {
            proc_macro2::Ident::new(&self.name, span)
        }
    }
}

impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.to_token())]);
    }
}

/// The name a Rust field gets for a wire name, and whether serde needs a `rename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recased {
    pub ident: Ident,
    pub wire: String,
}

impl Recased {
    pub fn needs_rename(&self) -> bool {
        self.ident.as_str() != self.wire
    }
}

/// Variant name for an HTTP status code, from its canonical reason phrase.
pub fn status_variant(code: u16) -> String {
    let reason = match code {
        100 => "Continue",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    reason.to_string()
}

/// One namespace (a module's types, a struct's fields, an enum's variants, a method's
/// parameters): hands out unique names deterministically, in the order they are asked for.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per base of a taken name, the first number not yet tried after it: the names below it
    /// were taken when tried and stay taken, so claiming from there gives what claiming from 2
    /// gives, without trying them all again (10,000 operations of one operationId).
    next: std::collections::HashMap<String, usize>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `reserved` are already taken (locals of emitted code, for example).
    pub fn with_reserved<S: AsRef<str>>(reserved: &[S]) -> Self {
        Self { taken: reserved.iter().map(|s| s.as_ref().to_string()).collect(), next: Default::default() }
    }

    /// Takes `candidate`, or the first free `candidate2`, `candidate3`, ... (`candidate_2` for
    /// snake case).
    pub fn claim(&mut self, candidate: &str) -> Ident {
        let candidate = Ident::from_spelling(candidate);
        if self.taken.insert(candidate.name.clone()) {
            return candidate;
        }
        let base = candidate.name.trim_end_matches('_');
        let sep = if base.chars().any(|c| c.is_ascii_uppercase()) { "" } else { "_" };
        let next = self.next.entry(format!("{base}{sep}")).or_insert(2);
        let (name, n) = (*next..)
            .map(|n| (format!("{base}{sep}{n}"), n))
            .find(|(name, _)| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name");
        *next = n + 1;
        Ident { name, raw: false }
    }

    /// Whether `candidate` is not taken yet.
    pub fn is_free(&self, candidate: &str) -> bool {
        !self.taken.contains(Ident::from_spelling(candidate).as_str())
    }

    /// Recases a wire name into this scope as a snake_case field/param name.
    pub fn field(&mut self, wire: &str) -> Recased {
        Recased { ident: self.claim(&snake(wire)), wire: wire.to_string() }
    }

    /// Recases a wire name into this scope as a variant/type name.
    pub fn variant(&mut self, wire: &str) -> Recased {
        Recased { ident: self.claim(&camel(wire)), wire: wire.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_names_read_like_the_vendors_sdks() {
        assert_eq!(sdk_method(Some("clients"), "list"), "clients_list");
        assert_eq!(
            sdk_method(Some("emailAddresses"), "prepareVerification"),
            "email_addresses_prepare_verification"
        );
        assert_eq!(sdk_method(Some("jwks"), "getJWKS"), "get_jwks");
        assert_eq!(sdk_method(Some("Products"), "add-product"), "add_product");
        assert_eq!(sdk_method(None, "list"), "list");
        let fastapi = |id, method, path| without_framework_noise(id, method, path);
        assert_eq!(
            fastapi("create_message_api_v1_app__app_id__msg__post", "post", "/api/v1/app/{app_id}/msg/")
                .as_deref(),
            Some("create_message")
        );
        assert_eq!(
            fastapi("create_message_api_v1_app_app_id_msg_post", "post", "/api/v1/app/{app_id}/msg")
                .as_deref(),
            Some("create_message")
        );
        assert_eq!(fastapi("list_models_v1_models_get", "get", "/v1/models").as_deref(), Some("list_models"));
        assert_eq!(
            fastapi("agents_api_v1_conversations_get", "get", "/v1/conversations/{conversation_id}")
                .as_deref(),
            Some("conversations_get")
        );
        assert_eq!(
            fastapi("files_api_routes_upload_file", "post", "/v1/files").as_deref(),
            Some("upload_file")
        );
        assert_eq!(fastapi("libraries_list_v1", "get", "/v1/libraries"), None);
        // Nothing to strip, or nothing left after it.
        assert_eq!(fastapi("listPets", "get", "/pets"), None);
        assert_eq!(fastapi("pets_get", "get", "/pets"), None);
        assert_eq!(fastapi("api_v1_things", "get", "/things"), None);
        assert_eq!(from_path("post", "/sendMessage", 0), "send_message");
        assert_eq!(from_path("get", "/api/v3/ping", 0), "ping");
        assert_eq!(from_path("get", "/api/v3/exchangeInfo", 0), "get_exchange_info");
        assert_eq!(from_path("get", "/accounts/{account_id}/apps", 0), "list_apps");
        assert_eq!(from_path("post", "/accounts/{account_id}/apps", 0), "create_app");
        assert_eq!(from_path("patch", "/apps/{id}", 0), "update_app");
        assert_eq!(from_path("delete", "/apps/{id}", 0), "delete_app");
        assert_eq!(from_path("get", "/policies/{id}", 0), "get_policy");
        assert_eq!(from_path("post", "/logout", 0), "logout");
        assert_eq!(from_path("post", "/token", 0), "post_token");
        assert_eq!(from_path("get", "/warnings_nowcast.json", 0), "get_warnings_nowcast");
        assert_eq!(from_path("get", "/pc/v4/app/jobs", 1), "list_app_jobs");
        assert_eq!(from_path("get", "/", 0), "get_root");
    }

    #[test]
    fn every_keyword_is_escaped() {
        for kw in KEYWORDS {
            let s = snake(kw);
            assert!(s == format!("r#{kw}") || s == format!("{}_", kw.to_lowercase()), "{kw} -> {s}");
            assert!(syn::parse_str::<syn::Ident>(&s).is_ok(), "{kw} -> {s} is not an ident");
            let t = camel(kw);
            assert!(syn::parse_str::<syn::Ident>(&t).is_ok(), "{kw} -> {t} is not an ident");
        }
    }

    #[test]
    fn table() {
        let cases = [
            ("deleteContact_v1", "delete_contact_v1", "DeleteContactV1"),
            ("contact_id", "contact_id", "ContactId"),
            ("Wethod-Company", "wethod_company", "WethodCompany"),
            ("type", "r#type", "Type"),
            ("self", "self_", "SelfType"),
            ("ref", "r#ref", "Ref"),
            ("gen", "r#gen", "Gen"),
            ("1st", "_1st", "V1st"),
            ("$ref", "r#ref", "Ref"),
            ("@id", "id", "Id"),
            ("a.b c", "a_b_c", "ABC"),
            ("", "value", "Value"),
            ("---", "value", "Value"),
            ("größe", "größe", "Größe"),
        ];
        for (raw, s, c) in cases {
            assert_eq!(snake(raw), s, "snake({raw:?})");
            assert_eq!(type_name(raw), c, "type_name({raw:?})");
            assert!(syn::parse_str::<syn::Ident>(&snake(raw)).is_ok());
            assert!(syn::parse_str::<syn::Ident>(&type_name(raw)).is_ok());
        }
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("quo"), "quo-client");
        assert_eq!(package_name("bigcommerce__carts.sf"), "bigcommerce-carts-sf-client");
        assert_eq!(package_name("2fa API"), "api-2fa-api-client");
    }

    #[test]
    fn prelude_names_are_not_shadowed() {
        assert_eq!(type_name("Result"), "ResultType");
        assert_eq!(type_name("option"), "OptionType");
        assert_eq!(type_name("string"), "StringType");
    }

    #[test]
    fn collisions_resolve_deterministically() {
        let mut scope = Scope::new();
        assert_eq!(scope.field("userId").ident, "user_id");
        assert_eq!(scope.field("user_id").ident, "user_id_2");
        assert_eq!(scope.field("UserID").ident, "user_id_3");
        let mut types = Scope::new();
        assert_eq!(types.claim("Pet"), "Pet");
        assert_eq!(types.claim("Pet"), "Pet2");
        let mut kw = Scope::new();
        assert_eq!(kw.field("type").ident, "r#type");
        assert_eq!(kw.field("Type").ident, "type_2");
    }

    #[test]
    fn idents_know_whether_they_are_raw() {
        let mut scope = Scope::new();
        let raw = scope.field("type").ident;
        assert_eq!(raw.as_str(), "type");
        assert_eq!(raw.to_string(), "type", "Display is the bare name, for docs and compound names");
        assert_eq!(raw.spelling(), "r#type");
        assert_eq!(format!("{raw:?}"), "\"r#type\"");
        assert_eq!(quote::quote!(#raw).to_string(), "r#type");
        assert!(raw == "r#type" && raw != "type");
        // A collision drops the raw prefix: `type_2` is no keyword.
        let second = scope.field("Type").ident;
        assert_eq!(
            (second.spelling(), quote::quote!(#second).to_string()),
            ("type_2".into(), "type_2".into())
        );
        assert_eq!(snake_word("type"), "type");
        assert_eq!(snake_word("self"), "self_");
    }

    #[test]
    fn rename_only_when_needed() {
        let mut scope = Scope::new();
        assert!(!scope.field("name").needs_rename());
        assert!(!scope.field("type").needs_rename());
        assert!(scope.field("userId").needs_rename());
    }
}
