//! Analyse: the decisions taken on the finished model, written into it so that emitters only
//! print what it says. Where each decision lives:
//!
//! - which types implement `Deserialize` ([`TypeDef::deserialize`], [`readable`]);
//! - which Cargo features compile a type ([`TypeDef::features`], [`type_features`], [`shared`]);
//! - what a parameter's builder holds and how it becomes text ([`Param::value_ty`],
//!   [`Param::encoding`]);
//! - which outcome bodies are boxed in their enum ([`ResponseBody::boxed`]);
//! - which struct field each documented constant belongs to, and its type
//!   ([`ConstField`], in [`remap_operations`]).
//!
//! Recursion boxing and deduplication are passes of the arena ([`crate::arena`]).

use crate::arena::Finished;
use crate::model::walk::{self, Direction};
use crate::model::*;

/// Turns lowering's operations (which name drafts) into the model's (which name final types),
/// reference by reference, and attaches to each response body the constants its (merged)
/// struct documents, with the field each belongs to.
pub(super) fn finish_operations(operations: Vec<Operation<DraftId>>, finished: &Finished) -> Vec<Operation> {
    let ty = |t: &TypeRef<DraftId>| t.map_ids(&|id| finished.remap[id.0]);
    let response = |r: Response<DraftId>| Response {
        body: r.body.map(|b| {
            let consts = match b.ty {
                TypeRef::Named(draft) => consts(finished, draft, finished.remap[draft.0]),
                _ => Vec::new(),
            };
            ResponseBody { media: b.media, ty: ty(&b.ty), boxed: b.boxed, consts }
        }),
        headers: r
            .headers
            .into_iter()
            .map(|h| ResponseHeader {
                wire: h.wire,
                ident: h.ident,
                ty: ty(&h.ty),
                description: h.description,
            })
            .collect(),
        status: r.status,
        variant: r.variant,
        description: r.description,
        guarded: r.guarded,
    };
    operations
        .into_iter()
        .map(|op| Operation {
            params: op
                .params
                .into_iter()
                .map(|p| Param {
                    ty: ty(&p.ty),
                    value_ty: ty(&p.value_ty),
                    wire: p.wire,
                    ident: p.ident,
                    location: p.location,
                    encoding: p.encoding,
                    required: p.required,
                    description: p.description,
                    default_header: p.default_header,
                    style: p.style,
                    explode: p.explode,
                    example: p.example,
                })
                .collect(),
            body: op.body.map(|b| RequestBody {
                ty: ty(&b.ty),
                media_type: b.media_type,
                required: b.required,
                description: b.description,
                content_type: b.content_type,
                deep: b.deep,
                example: b.example,
            }),
            success: op.success.into_iter().map(response).collect(),
            errors: op.errors.into_iter().map(response).collect(),
            operation_id: op.operation_id,
            tag: op.tag,
            method_name: op.method_name,
            builder_name: op.builder_name,
            error_name: op.error_name,
            params_name: op.params_name,
            http_method: op.http_method,
            path: op.path,
            path_parts: op.path_parts,
            summary: op.summary,
            description: op.description,
            deprecated: op.deprecated,
            servers: op.servers,
            success_enum: op.success_enum,
            headers_name: op.headers_name,
            group: op.group,
            error_share: Share::Own,
            headers_share: Share::Own,
            events: op.events.as_ref().map(ty),
            declared_paging: op.declared_paging,
            paging: None,
            security: op.security,
        })
        .collect()
}

/// The constants the draft's struct documented (recorded per draft, before merging), each with
/// the field of the final struct it belongs to.
fn consts(finished: &Finished, draft: DraftId, id: TypeId) -> Vec<ConstField> {
    let TypeKind::Struct(s) = &finished.types[id.0].kind else { return Vec::new() };
    finished.consts[draft.0]
        .iter()
        .filter_map(|(wire, value)| {
            let f = s.fields.iter().find(|f| &f.wire == wire)?;
            // An absent-or-null field (`Nullable`) or a value of another type than the
            // field's has no accessor.
            (f.presence != Presence::OptionalNullable && value.fits(&f.ty)).then(|| ConstField {
                field: f.ident.clone(),
                wire: wire.clone(),
                value: value.clone(),
                optional: f.presence.optional(),
                ty: f.ty.clone(),
            })
        })
        .collect()
}

/// Writes the decisions that need the whole model into it.
pub(super) fn analyse(api: &mut Api) {
    let (readable, sent) = directions(api);
    let features = type_features(api);
    api.unused_feature = features
        .iter()
        .any(|f| f.contains(&api.groups.len()))
        .then(|| crate::surface::UNUSED_FEATURE.to_string());
    for (id, t) in api.types.iter_mut().enumerate() {
        t.deserialize = readable[id];
        t.sent = sent[id];
        t.features = features[id]
            .iter()
            .map(|&g| {
                api.groups
                    .get(g)
                    .map_or_else(|| api.unused_feature.clone().unwrap_or_default(), |g| g.feature.clone())
            })
            .collect();
    }
    api.shared_features = shared(&mut api.types);
    fields(&mut api.types);
    super::plan::plan(&mut api.types);
    let types = &api.types;
    for op in &mut api.operations {
        for p in &mut op.params {
            // A client-wide header is text on the client, so its per-call override is text too.
            p.value_ty = if p.default_header.is_some() { TypeRef::String } else { p.ty.clone() };
            let scalar = is_scalar(types, &p.value_ty);
            let text = match p.location {
                ParamLocation::Path => scalar && p.style == ParamStyle::Simple,
                ParamLocation::Query => scalar && p.style != ParamStyle::DeepObject,
                ParamLocation::Header | ParamLocation::Cookie => scalar,
            };
            p.encoding = if text { ParamEncoding::Text } else { ParamEncoding::Styled };
        }
        for r in op.success.iter_mut().chain(op.errors.iter_mut()) {
            if let Some(b) = &mut r.body {
                b.boxed = is_large(&b.ty);
            }
        }
    }
    for i in 0..api.operations.len() {
        api.operations[i].paging = super::paging::paging(api, &api.operations[i]);
    }
    let (streams, pages) = (api.streams(), api.pages());
    api.runtime = RuntimeModule::ALL
        .into_iter()
        .filter(|m| match m {
            RuntimeModule::Stream => streams,
            RuntimeModule::Paging => pages,
            _ => true,
        })
        .collect();
}

/// Outcome bodies that are boxed in their enum, so `Result<T, Error<E>>` stays small.
fn is_large(t: &TypeRef) -> bool {
    !matches!(t, TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean | TypeRef::Bytes)
}

/// Types whose parameter text is the value itself (no array or object to spread out).
fn is_scalar(types: &[TypeDef], t: &TypeRef) -> bool {
    match crate::model::unalias(types, t) {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boolean | TypeRef::Bytes => true,
        TypeRef::Named(id) => matches!(types[id.0].kind, TypeKind::Enum(_) | TypeKind::IntEnum(_)),
        _ => false,
    }
}

/// For an API split into per-tag features: the groups whose features compile a type (any one
/// of them), those whose operations use it (directly or through other types); index
/// `groups.len()` stands for the schemas no operation uses (and what they use), compiled by
/// [`Api::unused_feature`]. Empty: always compiled (an API without groups).
///
/// A crate built with one tag's feature compiles that tag's types and no other: a type many
/// tags share is compiled by any of them, not always.
fn type_features(api: &Api) -> Vec<Vec<usize>> {
    let n = api.types.len();
    if api.groups.is_empty() {
        return vec![Vec::new(); n];
    }
    let mut features: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (g, group) in api.groups.iter().enumerate() {
        let mut roots = Vec::new();
        for &i in &group.operations {
            walk::operation_refs(&api.operations[i], &mut |_, t| roots.extend(t.named().map(|id| id.0)));
        }
        let mut seen = vec![false; n];
        walk::reach(&api.types, roots, &mut seen);
        for (id, reached) in seen.into_iter().enumerate() {
            if reached {
                features[id].push(g);
            }
        }
    }
    let unused: Vec<usize> = (0..n).filter(|&id| features[id].is_empty()).collect();
    let mut seen = vec![false; n];
    walk::reach(&api.types, unused, &mut seen);
    for (id, reached) in seen.into_iter().enumerate() {
        if reached {
            features[id].push(api.groups.len());
        }
    }
    features
}

/// Each type's one `#[cfg]` feature, and the internal features that stand for sets of features
/// (see [`Api::shared_features`]), in name order.
fn shared(types: &mut [TypeDef]) -> Vec<(String, Vec<String>)> {
    let sets: std::collections::BTreeSet<Vec<String>> =
        types.iter().filter(|t| t.features.len() > 1).map(|t| t.features.clone()).collect();
    // 32 bits of FNV-1a name a set; 64 if two sets would share a name.
    let name = |set: &Vec<String>, digits: usize| {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in set.join(",").bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        format!("_shared-{:016x}", hash)[..8 + digits].to_string()
    };
    let short: std::collections::BTreeSet<String> = sets.iter().map(|s| name(s, 8)).collect();
    let digits = if short.len() == sets.len() { 8 } else { 16 };
    for t in types.iter_mut() {
        t.cfg_feature = match t.features.as_slice() {
            [] => None,
            [f] => Some(f.clone()),
            set => Some(name(&set.to_vec(), digits)),
        };
    }
    let mut out: Vec<(String, Vec<String>)> = sets.into_iter().map(|s| (name(&s, digits), s)).collect();
    out.sort();
    out
}

/// Struct fields as the direction of their type needs them:
/// - a field both optional and nullable is `Option<T>` in a type callers never build (absent and
///   null read alike: a reader goes through one layer), and keeps its three states
///   (`Option<Option<T>>`, written `Nullable<T>`) in a type they build, so a PATCH can send
///   `null`;
/// - the one value a required field allows ([`Fixed`]): its `const` where the value fits the
///   field's type, or the one variant of its enum; optional fields have none (see [`fixed`]).
fn fields(types: &mut [TypeDef]) {
    let tags = tag_properties(types);
    let fixed: Vec<Vec<Option<Fixed>>> = types
        .iter()
        .enumerate()
        .map(|(id, t)| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| {
                    let tag = tags.contains(&(id, f.wire.as_str()));
                    (f.required() || tag).then(|| fixed(types, f)).flatten()
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (t, fixed) in types.iter_mut().zip(fixed) {
        let sent = t.sent;
        let TypeKind::Struct(s) = &mut t.kind else { continue };
        for (f, fixed) in s.fields.iter_mut().zip(fixed) {
            f.fixed = fixed;
            if !sent && f.presence == Presence::OptionalNullable {
                f.presence = Presence::Optional;
            }
        }
    }
}

/// The structs that are variants of a union told apart by a property, with that property:
/// the value that selects the variant is what the caller chose by building that variant, so it
/// is set like a required one (OpenAPI requires the property; specs often forget to say so).
fn tag_properties(types: &[TypeDef]) -> std::collections::BTreeSet<(usize, &str)> {
    let mut out = std::collections::BTreeSet::new();
    for t in types {
        let TypeKind::Tagged { property, variants, .. } = &t.kind else { continue };
        for v in variants {
            if let Some(id) = struct_of(types, &v.ty) {
                out.insert((id, property.as_str()));
            }
        }
    }
    out
}

/// The struct a reference names, through `Option`, `Box` and aliases.
fn struct_of(types: &[TypeDef], t: &TypeRef) -> Option<usize> {
    match unalias(types, t) {
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => struct_of(types, inner),
        TypeRef::Named(id) => matches!(types[id.0].kind, TypeKind::Struct(_)).then_some(id.0),
        _ => None,
    }
}

/// The one value a field allows, if any (see [`fields`]); asked only of the fields the
/// constructor may set: required ones and the property that tells a union's variants apart. An
/// optional property is never sent unless the caller sets it, whatever its schema allows
/// (Twilio's `ScheduleType: fixed` would schedule every message). A field that may also be
/// `null` and is not required has none either.
fn fixed(types: &[TypeDef], f: &Field) -> Option<Fixed> {
    let t = &f.ty;
    if f.presence == Presence::OptionalNullable {
        return None;
    }
    if let Some(Fixed::Const(c)) = &f.fixed {
        return c.fits(t).then(|| Fixed::Const(c.clone()));
    }
    let TypeRef::Named(id) = crate::model::unalias(types, t) else { return None };
    match &types[id.0].kind {
        TypeKind::Enum(vs) if vs.len() == 1 => Some(Fixed::Variant(*id, vs[0].ident.clone())),
        TypeKind::IntEnum(vs) if vs.len() == 1 => Some(Fixed::Variant(*id, vs[0].ident.clone())),
        _ => None,
    }
}

/// Which types implement `Deserialize`, and which callers build. Every type implements
/// `Deserialize` but those only requests use (parameters, request bodies and what they contain):
/// a type a response body or header reaches, or that no operation uses (an unused schema, kept
/// for the user), can be read. Deriving `Deserialize` for a type that is only ever sent is the
/// larger part of its compile time. Callers build the types requests reach.
fn directions(api: &Api) -> (Vec<bool>, Vec<bool>) {
    let n = api.types.len();
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for op in &api.operations {
        walk::operation_refs(op, &mut |direction, t| {
            let roots = if direction == Direction::Request { &mut sent } else { &mut received };
            roots.extend(t.named().map(|id| id.0));
        });
    }
    let mut in_requests = vec![false; n];
    walk::reach(&api.types, sent, &mut in_requests);
    // What a readable type holds must be readable too: an unused schema may hold a type that
    // requests use.
    let mut roots = received;
    roots.extend((0..n).filter(|&id| !in_requests[id]));
    let mut readable = vec![false; n];
    walk::reach(&api.types, roots, &mut readable);
    (readable, in_requests)
}
