//! Emit stage: pure functions of [`Api`] that give each file of the crate, as tokens (Rust)
//! or text (the manifest, the one string-built file).

mod client;
pub(crate) mod docs;
pub mod examples;
mod lib_rs;
mod operations;
pub mod runtime;
mod types;

use crate::model::{Api, IntKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use docs::doc_attrs;

/// One emitted file: Rust tokens to render, or finished text.
pub enum Emitted {
    Rust(TokenStream),
    Text(String),
}

/// One file of the crate, emitted on demand so files can be rendered on several threads
/// (tokens cannot cross threads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    Manifest,
    Lib,
    Client,
    Operations,
    /// One tag's operations of a large API: index into [`Api::groups`].
    Group(usize),
    Types,
    /// The runtime's `mod.rs`.
    RuntimeMod,
    /// One file of the runtime, copied verbatim.
    Runtime(crate::model::RuntimeModule),
}

/// Types per part of `src/types.rs`, and operations per part of an operations file. Long files
/// are emitted and rendered in parts so that threads share even a one-file crate; the parts do
/// not depend on the thread count, and a file is its parts' text in order.
const TYPES_PER_PART: usize = 64;
const OPERATIONS_PER_PART: usize = 16;

/// Emits the files of one crate, in parts; shareable across threads.
pub struct Emitter<'a> {
    api: &'a Api,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api) -> Self {
        Emitter { api }
    }

    /// Every file of the crate, by path relative to the crate root, in a fixed order.
    pub fn files(&self) -> Vec<(String, File)> {
        let mut files = vec![
            ("Cargo.toml".to_string(), File::Manifest),
            ("src/lib.rs".to_string(), File::Lib),
            ("src/client.rs".to_string(), File::Client),
            ("src/operations.rs".to_string(), File::Operations),
        ];
        for (i, g) in self.api.groups.iter().enumerate() {
            files.push((format!("src/operations/{}.rs", g.module), File::Group(i)));
        }
        files.push(("src/types.rs".to_string(), File::Types));
        files.push(("src/runtime/mod.rs".to_string(), File::RuntimeMod));
        for &m in &self.api.runtime {
            files.push((format!("src/runtime/{}.rs", m.name()), File::Runtime(m)));
        }
        files
    }

    /// How many parts `file` is emitted in (at least one).
    pub fn parts(&self, file: File) -> usize {
        let api = self.api;
        let (items, per_part) = match file {
            File::Types => (api.types.len(), TYPES_PER_PART),
            File::Operations if api.groups.is_empty() => (api.operations.len(), OPERATIONS_PER_PART),
            File::Group(i) => (api.groups[i].operations.len(), OPERATIONS_PER_PART),
            _ => (1, 1),
        };
        items.div_ceil(per_part).max(1)
    }

    /// Part `part` (below [`parts`](Self::parts)) of `file`.
    pub fn emit(&self, file: File, part: usize) -> Emitted {
        let api = self.api;
        let range =
            |len: usize, per_part: usize| (part * per_part).min(len)..((part + 1) * per_part).min(len);
        match file {
            File::Manifest => Emitted::Text(manifest(api)),
            File::Lib => Emitted::Rust(lib_rs::lib_rs(api)),
            File::Client => Emitted::Rust(client::client_rs(api)),
            File::Operations => Emitted::Rust(operations::operations_rs(
                api,
                range(api.operations.len(), OPERATIONS_PER_PART),
            )),
            File::Group(i) => {
                let g = &api.groups[i];
                Emitted::Rust(operations::group_rs(api, g, range(g.operations.len(), OPERATIONS_PER_PART)))
            }
            File::Types => Emitted::Rust(types::types_rs(api, range(api.types.len(), TYPES_PER_PART))),
            File::RuntimeMod => Emitted::Rust(runtime::mod_rs(&api.runtime)),
            File::Runtime(m) => Emitted::Text(runtime::text(m).to_string()),
        }
    }

    /// The whole of `file`: its parts joined.
    pub fn emit_file(&self, file: File) -> Emitted {
        let mut parts = (0..self.parts(file)).map(|p| self.emit(file, p));
        let first = parts.next().unwrap_or(Emitted::Text(String::new()));
        parts.fold(first, |acc, part| match (acc, part) {
            (Emitted::Rust(mut a), Emitted::Rust(b)) => {
                a.extend(b);
                Emitted::Rust(a)
            }
            (Emitted::Text(a), Emitted::Text(b)) => Emitted::Text(a + &b),
            _ => unreachable!("the parts of a file are all tokens or all text"),
        })
    }
}

/// Every file of the crate, whole, emitted on this thread.
pub fn emit(api: &Api) -> Vec<(String, Emitted)> {
    let emitter = Emitter::new(api);
    emitter.files().into_iter().map(|(path, file)| (path, emitter.emit_file(file))).collect()
}

fn manifest(api: &Api) -> String {
    let m = &api.manifest;
    format!(
        "# {marker}. Do not edit by hand.\n\
         [package]\n\
         name = {name:?}\n\
         version = {version:?}\n\
         edition = {edition:?}\n\
         rust-version = {rust_version:?}\n\
         description = {description}\n\
         license = {license:?}\n\
         publish = {publish}\n\
         \n\
         [lib]\n\
         name = {lib:?}\n\
         path = \"src/lib.rs\"\n\
         \n\
         {dependencies}{groups}",
        description = toml_string(&m.description),
        name = api.package,
        version = api.crate_version,
        edition = m.edition,
        rust_version = m.rust_version,
        license = m.license,
        publish = m.publish,
        lib = api.lib,
        dependencies = dependencies(&m.dependencies),
        groups = group_features(api),
        marker = crate::surface::MARKER,
    )
}

/// The `[dependencies]` of a manifest, and the `[features]` that turn its optional ones on
/// (the runtime's `tracing`).
pub fn dependencies(deps: &[crate::model::Dependency]) -> String {
    let mut out = String::from("[dependencies]\n");
    for d in deps {
        let mut keys = Vec::new();
        if !d.default_features {
            keys.push("default-features = false".to_string());
        }
        if !d.features.is_empty() {
            let features: Vec<String> = d.features.iter().map(|f| format!("{f:?}")).collect();
            keys.push(format!("features = [{}]", features.join(", ")));
        }
        if d.optional {
            keys.push("optional = true".to_string());
        }
        match keys.is_empty() {
            true => out.push_str(&format!("{} = {:?}\n", d.name, d.version)),
            false => {
                out.push_str(&format!("{} = {{ version = {:?}, {} }}\n", d.name, d.version, keys.join(", ")))
            }
        }
    }
    out.push_str("\n[features]\n");
    for d in deps.iter().filter(|d| d.optional) {
        for line in d.feature_doc.iter().flat_map(|doc| doc.lines()) {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("{0} = [\"dep:{0}\"]\n", d.name));
    }
    out
}

/// A TOML basic string of `s` on one line: quotes and backslashes escaped, control characters
/// and Unicode text-direction controls as spaces (Rust's `{:?}` writes `\u{..}`, which TOML
/// refuses, and cargo passes the description to rustc in an environment variable, which cannot
/// hold a NUL).
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || docs::reorders(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A large API's per-tag features: all on by default; `default-features = false` plus the
/// tags a user needs compiles only those operations.
fn group_features(api: &Api) -> String {
    if api.groups.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "# One feature per tag: each compiles that tag's operations. All are on by default; turn\n\
         # default features off and pick the tags you call to compile less.\n",
    );
    let all: Vec<String> = api.groups.iter().map(|g| format!("{:?}", g.feature)).collect();
    // The internal features a feature enables: those of the sets it belongs to.
    let enables = |feature: &str| {
        let names: Vec<String> = api
            .shared_features
            .iter()
            .filter(|(_, set)| set.iter().any(|f| f == feature))
            .map(|(name, _)| format!("{name:?}"))
            .collect();
        format!("[{}]", names.join(", "))
    };
    out.push_str(&format!("default = [\"all\"]\nall = [{}]\n", all.join(", ")));
    for g in &api.groups {
        let tag = match (&g.tag, &g.resource) {
            (Some(tag), _) => format!("tag {tag}"),
            (None, Some(r)) => format!("/{r}"),
            (None, None) => "other operations".to_string(),
        }
        .replace(|c: char| c.is_control(), " ");
        out.push_str(&format!(
            "# {tag}: {} operation(s).\n{} = {}\n",
            g.operations.len(),
            g.feature,
            enables(&g.feature)
        ));
    }
    if let Some(f) = &api.unused_feature {
        out.push_str(&format!(
            "# The types of the schemas no operation uses (webhook payloads, say): off by default and\n\
             # not in `all`, so that a crate compiles only what its calls need.\n{f} = {}\n",
            enables(f)
        ));
    }
    if !api.shared_features.is_empty() {
        out.push_str(
            "# Internal, enabled by the features above: each compiles the types a set of them shares.\n",
        );
        for (name, _) in &api.shared_features {
            out.push_str(&format!("{name} = []\n"));
        }
    }
    out
}

/// The Rust type of a model type, with absolute paths; named types through `types::`.
pub(crate) fn ty(api: &Api, t: &TypeRef, in_types: bool) -> TokenStream {
    ty_at(api, t, &quote!(crate), in_types)
}

/// [`ty`] as code under `krate` names it (`crate` inside the generated crate, `quo_client`
/// outside); `in_types`: a named type is written bare (inside `types.rs`).
pub(crate) fn ty_at(api: &Api, t: &TypeRef, krate: &TokenStream, in_types: bool) -> TokenStream {
    let at = |t: &TypeRef| ty_at(api, t, krate, in_types);
    match t {
        TypeRef::Named(id) => {
            let name = ident(&api.types[id.0].name);
            if in_types {
                quote!(#name)
            } else {
                quote!(#krate::types::#name)
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Integer(IntKind::I32) => quote!(i32),
        TypeRef::Integer(IntKind::I64) => quote!(i64),
        TypeRef::Integer(IntKind::U32) => quote!(u32),
        TypeRef::Integer(IntKind::U64) => quote!(u64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Bytes => quote!(#krate::Bytes),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => quote!(::serde_json::Map<String, ::serde_json::Value>),
        TypeRef::Array(inner) => {
            let inner = at(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = at(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => match &**inner {
            // Absent, null or a value: only kept in types callers build (see `lower::analyse`).
            TypeRef::Option(value) => {
                let value = at(value);
                quote!(#krate::Nullable<#value>)
            }
            _ => {
                let inner = at(inner);
                quote!(Option<#inner>)
            }
        },
        TypeRef::Boxed(inner) => {
            let inner = at(inner);
            quote!(Box<#inner>)
        }
    }
}

/// What a setter or argument for a value of type `t` takes: `impl Into<T>` of strings, bytes,
/// JSON values and generated types (`.sort("updated")`); for a free-form object, a `Map` or a
/// `serde_json::Value` (`json!({..})`); numbers and booleans as they are (an
/// `impl Into<u64>` would refuse a plain `100`: the literal falls back to `i32`); for a list,
/// anything iterable of its items (`[User::new("hi")]`, `["a", "b"]`); for a map, pairs
/// (`[("team", "ml")]`).
pub(crate) fn input(api: &Api, t: &TypeRef, in_types: bool) -> TokenStream {
    let item = |t: &TypeRef| {
        let ty = ty(api, t, in_types);
        if *api.unalias(t) == TypeRef::JsonObject {
            quote!(impl crate::IntoJsonObject)
        } else if convertible(api, t) {
            quote!(impl Into<#ty>)
        } else {
            ty
        }
    };
    match t {
        TypeRef::Array(inner) => {
            let inner = item(inner);
            quote!(impl IntoIterator<Item = #inner>)
        }
        TypeRef::Map(inner) => {
            let inner = item(inner);
            quote!(impl IntoIterator<Item = (impl Into<String>, #inner)>)
        }
        other => item(other),
    }
}

/// `value`, of what [`input`] takes for `t`, as a `t`.
pub(crate) fn converted(api: &Api, t: &TypeRef, value: TokenStream) -> TokenStream {
    conversion(api, t, value.clone()).unwrap_or(value)
}

/// [`converted`], or `None` where the argument is stored as it is (a number, a boolean).
pub(crate) fn conversion(api: &Api, t: &TypeRef, value: TokenStream) -> Option<TokenStream> {
    let object = |t: &TypeRef| *api.unalias(t) == TypeRef::JsonObject;
    Some(match t {
        TypeRef::Array(inner) if object(inner) => {
            quote!(#value.into_iter().map(crate::IntoJsonObject::into_json_object).collect())
        }
        TypeRef::Map(inner) if object(inner) => {
            quote!(#value.into_iter().map(|(k, v)| (k.into(), crate::IntoJsonObject::into_json_object(v))).collect())
        }
        t if object(t) => quote!(crate::IntoJsonObject::into_json_object(#value)),
        TypeRef::Array(inner) if convertible(api, inner) => {
            quote!(#value.into_iter().map(Into::into).collect())
        }
        TypeRef::Array(_) => quote!(#value.into_iter().collect()),
        TypeRef::Map(inner) if convertible(api, inner) => {
            quote!(#value.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
        }
        TypeRef::Map(_) => quote!(#value.into_iter().map(|(k, v)| (k.into(), v)).collect()),
        t if convertible(api, t) => quote!(#value.into()),
        _ => return None,
    })
}

/// Whether [`input`] takes `impl Into` of `t`: not of a number or boolean, even behind aliases.
fn convertible(api: &Api, t: &TypeRef) -> bool {
    matches!(api.unalias(t), TypeRef::Named(_) | TypeRef::String | TypeRef::Bytes | TypeRef::Json)
}

/// A model identifier as tokens (raw where it is a keyword: `r#type`).
pub(crate) fn ident(name: &crate::names::Ident) -> proc_macro2::Ident {
    name.to_token()
}
