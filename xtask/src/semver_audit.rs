//! `cargo xtask semver-audit [OLD NEW]...`: our Rust classification of a spec change against
//! cargo-semver-checks' verdict on the two crates generated from it. For each pair, both crates
//! are generated into a work directory, our report is computed, and `cargo semver-checks
//! check-release` compares the crates' rustdoc JSON. A pair where cargo-semver-checks finds a
//! major change and our report does not say "breaking" is a disagreement (exit status 1); the
//! other way round, we are more cautious than it, which is allowed and listed.
//!
//! cargo-semver-checks is installed on first use (`cargo install --locked`, pinned) into
//! `~/.cache/semver-checks`. Without pairs, the fixture pair `generator/tests/changes/` is
//! audited; with `--npm`, the real version pairs `xtask/semver-pairs.tsv` records (fetched with
//! `npm pack`, checked against their sha256).

use clientgen::changes::{self, Rust};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const VERSION: &str = "0.51.0";

fn tool() -> Result<PathBuf, String> {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let root = home.join(".cache/semver-checks");
    let bin = root.join("bin/cargo-semver-checks");
    if bin.exists() {
        return Ok(bin);
    }
    eprintln!("installing cargo-semver-checks {VERSION} into {} (once; several minutes)", root.display());
    let status = Command::new("cargo")
        .args(["install", "cargo-semver-checks", "--locked", "--version", VERSION, "--root"])
        .arg(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() && bin.exists() {
        Ok(bin)
    } else {
        Err("cargo install cargo-semver-checks failed".into())
    }
}

/// cargo-semver-checks' verdict: `major`, `minor` or `none`, from its summary line.
fn their_verdict(output: &str) -> Option<&'static str> {
    if output.contains("requires new major version") {
        Some("major")
    } else if output.contains("requires new minor version") {
        Some("minor")
    } else if output.contains("no semver update required") {
        Some("none")
    } else {
        None
    }
}

/// The spec `file` of npm package `spec` (`name@version`), fetched with `npm pack` into `cache`
/// once, checked against its recorded sha256.
fn npm_file(cache: &Path, spec: &str, file: &str, sha256: &str) -> Result<PathBuf, String> {
    let dir = cache.join(spec.replace(['@', '/'], "_"));
    if !dir.join("package").exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = Command::new("npm")
            .args(["pack", spec, "--silent", "--pack-destination"])
            .arg(&dir)
            .output()
            .map_err(|e| format!("npm: {e}"))?;
        let tarball = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || tarball.is_empty() {
            return Err(format!("npm pack {spec} failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let status = Command::new("tar").arg("xzf").arg(dir.join(&tarball)).arg("-C").arg(&dir).status();
        if !status.is_ok_and(|s| s.success()) {
            return Err(format!("cannot unpack {tarball}"));
        }
    }
    let path = dir.join(file);
    let out = Command::new("sha256sum").arg(&path).output().map_err(|e| format!("sha256sum: {e}"))?;
    let found =
        String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_string();
    if found != sha256 {
        return Err(format!("{spec}:{file} has sha256 {found}, recorded {sha256}"));
    }
    Ok(path)
}

/// The pairs `xtask/semver-pairs.tsv` records, fetched.
fn npm_pairs(root: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let text = std::fs::read_to_string(root.join("xtask/semver-pairs.tsv")).map_err(|e| e.to_string())?;
    let cache = root.join("target/semver-audit-npm");
    let mut pairs = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let [old, new, file, old_sha, new_sha] = line.split('\t').collect::<Vec<_>>()[..] else {
            return Err(format!("semver-pairs.tsv: not five columns: {line}"));
        };
        pairs.push((npm_file(&cache, old, file, old_sha)?, npm_file(&cache, new, file, new_sha)?));
    }
    Ok(pairs)
}

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let pairs: Vec<(PathBuf, PathBuf)> = if args == ["--npm"] {
        match npm_pairs(root) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else if args.is_empty() {
        let dir = root.join("generator/tests/changes");
        vec![(dir.join("old.yaml"), dir.join("new.yaml"))]
    } else if args.len() % 2 == 0 {
        args.chunks(2).map(|p| (PathBuf::from(&p[0]), PathBuf::from(&p[1]))).collect()
    } else {
        eprintln!("usage: cargo xtask semver-audit [--npm | OLD NEW...]");
        return ExitCode::from(2);
    };
    let tool = match tool() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Outside this workspace: a crate under it would be taken for one of its members.
    let work = std::env::temp_dir().join("clientgen-semver-audit");
    println!("| pair | ours (Rust) | cargo-semver-checks | agree |");
    println!("|---|---|---|---|");
    let mut disagreements = 0;
    for (i, (old, new)) in pairs.iter().enumerate() {
        let package = "audit-client";
        let short = |p: &Path| {
            p.strip_prefix(root.join("target/semver-audit-npm")).unwrap_or(p).display().to_string()
        };
        let label = format!("{} → {}", short(old), short(new));
        let ours = match changes::between(old, new, package) {
            Ok(changes) => match changes.iter().map(|c| c.rust).min() {
                Some(Rust::Breaking) => "breaking",
                Some(Rust::Additive) => "additive",
                Some(Rust::Internal) => "internal",
                None => "none",
            },
            Err(e) => {
                println!("| {label} | error: {e} | | |");
                disagreements += 1;
                continue;
            }
        };
        let dir = work.join(i.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        for (side, spec) in [("old", old), ("new", new)] {
            let files = match clientgen::generate(spec, package) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            for (path, text) in clientgen::project::with_root(&dir.join(side), files) {
                if let Err(e) = clientgen::project::write_atomic(&path, &text) {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            let _ = std::fs::copy(root.join("Cargo.lock"), dir.join(side).join("Cargo.lock"));
        }
        let out = Command::new(&tool)
            .args(["semver-checks", "check-release", "--all-features", "--baseline-root"])
            .arg(dir.join("old"))
            .arg("--manifest-path")
            .arg(dir.join("new/Cargo.toml"))
            .env("CARGO_TARGET_DIR", work.join("target"))
            .output();
        let text = match out {
            Ok(o) => format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
            Err(e) => {
                eprintln!("error: cannot run {}: {e}", tool.display());
                return ExitCode::FAILURE;
            }
        };
        let theirs = their_verdict(&text).unwrap_or("?");
        let agree = match (ours, theirs) {
            ("breaking", _) => "yes",
            (_, "major") => "NO: a major change we did not call breaking",
            (_, "?") => "? (no verdict)",
            _ => "yes",
        };
        if theirs == "?" {
            eprintln!("{text}");
        }
        if agree != "yes" {
            disagreements += 1;
            eprintln!("{text}");
        }
        println!("| {label} | {ours} | {theirs} | {agree} |");
    }
    if disagreements == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
