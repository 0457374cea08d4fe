//! Lower stage: `openapiv3` document → [`crate::model::Api`]. All policy lives here, one concern
//! a module: `refs` (`$ref` lookup), `schemas` (which Rust type a schema becomes),
//! `operations` (parameters, bodies, responses), `client` (servers, security, client-wide
//! headers), `groups` (modules and features of large APIs) and `analyse` (the decisions
//! taken on the finished model: derives, features, encodings, boxing, documented constants).
//! Names the generated crate uses for itself come from [`crate::surface`].

mod analyse;
mod client;
mod examples;
mod groups;
pub mod manifest;
mod operations;
mod paging;
mod plan;
mod refs;
mod schemas;
mod sharing;

pub use groups::GROUP_MIN_OPERATIONS;
pub use paging::explain as explain_paging;

use crate::arena::{Arena, NameHint};
use crate::error::{join, ErrorKind, Result};
use crate::load::{Loaded, METHODS};
use crate::model::*;
use crate::names;
use crate::surface;
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a loaded document into the model of a crate named `package`.
pub fn lower(loaded: &Loaded, package: &str) -> Result<Api> {
    let mut cx = Lowering {
        loaded,
        doc: &loaded.doc,
        arena: Arena::default(),
        components: BTreeMap::new(),
        pointer_refs: BTreeMap::new(),
        nullable_components: BTreeSet::new(),
        auth: Vec::new(),
    };
    cx.run(package)
}

struct Lowering<'a> {
    loaded: &'a Loaded,
    doc: &'a OpenAPI,
    arena: Arena,
    /// Component schema name → its draft.
    components: BTreeMap<String, DraftId>,
    /// Schemas reached by a `$ref` to any other pointer: lowered once, and a cycle through them
    /// ends in a JSON value instead of recursing forever.
    pointer_refs: BTreeMap<String, Option<TypeRef<DraftId>>>,
    /// Component structs and unions that are nullable: a `$ref` to one admits `null`.
    nullable_components: BTreeSet<DraftId>,
    /// The security schemes operations use (lowered before the operations).
    auth: Vec<AuthScheme>,
}

/// Whether a component schema admits `null`: it says so, or it is a `$ref` to a component
/// that does (followed 16 deep at most).
fn nullable_component(components: &openapiv3::Components, name: &str) -> bool {
    let mut name = name.to_string();
    for _ in 0..16 {
        match components.schemas.get(&name) {
            Some(openapiv3::ReferenceOr::Item(s)) => return s.schema_data.nullable,
            // Any other pointer than a component's names no entry: not followed.
            Some(openapiv3::ReferenceOr::Reference { reference }) => {
                name = crate::load::schema_name(reference)
            }
            None => return false,
        }
    }
    false
}

/// What lowering a schema gives: the type, and whether `null` is allowed.
struct Lowered {
    ty: TypeRef<DraftId>,
    nullable: bool,
}

impl<'a> Lowering<'a> {
    fn err(&self, kind: ErrorKind, pointer: &str, msg: impl Into<String>) -> crate::error::Error {
        self.loaded.source.error(kind, pointer, msg)
    }

    fn run(&mut self, package: &str) -> Result<Api> {
        let doc = self.doc;
        // Allocate every component schema first so `$ref`s (and cycles) resolve to ids.
        if let Some(components) = &doc.components {
            for name in components.schemas.keys() {
                let id = self.arena.alloc(
                    NameHint::Component(name.clone()),
                    None,
                    &join("/components/schemas", name),
                );
                self.components.insert(name.clone(), id);
            }
            // A `$ref` to a nullable component admits `null` where it is used: the type itself
            // never says so (an alias of an `Option` would give `Option<Option<T>>` wherever it
            // is optional). So does a component that is only a `$ref` to such a one.
            for name in components.schemas.keys() {
                if nullable_component(components, name) {
                    self.nullable_components.insert(self.components[name]);
                }
            }
            for (name, schema) in &components.schemas {
                let ptr = join("/components/schemas", name);
                let id = self.components[name];
                self.lower_component(id, schema, &ptr)?;
            }
        }
        self.auth = self.security_schemes()?;
        let (servers, server_variables) = self.servers(&doc.servers);
        let mut operations = Vec::new();
        let mut names = operations::OperationNames::new(&self.auth);
        let mut sites = Vec::new();
        for (path, item) in doc.paths.iter() {
            let item_ptr = join("/paths", path);
            let item = self.deref(item, &item_ptr)?;
            for method in METHODS {
                let Some(op) = operation_of(item, method) else { continue };
                sites.push(operations::Site { path, method, item, op, ptr: join(&item_ptr, method) });
            }
        }
        let method_names = operations::method_names(&sites, doc.extensions.get("x-speakeasy-name-override"));
        for (site, name) in sites.iter().zip(method_names) {
            operations.push(self.operation(site, &name, &mut names)?);
        }
        let auth = std::mem::take(&mut self.auth);
        let finished = std::mem::take(&mut self.arena)
            .finish(surface::RESERVED_TYPE_NAMES)
            .map_err(|r| self.err(ErrorKind::Invalid, &r.pointer, r.message))?;
        let mut operations = analyse::finish_operations(operations, &finished);
        let default_headers = client::default_headers(&mut operations, &auth, &server_variables);
        let lib = names::snake_word(package);
        let groups = groups::groups(&operations, &doc.tags);
        for (g, group) in groups.iter().enumerate() {
            group.operations.iter().for_each(|&i| operations[i].group = Some(g));
        }
        let mut api = Api {
            unused_feature: None,
            shared_features: Vec::new(),
            package: package.to_string(),
            crate_version: crate::changes::FIRST_VERSION.to_string(),
            lib,
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            servers,
            server_variables,
            auth,
            client_certificates: self.client_certificates(),
            default_headers,
            operations,
            groups,
            types: finished.types,
            runtime: Vec::new(),
            manifest: manifest::manifest(&doc.info.title),
        };
        analyse::analyse(&mut api);
        sharing::sharing(&mut api);
        Ok(api)
    }
}

fn operation_of<'o>(item: &'o openapiv3::PathItem, method: &str) -> Option<&'o openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}
