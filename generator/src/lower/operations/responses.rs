//! An operation's responses: success and error outcomes with their bodies, event streams and\ntyped headers.

use super::*;

impl<'a> Lowering<'a> {
    /// The documented responses: success ones (2xx), and errors (the rest and `default`), in
    /// status order; each named in the operation's outcome enums.
    pub(in crate::lower) fn responses(&mut self, site: &Site, builder_name: &str) -> Result<Outcomes> {
        let (op, ptr) = (site.op, site.ptr.as_str());
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut responses: Vec<(Status, &ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(d) => Status::Range(*d as u8),
                };
                (status, r, join(&join(ptr, "responses"), &code.to_string()))
            })
            .collect();
        if let Some(d) = &op.responses.default {
            responses.push((Status::Default, d, join(&join(ptr, "responses"), "default")));
        }
        responses.sort_by(|a, b| a.0.cmp(&b.0));
        // An operation that documents a redirect and no 2xx (an OAuth `authorize`, a SAML login
        // answering 303) succeeds with the redirect: the caller reads its `Location`.
        let redirects_succeed =
            !responses.iter().any(|(s, _, _)| matches!(s, Status::Code(200..=299) | Status::Range(2)));
        let mut variants = Scope::new();
        let mut header_names = HeaderNames { scope: Scope::new(), by_wire: Vec::new() };
        let mut events = None;
        for (status, r, at) in responses {
            let r = self.deref(r, &at)?;
            let is_success = matches!(status, Status::Code(200..=299) | Status::Range(2))
                || (redirects_succeed && status.is_redirect());
            // A success body documented as `text/event-stream` is a stream of events, read
            // apart (`stream()` on the builder): the other media types are the call's outcome.
            let without_events: openapiv3::Content;
            let content = match r.content.keys().find(|k| essence(k) == "text/event-stream") {
                Some(key) if is_success && !matches!(status, Status::Code(204 | 205 | 304)) => {
                    if events.is_none() {
                        let media_at = join(&join(&at, "content"), key);
                        events = Some(self.event_data(&r.content[key], &media_at, builder_name)?);
                    }
                    without_events = r
                        .content
                        .iter()
                        .filter(|(k, _)| *k != key)
                        .map(|(k, m)| (k.clone(), m.clone()))
                        .collect();
                    &without_events
                }
                _ => &r.content,
            };
            let variant = variants.claim(&match status {
                Status::Code(c) => names::status_variant(c),
                Status::Range(d) => format!("Status{d}xx"),
                Status::Default => "Default".into(),
            });
            // A success response documented with several kinds of body (JSON and CSV, say) gets
            // one outcome per kind, told apart by the response's `Content-Type`.
            // 204, 205 and 304 responses carry no body whatever the spec documents (RFC 9110):
            // a client that decoded one would fail on every such response.
            let bodiless = matches!(status, Status::Code(204 | 205 | 304));
            let mut picked: Vec<(BodyMedia, &openapiv3::MediaType, &str)> =
                pick_media(content, false).into_iter().filter(|_| !bodiless).collect();
            if let (true, Some(&(first, _, _))) = (is_success, picked.first()) {
                for kind in [BodyMedia::Text, BodyMedia::Bytes].into_iter().filter(|k| *k != first) {
                    picked.extend(media_of_kind(content, kind, false));
                }
            }
            let kinds = picked.len();
            // A response without a body is one outcome too.
            let choices: Vec<Option<_>> =
                if picked.is_empty() { vec![None] } else { picked.into_iter().map(Some).collect() };
            let headers = if is_success {
                self.response_headers(r, &at, builder_name, &mut header_names)?
            } else {
                Vec::new()
            };
            for (n, choice) in choices.into_iter().enumerate() {
                let variant = if n == 0 {
                    variant.clone()
                } else {
                    let suffix = match choice.as_ref().map(|c| c.0) {
                        Some(BodyMedia::Text) => "Text",
                        _ => "Bytes",
                    };
                    variants.claim(&format!("{variant}{suffix}"))
                };
                let body = match choice {
                    None => None,
                    Some((media, mt, key)) => {
                        let mut media = media;
                        let ty = match (&mt.schema, media) {
                            (Some(s), BodyMedia::Json) => {
                                let hint = NameHint::Response {
                                    op: builder_name.to_string(),
                                    variant: variant.to_string(),
                                    error: !is_success,
                                };
                                let l =
                                    self.schema(s, &join(&join(&join(&at, "content"), key), "schema"), hint)?;
                                nullable_ty(l)
                            }
                            (None, BodyMedia::Json) => TypeRef::Json,
                            (_, BodyMedia::Text) => TypeRef::String,
                            // Error bodies other than JSON are kept as text.
                            (_, _) if !is_success => {
                                media = BodyMedia::Text;
                                TypeRef::String
                            }
                            (_, _) => TypeRef::Bytes,
                        };
                        Some(ResponseBody { media, ty, boxed: false, consts: Vec::new() })
                    }
                };
                let guarded = n + 1 < kinds;
                let response = Response {
                    status: status.clone(),
                    variant,
                    description: r.description.clone(),
                    body,
                    headers: headers.clone(),
                    guarded,
                };
                if is_success {
                    success.push(response)
                } else {
                    errors.push(response)
                }
            }
        }

        Ok((success, errors, events))
    }

    /// Whether an operation documents a success response as `text/event-stream`.
    pub(in crate::lower) fn streams(&self, op: &openapiv3::Operation) -> bool {
        op.responses.responses.iter().any(|(code, r)| {
            let success = matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2));
            success
                && self
                    .deref(r, "")
                    .is_ok_and(|r| r.content.keys().any(|k| essence(k) == "text/event-stream"))
        })
    }

    /// The type of the data of the events a `text/event-stream` body documents. The schema
    /// describes either the data itself (OpenAI), or the event as an object of its fields
    /// (`event`, `data`, `id`, `retry`: Speakeasy's convention, Mistral), whose `data` is then
    /// the type. Text without a JSON schema (`type: string`, or no schema) is the raw data.
    pub(in crate::lower) fn event_data(
        &mut self,
        media: &openapiv3::MediaType,
        at: &str,
        builder_name: &str,
    ) -> Result<TypeRef<DraftId>> {
        let Some(schema) = &media.schema else { return Ok(TypeRef::String) };
        let at = join(at, "schema");
        let envelope = self.item(schema).and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Object(o))
                if o.properties.contains_key("data")
                    && o.properties
                        .keys()
                        .all(|k| ["event", "data", "id", "retry"].contains(&k.as_str())) =>
            {
                Some(o.properties["data"].clone())
            }
            _ => None,
        });
        let lowered = match (envelope, schema) {
            (Some(data), ReferenceOr::Reference { reference }) => {
                // Named as the component's own field was, so the two are one type.
                let data_at = join(&join(reference.trim_start_matches('#'), "properties"), "data");
                let hint = match self.component_id(reference) {
                    Some(parent) => NameHint::Child { parent, suffix: "data".into() },
                    None => NameHint::Context(format!("{builder_name}EventData")),
                };
                self.boxed_schema(&data, &data_at, hint)?
            }
            (Some(data), ReferenceOr::Item(_)) => self.boxed_schema(
                &data,
                &join(&join(&at, "properties"), "data"),
                NameHint::Context(format!("{builder_name}EventData")),
            )?,
            (None, _) => self.schema(schema, &at, NameHint::Context(format!("{builder_name}Event")))?,
        };
        Ok(nullable_ty(lowered))
    }

    /// A success response's documented headers (`Content-Type` and the like left out). A header
    /// documented by several responses of the operation keeps its first field name.
    pub(in crate::lower) fn response_headers(
        &mut self,
        r: &openapiv3::Response,
        at: &str,
        builder_name: &str,
        names: &mut HeaderNames,
    ) -> Result<Vec<ResponseHeader<DraftId>>> {
        let mut out = Vec::new();
        for (name, h) in &r.headers {
            let wire = name.to_ascii_lowercase();
            if ["content-type", "content-length", "transfer-encoding", "connection"].contains(&wire.as_str())
                || out.iter().any(|x: &ResponseHeader<DraftId>| x.wire == wire)
            {
                continue;
            }
            let hat = join(&join(at, "headers"), name);
            let h = self.deref(h, &hat)?;
            let ty = match &h.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let hint = NameHint::Context(format!("{builder_name}{}", names::camel(name)));
                    self.schema(s, &join(&hat, "schema"), hint)?.ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let ident = names.ident(name, &wire);
            out.push(ResponseHeader { wire, ident, ty, description: h.description.clone() });
        }
        Ok(out)
    }
}

/// The field names of an operation's response headers: one per wire name, shared by all its
/// success statuses.
pub(in crate::lower) struct HeaderNames {
    pub(in crate::lower) scope: Scope,
    pub(in crate::lower) by_wire: Vec<(String, Ident)>,
}

impl HeaderNames {
    pub(in crate::lower) fn ident(&mut self, name: &str, wire: &str) -> Ident {
        if let Some((_, ident)) = self.by_wire.iter().find(|(w, _)| w == wire) {
            return ident.clone();
        }
        let ident = self.scope.field(name).ident;
        self.by_wire.push((wire.to_string(), ident.clone()));
        ident
    }
}
