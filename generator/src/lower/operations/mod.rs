//! Operations: naming, parameters, request bodies, responses and their headers, path templates.

mod bodies;
mod naming;
mod responses;
use bodies::*;

pub(super) use naming::*;

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
            group: None,
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
