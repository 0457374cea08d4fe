//! All name-making: the only module that uses `heck` and makes `proc_macro2` identifiers.
//!
//! Every Rust identifier the generator emits is made here, from whatever text the spec holds
//! (keywords, leading digits, unicode, punctuation), and made unique per scope by [`Scope`]:
//! casing and [`Ident`] in this file, operation method names in `operations`, status variants
//! in `status`, type and variant names of the finished arena in `types`, and the names of
//! the generated crate's own items in `items`. The names a generated crate reserves for
//! itself are listed once, in [`crate::surface`].

mod items;
mod operations;
mod status;
pub(crate) mod types;

pub use items::*;
pub use operations::{from_path, is_version, sdk_method, without_framework_noise};
pub use status::status_variant;

use crate::surface;
use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Every keyword of Rust 2015 to 2024, strict and reserved, in one table.
///
/// `self`, `Self`, `super`, `crate` cannot be raw identifiers; they get a trailing `_` instead.
pub const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

const NOT_RAW: &[&str] = &["Self", "self", "super", "crate", "_"];

/// Whether `s` is a keyword of any edition.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Replaces every character that cannot stand in an identifier with a word break, and
/// transliterates nothing: non-ASCII letters are kept where Rust accepts them (XID).
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            // `-`, `.`, `$`, `@`, spaces, `/`, `{`, ... all become word boundaries.
            out.push(' ');
        }
    }
    out
}

fn finish(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() || ident.chars().all(|c| c == '_') {
        ident = fallback.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

/// `snake_case` identifier for a field, method, parameter or module.
pub fn snake(raw: &str) -> String {
    let s = finish(clean(raw).to_snake_case(), "value");
    escape_keyword(s)
}

/// [`snake`] as a word of a longer name (`server_{word}`, a module or package name): a keyword
/// is not spelled raw (`type`), though `self` still becomes `self_`.
pub fn snake_word(raw: &str) -> String {
    let s = snake(raw);
    match s.strip_prefix("r#") {
        Some(word) => word.to_string(),
        None => s,
    }
}

/// A Cargo package name for a spec file stem: `bigcommerce__carts.sf` → `bigcommerce-carts-sf-client`.
pub fn package_name(stem: &str) -> String {
    let kebab = stem.to_kebab_case();
    let kebab = if kebab.is_empty() || kebab.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{kebab}")
    } else {
        kebab
    };
    format!("{}-client", kebab.trim_end_matches('-'))
}

/// `UpperCamelCase` identifier for a type or variant.
pub fn camel(raw: &str) -> String {
    let mut s = clean(raw).to_upper_camel_case();
    // heck keeps `_` between digits (`1_2`): fine, but a leading digit needs a prefix.
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    escape_keyword(finish(s, "Value"))
}

/// `SCREAMING_SNAKE_CASE` for constants.
pub fn screaming(raw: &str) -> String {
    let s = finish(clean(raw).to_snake_case().to_uppercase(), "VALUE");
    escape_keyword(s)
}

/// A keyword becomes a raw identifier (`r#type`), or takes a trailing `_` where raw is not
/// allowed (`self_`).
pub fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A type name that does not shadow a prelude or std item the emitted code relies on.
pub fn type_name(raw: &str) -> String {
    let s = camel(raw);
    if surface::PRELUDE_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else if s == "Self_" {
        // Other names are made by appending to a type name (`{Type}Error`): `Self_Error` would
        // not be camel case.
        "SelfType".to_string()
    } else {
        s
    }
}

/// A Rust identifier the generator made: a keyword is spelled raw (`r#type`). [`Ident::as_str`]
/// and `Display` give the name without `r#` (for docs and for names built from it), `ToTokens`
/// the identifier as code, and `Debug` its spelling (`"r#type"`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident {
    /// The name without `r#`.
    name: String,
    raw: bool,
}

impl Ident {
    /// From a spelling made by this module (`r#type`, `self_`, `Pet`).
    fn from_spelling(spelling: &str) -> Self {
        match spelling.strip_prefix("r#") {
            Some(name) => Ident { name: name.to_string(), raw: true },
            None => Ident { name: spelling.to_string(), raw: false },
        }
    }

    /// The name without `r#`.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The identifier as Rust source spells it (`r#type`).
    pub fn spelling(&self) -> String {
        if self.raw {
            format!("r#{}", self.name)
        } else {
            self.name.clone()
        }
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl std::fmt::Debug for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.spelling(), f)
    }
}

/// Compares the spelling: `r#type` is the raw identifier `type`.
impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        match other.strip_prefix("r#") {
            Some(name) => self.raw && self.name == name,
            None => !self.raw && self.name == *other,
        }
    }
}

impl Ident {
    /// The identifier as a token.
    pub fn to_token(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw {
            proc_macro2::Ident::new_raw(&self.name, span)
        } else {
            proc_macro2::Ident::new(&self.name, span)
        }
    }
}

impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.to_token())]);
    }
}

/// The name a Rust field gets for a wire name, and whether serde needs a `rename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recased {
    pub ident: Ident,
    pub wire: String,
}

impl Recased {
    pub fn needs_rename(&self) -> bool {
        self.ident.as_str() != self.wire
    }
}

/// One namespace (a module's types, a struct's fields, an enum's variants, a method's
/// parameters): hands out unique names deterministically, in the order they are asked for.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per base of a taken name, the first number not yet tried after it: the names below it
    /// were taken when tried and stay taken, so claiming from there gives what claiming from 2
    /// gives, without trying them all again (10,000 operations of one operationId).
    next: std::collections::HashMap<String, usize>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `reserved` are already taken (locals of emitted code, for example).
    pub fn with_reserved<S: AsRef<str>>(reserved: &[S]) -> Self {
        Self { taken: reserved.iter().map(|s| s.as_ref().to_string()).collect(), next: Default::default() }
    }

    /// Takes `candidate`, or the first free `candidate2`, `candidate3`, ... (`candidate_2` for
    /// snake case).
    pub fn claim(&mut self, candidate: &str) -> Ident {
        let candidate = Ident::from_spelling(candidate);
        if self.taken.insert(candidate.name.clone()) {
            return candidate;
        }
        let base = candidate.name.trim_end_matches('_');
        let sep = if base.chars().any(|c| c.is_ascii_uppercase()) { "" } else { "_" };
        let next = self.next.entry(format!("{base}{sep}")).or_insert(2);
        let (name, n) = (*next..)
            .map(|n| (format!("{base}{sep}{n}"), n))
            .find(|(name, _)| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name");
        *next = n + 1;
        Ident { name, raw: false }
    }

    /// Whether `candidate` is not taken yet.
    pub fn is_free(&self, candidate: &str) -> bool {
        !self.taken.contains(Ident::from_spelling(candidate).as_str())
    }

    /// Recases a wire name into this scope as a snake_case field/param name.
    pub fn field(&mut self, wire: &str) -> Recased {
        Recased { ident: self.claim(&snake(wire)), wire: wire.to_string() }
    }

    /// Recases a wire name into this scope as a variant/type name.
    pub fn variant(&mut self, wire: &str) -> Recased {
        Recased { ident: self.claim(&camel(wire)), wire: wire.to_string() }
    }
}

#[cfg(test)]
mod tests;
