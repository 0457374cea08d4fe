//! `cargo xtask`: the project's commands. Thin: argument parsing and file IO; generation lives in
//! the generator library.

mod bench;
mod conformance;
mod corpus;
mod semver_audit;
mod slice;

use clientgen::project;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The generator is allocation-bound (tokens, syntax trees, strings): mimalloc makes
/// `generate` 20-30% faster than the system allocator (docs/performance.md, "Generation speed").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask generate                 regenerate every crate under generated/ from specs/
  cargo xtask generate --check         change nothing; fail if a generated file is out of date
  cargo xtask generate --spec FILE --out DIR [--name NAME] [--root DIR]
                                       generate one standalone crate from any spec file; its
                                       $refs may name files in FILE's folder (or --root DIR)
options of the first two forms (default: this repository's specs/ and generated/):
  --specs DIR  --generated DIR
  cargo xtask corpus [DIR] [--ci] [--no-check] [--work DIR]
                                       generate and `cargo check` a crate for every spec in DIR
                                       (default ../shared/corpus/specs); --ci checks a subset
  cargo xtask bench [DIR] [--check]    parse and generation time, peak memory and generated lines
                                       for the largest corpus specs; --check also times cargo
                                       check and cargo build of the generated crates
  cargo xtask conformance [--every-status] [--work DIR] [SPEC|DIR ...]
                                       call every operation with example arguments against
                                       Prism (installed with npm on first use), with example and
                                       with generated responses (default: specs/);
                                       --every-status: also ask for each documented status
  cargo xtask diff OLD NEW [--fail-on rust|wire|any]
                                       the change report between the crates two spec files
                                       generate (Rust and wire classes), written nowhere; exits
                                       with 1 when a change is breaking (by default, either way)
  cargo xtask semver-audit [--npm | OLD NEW...]
                                       our Rust classification of each spec pair against
                                       cargo-semver-checks on the two generated crates (installed
                                       on first use); default: the fixture pair in
                                       generator/tests/changes/; --npm: the real version pairs
                                       of xtask/semver-pairs.tsv (fetched with npm, sha256-checked)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("corpus") => corpus_command(&args[1..]),
        Some("bench") => bench_command(&args[1..]),
        Some("conformance") => {
            let root = root();
            let mut every_status = false;
            let mut work = root.join("target/conformance");
            let mut inputs: Vec<PathBuf> = Vec::new();
            let mut it = args[1..].iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--every-status" => every_status = true,
                    "--work" => match it.next() {
                        Some(w) => work = PathBuf::from(w),
                        None => {
                            eprintln!("{USAGE}");
                            return ExitCode::from(2);
                        }
                    },
                    a => inputs.push(PathBuf::from(a)),
                }
            }
            if inputs.is_empty() {
                inputs.push(root.join("specs"));
            }
            conformance::run(&root, &work, &inputs, every_status)
        }
        Some("bench-one") if args.len() == 2 => bench::one(Path::new(&args[1])),
        Some("diff") => diff_command(&args[1..]),
        Some("semver-audit") => semver_audit::run(&root(), &args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask diff OLD NEW`: prints the report; the exit status says whether a change is
/// breaking (for `--fail-on rust`, in Rust; `wire`, on the wire; `any`, the default, either).
fn diff_command(args: &[String]) -> ExitCode {
    use clientgen::changes::{Rust, Wire};
    let mut files = Vec::new();
    let mut fail_on = "any".to_string();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--fail-on" => match it.next() {
                Some(f) if ["rust", "wire", "any"].contains(&f.as_str()) => fail_on = f.clone(),
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            },
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = &files[..] else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let stem = new.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let package = clientgen::names::package_name(&stem);
    let changes = match clientgen::changes::between(old, new, &package) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // As for a crate generated from OLD at the version the generator starts crates at.
    print!("{}", clientgen::changes::report(&package, clientgen::changes::FIRST_VERSION, &changes));
    // The measure of names that move: breaking changes where the spec did not change.
    match clientgen::changes::breaking_at_unchanged_json(old, new, &changes) {
        Ok(same) => {
            let breaking = changes.iter().filter(|c| c.rust == Rust::Breaking).count();
            println!(
                "\n{} of {breaking} Rust-breaking changes sit at spec locations whose JSON is identical in both files \
                 (only the generated names changed there)",
                same.len()
            );
        }
        Err(e) => eprintln!("warning: cannot compare the spec files: {e}"),
    }
    let rust = changes.iter().any(|c| c.rust == Rust::Breaking);
    let wire = changes.iter().any(|c| c.wire == Wire::Breaking);
    let failed = match fail_on.as_str() {
        "rust" => rust,
        "wire" => wire,
        _ => rust || wire,
    };
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn bench_command(args: &[String]) -> ExitCode {
    let mut dir = root().join("../shared/corpus/specs");
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other if !other.starts_with('-') => dir = PathBuf::from(other),
            _ => return usage(),
        }
    }
    bench::run(&dir, check)
}

/// The specs CI checks besides the smallest ones: two large documents of different shapes.
const CI_LARGE_SPECS: &[&str] = &["stripe__api", "openai__api"];

fn corpus_command(args: &[String]) -> ExitCode {
    let root = root();
    let mut opts = corpus::Options {
        dir: root.join("../shared/corpus/specs"),
        subset: None,
        work: root.join("target/corpus"),
        check: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--ci" => opts.subset = Some((25, CI_LARGE_SPECS.iter().map(|s| s.to_string()).collect())),
            "--no-check" => opts.check = false,
            "--work" => match it.next() {
                Some(w) => opts.work = PathBuf::from(w),
                None => return usage(),
            },
            other if !other.starts_with('-') => opts.dir = PathBuf::from(other),
            _ => return usage(),
        }
    }
    corpus::run(opts)
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn generate(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut within = None;
    let mut specs_dir = None;
    let mut generated_dir = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next().cloned(),
            "--root" => within = it.next().map(PathBuf::from),
            "--specs" => specs_dir = it.next().map(PathBuf::from),
            "--generated" => generated_dir = it.next().map(PathBuf::from),
            other => {
                eprintln!("unknown argument {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match (spec, out) {
        (Some(spec), Some(out)) => standalone(&spec, &out, name, within.as_deref()),
        (None, None) if name.is_none() && within.is_none() => {
            let root = root();
            let specs_dir = specs_dir.unwrap_or_else(|| root.join("specs"));
            let generated_dir = generated_dir.unwrap_or_else(|| root.join("generated"));
            workspace(&root, &specs_dir, &generated_dir, check)
        }
        _ => {
            eprintln!("--spec and --out go together (--name and --root with them)\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace(root: &Path, specs_dir: &Path, generated_dir: &Path, check: bool) -> ExitCode {
    let plan = match project::plan(specs_dir, generated_dir) {
        Ok(plan) => plan,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("generation failed for {} spec(s); generated/ was left as it was", errors.len());
            return ExitCode::FAILURE;
        }
    };
    for w in &plan.warnings {
        eprintln!("warning: {w}");
    }
    // Each crate's API changes since its last generation (the full report: its CHANGELOG.md).
    for s in &plan.summaries {
        println!("{s}");
    }
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    if check {
        return match plan.diff() {
            Ok(diff) if diff.is_clean() => {
                println!("generated/ is up to date ({} files)", plan.files.len());
                ExitCode::SUCCESS
            }
            Ok(diff) => {
                for p in &diff.outdated {
                    eprintln!("out of date: {}", rel(p));
                }
                for p in &diff.stale {
                    eprintln!("stale: {}", rel(p));
                }
                eprintln!("run `cargo xtask generate` to update generated/");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match plan.apply() {
        Ok(diff) => {
            for p in &diff.outdated {
                println!("wrote {}", rel(p));
            }
            for p in &diff.stale {
                println!("removed {}", rel(p));
            }
            println!(
                "{} crate(s), {} file(s) written, {} removed",
                plan.dirs.len(),
                diff.outdated.len(),
                diff.stale.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn standalone(spec: &Path, out: &Path, name: Option<String>, within: Option<&Path>) -> ExitCode {
    let package = name.unwrap_or_else(|| {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
        clientgen::names::package_name(stem)
    });
    match clientgen::generate_within(spec, within, &package) {
        Ok((files, warnings)) => {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            for (path, text) in project::with_root(out, files) {
                if let Err(e) = project::write_atomic(&path, &text) {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            println!("generated {package} in {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
