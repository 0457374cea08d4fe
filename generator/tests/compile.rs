//! Every fixture spec generates a crate that passes `cargo clippy -D warnings` and `cargo doc`
//! with rustdoc warnings denied, and whose behaviour tests (`tests/fixture_behaviour/<name>.rs`,
//! copied into the crate) pass; a provider crate generated into a directory of its own builds
//! outside this workspace.
//!
//! The crates are built with `cargo --offline` against this workspace's `Cargo.lock`, in a target
//! directory of their own (the outer `cargo test` holds the workspace's).

mod common;

use common::{cargo, root, try_cargo};
use std::path::{Path, PathBuf};

fn write_crate(dir: &Path, files: clientgen::Files) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in clientgen::project::with_root(dir, files) {
        clientgen::project::write_atomic(&path, &text).expect("write");
    }
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
                    "{text}\n[dev-dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
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
    // Every command runs, and the test fails naming each that failed: one failure hides none.
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
        vec!["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
    ];
    // A large API's tags are features: each subset builds without warnings, down to none.
    for features in ["", "pets", "type,untagged"] {
        let mut args = vec!["clippy", "-p", "tags-client", "--lib", "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        args.extend(["--", "-D", "warnings"]);
        commands.push(args);
    }
    // The crate docs' example compiles whatever the tags.
    commands.push(vec!["test", "-p", "tags-client", "--doc", "--no-default-features"]);
    commands.push(vec!["doc", "--workspace", "--no-deps"]);
    // Docs of an item several tags share link only to what that item's features compile.
    commands.push(vec![
        "doc",
        "-p",
        "tags-client",
        "--no-deps",
        "--no-default-features",
        "--features",
        "type",
    ]);
    commands.push(vec!["test", "--workspace"]);
    let failures: Vec<String> = commands.iter().filter_map(|args| try_cargo(&ws, args).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} commands failed:\n{}",
        failures.len(),
        commands.len(),
        failures.join("\n")
    );
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

/// The everyday tasks of `tests/tasks/` (an OpenAI chat completion, creating and listing Stripe
/// customers, listing and getting GitHub repositories), written as a user would against crates
/// generated from the corpus's specs with only the feature each task uses, run against loopback
/// servers. Prints the lines of each task's code (between its `---` markers).
#[test]
fn everyday_tasks_run_against_crates_generated_from_the_corpus() {
    let corpus = root().join("../shared/corpus/specs");
    if !corpus.is_dir() {
        // Off CI (a checkout without `../shared`), skipped with a word; on CI (`.ci/run` sets
        // `CI`), a missing corpus is a broken set-up, not a pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} not found: CI needs the corpus for the tasks",
            corpus.display()
        );
        eprintln!("{} not found: the corpus tasks are skipped", corpus.display());
        return;
    }
    let ws = root().join("target/task-crates");
    let _ = std::fs::remove_dir_all(&ws);
    // Each crate with only the features its tasks use (none: an API small enough to have none).
    let crates: [(&str, &str, &[&str]); 9] = [
        ("openai", "openai__api.yaml", &["chat"]),
        ("mistral", "mistral__api.yaml", &["chat", "beta-conversations"]),
        ("stripe", "stripe__api.yaml", &["customers"]),
        ("github", "github__api.github.com.json", &["repos"]),
        ("digitalocean", "digitalocean__api.yaml", &["droplets"]),
        ("telnyx", "telnyx__api.yaml", &["phone-number-configurations"]),
        ("twilio", "twilio__api_v2010.yaml", &["api20100401-message"]),
        ("ably", "ably__control-v1.yaml", &[]),
        ("supabase", "supabase__auth.yaml", &[]),
    ];
    let mut deps = String::new();
    let mut members = Vec::new();
    for (name, spec, features) in crates {
        let files = clientgen::generate(&corpus.join(spec), &format!("{name}-client"))
            .unwrap_or_else(|e| panic!("{e}"));
        write_crate(&ws.join(name), files);
        let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        let features = match features.is_empty() {
            true => String::new(),
            false => format!(", default-features = false, features = [{}]", features.join(", ")),
        };
        deps.push_str(&format!("{name}-client = {{ path = \"../{name}\"{features} }}\n"));
        members.push(format!("{name:?}"));
    }
    members.push("\"tasks\"".into());
    let tasks = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tasks");
    std::fs::create_dir_all(ws.join("tasks/tests")).expect("mkdir");
    std::fs::create_dir_all(ws.join("tasks/src")).expect("mkdir");
    std::fs::write(ws.join("tasks/src/lib.rs"), "//! The tasks are its tests.\n").expect("lib");
    for entry in std::fs::read_dir(&tasks).expect("tasks") {
        let file = entry.expect("entry").path();
        let text = std::fs::read_to_string(&file).expect("task");
        let lines = text
            .lines()
            .skip_while(|l| !l.starts_with("// ---"))
            .skip(1)
            .take_while(|l| !l.starts_with("// ---"))
            .filter(|l| !l.trim().is_empty())
            .count();
        eprintln!(
            "{}: {lines} lines of task code",
            file.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        );
        std::fs::copy(&file, ws.join("tasks/tests").join(file.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(
        ws.join("tasks/Cargo.toml"),
        format!(
            "[package]\nname = \"tasks\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dev-dependencies]\n{deps}serde_json = \"1\"\nserde_norway = \"0.9\"\nurl = \"2\"\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\nwiremock = \"0.6\"\n"
        ),
    )
    .expect("manifest");
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("manifest");
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).expect("lock");
    std::env::set_var("GITHUB_SPEC", corpus.join("github__api.github.com.json"));
    std::env::set_var("CORPUS_SPECS", &corpus);
    cargo(&ws, &["test", "-p", "tasks"]);
}
