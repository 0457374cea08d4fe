//! `cargo xtask generate` as a user runs it: exit codes, messages, what it writes and leaves.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("specs")).expect("mkdir");
        Tmp(dir)
    }
    fn specs(&self) -> PathBuf {
        self.0.join("specs")
    }
    fn generated(&self) -> PathBuf {
        self.0.join("generated")
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("root").to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

fn generate(tmp: &Tmp, extra: &[&str]) -> Output {
    let specs = tmp.specs();
    let generated = tmp.generated();
    let mut args = vec![
        "generate",
        "--specs",
        specs.to_str().expect("utf8"),
        "--generated",
        generated.to_str().expect("utf8"),
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

fn listing(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                out.extend(listing(&p));
            } else {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn generate_check_and_stale_files() {
    let tmp = Tmp::new("cycle");
    for spec in ["quo.yaml", "minimo.yaml"] {
        std::fs::copy(repo().join("specs").join(spec), tmp.specs().join(spec)).expect("copy");
    }
    let out = generate(&tmp, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.generated().join("quo/src/lib.rs").exists());
    assert!(tmp.generated().join("minimo/Cargo.toml").exists());

    // Unchanged: --check passes and a second run writes nothing.
    assert!(generate(&tmp, &["--check"]).status.success());
    let again = generate(&tmp, &[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 file(s) written, 0 removed"));

    // An edited file and a stray file: --check fails, names both and the fix, changes nothing.
    std::fs::write(tmp.generated().join("quo/src/types.rs"), "// edited\n").expect("write");
    std::fs::write(tmp.generated().join("quo/src/extra.rs"), "// stray\n").expect("write");
    let before = listing(&tmp.generated());
    let check = generate(&tmp, &["--check"]);
    assert!(!check.status.success());
    let err = stderr(&check);
    assert!(err.contains("out of date:") && err.contains("types.rs"), "{err}");
    assert!(err.contains("stale:") && err.contains("extra.rs"), "{err}");
    assert!(err.contains("cargo xtask generate"), "{err}");
    assert_eq!(listing(&tmp.generated()), before);

    // Generating fixes both; removing a spec removes its crate.
    assert!(generate(&tmp, &[]).status.success());
    assert!(!tmp.generated().join("quo/src/extra.rs").exists());
    assert!(generate(&tmp, &["--check"]).status.success());
    std::fs::remove_file(tmp.specs().join("minimo.yaml")).expect("rm");
    assert!(generate(&tmp, &[]).status.success());
    assert!(!tmp.generated().join("minimo").exists());
    assert!(tmp.generated().join("quo/src/lib.rs").exists());
}

#[test]
fn a_bad_spec_fails_with_its_location_and_leaves_generated_as_it_was() {
    let tmp = Tmp::new("bad");
    std::fs::copy(repo().join("specs/quo.yaml"), tmp.specs().join("quo.yaml")).expect("copy");
    assert!(generate(&tmp, &[]).status.success());
    let before = listing(&tmp.generated());
    std::fs::copy(repo().join("generator/tests/bad/dangling_ref.yaml"), tmp.specs().join("broken.yaml"))
        .expect("copy");
    std::fs::write(
        tmp.specs().join("quo.yaml"),
        std::fs::read_to_string(repo().join("specs/quo.yaml"))
            .expect("read")
            .replace("Delete a contact", "Remove a contact"),
    )
    .expect("edit");
    let out = generate(&tmp, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("broken.yaml:13")
            && err.contains("#/paths/~1a/get/responses/200/content/application~1json/schema"),
        "{err}"
    );
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(listing(&tmp.generated()), before, "nothing may be written when a spec fails");
}

#[test]
fn one_standalone_crate_from_any_spec() {
    let tmp = Tmp::new("standalone");
    let out_dir = tmp.0.join("out");
    let spec = repo().join("generator/tests/fixtures/features.yaml");
    let out = xtask(&[
        "generate",
        "--spec",
        spec.to_str().expect("utf8"),
        "--out",
        out_dir.to_str().expect("utf8"),
        "--name",
        "my-features",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(out_dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"my-features\""), "{manifest}");
    assert!(manifest.contains("name = \"my_features\""), "{manifest}");
    assert!(out_dir.join("src/runtime/mod.rs").exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xtask(&[]).status.code(), Some(2));
    assert_eq!(xtask(&["generate", "--bogus"]).status.code(), Some(2));
    assert_eq!(xtask(&["generate", "--spec", "x.yaml"]).status.code(), Some(2));
}

/// A spec change as a reviewer meets it: the summary printed, the report at the top of the
/// crate's CHANGELOG.md, the version bumped by the Rust classification, and `--check` clean
/// afterwards (the previous API is read from the committed api.json, no git needed).
#[test]
fn a_spec_change_is_reported_and_the_version_follows_it() {
    let tmp = Tmp::new("changes");
    let spec = tmp.specs().join("quo.yaml");
    let original = std::fs::read_to_string(repo().join("specs/quo.yaml")).expect("quo spec");
    std::fs::write(&spec, &original).expect("write");
    let first = generate(&tmp, &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("quo-client 0.1.0: first generated"));
    let version = |tmp: &Tmp| {
        let manifest = std::fs::read_to_string(tmp.generated().join("quo/Cargo.toml")).expect("manifest");
        manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = "))
            .expect("version")
            .trim_matches('"')
            .to_string()
    };
    assert_eq!(version(&tmp), "0.1.0");

    // An additive change: a new optional query parameter.
    let additive = original.replacen(
        "parameters:",
        "parameters:\n        - {name: dry_run, in: query, schema: {type: boolean}}",
        1,
    );
    assert_ne!(additive, original, "the spec has a parameters list to add to");
    std::fs::write(&spec, &additive).expect("write");
    let check = generate(&tmp, &["--check"]);
    assert!(!check.status.success(), "the changed spec leaves generated/ out of date");
    let second = generate(&tmp, &[]);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains("quo-client 0.1.0 → 0.1.1: 0 breaking (Rust), 0 breaking on the wire, 1 additive"),
        "{out}"
    );
    assert_eq!(version(&tmp), "0.1.1");
    let changelog = std::fs::read_to_string(tmp.generated().join("quo/CHANGELOG.md")).expect("changelog");
    let newest = changelog.find("## 0.1.1").expect("the new entry");
    assert!(newest < changelog.find("## 0.1.0").expect("the first entry"), "newest first");
    assert!(changelog.contains("optional query dry_run added"), "{changelog}");
    assert!(generate(&tmp, &["--check"]).status.success());

    // A breaking one: the parameter becomes required.
    let breaking =
        additive.replacen("{name: dry_run, in: query,", "{name: dry_run, in: query, required: true,", 1);
    std::fs::write(&spec, &breaking).expect("write");
    let third = generate(&tmp, &[]);
    assert!(String::from_utf8_lossy(&third.stdout).contains("quo-client 0.1.1 → 0.2.0"));
    assert_eq!(version(&tmp), "0.2.0");
    let changelog = std::fs::read_to_string(tmp.generated().join("quo/CHANGELOG.md")).expect("changelog");
    assert!(changelog.contains("query dry_run became required"), "{changelog}");
    assert!(changelog.find("## 0.2.0") < changelog.find("## 0.1.1"));
    // Nothing changed since: the version and the log stay.
    let fourth = generate(&tmp, &[]);
    assert!(String::from_utf8_lossy(&fourth.stdout).contains("quo-client 0.2.0: no API change"));
    assert_eq!(version(&tmp), "0.2.0");
}
