//! The settings of a generated crate's `Cargo.toml`: the edition, minimum Rust version,
//! license and dependencies every generated crate has (the dependency versions kept in step
//! with the workspace's, so the runtime the generator tests is the one the crates build).

use crate::model::{Dependency, Manifest};

/// The manifest settings of the crate of the API titled `title`.
pub fn manifest(title: &str) -> Manifest {
    Manifest {
        description: format!("Typed Rust client for the {title} (generated from its OpenAPI document)"),
        edition: "2021".into(),
        rust_version: "1.80".into(),
        license: "MIT OR Apache-2.0".into(),
        publish: false,
        dependencies: dependencies(),
    }
}

/// The dependencies of every generated crate: what the runtime uses.
pub fn dependencies() -> Vec<Dependency> {
    let dep = |name: &str, version: &str| Dependency {
        name: name.into(),
        version: version.into(),
        default_features: true,
        ..Dependency::default()
    };
    vec![
        dep("percent-encoding", "2"),
        Dependency { default_features: false, features: vec!["rustls-tls".into()], ..dep("reqwest", "0.12") },
        dep("serde", "1"),
        dep("serde_json", "1"),
        Dependency { features: vec!["time".into()], ..dep("tokio", "1") },
        Dependency {
            optional: true,
            feature_doc: Some(
                "A `tracing` span per request: method, path template, status, attempt, elapsed time. Never\n\
                 credentials or bodies."
                    .into(),
            ),
            ..dep("tracing", "0.1")
        },
    ]
}
