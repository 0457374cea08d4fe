//! Operations: naming, parameters, request bodies, responses and their headers, path templates.

use super::client::server_url;
use super::schemas::nullable_ty;
use super::Lowering;
use crate::arena::NameHint;
use crate::error::{join, ErrorKind, Result};
use crate::model::*;
use crate::names::{self, Scope};
use crate::surface;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, StatusCode, Type};

/// An operation's documented responses while lowering: success ones, then errors, and the data
/// type of a success response's server-sent events.
type Outcomes = (Vec<Response<DraftId>>, Vec<Response<DraftId>>, Option<TypeRef<DraftId>>);

/// Where an operation is in the document.
pub(super) struct Site<'d> {
    pub path: &'d str,
    pub method: &'d str,
    pub item: &'d openapiv3::PathItem,
    pub op: &'d openapiv3::Operation,
    /// JSON pointer of the operation.
    pub ptr: String,
}

/// The scopes operations are named in: `Client`'s methods, and the types of `operations`.
pub(super) struct OperationNames {
    methods: Scope,
    types: Scope,
}

impl OperationNames {
    pub(super) fn new(auth: &[AuthScheme]) -> Self {
        let methods = surface::client_method_scope(auth.iter().map(|a| a.setter.as_str()));
        OperationNames {
            methods: Scope::with_reserved(&methods),
            types: Scope::with_reserved(surface::OPERATION_TYPES_RESERVED),
        }
    }
}

/// An operation's operationId, unless it has no letter or digit (`""`, `"!!!"`): such a one
/// names nothing, and method and path do.
fn operation_id(op: &openapiv3::Operation) -> Option<&str> {
    op.operation_id.as_deref().filter(|id| id.chars().any(char::is_alphanumeric))
}

/// The name a parameter's setter is made from: the vendor's SDK name for it
/// (`x-speakeasy-name-override`, `x-fern-parameter-name`: Apideck's `x-apideck-app-id` is
/// `appId`), else its own.
fn param_name(d: &openapiv3::ParameterData) -> &str {
    ["x-speakeasy-name-override", "x-fern-parameter-name"]
        .iter()
        .find_map(|key| d.extensions.get(*key).and_then(serde_json::Value::as_str))
        .filter(|n| n.chars().any(char::is_alphanumeric))
        .unwrap_or(&d.name)
}

/// The SDK name a vendor gives an operation, if it gives one: `x-speakeasy-name-override` (on
/// the operation, or the document's list of operationId patterns, the last match winning) or
/// `x-fern-sdk-method-name`, in its group (`x-speakeasy-group`, `x-fern-sdk-group-name`, else
/// the operation's first tag, as those SDKs group by tag).
fn vendor_name(op: &openapiv3::Operation, overrides: &[(regex::Regex, String)]) -> Option<String> {
    use serde_json::Value;
    let text = |key: &str| op.extensions.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty());
    let id = operation_id(op);
    let listed = || {
        overrides
            .iter()
            .rev()
            .find(|(pattern, _)| id.is_some_and(|id| pattern.is_match(id)))
            .map(|(_, n)| n.as_str())
    };
    let method =
        text("x-speakeasy-name-override").or_else(|| text("x-fern-sdk-method-name")).or_else(listed)?;
    let fern_group = op.extensions.get("x-fern-sdk-group-name").and_then(|g| match g {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => {
            let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("_"))
        }
        _ => None,
    });
    let group = text("x-speakeasy-group")
        .map(|g| g.replace('.', "_"))
        .or(fern_group)
        .or_else(|| op.tags.first().cloned());
    Some(names::sdk_method(group.as_deref(), method))
}

/// The `Client` method name of each operation, in order: the vendor's SDK name if the spec
/// carries one, else the operationId without framework noise (FastAPI's tails), else one made
/// from the path as an SDK would. Where two operations would share a name, each falls back a
/// step (the operationId as written; more of the path; method and path), so a name never
/// depends on which of the two comes first.
/// `overrides`: the document's `x-speakeasy-name-override`.
pub(super) fn method_names(sites: &[Site], overrides: Option<&serde_json::Value>) -> Vec<String> {
    let overrides: Vec<(regex::Regex, String)> = overrides
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let pattern = regex::Regex::new(o.get("operationId")?.as_str()?).ok()?;
            Some((pattern, o.get("methodNameOverride")?.as_str()?.to_string()))
        })
        .collect();
    // Each operation's names, best first; the last is method and path, which are unique.
    let choices: Vec<Vec<String>> = sites
        .iter()
        .map(|site| {
            let (op, method, path) = (site.op, site.method, site.path);
            let mut names = Vec::new();
            names.extend(vendor_name(op, &overrides));
            match operation_id(op) {
                Some(id) => {
                    names.extend(names::without_framework_noise(id, method, path).map(|n| names::snake(&n)));
                    names.push(names::snake(id));
                }
                None => names.extend((0..4).map(|context| names::from_path(method, path, context))),
            }
            names.push(names::snake(&format!("{method} {path}")));
            names.dedup();
            names
        })
        .collect();
    let mut level = vec![0; sites.len()];
    loop {
        let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (names, &l) in choices.iter().zip(&level) {
            *count.entry(names[l].as_str()).or_default() += 1;
        }
        // In each group sharing a name, those with a more precise name than method and path
        // take it, and the others keep theirs; if none has one, the operation of the shortest
        // path (then the first path in text order) keeps it, and the others take method and
        // path. Either way, what a name becomes depends on the group alone.
        let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, (names, &l)) in choices.iter().zip(&level).enumerate() {
            if count[names[l].as_str()] > 1 {
                groups.entry(names[l].as_str()).or_default().push(i);
            }
        }
        let mut advance = Vec::new();
        for members in groups.values() {
            let refine: Vec<usize> =
                members.iter().copied().filter(|&i| level[i] + 2 < choices[i].len()).collect();
            let last: Vec<usize> =
                members.iter().copied().filter(|&i| level[i] + 1 < choices[i].len()).collect();
            if !refine.is_empty() {
                advance.extend(refine);
                continue;
            }
            let key = |&i: &usize| (sites[i].path.len(), sites[i].path, sites[i].method);
            let keeper = members.iter().copied().min_by_key(key);
            advance.extend(last.into_iter().filter(|&i| Some(i) != keeper));
        }
        if advance.is_empty() {
            break;
        }
        for i in advance {
            level[i] += 1;
        }
    }
    choices.into_iter().zip(level).map(|(mut names, l)| names.swap_remove(l)).collect()
}

impl<'a> Lowering<'a> {
    /// The operation at `site`, its `Client` method (and builder) named `name` (see
    /// [`method_names`]) unless that is taken.
    pub(super) fn operation(
        &mut self,
        site: &Site,
        name: &str,
        scopes: &mut OperationNames,
    ) -> Result<Operation<DraftId>> {
        let (path, method, op, ptr) = (site.path, site.method, site.op, site.ptr.as_str());
        let operation_id = operation_id(op).map_or_else(|| format!("{method} {path}"), str::to_string);
        let method_name = scopes.methods.claim(name);
        let builder_name = scopes.types.claim(&names::type_name(name));
        let error_name = scopes.types.claim(&format!("{builder_name}{}", surface::ERROR_SUFFIX));
        let params = self.params(site, builder_name.as_str())?;
        let path_parts = self.path_parts(path, &params, ptr)?;
        let body = self.request_body(site, builder_name.as_str())?;
        let (success, errors, events) = self.responses(site, builder_name.as_str())?;
        let bodies: Vec<Option<&TypeRef<DraftId>>> =
            success.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
        let first = bodies.iter().flatten().next();
        let success_enum = match first {
            Some(first) if bodies.iter().any(|b| b != &Some(*first)) => {
                Some(scopes.types.claim(&format!("{builder_name}{}", surface::SUCCESS_SUFFIX)))
            }
            _ => None,
        };
        let headers_name = success
            .iter()
            .any(|r| !r.headers.is_empty())
            .then(|| scopes.types.claim(&format!("{builder_name}{}", surface::HEADERS_SUFFIX)));
        let params_name = scopes.types.claim(&format!("{builder_name}{}", surface::PARAMS_SUFFIX));
        let servers = if !op.servers.is_empty() {
            op.servers.iter().map(server_url).collect()
        } else {
            site.item.servers.iter().map(server_url).collect()
        };
        Ok(Operation {
            operation_id,
            tag: op.tags.first().cloned(),
            method_name,
            builder_name,
            error_name,
            params_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            servers,
            params,
            body,
            success,
            errors,
            success_enum,
            headers_name,
            error_share: Share::Own,
            headers_share: Share::Own,
            events,
            declared_paging: super::paging::declared(op).or_else(|| self.stainless_paging(op, ptr)),
            paging: None,
            security: self.security_of(op),
        })
    }

    /// An operation's parameters: path-level first, overridden by operation-level ones of the
    /// same name and location; each named in the request builder's scope.
    fn params(&mut self, site: &Site, builder_name: &str) -> Result<Vec<Param<DraftId>>> {
        let (item, op, ptr) = (site.item, site.op, site.ptr.as_str());
        let mut raw: Vec<(&Parameter, String)> = Vec::new();
        let item_ptr = ptr.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        for (i, p) in item.parameters.iter().enumerate() {
            let at = join(&join(item_ptr, "parameters"), &i.to_string());
            raw.push((self.deref(p, &at)?, at));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let at = join(&join(ptr, "parameters"), &i.to_string());
            let p = self.deref(p, &at)?;
            let d = p.parameter_data_ref();
            raw.retain(|(q, _)| {
                let e = q.parameter_data_ref();
                !(e.name == d.name && std::mem::discriminant(*q) == std::mem::discriminant(p))
            });
            raw.push((p, at));
        }
        let mut reserved = surface::request_scope();
        if self.streams(op) {
            reserved.extend(surface::STREAM_NAMES);
        }
        let mut scope = Scope::with_reserved(&reserved);
        let mut params = Vec::new();
        for (p, at) in &raw {
            // OpenAPI: a header parameter named `Accept` or `Content-Type` "SHALL be ignored"
            // (the media types of the body and the responses say them). Sent as given, an
            // example or a default would contradict the body the client sends.
            let name = &p.parameter_data_ref().name;
            if matches!(p, Parameter::Header { .. })
                && (name.eq_ignore_ascii_case("accept") || name.eq_ignore_ascii_case("content-type"))
            {
                continue;
            }
            let location = match p {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let d = p.parameter_data_ref();
            let hint_name = format!("{builder_name}{}", names::camel(&d.name));
            let (ty, example) = match &d.format {
                ParameterSchemaOrContent::Schema(s) => {
                    let l = self.schema(s, &join(at, "schema"), NameHint::Context(hint_name))?;
                    (
                        l.ty,
                        self.param_example(
                            s,
                            self.given_example(d.example.as_ref(), d.examples.values()),
                            location == ParamLocation::Path,
                        ),
                    )
                }
                ParameterSchemaOrContent::Content(_) => {
                    (TypeRef::String, d.example.clone().unwrap_or_else(|| "example".into()))
                }
            };
            let style = param_style(p);
            params.push(Param {
                wire: d.name.clone(),
                ident: scope.field(param_name(d)).ident,
                location,
                // `value_ty` and `encoding` are decided by the analyse pass.
                value_ty: ty.clone(),
                encoding: ParamEncoding::Styled,
                ty,
                required: d.required || location == ParamLocation::Path,
                description: d.description.clone(),
                default_header: None,
                style,
                explode: d.explode.unwrap_or(style == ParamStyle::Form),
                example,
            });
        }
        Ok(params)
    }

    /// The request body, in the media type the client speaks best.
    fn request_body(&mut self, site: &Site, builder_name: &str) -> Result<Option<RequestBody<DraftId>>> {
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

    /// The documented responses: success ones (2xx), and errors (the rest and `default`), in
    /// status order; each named in the operation's outcome enums.
    fn responses(&mut self, site: &Site, builder_name: &str) -> Result<Outcomes> {
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
    fn streams(&self, op: &openapiv3::Operation) -> bool {
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
    fn event_data(
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
    fn response_headers(
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

    fn path_parts(&self, path: &str, params: &[Param<DraftId>], ptr: &str) -> Result<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(self.err(
                    ErrorKind::Invalid,
                    ptr,
                    format!("unclosed '{{' in path template {path}"),
                ));
            };
            let name = &rest[open + 1..open + close];
            let Some(i) = params.iter().position(|p| p.location == ParamLocation::Path && p.wire == name)
            else {
                return Err(self.err(
                    ErrorKind::Invalid,
                    ptr,
                    format!(
                        "path template {path} names {{{name}}}, but no path parameter '{name}' is declared"
                    ),
                ));
            };
            parts.push(PathPart::Param(i));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Ok(parts)
    }
}

/// The field names of an operation's response headers: one per wire name, shared by all its
/// success statuses.
struct HeaderNames {
    scope: Scope,
    by_wire: Vec<(String, Ident)>,
}

impl HeaderNames {
    fn ident(&mut self, name: &str, wire: &str) -> Ident {
        if let Some((_, ident)) = self.by_wire.iter().find(|(w, _)| w == wire) {
            return ident.clone();
        }
        let ident = self.scope.field(name).ident;
        self.by_wire.push((wire.to_string(), ident.clone()));
        ident
    }
}

/// A media type without its parameters, in lower case (`text/event-stream`).
fn essence(key: &str) -> String {
    key.split(';').next().unwrap_or(key).trim().to_ascii_lowercase()
}

/// The kind of body a media type (a `content` key) carries; forms only for requests.
fn media_kind(key: &str, request: bool) -> BodyMedia {
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
fn pick_media(
    content: &openapiv3::Content,
    request: bool,
) -> Option<(BodyMedia, &openapiv3::MediaType, &str)> {
    [BodyMedia::Json, BodyMedia::Form, BodyMedia::Multipart, BodyMedia::Text, BodyMedia::Bytes]
        .into_iter()
        .find_map(|kind| media_of_kind(content, kind, request))
}

/// The first media type of `content` that carries this kind of body.
fn media_of_kind(
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
fn is_binary(media: &openapiv3::MediaType) -> bool {
    use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty as V};
    matches!(
        &media.schema,
        Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(t)), .. }))
            if t.format == V::Item(StringFormat::Binary)
    )
}

fn param_style(p: &Parameter) -> ParamStyle {
    use openapiv3::{PathStyle, QueryStyle};
    match p {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Cookie { .. } => ParamStyle::Form,
    }
}
