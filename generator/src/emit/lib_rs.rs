//! `src/lib.rs`: crate docs with a usage example, modules and re-exports.

use super::docs::{code, inline, prose};
use super::ident;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    let mut text = match api.version.trim() {
        "" => format!("Typed client for the {}.", inline(&api.title)),
        version => format!("Typed client for the {} (version {}).", inline(&api.title), inline(version)),
    };
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    text.push_str("\n\n# Usage\n\n");
    text.push_str(&usage_example(api));
    for c in &api.client_certificates {
        text.push_str(&format!(
            "\n\nOperations of the security scheme {} authenticate with a TLS client certificate: \
             the client sets none itself. Build a `reqwest::Client` with your certificate \
             (`reqwest::Identity`) and pass it to [`ClientBuilder::http_client`].",
            code(&c.key)
        ));
        if let Some(d) = &c.description {
            text.push_str("\n\n");
            text.push_str(&prose(d));
        }
    }
    text.push_str(
        "\n\nEvery operation is a method of [`Client`] that returns a request builder: await it to \
         send the request. Calls return [`Error`], which tells a documented error response \
         (decoded into the operation's error enum in [`operations`]) from an undocumented status, \
         a body that does not decode, and a transport failure.",
    );
    let crate_docs = super::docs::doc_lines(&text).map(|l| quote!(#![doc = #l]));
    let server = (!api.servers.is_empty()).then(|| quote!(Server,));
    let variable_enums = api.server_variables.iter().filter_map(|v| v.enum_name.as_ref()).map(|n| {
        let n = ident(n);
        quote!(#n,)
    });
    // With some tags' features off, client code only those tags use goes unused.
    let subset_allow = (!api.groups.is_empty())
        .then(|| quote!(#![cfg_attr(not(feature = "all"), allow(dead_code, unused_imports))]));
    let exports = |names: &[&str]| {
        let names = names.iter().map(|n| crate::names::local(n));
        quote!(pub use runtime::{#(#names),*};)
    };
    let request_exports = (!api.operations.is_empty()).then(|| {
        let headed = api.headed().then(|| quote!(Headed,));
        quote!(Decoded, #headed Operation, Request)
    });
    let stream_exports = api.streams().then(|| exports(crate::surface::STREAM_EXPORTS));
    let paging_exports = api.pages().then(|| exports(crate::surface::PAGING_EXPORTS));
    quote! {
        #(#crate_docs)*
        #![forbid(unsafe_code)]
        // rustdoc works out the auto traits of every type: Stripe's deep graph of boxed types
        // overflows the default limit of 128.
        #![recursion_limit = "256"]
        #![warn(missing_docs)]
        #subset_allow

        mod client;
        pub mod operations;
        // Helpers shared by every operation; a crate whose spec needs fewer leaves some unused.
        #[allow(dead_code)]
        mod runtime;
        pub mod types;

        pub use client::{Client, ClientBuilder, #server #(#variable_enums)* #request_exports};
        pub use runtime::{BuildError, Bytes, Error, HeaderMap, IntoJsonObject, Method, Nullable, Pending, RawRequest, RequestOptions, Response, RetryPolicy, Secret, StatusCode};
        #stream_exports
        #paging_exports
    }
}

/// A doctest that builds a client and calls the first operation.
fn usage_example(api: &Api) -> String {
    // The first operation whose example call is short, called with example arguments.
    let call = api.operations.iter().find_map(|op| {
        let call = super::examples::example_call(api, op, 20)?;
        // In a crate split by tag, the example compiles only with its operation's feature.
        let feature = op.group.map(|g| api.groups[g].feature.clone());
        Some((call, feature))
    });
    let (call, feature) = call.unzip();
    doctest(api, call.as_deref(), feature.flatten().as_deref())
}

/// A `no_run` doctest that builds a client (with placeholder credentials) and makes `call`
/// (`let response = ...;`), compiled only with `feature` when one is given.
pub(super) fn doctest(api: &Api, call: Option<&str>, feature: Option<&str>) -> String {
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {}::Client::builder()", api.lib),
    ];
    for a in &api.auth {
        let args = match a.kind {
            AuthKind::Basic => "\"user\", \"password\"".to_string(),
            _ => format!("\"YOUR_{}\"", a.setter.as_str().to_uppercase()),
        };
        lines.push(format!("    .{}({args})", a.setter.spelling()));
    }
    for h in &api.default_headers {
        lines.push(format!("    .{}(\"{}\")", h.setter.spelling(), h.header.to_lowercase()));
    }
    lines.push("    .build()?;".to_string());
    match call {
        Some(call) => {
            if let Some(f) = feature {
                lines.push(format!("# #[cfg(feature = \"{f}\")]"));
                lines.push("# {".into());
            }
            lines.extend(call.lines().map(str::to_string));
            lines.push("match response {".into());
            lines.push("    Ok(value) => println!(\"{value:?}\"),".into());
            lines.push("    Err(e) => eprintln!(\"status {:?}: {e}\", e.status()),".into());
            lines.push("}".into());
            if feature.is_some() {
                lines.push("# }".into());
            }
        }
        None => lines.push("let _ = client;".into()),
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines.join("\n")
}
