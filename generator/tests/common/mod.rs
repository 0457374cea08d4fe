//! What the tests that build generated crates with cargo share.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// Runs cargo offline in `dir` with rustdoc warnings denied, in the target directory the
/// generated crates share (the outer `cargo test` holds the workspace's); fails the test with
/// cargo's output when it fails.
pub fn cargo(dir: &Path, args: &[&str]) {
    if let Err(e) = try_cargo(dir, args) {
        panic!("{e}");
    }
}

/// [`cargo`], giving its failure (the command and its stderr) instead of panicking, so a test
/// that runs several commands can report every one that fails.
#[allow(dead_code)] // not every test file that includes `common` runs several commands
pub fn try_cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
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
    match out.status.success() {
        true => Ok(()),
        false => Err(format!(
            "cargo {args:?} failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}
