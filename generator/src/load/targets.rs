//! The targets of `$ref`s that name no component (a pointer into a path, a property, another
//! file embedded under [`super::EXTERNAL`]): found by walking the typed document once, each
//! looked up in the document's value and read as the kind its place needs, once. Lower reads
//! them from here; the value is not kept.

use crate::error::{unescape_token, ErrorKind};
use openapiv3::{
    AdditionalProperties, Components, Header, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a `$ref` points at, read as a `T`, or why it cannot be (raised where the `$ref` is used).
pub type Target<T> = std::result::Result<ReferenceOr<T>, TargetError>;

/// Why a `$ref` has no usable target: the error lower raises, located where the `$ref` is used.
#[derive(Debug, Clone)]
pub struct TargetError {
    pub kind: ErrorKind,
    pub message: String,
}

/// Every non-component `$ref` target of a document, by kind, keyed by the reference as written.
#[derive(Debug, Default)]
pub struct Targets {
    schemas: BTreeMap<String, Target<Schema>>,
    parameters: BTreeMap<String, Target<Parameter>>,
    responses: BTreeMap<String, Target<Response>>,
    request_bodies: BTreeMap<String, Target<RequestBody>>,
    headers: BTreeMap<String, Target<Header>>,
    security_schemes: BTreeMap<String, Target<SecurityScheme>>,
    path_items: BTreeMap<String, Target<PathItem>>,
}

impl Targets {
    /// The target of `reference`, read as a `T`; `None` when the walk did not meet it (a
    /// `$ref` that names a component is looked up in the components instead).
    pub fn get<T: Kind>(&self, reference: &str) -> Option<&Target<T>> {
        T::table(self).get(reference)
    }
}

/// An object a `$ref` may stand for: where its targets are kept, and (for the kinds
/// `components` holds) the components of that kind.
pub trait Kind: Sized + Clone + DeserializeOwned {
    /// `#/components/<kind>/`, for the kinds components hold.
    const PREFIX: &'static str;
    fn table(targets: &Targets) -> &BTreeMap<String, Target<Self>>;
    fn table_mut(targets: &mut Targets) -> &mut BTreeMap<String, Target<Self>>;
    fn lookup<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>>;
    /// Whether lower looks `reference` up among the components (so it is no target).
    fn names_component(_doc: &OpenAPI, reference: &str) -> bool {
        component_name::<Self>(reference).is_some()
    }
}

macro_rules! kind {
    ($ty:ty, $field:ident, $component:ident, $prefix:literal $(, $names:expr)?) => {
        impl Kind for $ty {
            const PREFIX: &'static str = $prefix;
            fn table(targets: &Targets) -> &BTreeMap<String, Target<Self>> {
                &targets.$field
            }
            fn table_mut(targets: &mut Targets) -> &mut BTreeMap<String, Target<Self>> {
                &mut targets.$field
            }
            fn lookup<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>> {
                components.$component.get(name)
            }
            $(fn names_component(doc: &OpenAPI, reference: &str) -> bool {
                ($names)(doc, reference)
            })?
        }
    };
}
kind!(Schema, schemas, schemas, "#/components/schemas/", |doc: &OpenAPI, reference: &str| {
    // A schema `$ref` may also name a component bare (`Pet`), as a discriminator mapping does;
    // one to a missing component is read as a pointer.
    doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(&schema_name(reference)))
});
kind!(Parameter, parameters, parameters, "#/components/parameters/");
kind!(Response, responses, responses, "#/components/responses/");
kind!(RequestBody, request_bodies, request_bodies, "#/components/requestBodies/");
kind!(Header, headers, headers, "#/components/headers/");
kind!(SecurityScheme, security_schemes, security_schemes, "#/components/securitySchemes/");

impl Kind for PathItem {
    /// 3.0 components hold no path items (3.1's `pathItems` are dropped by normalisation).
    const PREFIX: &'static str = "#/components/pathItems/";
    fn table(targets: &Targets) -> &BTreeMap<String, Target<Self>> {
        &targets.path_items
    }
    fn table_mut(targets: &mut Targets) -> &mut BTreeMap<String, Target<Self>> {
        &mut targets.path_items
    }
    fn lookup<'c>(_: &'c Components, _: &str) -> Option<&'c ReferenceOr<Self>> {
        None
    }
}

/// The name of the `T` component a `$ref` points at (`#/components/schemas/Pet` → `Pet`), if
/// it points at one.
pub fn component_name<T: Kind>(reference: &str) -> Option<String> {
    let fragment = super::percent_decode(reference);
    let name = fragment.strip_prefix(T::PREFIX).filter(|n| !n.contains('/'))?;
    Some(unescape_token(name))
}

/// The component schema a schema `$ref` names: `#/components/schemas/Pet`, or (as a
/// discriminator mapping may say) just `Pet`; whether it exists is for the caller to check.
pub fn schema_name(reference: &str) -> String {
    let fragment = super::percent_decode(reference);
    let name = fragment.strip_prefix(<Schema as Kind>::PREFIX).unwrap_or(&fragment);
    unescape_token(name)
}

/// Walks `doc` and reads every `$ref` target that names no component out of `value` (the
/// document `doc` was read from), following targets that hold references in turn.
pub(super) fn collect(doc: &OpenAPI, value: &Value) -> Targets {
    let mut walk = Walk { value, doc, targets: Targets::default() };
    if let Some(c) = &doc.components {
        c.schemas.values().for_each(|s| walk.schema(s));
        c.parameters.values().for_each(|p| walk.parameter(p));
        c.responses.values().for_each(|r| walk.response(r));
        c.request_bodies.values().for_each(|b| walk.request_body(b));
        c.headers.values().for_each(|h| walk.header(h));
        c.security_schemes.values().for_each(|s| walk.security_scheme(s));
    }
    doc.paths.paths.values().for_each(|p| walk.path_item(p));
    walk.targets
}

struct Walk<'a> {
    value: &'a Value,
    doc: &'a OpenAPI,
    targets: Targets,
}

impl Walk<'_> {
    /// Reads the target of a `$ref` to a `T` once; `Some` the first time, to walk it.
    fn target<T: Kind>(&mut self, reference: &str) -> Option<ReferenceOr<T>> {
        if T::names_component(self.doc, reference) || T::table(&self.targets).contains_key(reference) {
            return None;
        }
        let target = read::<T>(self.value, reference);
        let walk = target.as_ref().ok().cloned();
        T::table_mut(&mut self.targets).insert(reference.to_string(), target);
        walk
    }

    fn schema(&mut self, s: &ReferenceOr<Schema>) {
        match s {
            ReferenceOr::Reference { reference } => {
                if let Some(t) = self.target::<Schema>(reference) {
                    self.schema(&t);
                }
            }
            ReferenceOr::Item(s) => self.schema_item(s),
        }
    }

    fn boxed(&mut self, s: &ReferenceOr<Box<Schema>>) {
        match s {
            ReferenceOr::Reference { reference } => self.schema(&ReferenceOr::ref_(reference)),
            ReferenceOr::Item(s) => self.schema_item(s),
        }
    }

    fn schema_item(&mut self, s: &Schema) {
        fn additional(a: &Option<AdditionalProperties>) -> Option<&ReferenceOr<Schema>> {
            match a {
                Some(AdditionalProperties::Schema(s)) => Some(s),
                _ => None,
            }
        }
        match &s.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                o.properties.values().for_each(|p| self.boxed(p));
                if let Some(a) = additional(&o.additional_properties) {
                    self.schema(a);
                }
            }
            SchemaKind::Type(openapiv3::Type::Array(a)) => a.items.iter().for_each(|i| self.boxed(i)),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: items }
            | SchemaKind::AllOf { all_of: items }
            | SchemaKind::AnyOf { any_of: items } => items.iter().for_each(|i| self.schema(i)),
            SchemaKind::Not { not } => self.schema(not),
            SchemaKind::Any(a) => {
                a.properties.values().for_each(|p| self.boxed(p));
                if let Some(extra) = additional(&a.additional_properties) {
                    self.schema(extra);
                }
                a.items.iter().for_each(|i| self.boxed(i));
                a.one_of.iter().chain(&a.all_of).chain(&a.any_of).for_each(|i| self.schema(i));
                if let Some(not) = &a.not {
                    self.schema(not);
                }
            }
        }
    }

    /// Follows a `$ref` to a `T`, or walks the `T` with `each`.
    fn item<T: Kind>(&mut self, r: &ReferenceOr<T>, each: fn(&mut Self, &T)) {
        match r {
            ReferenceOr::Reference { reference } => {
                if let Some(t) = self.target::<T>(reference) {
                    self.item(&t, each);
                }
            }
            ReferenceOr::Item(item) => each(self, item),
        }
    }

    fn content(&mut self, content: &openapiv3::Content) {
        for media in content.values() {
            if let Some(s) = &media.schema {
                self.schema(s);
            }
            for encoding in media.encoding.values() {
                encoding.headers.values().for_each(|h| self.header(h));
            }
        }
    }

    fn schema_or_content(&mut self, f: &ParameterSchemaOrContent) {
        match f {
            ParameterSchemaOrContent::Schema(s) => self.schema(s),
            ParameterSchemaOrContent::Content(c) => self.content(c),
        }
    }

    fn parameter(&mut self, p: &ReferenceOr<Parameter>) {
        self.item(p, |w, p| w.schema_or_content(&p.parameter_data_ref().format));
    }

    fn header(&mut self, h: &ReferenceOr<Header>) {
        self.item(h, |w, h| w.schema_or_content(&h.format));
    }

    fn response(&mut self, r: &ReferenceOr<Response>) {
        self.item(r, |w, r| {
            r.headers.values().for_each(|h| w.header(h));
            w.content(&r.content);
        });
    }

    fn request_body(&mut self, b: &ReferenceOr<RequestBody>) {
        self.item(b, |w, b| w.content(&b.content));
    }

    fn security_scheme(&mut self, s: &ReferenceOr<SecurityScheme>) {
        self.item(s, |_, _| {});
    }

    fn path_item(&mut self, p: &ReferenceOr<PathItem>) {
        self.item(p, |w, item| {
            item.parameters.iter().for_each(|p| w.parameter(p));
            for (_, op) in item.iter() {
                op.parameters.iter().for_each(|p| w.parameter(p));
                if let Some(b) = &op.request_body {
                    w.request_body(b);
                }
                op.responses
                    .default
                    .iter()
                    .chain(op.responses.responses.values())
                    .for_each(|r| w.response(r));
            }
        });
    }
}

/// The target of a `$ref` in `value`, read as a `T`.
fn read<T: Kind>(value: &Value, reference: &str) -> Target<T> {
    let fragment = super::percent_decode(reference);
    let Some(pointer) = fragment.strip_prefix('#') else {
        return Err(TargetError {
            kind: ErrorKind::Unsupported,
            message: format!(
                "$ref '{reference}' points at a remote document or a file that cannot be read; \
                 vendor it beside the spec and refer to it by relative path"
            ),
        });
    };
    let (shown, external) = written(value, reference);
    let Some(target) = value.pointer(pointer) else {
        return Err(TargetError {
            kind: ErrorKind::DanglingRef,
            message: format!("'{shown}' points at nothing"),
        });
    };
    // A schema kept where normalisation does not walk (JSON Schema's `definitions` / `$defs`
    // inside a component, an extension) is normalised as it is read (Codat's
    // `BankFeedMapping/definitions/bankFeedMappings`, an array with `additionalProperties`).
    let mut target = target.clone();
    let unwalked = ["/definitions/", "/$defs/", "/x-"].iter().any(|k| pointer.contains(k));
    if T::PREFIX == <Schema as Kind>::PREFIX && unwalked {
        super::normalize_schema(&mut target);
    }
    serde_json::from_value(target).map_err(|e| TargetError {
        kind: ErrorKind::Invalid,
        // serde's message quotes the value; of another file, only its path is shown.
        message: if external {
            let what = match T::PREFIX.trim_start_matches("#/components/").trim_end_matches('/') {
                "requestBodies" => "request body",
                "securitySchemes" => "security scheme",
                "pathItems" => "path item",
                kind => kind.trim_end_matches('s'),
            };
            format!("the target of $ref '{shown}' does not fit here: it is not a {what}")
        } else {
            format!("the target of $ref '{shown}' does not fit here: {e}")
        },
    })
}

/// A reference as its spec wrote it (`pets.yaml#/Pet`, not the pointer into the embedded
/// document it became), and whether it names another file.
fn written(value: &Value, reference: &str) -> (String, bool) {
    let prefix = format!("#/{}/", super::EXTERNAL);
    let Some(rest) = reference.strip_prefix(&prefix) else { return (reference.to_string(), false) };
    let (index, fragment) = rest.split_once('/').map_or((rest, ""), |(i, f)| (i, f));
    let file = index
        .parse::<usize>()
        .ok()
        .and_then(|i| value.get(super::EXTERNAL_FILES)?.get(i)?.as_str().map(str::to_owned));
    match file {
        Some(file) if fragment.is_empty() => (file, true),
        Some(file) => (format!("{file}#/{fragment}"), true),
        None => (reference.to_string(), true),
    }
}
