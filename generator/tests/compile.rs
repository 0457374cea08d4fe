//! Every fixture spec generates a crate that passes `cargo clippy -D warnings` and `cargo doc`
//! with rustdoc warnings denied, and whose behaviour tests (`tests/fixture_behaviour/<name>.rs`,
//! copied into the crate) pass; a provider crate generated into a directory of its own builds
//! outside this workspace.
//!
//! The crates are built with `cargo --offline` against this workspace's `Cargo.lock`, in a target
//! directory of their own (the outer `cargo test` holds the workspace's).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn write_crate(dir: &Path, files: clientgen::Files) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in clientgen::project::with_root(dir, files) {
        clientgen::project::write_atomic(&path, &text).expect("write");
    }
}

fn cargo(dir: &Path, args: &[&str]) {
    let target = root().join("target/generated-check");
    let out = Command::new(env!("CARGO"))
        .arg("--offline")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn fixture_crates_pass_clippy_and_doc() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let ws = root().join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&ws);
    let mut members = Vec::new();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    for spec in specs {
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("stem").replace('_', "-");
        let files = clientgen::generate(&spec, &format!("{stem}-client")).unwrap_or_else(|e| panic!("{e}"));
        write_crate(&ws.join(&stem), files);
        // Behaviour tests for a fixture's types run inside its crate.
        let behaviour = fixtures.join("../fixture_behaviour").join(format!("{}.rs", stem.replace('-', "_")));
        if behaviour.exists() {
            let tests = ws.join(&stem).join("tests");
            std::fs::create_dir_all(&tests).expect("mkdir");
            std::fs::copy(&behaviour, tests.join("behaviour.rs")).expect("copy");
            let manifest = ws.join(&stem).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).expect("manifest");
            std::fs::write(
                &manifest,
                format!(
                    "{text}\n[dev-dependencies]\nserde_json = \"1\"\n\
                     tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
                     wiremock = \"0.6\"\n"
                ),
            )
            .expect("manifest");
        }
        members.push(format!("{stem:?}"));
    }
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("manifest");
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).expect("lock");
    cargo(&ws, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    cargo(&ws, &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"]);
    // A large API's tags are features: each subset builds without warnings, down to none.
    for features in ["", "pets", "type,untagged"] {
        let mut args = vec!["clippy", "-p", "tags-client", "--lib", "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        args.extend(["--", "-D", "warnings"]);
        cargo(&ws, &args);
    }
    // The crate docs' example compiles whatever the tags.
    cargo(&ws, &["test", "-p", "tags-client", "--doc", "--no-default-features"]);
    cargo(&ws, &["doc", "--workspace", "--no-deps"]);
    cargo(&ws, &["test", "--workspace"]);
}

#[test]
fn a_crate_generated_elsewhere_builds_on_its_own() {
    let dir = std::env::temp_dir().join(format!("clientgen-standalone-{}", std::process::id()));
    let files = clientgen::generate(&root().join("specs/wethod.yaml"), "standalone-wethod")
        .unwrap_or_else(|e| panic!("{e}"));
    write_crate(&dir, files);
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
    cargo(&dir, &["check", "--all-targets"]);
    let _ = std::fs::remove_dir_all(&dir);
}
