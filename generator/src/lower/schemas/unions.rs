//! Unions: `oneOf`/`anyOf` as an untagged or tagged enum, an open enum (`anyOf` of a string and\nits known values), and the discriminator values that select each branch.

use super::*;

impl<'a> Lowering<'a> {
    /// The variants of a `oneOf`/`anyOf` with several branches (identical ones once).
    pub(in crate::lower) fn union_kind(
        &mut self,
        s: &Schema,
        items: &[ReferenceOr<Schema>],
        id: DraftId,
        ptr: &str,
    ) -> Result<DraftKind> {
        let key = if matches!(s.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
        // Each distinct variant type, with the first branch that gives it.
        let mut branches: Vec<(TypeRef<DraftId>, &ReferenceOr<Schema>, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = join(&join(ptr, key), &i.to_string());
            let variant =
                self.schema(item, &at, NameHint::Child { parent: id, suffix: format!("Variant{}", i + 1) })?;
            if !branches.iter().any(|(t, _, _)| *t == variant.ty) {
                branches.push((variant.ty, item, at));
            }
        }
        if let Some(values) = self.open_enum(&branches) {
            for (t, _, _) in &branches {
                if let TypeRef::Named(branch) = t {
                    self.arena.absorb(*branch, id);
                }
            }
            return Ok(DraftKind::Enum(values));
        }
        let Some(d) = &s.schema_data.discriminator else {
            // Without a discriminator, a property every branch fixes to values of its own
            // selects the branch just as one would (tried in order, an open enum of the first
            // branch would take every value).
            if let Some((property, tags)) = self.implied_tags(&branches) {
                let variants = branches.into_iter().map(|(t, _, _)| t).zip(tags).collect();
                return Ok(DraftKind::Tagged { property, variants });
            }
            return Ok(DraftKind::Union(branches.into_iter().map(|(t, _, _)| t).collect()));
        };
        // Each variant is selected by the mapping's values that point at it; a variant the
        // mapping leaves out by the value it fixes the property to (a one-value `enum` or a
        // `const`: how most specs without a mapping are written), or else by its component
        // name (the spec's implicit mapping).
        let mut variants: Vec<(TypeRef<DraftId>, Vec<String>)> =
            branches.iter().map(|(t, _, _)| (t.clone(), Vec::new())).collect();
        for (value, target) in &d.mapping {
            let Some(id) = self.component_id(target) else { continue };
            if let Some(v) = variants.iter_mut().find(|(t, _)| *t == TypeRef::Named(id)) {
                v.1.push(value.clone());
            }
        }
        let fixed: Vec<Vec<String>> = branches
            .iter()
            .zip(&variants)
            .map(|((_, item, at), (_, tags))| match tags.is_empty() {
                true => self.fixed_values(item, &d.property_name, at),
                false => Vec::new(),
            })
            .collect();
        for ((_, tags), values) in variants.iter_mut().zip(&fixed) {
            // A value the mapping gives another variant selects that one; a value several
            // variants fix selects them all, tried in turn (OpenAI's input and output messages
            // are both `type: message`).
            tags.extend(values.iter().filter(|v| !d.mapping.contains_key(*v)).cloned());
        }
        for (ty, tags) in variants.iter_mut().filter(|(_, tags)| tags.is_empty()) {
            if let Some((name, _)) = self.components.iter().find(|(_, id)| TypeRef::Named(**id) == *ty) {
                if !d.mapping.contains_key(name) {
                    tags.push(name.clone());
                }
            }
        }
        // Without a value for every variant, variants are tried in order as before.
        if variants.iter().any(|(_, tags)| tags.is_empty()) {
            return Ok(DraftKind::Union(variants.into_iter().map(|(t, _)| t).collect()));
        }
        Ok(DraftKind::Tagged { property: d.property_name.clone(), variants })
    }

    /// An open enum: a union of a plain string and string enums (OpenAI's model ids, `anyOf:
    /// [string, enum of known ids]`) is one string enum of the known values, whose `Other`
    /// holds any other string.
    pub(in crate::lower) fn open_enum(
        &self,
        branches: &[(TypeRef<DraftId>, &ReferenceOr<Schema>, String)],
    ) -> Option<Vec<String>> {
        let mut values: Vec<String> = Vec::new();
        let (mut string, mut enums) = (false, false);
        for (t, _, _) in branches {
            match t {
                TypeRef::String => string = true,
                TypeRef::Named(id) => match &self.arena.drafts[id.0].kind {
                    DraftKind::Enum(vs) => {
                        enums = true;
                        values.extend(vs.iter().filter(|v| !values.contains(v)).cloned().collect::<Vec<_>>());
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        (string && enums).then_some(values)
    }

    /// The property each branch of a union without a discriminator fixes to values no other
    /// branch allows, and each branch's values: `None` when there is no such property.
    pub(in crate::lower) fn implied_tags(
        &self,
        branches: &[(TypeRef<DraftId>, &ReferenceOr<Schema>, String)],
    ) -> Option<(String, Vec<Vec<String>>)> {
        let [(_, first, at), ..] = branches else { return None };
        if branches.len() < 2 {
            return None;
        }
        let names = self.object_of(first, at).map(|o| property_names(&o)).unwrap_or_default();
        names.into_iter().find_map(|name| {
            let tags: Vec<Vec<String>> =
                branches.iter().map(|(_, item, at)| self.fixed_values(item, &name, at)).collect();
            let all: Vec<&String> = tags.iter().flatten().collect();
            let distinct = all.iter().enumerate().all(|(i, v)| !all[..i].contains(v));
            (distinct && tags.iter().all(|t| !t.is_empty())).then_some((name, tags))
        })
    }

    /// The object schema a union branch is: itself, what its `$ref` points at, or its `allOf`
    /// merged.
    pub(in crate::lower) fn object_of<'s>(
        &self,
        item: &'s ReferenceOr<Schema>,
        at: &str,
    ) -> Option<std::borrow::Cow<'s, Schema>>
    where
        'a: 's,
    {
        let schema = self.schema_of(item, at).ok()?;
        match self.merge_all_of(schema, at, 0).ok().flatten() {
            Some(merged) => Some(std::borrow::Cow::Owned(merged)),
            None => Some(std::borrow::Cow::Borrowed(schema)),
        }
    }

    /// The string values a union branch allows for `property` when it fixes them: a `const`,
    /// or an `enum` (of an object schema, a `$ref` to one, or an `allOf` merged into one).
    pub(in crate::lower) fn fixed_values(
        &self,
        item: &ReferenceOr<Schema>,
        property: &str,
        at: &str,
    ) -> Vec<String> {
        let Some(object) = self.object_of(item, at) else { return Vec::new() };
        let properties = match &object.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return Vec::new(),
        };
        let property = match properties.get(property) {
            Some(ReferenceOr::Item(p)) => p.as_ref(),
            Some(ReferenceOr::Reference { reference }) => match self.referenced_schema(reference, at) {
                Ok(p) => p,
                Err(_) => return Vec::new(),
            },
            None => return Vec::new(),
        };
        match crate::load::const_value(&property.schema_data) {
            Some(Value::String(c)) => vec![c.clone()],
            Some(_) => Vec::new(),
            None => string_enum(property).unwrap_or_default(),
        }
    }
}

pub(in crate::lower) fn union_items(s: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &s.schema_kind {
        SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => Some(items),
        _ => None,
    }
}
