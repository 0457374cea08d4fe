//! The finished types: each draft, named, as the model's [`TypeDef`].

use super::{Draft, DraftKind};
use crate::model::{
    ConstValue, DraftId, EnumVariant, Field, Fixed, IntVariant, Presence, Struct, TypeDef, TypeId, TypeKind,
    TypeRef, UnionVariant,
};
use crate::names::{types as naming, Ident, Scope};
use crate::surface;

/// The drafts (deduplicated, compacted: a draft's index is its final id) as types, each named
/// `names[i]`.
pub(super) fn types(drafts: Vec<Draft>, names: Vec<Ident>) -> Vec<TypeDef> {
    let all_names: Vec<Option<Ident>> = names.iter().cloned().map(Some).collect();
    // The drafts are compacted: a draft's index is its final id.
    let finished = |t: &TypeRef<DraftId>| t.map_ids(&|id| TypeId(id.0));
    drafts
        .into_iter()
        .zip(names)
        .map(|(d, n)| TypeDef {
            name: n.clone(),
            doc: d.doc,
            source: match d.merged {
                0 => format!("`#{}`", d.pointer),
                more => format!("`#{}` and {more} more schemas of the same shape", d.pointer),
            },
            // Decided by the analyse pass, on the whole model.
            deserialize: true,
            features: Vec::new(),
            cfg_feature: None,
            sent: false,
            kind: match d.kind {
                DraftKind::Pending => TypeKind::Alias(TypeRef::Json),
                DraftKind::Alias(t) => TypeKind::Alias(finished(&t)),
                DraftKind::Union(types) => {
                    let idents =
                        naming::variant_idents(n.as_str(), types.iter().map(|ty| (ty, &[][..])), &all_names);
                    TypeKind::Union(
                        types
                            .into_iter()
                            .zip(idents)
                            .map(|(ty, ident)| UnionVariant {
                                ident,
                                ty: finished(&ty),
                                tags: Vec::new(),
                                object: false,
                                from: None,
                            })
                            .collect(),
                    )
                }
                DraftKind::Tagged { property, variants } => {
                    let idents = naming::variant_idents(
                        n.as_str(),
                        variants.iter().map(|(ty, tags)| (ty, &tags[..])),
                        &all_names,
                    );
                    TypeKind::Tagged {
                        property,
                        arms: Vec::new(),
                        variants: variants
                            .into_iter()
                            .zip(idents)
                            .map(|((ty, tags), ident)| UnionVariant {
                                ident,
                                ty: finished(&ty),
                                tags,
                                object: false,
                                from: None,
                            })
                            .collect(),
                    }
                }
                DraftKind::IntEnum(values) => TypeKind::IntEnum(
                    naming::int_variants(&values)
                        .into_iter()
                        .zip(values)
                        .map(|(ident, (value, _))| IntVariant { ident, value })
                        .collect(),
                ),
                DraftKind::Enum(values) => TypeKind::Enum(
                    naming::enum_variants(&values)
                        .into_iter()
                        .zip(values)
                        .map(|(ident, value)| EnumVariant { ident, value })
                        .collect(),
                ),
                DraftKind::Struct { fields, extra } => {
                    let mut fscope = Scope::new();
                    let fields: Vec<Field> = fields
                        .into_iter()
                        .map(|f| {
                            let r = fscope.field(&f.wire);
                            // A JSON value holds `null` already; an `Option` value is a
                            // nullable one (the value's type is never `Option` itself).
                            let (mut ty, mut nullable) = (f.ty, f.presence.nullable());
                            while let TypeRef::Option(inner) = ty {
                                (ty, nullable) = (*inner, true);
                            }
                            let nullable = nullable && ty != TypeRef::Json;
                            let doc = const_doc(f.doc, f.constant.as_ref(), f.const_varies);
                            let fixed = f.constant.filter(|_| !f.const_varies).map(Fixed::Const);
                            Field {
                                setter: r.ident.clone(),
                                ident: r.ident,
                                wire: r.wire,
                                ty: finished(&ty),
                                presence: Presence::of(f.presence.required(), nullable),
                                doc,
                                fixed,
                                argument: false,
                            }
                        })
                        .collect();
                    let fields = naming::setters(fields);
                    let extra = extra.map(|t| (fscope.claim(surface::EXTRA_FIELD), finished(&t)));
                    TypeKind::Struct(Struct { fields, extra })
                }
            },
        })
        .collect()
}

/// A field's doc, with the `const` the spec documents for it.
fn const_doc(doc: Option<String>, constant: Option<&ConstValue>, varies: bool) -> Option<String> {
    let note = match (constant, varies) {
        (None, _) => return doc,
        (Some(_), true) => "The spec documents a different constant for each response that uses this type; \
                            see the operation error's `documented_*` methods."
            .to_string(),
        (Some(c), false) => format!("Documented value: {}.", crate::emit::docs::code(&const_literal(c))),
    };
    Some(match doc {
        Some(d) => format!("{d}\n\n{note}"),
        None => note,
    })
}

fn const_literal(c: &ConstValue) -> String {
    match c {
        ConstValue::String(s) => format!("{s:?}"),
        ConstValue::Integer(i) => i.to_string(),
        ConstValue::Number(n) => n.to_string(),
        ConstValue::Boolean(b) => b.to_string(),
    }
}
