//! `$ref` lookup: components through the typed document (read once by load), other local
//! pointers through the document's value, chains of references, component schemas by id.

use super::Lowering;
use crate::error::{ErrorKind, Result};
use crate::model::DraftId;
use openapiv3::{Components, Header, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What `components` holds by kind, typed by load: a `$ref` to one is looked up there.
pub(super) trait Component: Sized + Clone + DeserializeOwned {
    /// `#/components/<kind>/`.
    const PREFIX: &'static str;
    fn lookup<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $field:ident, $kind:literal) => {
        impl Component for $ty {
            const PREFIX: &'static str = concat!("#/components/", $kind, "/");
            fn lookup<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>> {
                components.$field.get(name)
            }
        }
    };
}
component!(Schema, schemas, "schemas");
component!(Parameter, parameters, "parameters");
component!(Response, responses, "responses");
component!(RequestBody, request_bodies, "requestBodies");
component!(Header, headers, "headers");
component!(SecurityScheme, security_schemes, "securitySchemes");

impl<'a> Lowering<'a> {
    /// Looks up a local `$ref` (`#/...`) in the document and deserialises what it points at.
    pub(super) fn resolve_value<T: DeserializeOwned>(&self, reference: &str, at: &str) -> Result<T> {
        let target = self.ref_target(reference, at)?;
        serde_json::from_value(target.clone()).map_err(|e| {
            self.err(
                ErrorKind::Invalid,
                at,
                format!("the target of $ref '{reference}' does not fit here: {e}"),
            )
        })
    }

    pub(super) fn ref_target(&self, reference: &str, at: &str) -> Result<&'a Value> {
        let fragment = decode_fragment(reference);
        let Some(pointer) = fragment.strip_prefix('#') else {
            return Err(self.err(
                ErrorKind::Unsupported,
                at,
                format!(
                    "$ref '{reference}' points at a remote document or a file that cannot be read; \
                     vendor it beside the spec and refer to it by relative path"
                ),
            ));
        };
        self.loaded
            .value
            .pointer(pointer)
            .ok_or_else(|| self.err(ErrorKind::DanglingRef, at, format!("'{reference}' points at nothing")))
    }

    /// What a `$ref` to a `T` points at: a component of that kind from the typed document, or
    /// (any other pointer) the document's value read as a `T`.
    pub(super) fn resolve<T: Component>(&self, reference: &str, at: &str) -> Result<ReferenceOr<T>> {
        if let Some(name) = component_name::<T>(reference) {
            let found = self.doc.components.as_ref().and_then(|c| T::lookup(c, &name));
            return found.cloned().ok_or_else(|| {
                self.err(ErrorKind::DanglingRef, at, format!("'{reference}' points at nothing"))
            });
        }
        self.resolve_value(reference, at)
    }

    /// Follows a chain of references to an item (parameters, responses, bodies, headers).
    pub(super) fn deref<T: Component>(&self, r: &ReferenceOr<T>, at: &str) -> Result<T> {
        let mut current = r.clone();
        let mut at = at.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    let next: ReferenceOr<T> = self.resolve(&reference, &at)?;
                    at = reference.trim_start_matches('#').to_string();
                    current = next;
                }
            }
        }
        Err(self.err(ErrorKind::Invalid, &at, "$ref chain is longer than 32 links (a cycle?)"))
    }

    /// The component schema a reference names: `#/components/schemas/Pet`, or (as a
    /// discriminator mapping may say) just `Pet`.
    pub(super) fn component_id(&self, reference: &str) -> Option<DraftId> {
        let fragment = decode_fragment(reference);
        let name = fragment.strip_prefix("#/components/schemas/").unwrap_or(&fragment);
        self.components.get(&crate::error::unescape_token(name)).copied()
    }
}

/// The name of the `T` component a `$ref` points at (`#/components/schemas/Pet` → `Pet`), if it
/// points at one.
pub(super) fn component_name<T: Component>(reference: &str) -> Option<String> {
    let fragment = decode_fragment(reference);
    let name = fragment.strip_prefix(T::PREFIX).filter(|n| !n.contains('/'))?;
    Some(crate::error::unescape_token(name))
}

/// A `$ref` is a URI: its fragment may be percent-encoded (`%7BcompanyId%7D`).
pub(super) fn decode_fragment(reference: &str) -> String {
    crate::load::percent_decode(reference)
}
