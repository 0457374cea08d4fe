//! `cargo xtask conformance [SPEC|DIR ...]`: every operation of each spec called with example
//! arguments against Prism (Stoplight's mock server, pinned, installed with npm into a cache
//! directory), once answering from the spec's examples and once with generated data (`-d`,
//! fixed seed). Prism runs with `--errors`, so a request that violates the spec is answered
//! with its violations instead of a mock response.

mod classify;
mod known;
mod prism;
mod slices;

use classify::*;
use known::*;
use prism::*;
use slices::*;

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the results are measured with.
const PRISM: &str = "@stoplight/prism-cli@5.16.0";

/// How long Prism may take to load a document before the spec is counted as unservable.
const PRISM_START: Duration = Duration::from_secs(180);

struct Spec {
    path: PathBuf,
    stem: String,
    package: String,
}

/// An operation's outcome in one run, as the driver reports it.
#[derive(Clone, Debug, Default)]
struct Outcome {
    /// `pass`, `fail`, `rejected` (Prism answered with a violation or an error of its own) or
    /// `undocumented` (the response decoded, an enum holding a value the spec does not list).
    verdict: String,
    status: String,
    /// The media type of the request body sent (empty without one).
    sent: String,
    detail: String,
}

/// Generates, builds and runs the drivers in `work` (emptied first; the build in `work/build`,
/// kept between runs).
pub fn run(root: &Path, work: &Path, inputs: &[PathBuf], every_status: bool) -> ExitCode {
    let specs = match collect(inputs) {
        Ok(specs) if !specs.is_empty() => specs,
        Ok(_) => {
            eprintln!("no spec files found");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let prism = match install_prism() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot install {PRISM}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let known = match Known::read(&root.join(KNOWN)) {
        Ok(known) => known,
        Err(e) => {
            eprintln!("error: {KNOWN}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = Vec::new();
    if let Ok(entries) = std::fs::read_dir(work) {
        for entry in entries.flatten().filter(|e| e.file_name() != "build") {
            let _ = std::fs::remove_dir_all(entry.path()).or_else(|_| std::fs::remove_file(entry.path()));
        }
    }
    // Generate every crate and its driver into one workspace, built once.
    let ready = match generate_drivers(&specs, work, every_status) {
        Ok(ready) => ready,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let target = match build_drivers(root, work, &ready) {
        Ok(target) => target,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut passed = 0;
    let mut failed = 0;
    let mut spec_bugs = 0;
    let mut prism_limited = 0;
    let mut unserved = 0;
    let mut unservable = Vec::new();
    for (spec, twins, sampled) in ready {
        let exe = target.join("debug").join(format!("{}-conformance", spec.package));
        let served = serve_spec(&prism, spec, &exe, &work.join(&spec.stem));
        for (operations, reason) in &served.unserved {
            unserved += operations;
            unservable.push(format!("{}: {operations} operations: {reason}", spec.stem));
        }
        let [static_run, dynamic_run] = &served.runs;
        let runs = [("static", static_run), ("dynamic", dynamic_run)];
        let ops: Vec<&String> = static_run.keys().collect();
        let mut failures = Vec::new();
        let mut ok_ops = 0;
        for op in &ops {
            let mut ok = true;
            let mut spec_bug = false;
            let mut limited = false;
            for (mode, outcomes) in &runs {
                let outcome = outcomes.get(*op).cloned().unwrap_or_else(|| Outcome {
                    verdict: "fail".into(),
                    detail: "the driver did not report it".into(),
                    ..Outcome::default()
                });
                let cx = Call { stem: &spec.stem, known: &known, twins: &twins, sampled: &sampled };
                match classify(&cx, op, mode, outcome, &mut stale) {
                    Counted::Pass => {}
                    Counted::Fail(line) => {
                        ok = false;
                        failures.push(line);
                    }
                    Counted::SpecBug(line) => {
                        spec_bug = true;
                        failures.push(line);
                    }
                    Counted::Limited(line) => {
                        limited = true;
                        failures.push(line);
                    }
                }
            }
            match (ok, spec_bug, limited) {
                (true, false, false) => passed += 1,
                (true, true, _) => spec_bugs += 1,
                (true, false, true) => prism_limited += 1,
                (false, _, _) => failed += 1,
            }
            ok_ops += usize::from(ok && !spec_bug && !limited);
        }
        let report: String = runs
            .iter()
            .flat_map(|(mode, outcomes)| {
                outcomes.iter().map(move |(op, o)| {
                    format!("{op}\t{mode}\t{}\t{}\t{}\t{}\n", o.verdict, o.status, o.sent, o.detail)
                })
            })
            .collect();
        let _ = std::fs::write(work.join(&spec.stem).join("report.tsv"), report);
        println!(
            "{:40} {:>5} calls {:>5} pass both runs {:>5} do not",
            spec.stem,
            ops.len(),
            ok_ops,
            ops.len() - ok_ops
        );
        for f in failures {
            println!("{f}");
        }
    }
    for u in &unservable {
        println!("not served by Prism: {u}");
    }
    for s in &stale {
        println!("passes now, to be removed from {KNOWN}: {s}");
    }
    println!(
        "{passed} passed, {failed} failed, {spec_bugs} spec bugs (Prism's example breaks the spec), \
         {prism_limited} not mocked by Prism (a Prism limitation), \
         {unserved} operations not served by Prism; counted in calls: an operation, and with \
         --every-status one per documented status; a call passes when both runs pass"
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A spec whose crate and driver are generated: its twins and sampled operations.
type Ready<'s> = (&'s Spec, BTreeMap<String, String>, BTreeSet<String>);

/// Generates each spec's crate and driver into `work/<stem>/`; a spec that does not generate is
/// reported and left out.
fn generate_drivers<'s>(
    specs: &'s [Spec],
    work: &Path,
    every_status: bool,
) -> Result<Vec<Ready<'s>>, String> {
    let mut ready = Vec::new();
    for spec in specs {
        let api = match clientgen::model(&spec.path, &spec.package) {
            Ok(api) => api,
            Err(e) => {
                println!("{}: not generated: {e}", spec.stem);
                continue;
            }
        };
        let files = clientgen::render::render_crate(&api, &spec.stem);
        let dir = work.join(&spec.stem);
        for (path, text) in clientgen::project::with_root(&dir.join("client"), files) {
            clientgen::project::write_atomic(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let driver = dir.join("driver");
        std::fs::create_dir_all(driver.join("src"))
            .and_then(|_| {
                std::fs::write(
                    driver.join("Cargo.toml"),
                    clientgen::conformance::driver_manifest(&spec.package, "../client"),
                )
            })
            .and_then(|_| {
                std::fs::write(
                    driver.join("src/main.rs"),
                    clientgen::conformance::driver_main(&api, every_status),
                )
            })
            .map_err(|e| format!("{}: {e}", driver.display()))?;
        ready.push((spec, twins(&api), sampled(&api, &spec.path)));
    }
    Ok(ready)
}

/// Builds the drivers of `ready` as one workspace in `work`; the target directory.
fn build_drivers(root: &Path, work: &Path, ready: &[Ready]) -> Result<PathBuf, String> {
    let members: Vec<String> = ready
        .iter()
        .map(|(spec, ..)| format!("\"{}/client\", \"{}/driver\"", spec.stem, spec.stem))
        .collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    if std::fs::write(work.join("Cargo.toml"), manifest).is_err()
        || std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).is_err()
    {
        return Err(format!("cannot write {}", work.display()));
    }
    let target = work.join("build");
    let built = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--workspace", "--bins"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", &target)
        // No debug info: a whole-corpus build dir held 51 GB with it; no incremental state
        // either (16 GB for the 67 specs of 100 KB to 1 MB, for no gain in a one-shot build).
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .status();
    match built {
        Ok(s) if s.success() => Ok(target),
        _ => Err("the drivers do not build (see above)".into()),
    }
}

fn collect(inputs: &[PathBuf]) -> std::io::Result<Vec<Spec>> {
    let mut paths = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in std::fs::read_dir(input)? {
                let p = entry?.path();
                if clientgen::load::is_spec_file(&p) {
                    paths.push(p);
                }
            }
        } else {
            paths.push(input.clone());
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api").to_string();
            let package = clientgen::names::package_name(&stem);
            Spec { path, stem, package }
        })
        .collect())
}

#[cfg(test)]
mod tests;
