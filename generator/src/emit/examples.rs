//! Rust expressions that build a value of a generated type from an example JSON value (see
//! `lower::examples`): struct literals, enum variants, `vec![..]`, literals. Where the example
//! says nothing (a field it leaves out), the expression is the type's smallest value: `None`, an
//! empty collection, the first variant. Used by the conformance driver and by the docs.

use super::ident;
use crate::model::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// How deep an expression goes before collections and options are left empty.
const MAX_DEPTH: usize = 16;

/// An expression of type `t` built from `v`, outside the crate (`krate` is its path:
/// `quo_client`).
pub fn value_expr(api: &Api, krate: &TokenStream, t: &TypeRef, v: &Value) -> TokenStream {
    Builder { api, krate }.expr(t, v, 0)
}

/// The arguments of `op`'s `Client` method built from the examples: a string or bytes argument
/// (`impl Into<..>`) as a plain literal.
pub fn call_args(api: &Api, krate: &TokenStream, op: &Operation) -> Vec<TokenStream> {
    let builder = Builder { api, krate };
    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.is_argument())
        .map(|p| builder.argument(&p.ty, &p.example, 0))
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push(builder.argument(&b.ty, &b.example, 0));
    }
    args
}

/// `client.op(args).await` with example arguments, formatted as a user writes it (the statement
/// `let response = ...;`), for the docs; `None` when it would be longer than `max_lines`.
pub fn example_call(api: &Api, op: &Operation, max_lines: usize) -> Option<String> {
    let krate = crate::names::local(&api.lib);
    let krate = quote!(#krate);
    let method = op.method_name.to_token();
    let args = call_args(api, &krate, op);
    let tokens = quote! {
        fn example() {
            let response = client.#method(#(#args),*).await;
        }
    };
    let file: syn::File = syn::parse2(tokens).ok()?;
    let text = prettyplease::unparse(&file);
    // The body of the wrapper, dedented.
    let lines: Vec<&str> = text.lines().collect();
    let body: Vec<String> = lines[1..lines.len().saturating_sub(1)]
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l).to_string())
        .collect();
    (body.len() <= max_lines).then(|| body.join("\n"))
}

struct Builder<'a> {
    api: &'a Api,
    krate: &'a TokenStream,
}

impl Builder<'_> {
    fn expr(&self, t: &TypeRef, v: &Value, depth: usize) -> TokenStream {
        let deep = depth > MAX_DEPTH;
        match t {
            TypeRef::String => {
                let s = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => "example".to_string(),
                    other => other.to_string(),
                };
                quote!(#s.to_string())
            }
            TypeRef::Integer(kind) => {
                let n = match kind {
                    IntKind::U32 | IntKind::U64 => v.as_u64().map(|n| n as i128),
                    _ => v.as_i64().map(i128::from),
                };
                let lit = Literal::i128_unsuffixed(n.unwrap_or(1));
                quote!(#lit)
            }
            TypeRef::Number => {
                let lit = Literal::f64_unsuffixed(v.as_f64().filter(|f| f.is_finite()).unwrap_or(1.5));
                quote!(#lit)
            }
            TypeRef::Boolean => {
                let b = v.as_bool().unwrap_or(true);
                quote!(#b)
            }
            TypeRef::Bytes => {
                let s = v.as_str().unwrap_or("example");
                let krate = self.krate;
                quote!(#krate::Bytes(#s.as_bytes().to_vec()))
            }
            TypeRef::Json => json_expr(v),
            TypeRef::JsonObject => match v {
                Value::Object(m) if !m.is_empty() && !deep => {
                    let entries = m.iter().map(|(k, v)| {
                        let v = json_expr(v);
                        quote!((#k.to_string(), #v))
                    });
                    quote!(::serde_json::Map::from_iter([#(#entries),*]))
                }
                _ => quote!(::serde_json::Map::new()),
            },
            TypeRef::Array(inner) => match v {
                Value::Array(items) if !deep => {
                    let items = items.iter().map(|i| self.expr(inner, i, depth + 1));
                    quote!(vec![#(#items),*])
                }
                _ => {
                    let t = self.type_tokens(inner);
                    quote!(Vec::<#t>::new())
                }
            },
            TypeRef::Map(inner) => match v {
                Value::Object(m) if !m.is_empty() && !deep => {
                    let entries = m.iter().map(|(k, v)| {
                        let v = self.expr(inner, v, depth + 1);
                        quote!((#k.to_string(), #v))
                    });
                    quote!(::std::collections::BTreeMap::from([#(#entries),*]))
                }
                _ => {
                    let t = self.type_tokens(inner);
                    quote!(::std::collections::BTreeMap::<String, #t>::new())
                }
            },
            TypeRef::Option(inner) => match v {
                Value::Null => quote!(None),
                _ if deep => quote!(None),
                v => {
                    let inner = self.expr(inner, v, depth + 1);
                    quote!(Some(#inner))
                }
            },
            TypeRef::Boxed(inner) => {
                let inner = self.expr(inner, v, depth + 1);
                quote!(Box::new(#inner))
            }
            TypeRef::Named(id) => self.named(&self.api.types[id.0], v, depth),
        }
    }

    fn named(&self, def: &TypeDef, v: &Value, depth: usize) -> TokenStream {
        let krate = self.krate;
        let name = ident(&def.name);
        let path = quote!(#krate::types::#name);
        match &def.kind {
            TypeKind::Alias(t) => self.expr(t, v, depth),
            // `Type::new(required..)` and a setter per other property the example gives.
            TypeKind::Struct(s) => {
                let deep = depth > MAX_DEPTH;
                let given = |f: &Field| v.get(&f.wire).filter(|x| !x.is_null() && !deep);
                let args = s.fields.iter().filter(|f| f.fixed.is_none() && !f.presence.optional()).map(|f| {
                    self.argument(
                        super::types::unwrapped(&f.ty),
                        v.get(&f.wire).unwrap_or(&Value::Null),
                        depth + 1,
                    )
                });
                let setters =
                    s.fields.iter().filter(|f| f.fixed.is_none() && f.presence.optional()).filter_map(|f| {
                        let value = given(f)?;
                        let setter = ident(&f.setter);
                        let e = self.argument(super::types::unwrapped(&f.ty), value, depth + 1);
                        Some(quote!(.#setter(#e)))
                    });
                quote!(#path::new(#(#args),*) #(#setters)*)
            }
            TypeKind::Enum(variants) => {
                let chosen = v.as_str().and_then(|s| variants.iter().find(|x| x.value == s));
                match chosen.or(variants.first()) {
                    Some(x) => {
                        let x = ident(&x.ident);
                        quote!(#path::#x)
                    }
                    None => quote!(#path::Other(String::new())),
                }
            }
            TypeKind::IntEnum(variants) => {
                let chosen = v.as_i64().and_then(|n| variants.iter().find(|x| x.value == n));
                match chosen.or(variants.first()) {
                    Some(x) => {
                        let x = ident(&x.ident);
                        quote!(#path::#x)
                    }
                    None => quote!(#path::Other(0)),
                }
            }
            TypeKind::Tagged { property, variants, .. } => {
                let tag = v.get(property).and_then(Value::as_str);
                let tagged = |x: &&UnionVariant| tag.is_some_and(|t| x.tags.iter().any(|g| g == t));
                let chosen = variants
                    .iter()
                    .filter(tagged)
                    .find(|x| self.fits(&x.ty, v, depth))
                    .or_else(|| variants.iter().find(tagged));
                self.variant(&path, chosen.or(variants.first()), v, depth)
            }
            TypeKind::Union(variants) => {
                let chosen = variants.iter().find(|x| self.fits(&x.ty, v, depth));
                self.variant(&path, chosen.or(variants.first()), v, depth)
            }
        }
    }

    /// The type `t` as code outside the crate names it.
    fn type_tokens(&self, t: &TypeRef) -> TokenStream {
        super::ty_at(self.api, t, self.krate, false)
    }

    /// An `impl Into<T>` argument: a string as a plain literal.
    fn argument(&self, t: &TypeRef, v: &Value, depth: usize) -> TokenStream {
        match (t, v) {
            (TypeRef::String, Value::String(s)) => quote!(#s),
            _ => self.expr(t, v, depth),
        }
    }

    fn variant(&self, path: &TokenStream, x: Option<&UnionVariant>, v: &Value, depth: usize) -> TokenStream {
        match x {
            Some(x) => {
                let name = ident(&x.ident);
                let e = self.expr(&x.ty, v, depth + 1);
                quote!(#path::#name(#e))
            }
            None => {
                let e = json_expr(v);
                quote!(#path::Other(#e))
            }
        }
    }

    /// Whether `v` has the shape of `t` (for choosing a union's variant).
    fn fits(&self, t: &TypeRef, v: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match (t, v) {
            (TypeRef::Json, _) => true,
            (TypeRef::Option(inner) | TypeRef::Boxed(inner), v) => {
                v.is_null() || self.fits(inner, v, depth + 1)
            }
            (TypeRef::String, Value::String(_)) | (TypeRef::Boolean, Value::Bool(_)) => true,
            (TypeRef::Bytes, Value::String(_)) => true,
            (TypeRef::Integer(_), Value::Number(n)) => n.is_i64() || n.is_u64(),
            (TypeRef::Number, Value::Number(_)) => true,
            (TypeRef::Array(inner), Value::Array(items)) => {
                items.iter().all(|i| self.fits(inner, i, depth + 1))
            }
            (TypeRef::Map(_) | TypeRef::JsonObject, Value::Object(_)) => true,
            (TypeRef::Named(id), v) => match (&self.api.types[id.0].kind, v) {
                (TypeKind::Alias(t), v) => self.fits(t, v, depth + 1),
                (TypeKind::Struct(s), Value::Object(m)) => s.fields.iter().all(|f| {
                    m.get(&f.wire).map_or(f.presence.optional(), |x| self.fits(&f.rust_ty(), x, depth + 1))
                }),
                (TypeKind::Enum(vs), Value::String(s)) => vs.iter().any(|x| x.value == *s),
                (TypeKind::IntEnum(vs), Value::Number(n)) => vs.iter().any(|x| Some(x.value) == n.as_i64()),
                (TypeKind::Union(vs) | TypeKind::Tagged { variants: vs, .. }, v) => {
                    vs.iter().any(|x| self.fits(&x.ty, v, depth + 1))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// `serde_json::json!(..)` of a value.
fn json_expr(v: &Value) -> TokenStream {
    match v.to_string().parse::<TokenStream>() {
        Ok(tokens) if !v.to_string().contains("\\u") => quote!(::serde_json::json!(#tokens)),
        _ => {
            let text = v.to_string();
            quote!(::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default())
        }
    }
}
