//! The runtime a crate carries: its files copied verbatim from the generator's `runtime/`
//! (comments and layout kept), and a `mod.rs` that declares and re-exports the modules of
//! [`Api::runtime`](crate::model::Api::runtime).

use crate::model::RuntimeModule;
use proc_macro2::TokenStream;
use quote::quote;

/// How a module's items are re-exported from `runtime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Export {
    /// `pub use m::*;`
    Pub,
    /// `pub(crate) use m::*;`
    Crate,
    /// `pub use` that a crate may not use (no object types, say): `#[allow(unused_imports)]`.
    PubMaybeUnused,
    /// `pub(crate) use`, the same.
    CrateMaybeUnused,
}

/// A runtime file: its text, how it is re-exported, and what it does (for `mod.rs`'s docs).
struct RuntimeFile {
    text: &'static str,
    export: Export,
    what: &'static str,
}

fn file(m: RuntimeModule) -> RuntimeFile {
    let (text, export, what) = match m {
        RuntimeModule::Auth => (include_str!("../../runtime/auth.rs"), Export::Pub, "credentials"),
        RuntimeModule::Body => (include_str!("../../runtime/body.rs"), Export::Pub, "bytes and multipart"),
        RuntimeModule::Decode => (include_str!("../../runtime/decode.rs"), Export::Pub, "responses"),
        RuntimeModule::Encode => {
            (include_str!("../../runtime/encode.rs"), Export::Crate, "parameters and forms on the wire")
        }
        RuntimeModule::Enums => (
            include_str!("../../runtime/enums.rs"),
            Export::CrateMaybeUnused,
            "enums through their wire values",
        ),
        RuntimeModule::Error => (include_str!("../../runtime/error.rs"), Export::Pub, "errors"),
        RuntimeModule::Http => {
            (include_str!("../../runtime/http.rs"), Export::Pub, "the HTTP types of `reqwest` it names")
        }
        RuntimeModule::Nullable => (
            include_str!("../../runtime/nullable.rs"),
            Export::Pub,
            "fields that may be absent, null or a value",
        ),
        RuntimeModule::Object => (
            include_str!("../../runtime/object.rs"),
            Export::PubMaybeUnused,
            "structs as JSON objects, written by hand rather than derived",
        ),
        RuntimeModule::Paging => {
            (include_str!("../../runtime/paging.rs"), Export::Pub, "lists read in pages")
        }
        RuntimeModule::Retry => (include_str!("../../runtime/retry.rs"), Export::Pub, "the retry policy"),
        RuntimeModule::Send => {
            (include_str!("../../runtime/send.rs"), Export::Pub, "timeouts, retries, limits, tracing")
        }
        RuntimeModule::Stream => (
            include_str!("../../runtime/stream.rs"),
            Export::Pub,
            "server-sent events and binary bodies read as they arrive",
        ),
    };
    RuntimeFile { text, export, what }
}

/// The text of a runtime module's file, as the generator holds it.
pub fn text(m: RuntimeModule) -> &'static str {
    file(m).text
}

/// `src/runtime/mod.rs` of a crate carrying `modules`.
pub fn mod_rs(modules: &[RuntimeModule]) -> TokenStream {
    let list: String = modules.iter().map(|&m| format!("\n- [`{}`], {}", m.name(), file(m).what)).collect();
    let docs = format!(
        "The runtime every operation of this crate shares, one concern a module, written once in \
         the generator and copied verbatim:\n{list}"
    );
    let docs = docs.lines().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#![doc = #l])
    });
    let idents: Vec<proc_macro2::Ident> = modules.iter().map(|m| crate::names::local(m.name())).collect();
    let exports = modules.iter().zip(&idents).map(|(&m, name)| match file(m).export {
        Export::Pub => quote!(pub use #name::*;),
        Export::Crate => quote!(pub(crate) use #name::*;),
        Export::PubMaybeUnused => quote!(#[allow(unused_imports)] pub use #name::*;),
        Export::CrateMaybeUnused => quote!(#[allow(unused_imports)] pub(crate) use #name::*;),
    });
    quote! {
        #(#docs)*
        #(mod #idents;)*
        #(#exports)*
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generator's own `runtime/mod.rs` (which its tests compile) declares and exports
    /// every module as the emitted `mod.rs` of a crate that needs them all does.
    #[test]
    fn emitted_mod_rs_matches_the_runtimes_own() {
        // Each item as (kind, module, visibility, whether it allows unused imports).
        let items = |file: syn::File| -> Vec<(&'static str, String, &'static str, bool)> {
            let allows = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("allow"));
            let vis = |v: &syn::Visibility| match v {
                syn::Visibility::Public(_) => "pub",
                syn::Visibility::Restricted(_) => "pub(crate)",
                syn::Visibility::Inherited => "",
            };
            file.items
                .into_iter()
                .map(|item| match item {
                    syn::Item::Mod(m) => ("mod", m.ident.to_string(), vis(&m.vis), false),
                    syn::Item::Use(u) => match &u.tree {
                        syn::UseTree::Path(p) if matches!(*p.tree, syn::UseTree::Glob(_)) => {
                            ("use", p.ident.to_string(), vis(&u.vis), allows(&u.attrs))
                        }
                        _ => panic!("a runtime export is `use module::*`"),
                    },
                    _ => panic!("runtime/mod.rs holds modules and their exports only"),
                })
                .collect()
        };
        let own: syn::File = syn::parse_str(include_str!("../../runtime/mod.rs")).expect("parses");
        let emitted: syn::File = syn::parse2(mod_rs(&RuntimeModule::ALL)).expect("parses");
        assert_eq!(items(own), items(emitted));
        // Every file of the folder is a module of the list.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut stems: Vec<String> = std::fs::read_dir(dir)
            .expect("runtime/")
            .map(|e| e.expect("entry").path().file_stem().expect("stem").to_string_lossy().into_owned())
            .filter(|s| s != "mod")
            .collect();
        stems.sort();
        assert_eq!(stems, RuntimeModule::ALL.map(|m| m.name()));
    }
}
