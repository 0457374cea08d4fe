//! Analyse: the decisions taken on the finished model, written into it so that emitters only
//! print what it says.

use crate::model::*;

/// Maps draft ids to final ids and attaches the documented const values to response bodies.
pub(super) fn finish_operations(operations: &mut [Operation], finished: &crate::arena::Finished) {
    let remap = |t: &TypeRef| crate::arena::map_ref(t, &|id| finished.remap[id.0]);
    for op in operations.iter_mut() {
        for p in &mut op.params {
            p.ty = remap(&p.ty);
        }
        if let Some(b) = &mut op.body {
            b.ty = remap(&b.ty);
        }
        for r in op.success.iter_mut().chain(op.errors.iter_mut()) {
            for h in &mut r.headers {
                h.ty = remap(&h.ty);
            }
            let Some(body) = &mut r.body else { continue };
            let original = match &body.ty {
                TypeRef::Named(id) => Some(*id),
                _ => None,
            };
            body.ty = remap(&body.ty);
            let (Some(orig), TypeRef::Named(new)) = (original, &body.ty) else { continue };
            let TypeKind::Struct(s) = &finished.types[new.0].kind else { continue };
            body.consts = finished.consts[orig.0]
                .iter()
                .filter_map(|(wire, value)| {
                    let f = s.fields.iter().find(|f| &f.wire == wire)?;
                    Some(ConstField {
                        field: f.ident.clone(),
                        wire: wire.clone(),
                        value: value.clone(),
                        optional: matches!(f.ty, TypeRef::Option(_)),
                    })
                })
                .collect();
        }
    }
}
