//! insta snapshots of every generated file and of the model, for each provider spec and each
//! fixture spec, so a reviewer sees any change in output as a snapshot diff.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

fn snapshot_spec(spec: &Path, snapshot_dir: &str) {
    let stem = spec.file_stem().and_then(|s| s.to_str()).expect("stem").to_string();
    let package = format!("{stem}-client");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        let model = clientgen::model(spec, &package).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_debug_snapshot!(format!("{stem}__model"), model);
        let files = clientgen::generate(spec, &package).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in files {
            // The runtime is the same in every crate: one snapshot of each of its files
            // (`runtime_mod.rs`, ...).
            if let Some(file) = path.strip_prefix("src/runtime/") {
                if stem == "quo" {
                    insta::assert_snapshot!(format!("runtime_{file}"), text);
                }
                continue;
            }
            insta::assert_snapshot!(format!("{stem}__{}", path.replace('/', "_")), text);
        }
    });
}

#[test]
fn providers() {
    for spec in specs_in(&root().join("specs")) {
        snapshot_spec(&spec, "snapshots/providers");
    }
}

#[test]
fn fixtures() {
    for spec in specs_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")) {
        snapshot_spec(&spec, "snapshots/fixtures");
    }
}

#[test]
fn output_is_deterministic() {
    for spec in specs_in(&root().join("specs"))
        .into_iter()
        .chain(specs_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")))
    {
        let a = clientgen::generate(&spec, "x-client").expect("generates");
        let b = clientgen::generate(&spec, "x-client").expect("generates");
        assert_eq!(a, b, "{}", spec.display());
    }
}
