//! insta snapshots of every generated file and of the model, for each provider spec and each
//! fixture spec, so a reviewer sees any change in output as a snapshot diff. A mismatch does not
//! hide the others: every file of every spec is compared, and the test fails listing them all.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| clientgen::load::is_spec_file(p))
        .collect();
    specs.sort();
    specs
}

/// Runs one snapshot assertion; a mismatch (insta panics) is recorded in `failed` as `name`.
fn check(failed: &mut Vec<String>, name: String, assert: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(assert)).is_err() {
        failed.push(name);
    }
}

/// Compares the model and every file generated from `spec`; the names of those that differ.
fn snapshot_spec(spec: &Path, snapshot_dir: &str) -> Vec<String> {
    let stem = spec.file_stem().and_then(|s| s.to_str()).expect("stem").to_string();
    let package = format!("{stem}-client");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    settings.bind(|| {
        let model = clientgen::model(spec, &package).unwrap_or_else(|e| panic!("{e}"));
        let name = format!("{stem}__model");
        check(&mut failed, name.clone(), || insta::assert_debug_snapshot!(name, model));
        let files = clientgen::generate(spec, &package).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in files {
            // The runtime is the same in every crate: one snapshot of each of its files
            // (`runtime_mod.rs`, ...).
            let name = match path.strip_prefix("src/runtime/") {
                Some(file) if stem == "quo" => format!("runtime_{file}"),
                Some(_) => continue,
                None => format!("{stem}__{}", path.replace('/', "_")),
            };
            check(&mut failed, name.clone(), || insta::assert_snapshot!(name, text));
        }
    });
    failed
}

/// Every spec of `dir` against its snapshots in `snapshot_dir`.
fn snapshot_all(dir: &Path, snapshot_dir: &str) {
    let failed: Vec<String> =
        specs_in(dir).iter().flat_map(|spec| snapshot_spec(spec, snapshot_dir)).collect();
    assert!(failed.is_empty(), "{} snapshots differ: {}", failed.len(), failed.join(", "));
}

#[test]
fn providers() {
    snapshot_all(&root().join("specs"), "snapshots/providers");
}

#[test]
fn fixtures() {
    snapshot_all(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), "snapshots/fixtures");
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
