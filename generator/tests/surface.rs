//! The generated crate's own names are listed once, in `clientgen::surface`: the code emitted for
//! `fixtures/surface.yaml` (a spec that uses every listed name itself) is parsed, and every
//! method, field, feature, module and re-export it defines must be either listed there or taken
//! from the model (the spec's operations, parameters, credentials, headers and tags). The fixture
//! crate is built with clippy `-D warnings` by `compile.rs`.

use clientgen::model::Api;
use clientgen::surface as s;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/surface.yaml")
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(|n| n.to_string()).collect()
}

fn name(ident: &syn::Ident) -> String {
    ident.to_string().to_string()
}

/// A type path's segments (`crate::Client` → `["crate", "Client"]`).
fn type_path(ty: &syn::Type) -> Vec<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.iter().map(|s| name(&s.ident)).collect(),
        _ => Vec::new(),
    }
}

/// `P` of `crate::Request<'a, P>` when it names a type (an operation's parameters).
fn request_params(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Request" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => type_path(t).last().cloned(),
        _ => None,
    })
}

/// What one crate defines: inherent methods and struct fields by type, Cargo features, crate-root
/// modules and re-exports, and the types of the operations modules.
#[derive(Default, Debug)]
struct Defined {
    methods: BTreeMap<String, BTreeSet<String>>,
    fields: BTreeMap<String, BTreeSet<String>>,
    root_modules: BTreeSet<String>,
    root_exports: BTreeSet<String>,
    operation_types: BTreeSet<String>,
    features: BTreeSet<String>,
}

fn collect(files: &clientgen::Files) -> Defined {
    let mut d = Defined::default();
    for (path, text) in files {
        if path == "Cargo.toml" {
            let features = text.split("[features]").nth(1).unwrap_or("");
            for line in features.lines() {
                if let Some((key, _)) = line.split_once(" = ") {
                    if !key.starts_with('#') {
                        d.features.insert(key.trim().to_string());
                    }
                }
            }
            continue;
        }
        if !path.ends_with(".rs") || path.starts_with("src/runtime") {
            continue;
        }
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Types are told apart by module: a schema and an operation may share a name.
        let module = path.trim_start_matches("src/").split(['/', '.']).next().unwrap_or_default();
        let key = |ty: String| format!("{module}::{ty}");
        for item in &file.items {
            match item {
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    // `impl crate::Client` in a tag's module adds to the client's methods.
                    let params = request_params(&i.self_ty)
                        .filter(|p| !i.generics.type_params().any(|g| g.ident == p));
                    let key = match (type_path(&i.self_ty).as_slice(), params) {
                        // An operation's setters: `impl crate::Request<'a, ListPetsParams>`.
                        (_, Some(params)) => key(params),
                        ([krate, ty], None) if krate == "crate" => format!("client::{ty}"),
                        ([ty], None) => key(ty.clone()),
                        _ => continue,
                    };
                    let methods = d.methods.entry(key).or_default();
                    for item in &i.items {
                        if let syn::ImplItem::Fn(f) = item {
                            methods.insert(name(&f.sig.ident));
                        }
                    }
                }
                syn::Item::Struct(st) => {
                    let fields = d.fields.entry(key(name(&st.ident))).or_default();
                    for f in &st.fields {
                        if let Some(ident) = &f.ident {
                            fields.insert(name(ident));
                        }
                    }
                    if path.starts_with("src/operations") {
                        d.operation_types.insert(name(&st.ident));
                    }
                }
                syn::Item::Enum(e) if path.starts_with("src/operations") => {
                    d.operation_types.insert(name(&e.ident));
                }
                syn::Item::Type(t) if path.starts_with("src/operations") => {
                    d.operation_types.insert(name(&t.ident));
                }
                syn::Item::Mod(m) if path == "src/lib.rs" => {
                    d.root_modules.insert(name(&m.ident));
                }
                syn::Item::Use(u) if path == "src/lib.rs" => {
                    fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
                        match tree {
                            syn::UseTree::Path(p) => leaves(&p.tree, out),
                            syn::UseTree::Name(n) => {
                                out.insert(name(&n.ident));
                            }
                            syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
                            syn::UseTree::Rename(r) => {
                                out.insert(name(&r.rename));
                            }
                            syn::UseTree::Glob(_) => {}
                        }
                    }
                    leaves(&u.tree, &mut d.root_exports);
                }
                _ => {}
            }
        }
    }
    d
}

/// What the surface module and the model allow each of those to hold.
fn allowed(api: &Api) -> Defined {
    let mut a = Defined::default();
    let auth = set(api.auth.iter().map(|x| x.setter.as_str()));
    let headers = set(api.default_headers.iter().map(|x| x.setter.as_str()));
    let vars = set(api.server_variables.iter().map(|x| x.setter.as_str()));

    let mut client_methods = set(s::CLIENT_METHODS.iter().copied());
    client_methods.extend(api.operations.iter().map(|o| o.method_name.to_string()));
    client_methods.extend(api.auth.iter().map(|x| s::auth_fn(x.setter.as_str())));
    a.methods.insert("client::Client".into(), client_methods);
    let mut client_fields = set(s::CLIENT_FIELDS.iter().copied());
    client_fields.extend(auth.iter().cloned().chain(headers.iter().cloned()));
    a.fields.insert("client::Client".into(), client_fields);

    let mut builder_methods = set(s::BUILDER_METHODS.iter().copied());
    builder_methods.extend(auth.iter().chain(&headers).chain(&vars).cloned());
    a.methods.insert("client::ClientBuilder".into(), builder_methods);
    let mut builder_fields = set(s::BUILDER_FIELDS.iter().copied());
    builder_fields.extend(auth.iter().chain(&headers).chain(&vars).cloned());
    a.fields.insert("client::ClientBuilder".into(), builder_fields);

    a.methods.insert("client::Server".into(), set(s::SERVER_METHODS.iter().copied()));
    // The generic methods of every operation's request builder.
    let request_methods = s::REQUEST_METHODS.iter().chain(s::PAGING_NAMES);
    a.methods.insert("client::Request".into(), set(request_methods.copied()));
    a.fields.insert("client::Request".into(), set(s::REQUEST_TYPE_FIELDS.iter().copied()));
    for v in &api.server_variables {
        if let Some(e) = &v.enum_name {
            a.methods.insert(format!("client::{e}"), set(s::ENUM_METHODS.iter().copied()));
            a.root_exports.insert(e.to_string());
        }
    }
    for t in &api.types {
        let mut methods = set(s::ENUM_METHODS.iter().copied());
        // A struct callers build: `new` and a setter per field.
        if let clientgen::model::TypeKind::Struct(st) = &t.kind {
            if t.sent {
                methods.insert("new".into());
                methods.extend(st.fields.iter().map(|f| f.setter.to_string()));
            }
        }
        a.methods.insert(format!("types::{}", t.name), methods);
    }
    for op in &api.operations {
        let mut methods = set(s::REQUEST_METHODS.iter().copied());
        let mut fields = set(s::REQUEST_FIELDS.iter().copied());
        for p in &op.params {
            fields.insert(p.ident.to_string());
            // Setters for what the constructor does not take.
            if !p.required || p.default_header.is_some() {
                methods.insert(p.ident.to_string());
            }
        }
        // An operation that streams or pages: its stream and paging methods and fields.
        if op.events.is_some() || op.downloads() {
            methods.extend(s::STREAM_NAMES.iter().map(|n| n.to_string()));
            fields.extend(s::STREAM_NAMES.iter().map(|n| n.to_string()));
        }
        if op.paging.is_some() {
            methods.extend(s::PAGING_NAMES.iter().map(|n| n.to_string()));
            fields.extend(s::PAGING_NAMES.iter().map(|n| n.to_string()));
        }
        a.methods.insert(format!("operations::{}", op.params_name), methods);
        a.fields.insert(format!("operations::{}", op.params_name), fields);
        a.operation_types.insert(op.params_name.to_string());
        let mut error_methods = set(s::ERROR_METHODS.iter().copied());
        for r in &op.errors {
            for c in r.body.iter().flat_map(|b| &b.consts) {
                error_methods.insert(format!("{}{}", s::DOCUMENTED_PREFIX, c.field));
            }
        }
        a.methods.insert(format!("operations::{}", op.error_name), error_methods);
        a.operation_types.extend([op.builder_name.to_string(), op.error_name.to_string()]);
        a.operation_types.extend(op.success_enum.iter().map(|x| x.to_string()));
        if let Some(h) = &op.headers_name {
            a.methods.insert(format!("operations::{h}"), set(s::HEADERS_METHODS.iter().copied()));
            let fields = op.success.iter().flat_map(|r| &r.headers).map(|x| x.ident.as_str());
            a.fields.insert(format!("operations::{h}"), set(fields));
            a.operation_types.insert(h.to_string());
        }
    }
    a.root_modules = set(s::CRATE_MODULES.iter().copied());
    a.root_exports.extend(set(s::RUNTIME_EXPORTS.iter().copied()));
    if api.streams() {
        a.root_exports.extend(set(s::STREAM_EXPORTS.iter().copied()));
    }
    if api.pages() {
        a.root_exports.extend(set(s::PAGING_EXPORTS.iter().copied()));
    }
    a.root_exports.extend(set(s::CLIENT_TYPES.iter().copied()));
    a.features = set(s::FEATURES.iter().copied());
    a.features.extend(api.groups.iter().map(|g| g.feature.clone()));
    a
}

fn stray(what: &str, found: &BTreeSet<String>, allowed: Option<&BTreeSet<String>>) -> Vec<String> {
    let empty = BTreeSet::new();
    let allowed = allowed.unwrap_or(&empty);
    found.difference(allowed).map(|n| format!("{what}: `{n}`")).collect()
}

#[test]
fn emitted_names_are_listed_in_surface_or_come_from_the_spec() {
    let api = clientgen::model(&fixture(), "surface-client").unwrap_or_else(|e| panic!("{e}"));
    let files = clientgen::generate(&fixture(), "surface-client").unwrap_or_else(|e| panic!("{e}"));
    let found = collect(&files);
    let allowed = allowed(&api);
    let mut strays = Vec::new();
    for (ty, methods) in &found.methods {
        strays.extend(stray(&format!("method of {ty}"), methods, allowed.methods.get(ty)));
    }
    for (ty, fields) in &found.fields {
        // Struct fields of `types` come from schemas (checked by the naming tests).
        if !ty.starts_with("types::") {
            strays.extend(stray(&format!("field of {ty}"), fields, allowed.fields.get(ty)));
        }
    }
    strays.extend(stray("crate module", &found.root_modules, Some(&allowed.root_modules)));
    strays.extend(stray("crate re-export", &found.root_exports, Some(&allowed.root_exports)));
    strays.extend(stray("type in operations", &found.operation_types, Some(&allowed.operation_types)));
    strays.extend(stray("Cargo feature", &found.features, Some(&allowed.features)));
    assert!(
        strays.is_empty(),
        "the emitters generate names that generator/src/surface.rs does not list:\n{}",
        strays.join("\n")
    );
    // The collection is not empty by accident.
    assert!(
        found.methods["client::Client"].contains("http_client")
            && found.methods["client::ClientBuilder"].contains("build")
    );
    assert!(found.fields["client::Client"].contains("config") && found.features.contains("tracing"));
}

/// Every listed name is used by the fixture where it could collide: as an operationId and a tag
/// (snake-case names), a query parameter (request-builder names), a schema (type names) and a
/// property (all), and the credentials, headers and server variables where the builder is.
#[test]
fn the_fixture_uses_every_listed_name() {
    let text = std::fs::read_to_string(fixture()).expect("the fixture");
    let v = &clientgen::load::parse_text(&text).unwrap_or_else(|(_, e)| panic!("{e}"));
    let mut operation_ids = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut query = BTreeSet::new();
    for item in v["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values().filter(|o| o.is_object()) {
            if let Some(id) = op["operationId"].as_str() {
                operation_ids.insert(id.to_string());
            }
            for t in op["tags"].as_array().into_iter().flatten() {
                tags.insert(t.as_str().unwrap_or_default().to_string());
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "query" {
                    query.insert(p["name"].as_str().unwrap_or_default().to_string());
                }
            }
        }
    }
    let schemas: BTreeSet<String> =
        v["components"]["schemas"].as_object().expect("schemas").keys().cloned().collect();
    let properties: BTreeSet<String> = v["components"]["schemas"]["Surface"]["properties"]
        .as_object()
        .expect("Surface")
        .keys()
        .cloned()
        .collect();
    let schemes: BTreeSet<String> =
        v["components"]["securitySchemes"].as_object().expect("schemes").keys().cloned().collect();
    let headers: BTreeSet<String> = v["components"]["parameters"]
        .as_object()
        .expect("parameters")
        .values()
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect();

    let mut missing = Vec::new();
    let mut need = |what: &str, names: &[&str], have: &BTreeSet<String>| {
        missing.extend(names.iter().filter(|n| !have.contains(**n)).map(|n| format!("{what}: {n}")));
    };
    let snake: Vec<&str> = [
        s::CLIENT_METHODS,
        s::CLIENT_FIELDS,
        s::BUILDER_METHODS,
        s::BUILDER_FIELDS,
        s::REQUEST_METHODS,
        s::REQUEST_FIELDS,
        s::ERROR_METHODS,
        s::HEADERS_METHODS,
        s::SERVER_METHODS,
        s::ENUM_METHODS,
        s::CRATE_MODULES,
        s::FEATURES,
        &[s::EXTRA_FIELD],
    ]
    .concat();
    let auth_fns: Vec<String> =
        ["api_key", "bearer_token", "basic_auth"].iter().map(|a| s::auth_fn(a)).collect();
    let auth_fns: Vec<&str> = auth_fns.iter().map(String::as_str).collect();
    let documented = format!("{}code", s::DOCUMENTED_PREFIX);
    for list in [&snake[..], &auth_fns, &[documented.as_str()]] {
        need("operationId", list, &operation_ids);
        need("tag", list, &tags);
        need("property", list, &properties);
    }
    // A struct's own methods only meet its properties' setters.
    need("property", s::STRUCT_METHODS, &properties);
    need("query parameter", s::REQUEST_METHODS, &query);
    need("query parameter", s::REQUEST_FIELDS, &query);
    need("query parameter", s::STREAM_NAMES, &query);
    need("query parameter", s::PAGING_NAMES, &query);
    need("header parameter", s::CLIENT_FIELDS, &headers);
    let types: Vec<&str> =
        [s::RUNTIME_EXPORTS, s::CLIENT_TYPES, s::RESERVED_TYPE_NAMES, &[s::OTHER_VARIANT]].concat();
    need("schema", &types, &schemas);
    need("property", &[s::OTHER_VARIANT], &properties);
    need("security scheme", &["http", "config", "base_url", "build"], &schemes);
    assert!(missing.is_empty(), "fixtures/surface.yaml does not use:\n{}", missing.join("\n"));
}
