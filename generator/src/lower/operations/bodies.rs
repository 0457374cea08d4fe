//! Request bodies and media types: which media type an operation sends or reads, and the body\nit takes.

use super::*;

impl<'a> Lowering<'a> {
    /// The request body, in the media type the client speaks best.
    pub(in crate::lower) fn request_body(
        &mut self,
        site: &Site,
        builder_name: &str,
    ) -> Result<Option<RequestBody<DraftId>>> {
        let (op, ptr) = (site.op, site.ptr.as_str());
        Ok(match &op.request_body {
            None => None,
            Some(b) => {
                let at = join(ptr, "requestBody");
                let b = self.deref(b, &at)?;
                // An optional body that can only be empty (Stripe's GETs list a form of no
                // properties, `additionalProperties: false`) is no body: nothing to set.
                let empty = |m: &openapiv3::MediaType| match &m.schema {
                    Some(s) => self.item(s).is_some_and(|s| match &s.schema_kind {
                        SchemaKind::Type(Type::Object(o)) => {
                            o.properties.is_empty()
                                && matches!(
                                    o.additional_properties,
                                    Some(openapiv3::AdditionalProperties::Any(false))
                                )
                        }
                        _ => false,
                    }),
                    None => false,
                };
                if !b.required && !b.content.is_empty() && b.content.values().all(empty) {
                    return Ok(None);
                }
                let hint = format!("{builder_name}Body");
                match pick_media(&b.content, true) {
                    None => None,
                    Some((media_type, media, key)) => {
                        let structured =
                            matches!(media_type, BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart);
                        let ty = match &media.schema {
                            Some(s) if structured => {
                                let l = self.schema(
                                    s,
                                    &join(&join(&join(&at, "content"), key), "schema"),
                                    NameHint::Context(hint),
                                )?;
                                nullable_ty(l)
                            }
                            None if media_type == BodyMedia::Json => TypeRef::Json,
                            None if structured => TypeRef::JsonObject,
                            _ if media_type == BodyMedia::Text => TypeRef::String,
                            _ => TypeRef::Bytes,
                        };
                        let deep = media
                            .encoding
                            .iter()
                            .filter(|(_, e)| e.style == Some(openapiv3::QueryStyle::DeepObject))
                            .map(|(k, _)| k.clone())
                            .collect();
                        let content_type = match media_type {
                            BodyMedia::Json if key == "*/*" => "application/json".to_string(),
                            BodyMedia::Bytes if key.contains('*') => "application/octet-stream".to_string(),
                            BodyMedia::Text if key.contains('*') => "text/plain".to_string(),
                            _ => key.to_string(),
                        };
                        Some(RequestBody {
                            media_type,
                            ty,
                            required: b.required,
                            description: b.description.clone(),
                            content_type,
                            deep,
                            example: match &media.schema {
                                Some(s) => self.example(
                                    s,
                                    self.given_example(media.example.as_ref(), media.examples.values()),
                                ),
                                // A JSON body the spec does not describe: `{}`, not `null` (which
                                // reads as no body).
                                None => {
                                    let given =
                                        self.given_example(media.example.as_ref(), media.examples.values());
                                    let empty = if structured {
                                        serde_json::json!({})
                                    } else {
                                        serde_json::Value::Null
                                    };
                                    given.cloned().unwrap_or(empty)
                                }
                            },
                        })
                    }
                }
            }
        })
    }
}

/// A media type without its parameters, in lower case (`text/event-stream`).
pub(in crate::lower) fn essence(key: &str) -> String {
    key.split(';').next().unwrap_or(key).trim().to_ascii_lowercase()
}

/// The kind of body a media type (a `content` key) carries; forms only for requests.
pub(in crate::lower) fn media_kind(key: &str, request: bool) -> BodyMedia {
    match essence(key).as_str() {
        "application/json" | "*/*" => BodyMedia::Json,
        k if k.ends_with("+json") => BodyMedia::Json,
        "application/x-www-form-urlencoded" if request => BodyMedia::Form,
        "multipart/form-data" if request => BodyMedia::Multipart,
        k if k.starts_with("text/") => BodyMedia::Text,
        _ => BodyMedia::Bytes,
    }
}

/// The media type a client speaks for a body: JSON first, then (for a request) a form or a
/// multipart form, then text, then raw bytes.
pub(in crate::lower) fn pick_media(
    content: &openapiv3::Content,
    request: bool,
) -> Option<(BodyMedia, &openapiv3::MediaType, &str)> {
    [BodyMedia::Json, BodyMedia::Form, BodyMedia::Multipart, BodyMedia::Text, BodyMedia::Bytes]
        .into_iter()
        .find_map(|kind| media_of_kind(content, kind, request))
}

/// The first media type of `content` that carries this kind of body.
pub(in crate::lower) fn media_of_kind(
    content: &openapiv3::Content,
    kind: BodyMedia,
    request: bool,
) -> Option<(BodyMedia, &openapiv3::MediaType, &str)> {
    let kind_of = |key: &str, media: &openapiv3::MediaType| match media_kind(key, request) {
        // `*/*` of a binary string (Apideck's downloads): any bytes, not JSON.
        BodyMedia::Json if key.trim() == "*/*" && is_binary(media) => BodyMedia::Bytes,
        k => k,
    };
    content.iter().find(|(k, m)| kind_of(k, m) == kind).map(|(k, m)| (kind, m, k.as_str()))
}

/// Whether a media type's schema is a binary string (`type: string, format: binary`).
pub(in crate::lower) fn is_binary(media: &openapiv3::MediaType) -> bool {
    use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty as V};
    matches!(
        &media.schema,
        Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(t)), .. }))
            if t.format == V::Item(StringFormat::Binary)
    )
}
