//! `$ref` lookup: components in the typed document, other pointers in the targets load typed
//! ([`crate::load::Targets`]); chains of references; component schemas by id.

use super::Lowering;
use crate::error::{ErrorKind, Result};
use crate::load::{component_name, schema_name, Kind};
use crate::model::DraftId;
use openapiv3::ReferenceOr;

impl<'a> Lowering<'a> {
    /// What a `$ref` that names no component points at, read as a `T` by load; the error of a
    /// dangling, remote or ill-fitting target is raised here, located at the `$ref`.
    pub(super) fn target<T: Kind>(&self, reference: &str, at: &str) -> Result<&'a ReferenceOr<T>> {
        match self.loaded.targets.get::<T>(reference) {
            Some(Ok(target)) => Ok(target),
            Some(Err(e)) => Err(self.err(e.kind.clone(), at, e.message.clone())),
            None => Err(self.err(
                ErrorKind::Invalid,
                at,
                format!("$ref '{reference}' was not met when the document was read (a generator bug)"),
            )),
        }
    }

    /// What a `$ref` to a `T` points at: a component of that kind, or any other pointer's
    /// target.
    pub(super) fn resolve<T: Kind>(&self, reference: &str, at: &str) -> Result<&'a ReferenceOr<T>> {
        if let Some(name) = component_name::<T>(reference) {
            let found = self.doc.components.as_ref().and_then(|c| T::lookup(c, &name));
            return found.ok_or_else(|| {
                self.err(ErrorKind::DanglingRef, at, format!("'{reference}' points at nothing"))
            });
        }
        self.target(reference, at)
    }

    /// Follows a chain of references to an item (parameters, responses, bodies, headers).
    pub(super) fn deref<T: Kind>(&self, r: &'a ReferenceOr<T>, at: &str) -> Result<&'a T> {
        let mut current = r;
        let mut at = at.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    let next = self.resolve::<T>(reference, &at)?;
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
        self.components.get(&schema_name(reference)).copied()
    }
}

/// A `$ref` is a URI: its fragment may be percent-encoded (`%7BcompanyId%7D`).
pub(super) fn decode_fragment(reference: &str) -> String {
    crate::load::percent_decode(reference)
}
