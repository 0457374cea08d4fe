//! Client settings: servers and their variables, security schemes, and the header parameters
//! every operation requires (set once on the client builder).

use super::{operation_of, Lowering};
use crate::error::{join, Result};
use crate::load::METHODS;
use crate::model::*;
use crate::names::{self, Scope};
use crate::surface;
use openapiv3::SecurityScheme;

impl<'a> Lowering<'a> {
    pub(super) fn servers(&self, servers: &[openapiv3::Server]) -> (Vec<Server>, Vec<ServerVariable>) {
        let mut scope = Scope::new();
        let mut out = Vec::new();
        let mut variables: Vec<ServerVariable> = Vec::new();
        let mut taken = surface::builder_setter_scope(false);
        taken.extend(self.auth.iter().map(|a| a.setter.as_str()));
        let mut setters = Scope::with_reserved(&taken);
        let mut enums = Scope::with_reserved(surface::CLIENT_TYPES);
        for s in servers {
            for (name, var) in s.variables.iter().flatten() {
                if variables.iter().any(|v| v.name == *name) || !s.url.contains(&format!("{{{name}}}")) {
                    continue;
                }
                let mut vscope = Scope::new();
                let values: Vec<EnumVariant> = var
                    .enumeration
                    .iter()
                    .map(|value| EnumVariant { ident: vscope.variant(value).ident, value: value.clone() })
                    .collect();
                let enum_name =
                    (!values.is_empty()).then(|| enums.claim(&format!("Server{}", names::camel(name))));
                variables.push(ServerVariable {
                    name: name.clone(),
                    setter: setters.claim(&format!("server_{}", names::snake_word(name))),
                    default: var.default.clone(),
                    values,
                    enum_name,
                    description: var.description.clone(),
                });
            }
            let url = server_url(s);
            let label = s
                .description
                .as_deref()
                .map(server_label)
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| host_label(&url));
            if url.is_empty() {
                // `url: ""` names no server; the relative default "/" is handled by `base_url`.
                continue;
            }
            let variant = scope.claim(&names::camel(&label));
            let template = s.url.trim_end_matches('/').to_string();
            out.push(Server { variant, url, template, description: s.description.clone() });
        }
        (out, variables)
    }

    /// The security schemes some operation uses.
    fn used_schemes(&self) -> std::collections::BTreeSet<String> {
        let mut used = std::collections::BTreeSet::new();
        for (_, item) in self.doc.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            for method in METHODS {
                let Some(op) = operation_of(item, method) else { continue };
                let reqs = op.security.as_deref().or(self.doc.security.as_deref()).unwrap_or(&[]);
                used.extend(reqs.iter().flat_map(|r| r.keys().cloned()));
            }
        }
        used
    }

    /// The `mutualTLS` schemes some operation uses: nothing to set on the builder (the
    /// certificate goes on the HTTP client), said in the crate docs.
    pub(super) fn client_certificates(&self) -> Vec<ClientCertificate> {
        let used = self.used_schemes();
        let schemes = self.loaded.mutual_tls.iter().filter(|m| used.contains(&m.key));
        schemes
            .map(|m| ClientCertificate { key: m.key.clone(), description: m.description.clone() })
            .collect()
    }

    pub(super) fn security_schemes(&self) -> Result<Vec<AuthScheme>> {
        let Some(components) = &self.doc.components else { return Ok(Vec::new()) };
        // Only schemes some operation uses become credentials of the client.
        let used = self.used_schemes();
        let mut schemes = Vec::new();
        for (key, scheme) in components.security_schemes.iter().filter(|(k, _)| used.contains(*k)) {
            let ptr = join("/components/securitySchemes", key);
            let scheme = self.deref(scheme, &ptr)?.clone();
            let (kind, description) = match scheme {
                SecurityScheme::APIKey { location, name, description, .. } => (
                    match location {
                        openapiv3::APIKeyLocation::Header => AuthKind::ApiKeyHeader { header: name },
                        openapiv3::APIKeyLocation::Query => AuthKind::ApiKeyQuery { name },
                        openapiv3::APIKeyLocation::Cookie => AuthKind::ApiKeyCookie { name },
                    },
                    description,
                ),
                SecurityScheme::HTTP { scheme, description, .. } => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => (AuthKind::Bearer, description),
                        "basic" => (AuthKind::Basic, description),
                        // Digest, OAuth 1, HOBA, ...: the caller gives the whole header value.
                        _ => (AuthKind::Authorization { scheme: scheme.clone() }, description),
                    }
                }
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => (AuthKind::Bearer, description),
            };
            schemes.push((key.clone(), kind, description));
        }
        // One scheme of a kind gets the plain setter name; several are told apart by their key.
        let count = |pred: fn(&AuthKind) -> bool| schemes.iter().filter(|(_, k, _)| pred(k)).count();
        let api_keys = count(|k| {
            matches!(
                k,
                AuthKind::ApiKeyHeader { .. } | AuthKind::ApiKeyQuery { .. } | AuthKind::ApiKeyCookie { .. }
            )
        });
        let bearers = count(|k| matches!(k, AuthKind::Bearer));
        let basics = count(|k| matches!(k, AuthKind::Basic));
        let authorizations = count(|k| matches!(k, AuthKind::Authorization { .. }));
        let mut scope = Scope::with_reserved(&surface::builder_setter_scope(true));
        Ok(schemes
            .into_iter()
            .map(|(key, kind, description)| {
                let base = match &kind {
                    AuthKind::Bearer if bearers == 1 => "bearer_token".to_string(),
                    AuthKind::Bearer => format!("{}_token", names::snake_word(&key)),
                    AuthKind::Basic if basics == 1 => "basic_auth".to_string(),
                    AuthKind::Basic => format!("{}_basic_auth", names::snake_word(&key)),
                    AuthKind::Authorization { .. } if authorizations == 1 => "authorization".to_string(),
                    AuthKind::Authorization { .. } => format!("{}_authorization", names::snake_word(&key)),
                    _ if api_keys == 1 => "api_key".to_string(),
                    _ => format!("{}_api_key", names::snake_word(&key)),
                };
                AuthScheme { setter: scope.claim(&base), key, kind, description }
            })
            .collect())
    }

    pub(super) fn security_of(&self, op: &openapiv3::Operation) -> Vec<usize> {
        let reqs = match &op.security {
            Some(s) => s.as_slice(),
            None => self.doc.security.as_deref().unwrap_or(&[]),
        };
        let mut out = Vec::new();
        for req in reqs {
            for key in req.keys() {
                // A requirement naming a scheme the document does not define cannot be met by
                // any credential: it is ignored (real specs have such typos).
                let Some(i) = self.auth.iter().position(|a| &a.key == key) else { continue };
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// Required header parameters present on every operation become client-wide defaults.
pub(super) fn default_headers(
    operations: &mut [Operation],
    auth: &[AuthScheme],
    variables: &[ServerVariable],
) -> Vec<DefaultHeader> {
    let mut taken = surface::builder_setter_scope(true);
    taken.extend(auth.iter().map(|a| a.setter.as_str()));
    taken.extend(variables.iter().map(|v| v.setter.as_str()));
    let mut scope = Scope::with_reserved(&taken);
    let Some(first) = operations.first() else { return Vec::new() };
    let candidates: Vec<Param> = first
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header && p.required)
        .filter(|p| {
            operations.iter().all(|op| {
                op.params.iter().any(|q| {
                    q.location == ParamLocation::Header && q.required && q.wire.eq_ignore_ascii_case(&p.wire)
                })
            })
        })
        .cloned()
        .collect();
    let mut out = Vec::new();
    for (i, p) in candidates.iter().enumerate() {
        out.push(DefaultHeader {
            header: p.wire.clone(),
            setter: scope.claim(&p.ident.spelling()),
            description: p.description.clone(),
        });
        for op in operations.iter_mut() {
            for q in op
                .params
                .iter_mut()
                .filter(|q| q.location == ParamLocation::Header && q.wire.eq_ignore_ascii_case(&p.wire))
            {
                q.default_header = Some(i);
            }
        }
    }
    out
}

pub(super) fn server_url(s: &openapiv3::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url.trim_end_matches('/').to_string()
}

/// "Production server" → "Production".
fn server_label(description: &str) -> String {
    let words: Vec<&str> = description.split_whitespace().collect();
    let trimmed: Vec<&str> = match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && ["server", "environment", "api"].contains(&last.to_ascii_lowercase().as_str()) =>
        {
            rest.to_vec()
        }
        _ => words,
    };
    trimmed.join(" ")
}

fn host_label(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_string()
}
