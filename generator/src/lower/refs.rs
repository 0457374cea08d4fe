//! `$ref` lookup: local pointers into the document, chains of references, component schemas.

use super::Lowering;
use crate::error::{ErrorKind, Result};
use crate::model::TypeId;
use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

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

    fn ref_target(&self, reference: &str, at: &str) -> Result<&'a Value> {
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

    /// Follows a chain of references to an item (parameters, responses, bodies, headers).
    pub(super) fn deref<T: DeserializeOwned + Clone>(&self, r: &ReferenceOr<T>, at: &str) -> Result<T> {
        let mut current = r.clone();
        let mut at = at.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    let next: ReferenceOr<T> = self.resolve_value(&reference, &at)?;
                    at = reference.trim_start_matches('#').to_string();
                    current = next;
                }
            }
        }
        Err(self.err(ErrorKind::Invalid, &at, "$ref chain is longer than 32 links (a cycle?)"))
    }

    /// The component schema a reference names: `#/components/schemas/Pet`, or (as a
    /// discriminator mapping may say) just `Pet`.
    pub(super) fn component_id(&self, reference: &str) -> Option<TypeId> {
        let fragment = decode_fragment(reference);
        let name = fragment.strip_prefix("#/components/schemas/").unwrap_or(&fragment);
        self.components.get(&crate::error::unescape_token(name)).copied()
    }
}

/// A `$ref` is a URI: its fragment may be percent-encoded (`%7BcompanyId%7D`).
pub(super) fn decode_fragment(reference: &str) -> String {
    crate::load::percent_decode(reference)
}
