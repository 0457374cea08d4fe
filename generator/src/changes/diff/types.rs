//! The changes to one type and its fields.

use super::*;

pub(super) fn ty(c: &mut Changes, item: &str, o: &TypeApi, n: &TypeApi) {
    let at = pointer(n);
    match (o, n) {
        (
            TypeApi::Struct { fields: of, sent: was_sent, read: was_read, .. },
            TypeApi::Struct { fields: nf, sent, read, .. },
        ) => {
            let (sent, read) = (*sent || *was_sent, *read || *was_read);
            for (name, was, is) in pairs(of, nf) {
                let field = format!("{item}::{name}");
                let wire_name =
                    is.or(was).map(|f| f.wire.replace('~', "~0").replace('/', "~1")).unwrap_or_default();
                let at = &format!("{at}/properties/{wire_name}");
                match (was, is) {
                    (None, Some(f)) => {
                        let rust = if f.argument { Rust::Breaking } else { Rust::Additive };
                        let (wire, why) = match (sent && f.required, f.argument) {
                            (true, _) => (
                                Wire::Breaking,
                                format!("required field {} added: an old client does not send it", f.wire),
                            ),
                            (false, true) => {
                                (Wire::Compatible, format!("field {} added, an argument of new()", f.wire))
                            }
                            (false, false) => (
                                Wire::Compatible,
                                format!("field {} added (the struct is #[non_exhaustive])", f.wire),
                            ),
                        };
                        let why = if f.argument && sent && f.required {
                            format!("{why}; new() takes it")
                        } else {
                            why
                        };
                        c.push(rust, wire, field, at, why);
                    }
                    (Some(f), None) => {
                        let wire =
                            if read && f.required && !f.nullable { Wire::Breaking } else { Wire::Compatible };
                        let why = match wire {
                            Wire::Breaking => format!("required field {} removed: an old client fails to read a response without it", f.wire),
                            Wire::Compatible => format!("field {} removed", f.wire),
                        };
                        c.push(Rust::Breaking, wire, field, at, why);
                    }
                    (Some(f), Some(g)) => field_change(c, &field, at, f, g, sent, read),
                    (None, None) => {}
                }
            }
        }
        (TypeApi::Enum { values: ov, .. }, TypeApi::Enum { values: nv, sent, read, .. }) => {
            let at = &format!("{at}/enum");
            for (name, was, is) in pairs(ov, nv) {
                let variant = format!("{item}::{name}");
                match (was, is) {
                    (None, Some(v)) => c.push(Rust::Breaking, Wire::Compatible, variant, at, format!("value {v} added: an exhaustive match no longer compiles; an old client reads it as Other")),
                    (Some(v), None) => {
                        let wire = if *sent { Wire::Breaking } else { Wire::Compatible };
                        let why = match wire {
                            Wire::Breaking => format!("value {v} removed from a request type: an old client may still send it"),
                            Wire::Compatible => format!("value {v} removed"),
                        };
                        c.push(Rust::Breaking, wire, variant, at, why);
                    }
                    (Some(v), Some(w)) if v != w => c.push(Rust::Internal, Wire::Breaking, variant, at, format!("wire value {w}, was {v}")),
                    _ => {}
                }
            }
            let _ = read;
        }
        (TypeApi::Union { variants: ov, .. }, TypeApi::Union { variants: nv, sent, .. }) => {
            for (name, was, is) in pairs(ov, nv) {
                let variant = format!("{item}::{name}");
                match (was, is) {
                    (None, Some(t)) => c.push(Rust::Breaking, Wire::Compatible, variant, at, format!("variant {t} added: an exhaustive match no longer compiles; an old client reads it as Other")),
                    (Some(t), None) => {
                        let wire = if *sent { Wire::Breaking } else { Wire::Compatible };
                        c.push(Rust::Breaking, wire, variant, at, format!("variant {t} removed"));
                    }
                    (Some(t), Some(u)) if t != u => c.push(Rust::Breaking, Wire::Breaking, variant, at, format!("holds {u}, was {t}")),
                    _ => {}
                }
            }
        }
        (TypeApi::Alias { ty: t, .. }, TypeApi::Alias { ty: u, .. }) if t != u => {
            c.push(Rust::Breaking, Wire::Breaking, item, at, format!("stands for {u}, was {t}"));
        }
        (TypeApi::Alias { .. }, TypeApi::Alias { .. }) => {}
        _ => c.push(
            Rust::Breaking,
            Wire::Breaking,
            item,
            at,
            "a different kind of type (struct, enum, union or alias)",
        ),
    }
}

/// A field's type without the `Option` or `Nullable` that says whether it may be absent or null.
pub(super) fn value_type(ty: &str) -> &str {
    ["Option<", "Nullable<"]
        .iter()
        .find_map(|w| ty.strip_prefix(w).and_then(|t| t.strip_suffix('>')))
        .unwrap_or(ty)
}

pub(super) fn field_change(
    c: &mut Changes,
    item: &str,
    at: &str,
    f: &FieldApi,
    g: &FieldApi,
    sent: bool,
    read: bool,
) {
    if f.ty != g.ty {
        // Whether it may be absent or null is a wire matter of its own (below).
        let wire = if value_type(&f.ty) == value_type(&g.ty) { Wire::Compatible } else { Wire::Breaking };
        c.push(Rust::Breaking, wire, item, at, format!("is {}, was {}", g.ty, f.ty));
    }
    if f.wire != g.wire {
        c.push(Rust::Internal, Wire::Breaking, item, at, format!("travels as {}, was {}", g.wire, f.wire));
    }
    if f.argument != g.argument {
        let why = if g.argument { "now an argument of new()" } else { "no longer an argument of new()" };
        c.push(Rust::Breaking, Wire::Compatible, item, at, why);
    }
    if read && !f.nullable && g.nullable {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} may be null: an old client fails to read it", g.wire),
        );
    }
    if read && f.required && !g.required {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} no longer required: an old client fails to read a response without it", g.wire),
        );
    }
    if sent && !f.required && g.required {
        c.push(
            Rust::Internal,
            Wire::Breaking,
            item,
            at,
            format!("{} now required: an old client may leave it out", g.wire),
        );
    }
}
