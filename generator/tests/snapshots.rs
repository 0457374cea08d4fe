//! insta snapshots, one test per spec, so a reviewer sees any change in output as a snapshot
//! diff and one spec's mismatch never hides another's:
//! - each fixture spec (`tests/fixtures/`): its model and every generated file;
//! - each provider spec (`specs/`): its model only. Its generated files are `generated/`
//!   itself, which `fresh.rs` (and `cargo xtask generate --check`) compare byte for byte.
//!
//! A model snapshot names types by name, not by their index (`TypeId(Pet)`, not `TypeId(12)`):
//! a type added to a spec moves every later index, and would otherwise touch every line that
//! names one.
//!
//! Within one spec, a mismatch does not hide the others either: every file is compared and the
//! test fails listing all that differ.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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

fn stem(spec: &Path) -> String {
    spec.file_stem().and_then(|s| s.to_str()).expect("stem").to_string()
}

/// Runs one snapshot assertion; a mismatch (insta panics) is recorded in `failed` as `name`.
fn check(failed: &mut Vec<String>, name: String, assert: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(assert)).is_err() {
        failed.push(name);
    }
}

/// The model's `Debug` text with every `TypeId(n)` written `TypeId(Name)`.
fn model_text(model: &clientgen::model::Api) -> String {
    let text = format!("{model:#?}");
    let names: Vec<String> = model.types.iter().map(|t| t.name.to_string()).collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("TypeId(") {
        let (before, after) = rest.split_at(at + "TypeId(".len());
        out.push_str(before);
        // `{:#?}` writes `TypeId(\n    12,\n)`.
        let inner = after.trim_start();
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        let tail = inner[digits..].strip_prefix(',').map(str::trim_start);
        match (inner[..digits].parse::<usize>().ok().and_then(|i| names.get(i)), tail) {
            (Some(name), Some(tail)) if tail.starts_with(')') => {
                out.push_str(name);
                rest = tail;
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Compares the model of `spec` (and, with `files`, every file generated from it) with the
/// snapshots in `snapshot_dir`; fails naming every one that differs.
fn snapshot(spec: &Path, snapshot_dir: &str, files: bool) {
    let stem = stem(spec);
    let package = format!("{stem}-client");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    settings.bind(|| {
        let model = clientgen::model(spec, &package).unwrap_or_else(|e| panic!("{e}"));
        let name = format!("{stem}__model");
        let text = model_text(&model);
        check(&mut failed, name.clone(), || insta::assert_snapshot!(name, text));
        if !files {
            return;
        }
        for (path, text) in clientgen::generate(spec, &package).unwrap_or_else(|e| panic!("{e}")) {
            // The runtime is the same in every crate, and `generated/` holds it.
            if path.starts_with("src/runtime/") {
                continue;
            }
            let name = format!("{stem}__{}", path.replace('/', "_"));
            check(&mut failed, name.clone(), || insta::assert_snapshot!(name, text));
        }
    });
    assert!(failed.is_empty(), "{} snapshots differ: {}", failed.len(), failed.join(", "));
}

/// One test per spec; `every_spec_has_its_test` checks that the lists name every spec.
macro_rules! snapshot_tests {
    ($dir:expr, $snapshots:literal, $files:literal, $list:ident: $($name:ident),* $(,)?) => {
        const $list: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                let dir: PathBuf = $dir;
                let spec = specs_in(&dir)
                    .into_iter()
                    .find(|s| stem(s) == stringify!($name))
                    .expect("the spec of this test");
                snapshot(&spec, $snapshots, $files);
            }
        )*
    };
}

mod fixture {
    use super::*;
    snapshot_tests!(fixtures(), "snapshots/fixtures", true, FIXTURES:
        collisions, composition, decoding, features, keywords, lenient, objects, openapi31, paging,
        prelude_names, refs, streams, surface, tags, unasked, wire,
    );

    #[test]
    fn every_spec_has_its_test() {
        let stems: Vec<String> = specs_in(&fixtures()).iter().map(|s| stem(s)).collect();
        assert_eq!(stems, FIXTURES, "add the fixture to the list in snapshots.rs");
    }
}

mod provider {
    use super::*;
    snapshot_tests!(root().join("specs"), "snapshots/providers", false, PROVIDERS:
        clemta, minimo, opencx, quo, wethod,
    );

    #[test]
    fn every_spec_has_its_test() {
        let stems: Vec<String> = specs_in(&root().join("specs")).iter().map(|s| stem(s)).collect();
        assert_eq!(stems, PROVIDERS, "add the provider to the list in snapshots.rs");
    }
}

#[test]
fn model_snapshots_name_types() {
    let spec = fixtures().join("refs.yaml");
    let model = clientgen::model(&spec, "refs-client").expect("model");
    let text = model_text(&model);
    assert!(
        !text.contains("TypeId(\n"),
        "an index left: {}",
        &text[text.find("TypeId(\n").unwrap_or(0)..][..80]
    );
    assert!(text.contains(&format!("TypeId({})", model.types[0].name)), "a type named");
}

#[test]
fn output_is_deterministic() {
    for spec in specs_in(&root().join("specs")).into_iter().chain(specs_in(&fixtures())) {
        let a = clientgen::generate(&spec, "x-client").expect("generates");
        let b = clientgen::generate(&spec, "x-client").expect("generates");
        assert_eq!(a, b, "{}", spec.display());
    }
}
