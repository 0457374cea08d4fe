//! Whether a value is one a schema allows, and whether a string has its format: how a given
//! example is checked before it is used.

use super::*;

impl Lowering<'_> {
    /// Whether `schema` allows `v`, as far as the keywords that tell union branches apart go
    /// (types, `enum` and `const`, required and allowed properties, lengths, patterns, items);
    /// what it does not check it takes as allowed.
    pub(super) fn allows(&self, schema: &ReferenceOr<Schema>, v: &Value, depth: usize) -> bool {
        match schema {
            ReferenceOr::Item(s) => self.allows_schema(s, v, depth),
            ReferenceOr::Reference { reference } => self.allows_ref(reference, v, depth),
        }
    }

    pub(super) fn allows_ref(&self, reference: &str, v: &Value, depth: usize) -> bool {
        match self.referenced_schema(reference, "") {
            Ok(s) => self.allows_schema(s, v, depth),
            Err(_) => true,
        }
    }

    pub(super) fn allows_schema(&self, s: &Schema, v: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH || (v.is_null() && s.schema_data.nullable) {
            return true;
        }
        if let Some(c) = crate::load::const_value(&s.schema_data) {
            return c == v;
        }
        let boxed = |b: &ReferenceOr<Box<Schema>>, v: &Value| match b {
            ReferenceOr::Item(b) => self.allows_schema(b, v, depth + 1),
            ReferenceOr::Reference { reference } => self.allows_ref(reference, v, depth + 1),
        };
        let object = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                Some((&o.properties, &o.required, o.additional_properties.as_ref()))
            }
            SchemaKind::Any(a) if !a.properties.is_empty() || !a.required.is_empty() => {
                Some((&a.properties, &a.required, a.additional_properties.as_ref()))
            }
            _ => None,
        };
        if let Some((properties, required, additional)) = object {
            let Some(m) = v.as_object() else { return false };
            return required.iter().all(|r| m.contains_key(r))
                && m.iter().all(|(k, x)| match properties.get(k) {
                    Some(p) => boxed(p, x),
                    None => !matches!(additional, Some(openapiv3::AdditionalProperties::Any(false))),
                });
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => v.as_str().is_some_and(|x| {
                let pattern = t.pattern.as_deref().and_then(Pattern::new);
                (t.enumeration.is_empty() || t.enumeration.iter().flatten().any(|e| e == x))
                    && string_fits(t, pattern.as_ref(), x)
            }),
            SchemaKind::Type(Type::Integer(t)) => v.as_i64().is_some_and(|x| {
                (t.enumeration.is_empty() || t.enumeration.contains(&Some(x)))
                    && t.minimum.is_none_or(|m| x >= m)
                    && t.maximum.is_none_or(|m| x <= m)
            }),
            SchemaKind::Type(Type::Number(_)) => v.is_number(),
            SchemaKind::Type(Type::Boolean(_)) => v.is_boolean(),
            SchemaKind::Type(Type::Array(a)) => v.as_array().is_some_and(|items| {
                a.min_items.is_none_or(|m| items.len() >= m)
                    && a.items.as_ref().is_none_or(|i| items.iter().all(|x| boxed(i, x)))
            }),
            SchemaKind::AllOf { all_of } => all_of.iter().all(|m| self.allows(m, v, depth + 1)),
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => {
                items.iter().any(|m| self.allows(m, v, depth + 1))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Not { .. } | SchemaKind::Any(_) => true,
        }
    }
}

pub(super) fn format_of(f: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> &str {
    use openapiv3::{StringFormat as F, VariantOrUnknownOrEmpty as V};
    match f {
        V::Item(F::Date) => "date",
        V::Item(F::DateTime) => "date-time",
        V::Item(F::Password) => "password",
        V::Item(F::Byte) => "byte",
        V::Item(F::Binary) => "binary",
        V::Unknown(s) => s.as_str(),
        V::Empty => "",
    }
}

/// Whether `s` is within a string schema's lengths, has its format and matches its pattern
/// (`pattern`, compiled by the caller; one that cannot be read is taken as matched).
pub(super) fn string_fits(t: &openapiv3::StringType, pattern: Option<&Pattern>, s: &str) -> bool {
    let n = s.chars().count();
    t.min_length.is_none_or(|m| n >= m)
        && t.max_length.is_none_or(|m| n <= m)
        && has_format(format_of(&t.format), s)
        && pattern.is_none_or(|p| p.is_match(s))
}

/// Whether `s` is a string of `format`, as a validator reads the formats whose spelling is
/// strict (the others are taken as met).
pub(super) fn has_format(format: &str, s: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
    };
    let time = |s: &str| {
        // hh:mm:ss, optional fraction, then Z or an offset.
        let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
            Some(i) => s.split_at(i),
            None => return false,
        };
        let clock = clock.split('.').next().unwrap_or_default();
        let parts: Vec<&str> = clock.split(':').collect();
        let zone_ok = matches!(zone, "Z" | "z")
            || (zone.len() == 6
                && zone.as_bytes()[3] == b':'
                && digits(&zone[1..3], 2)
                && digits(&zone[4..], 2));
        zone_ok && matches!(parts.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
    };
    match format {
        "date" => date(s),
        "date-time" => s.split_once(['T', 't']).is_some_and(|(d, t)| date(d) && time(t)),
        "uuid" => {
            let groups: Vec<&str> = s.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "email" => {
            s.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !s.contains(' '))
        }
        "uri" | "url" => {
            s.split_once(':').is_some_and(|(scheme, _)| {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            }) && !s.contains(' ')
        }
        "ipv4" => {
            let parts: Vec<&str> = s.split('.').collect();
            parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok())
        }
        "byte" => {
            let data = s.trim_end_matches('=');
            s.len() % 4 == 0
                && s.len() - data.len() <= 2
                && data.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        }
        _ => true,
    }
}
