//! `cargo xtask bench`: for a fixed set of large corpus specs, the time to parse the document into
//! a `serde_json::Value`, the time to generate the crate (load, lower, emit, render) in process,
//! the peak memory of doing so, the generated line count, and the wall time of the command a user
//! runs, `xtask generate --spec FILE --out DIR` (process start, reading, generating, writing,
//! exit). Each spec runs in a child process of its own so its peak memory is its own.
//! `--check` also times `cargo check` and `cargo build` of each generated crate (every feature
//! on) with their peak memory, and of crates cut from GitHub's spec in growing slices (a quarter,
//! half and all of its paths; the same of its schemas alone), so that growth shows.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The largest corpus specs, of different shapes.
pub const SPECS: &[&str] = &[
    "telnyx__api.yaml",
    "stripe__api.yaml",
    "github__api.github.com.json",
    "digitalocean__api.yaml",
    "plaid__api-2020-09-14.yaml",
    "openai__api.yaml",
];

const RUNS: usize = 3;

pub fn run(dir: &Path, check: bool) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "profile: {}",
        if cfg!(debug_assertions) {
            "dev (the generator and its hot dependencies at opt-level 3, as in Cargo.toml)"
        } else {
            "release"
        }
    );
    println!("times: best of {RUNS}; ratio: gen ms / parse ms");
    println!(
        "| {:<24} | {:>5} | {:>8} | {:>7} | {:>5} | {:>8} | {:>8} | {:>7} | {:>5} |",
        "spec", "MB", "parse ms", "gen ms", "ratio", "cli ms", "peak MiB", "lines", "ops"
    );
    println!("|{}|", ["-"; 9].join("|"));
    let work = std::env::temp_dir().join(format!("clientgen-bench-{}", std::process::id()));
    let crates = work.join("crates");
    let mut ok = true;
    let mut generated = Vec::new();
    for spec in SPECS {
        let path = find(dir, spec);
        let Some(path) = path else {
            println!("| {spec:<24} | not found in {} |", dir.display());
            continue;
        };
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let out = Command::new(&exe).arg("bench-one").arg(&path).output();
        let cli_ms = cli_ms(&exe, &path, &crates.join(&stem));
        match out {
            Ok(out) if out.status.success() => {
                let row = String::from_utf8_lossy(&out.stdout).replace("{cli}", &format!("{cli_ms:>8}"));
                print!("{row}");
                generated.push(stem);
            }
            Ok(out) => {
                ok = false;
                println!("| {spec:<24} | failed: {} |", String::from_utf8_lossy(&out.stderr).trim());
            }
            Err(e) => {
                ok = false;
                println!("| {spec:<24} | cannot run: {e} |");
            }
        }
    }
    if check {
        generated.extend(slices(&exe, dir, &crates));
    }
    if check && !generated.is_empty() {
        ok &= compile_times(&crates, &work.join("target"), &generated);
    }
    let _ = std::fs::remove_dir_all(&work);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The best wall time of `generate --spec` in a child process of `exe`, in ms, as text.
fn cli_ms(exe: &Path, spec: &Path, out: &Path) -> String {
    let mut best = f64::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(exe)
            .args(["generate", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out)
            .stdout(std::process::Stdio::null())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            return "failed".into();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    format!("{best:.0}")
}

/// The spec cut into growing slices for `--check`, and the parts: its first quarter, half and
/// all of its paths (with the schemas they reach), and the same of its component schemas
/// without paths (types alone).
const SLICED: &str = "github__api.github.com.json";
const PARTS: [(&str, f64); 3] = [("q1", 0.25), ("q2", 0.5), ("q4", 1.0)];

/// Generates the slices of [`SLICED`] into `crates`; their stems (`paths-q1`, ..).
fn slices(exe: &Path, dir: &Path, crates: &Path) -> Vec<String> {
    let Some(path) = find(dir, SLICED) else { return Vec::new() };
    let Ok(doc) = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()))
    else {
        println!("{SLICED}: cannot read");
        return Vec::new();
    };
    let mut stems = Vec::new();
    let _ = std::fs::create_dir_all(crates);
    for (kind, cut) in [
        ("paths", crate::slice::first_paths as fn(&serde_json::Value, f64) -> crate::slice::Slice),
        ("schemas", crate::slice::first_schemas),
    ] {
        for (part, fraction) in PARTS {
            let stem = format!("{kind}-{part}");
            let file = crates.join(format!("{stem}.json"));
            let slice = cut(&doc, fraction);
            if std::fs::write(&file, slice.document.to_string()).is_err() {
                continue;
            }
            let out = Command::new(exe)
                .args(["generate", "--spec"])
                .arg(&file)
                .arg("--out")
                .arg(crates.join(&stem))
                .stdout(std::process::Stdio::null())
                .status();
            if out.is_ok_and(|s| s.success()) {
                stems.push(stem);
            } else {
                println!("{stem}: does not generate");
            }
        }
    }
    stems
}

/// `cargo check` and `cargo build` (dev profile, not incremental, every feature on, dependencies
/// built first) of each crate in `crates`, one at a time, with their peak memory (through
/// `/usr/bin/time`, where there is one); prints a table. False if one fails.
fn compile_times(crates: &Path, target: &Path, stems: &[String]) -> bool {
    crate::corpus::warm_up(crates, target, stems, &["check", "build"]);
    println!(
        "| {:<24} | {:>8} | {:>6} | {:>7} | {:>9} | {:>7} | {:>9} |",
        "crate", "lines", "types", "check s", "check MiB", "build s", "build MiB"
    );
    println!("|{}|", ["-"; 7].join("|"));
    let mut all_ok = true;
    for stem in stems {
        let package = clientgen::names::package_name(stem);
        let dir = crates.join(stem);
        let (lines, types) = size(&dir);
        let mut cells = Vec::new();
        for subcommand in ["check", "build"] {
            let (ok, secs, mib, first) = timed_cargo(crates, target, subcommand, &package);
            cells.push(if ok { format!("{secs:.1}") } else { format!("failed: {first}") });
            cells.push(mib.map_or("?".into(), |m| format!("{m:.0}")));
            all_ok &= ok;
        }
        println!(
            "| {:<24} | {:>8} | {:>6} | {:>7} | {:>9} | {:>7} | {:>9} |",
            stem, lines, types, cells[0], cells[1], cells[2], cells[3]
        );
    }
    all_ok
}

/// Lines of Rust in a generated crate, and its named types (structs, enums, aliases).
fn size(dir: &Path) -> (usize, usize) {
    let mut lines = 0;
    let mut types = 0;
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                lines += text.lines().count();
                if p.ends_with("src/types.rs") {
                    types += text
                        .lines()
                        .filter(|l| {
                            l.starts_with("pub struct ")
                                || l.starts_with("pub enum ")
                                || l.starts_with("pub type ")
                        })
                        .count();
                }
            }
        }
    }
    (lines, types)
}

/// [`crate::corpus::cargo`] timed, with the peak memory of its largest process (rustc) read
/// from `/usr/bin/time -f %M`, where that exists.
fn timed_cargo(
    crates: &Path,
    target: &Path,
    subcommand: &str,
    package: &str,
) -> (bool, f64, Option<f64>, String) {
    let time = Path::new("/usr/bin/time");
    let report = target.join("time.txt");
    let start = Instant::now();
    if !time.exists() {
        let (ok, _, first) = crate::corpus::cargo(crates, target, subcommand, package);
        return (ok, start.elapsed().as_secs_f64(), None, first);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(cargo)
        .args([subcommand, "--offline", "--all-features", "--message-format=short", "-p", package])
        .current_dir(crates)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output();
    let secs = start.elapsed().as_secs_f64();
    let Ok(out) = out else { return (false, secs, None, "cannot run cargo".into()) };
    let first = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find(|l| l.contains(": error") || l.starts_with("error"))
        .unwrap_or_default()
        .to_string();
    let kib = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.trim().lines().last()?.trim().parse::<f64>().ok());
    (out.status.success(), secs, kib.map(|k| k / 1024.0), first)
}

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    let p = dir.join(name);
    p.exists().then_some(p)
}

/// One spec, in this process: prints one table row.
pub fn one(path: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let best = |f: &mut dyn FnMut() -> bool| -> Option<f64> {
        let mut best = f64::MAX;
        for _ in 0..RUNS {
            let start = Instant::now();
            if !f() {
                return None;
            }
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        Some(best)
    };
    let parse_ms = best(&mut || clientgen::load::parse_text(&text).is_ok());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let package = clientgen::names::package_name(&stem);
    let mut lines = 0;
    let mut ops = 0;
    let gen_ms = best(&mut || {
        let loaded = clientgen::load::parse(clientgen::error::Source::new(path, text.clone()));
        let Ok(loaded) = loaded else { return false };
        let Ok(api) = clientgen::lower::lower(&loaded, &package) else { return false };
        ops = api.operations.len();
        let files = clientgen::render::render_crate(&api, &stem);
        lines = files.values().map(|t| t.lines().count()).sum();
        true
    });
    // Read before the stages below, which hold every file's syntax tree at once.
    let peak = peak_rss_mib().map_or("?".to_string(), |m| format!("{m:.0}"));
    let (Some(parse_ms), Some(gen_ms)) = (parse_ms, gen_ms) else {
        eprintln!("{}: does not generate", path.display());
        return ExitCode::FAILURE;
    };
    println!(
        "| {:<24} | {:>5.2} | {:>8.1} | {:>7.1} | {:>5.1} | {{cli}} | {:>8} | {:>7} | {:>5} |",
        stem,
        text.len() as f64 / 1e6,
        parse_ms,
        gen_ms,
        gen_ms / parse_ms,
        peak,
        lines,
        ops
    );
    if std::env::var_os("BENCH_STAGES").is_some() {
        println!("|   stages, one thread (ms): {} |", stages(path, &text, &package));
    }
    if let Some(ms) = report_ms(path, &text, &package, &best) {
        println!("|   change report against its own api.json (describe, read, diff, write): {ms:.1} ms |");
    }
    ExitCode::SUCCESS
}

/// What the change report adds to a generation: the API described, the previous `api.json` read
/// and compared, the new one written (here the crate's own, so the comparison walks everything).
fn report_ms(
    path: &Path,
    text: &str,
    package: &str,
    best: &dyn Fn(&mut dyn FnMut() -> bool) -> Option<f64>,
) -> Option<f64> {
    let loaded = clientgen::load::parse(clientgen::error::Source::new(path, text.to_string())).ok()?;
    let api = clientgen::lower::lower(&loaded, package).ok()?;
    let first = clientgen::changes::release(&api, "spec", None, None).ok()?;
    best(&mut || {
        clientgen::changes::release(&api, "spec", Some(&first.api_json), Some(&first.changelog)).is_ok()
    })
}

/// One generation, timed stage by stage: load (parse, normalise, typed document), lower, emit
/// (tokens), syn (tokens → syntax tree), unparse (prettyplease).
fn stages(path: &Path, text: &str, package: &str) -> String {
    let mut out = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &str, out: &mut Vec<String>| {
        out.push(format!("{name} {:.1}", t.elapsed().as_secs_f64() * 1000.0));
        t = Instant::now();
    };
    let Ok(loaded) = clientgen::load::parse(clientgen::error::Source::new(path, text.to_string())) else {
        return "load failed".into();
    };
    lap("load", &mut out);
    let Ok(api) = clientgen::lower::lower(&loaded, package) else { return "lower failed".into() };
    lap("lower", &mut out);
    let emitted = clientgen::emit::emit(&api);
    lap("emit", &mut out);
    let files: Vec<_> = emitted
        .into_iter()
        .filter_map(|(_, e)| match e {
            clientgen::emit::Emitted::Rust(tokens) => Some(clientgen::render::parse_file(tokens)),
            clientgen::emit::Emitted::Text(_) => None,
        })
        .collect();
    lap("syn", &mut out);
    let n: usize = files.iter().map(|f| clientgen::render::format_file("", f).len()).sum();
    lap("unparse", &mut out);
    drop(files);
    drop(api);
    drop(loaded);
    lap("drop", &mut out);
    format!("{} ({n} bytes)", out.join(", "))
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
