//! `cargo xtask bench`: for a fixed set of large corpus specs, the time to parse the document into
//! a `serde_json::Value`, the time to generate the crate (load, lower, emit, render) in process,
//! the peak memory of doing so, the generated line count, and the wall time of the command a user
//! runs, `xtask generate --spec FILE --out DIR` (process start, reading, generating, writing,
//! exit). Each spec runs in a child process of its own so its peak memory is its own.
//! `--check` also times `cargo check` and `cargo build` of each generated crate.

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

/// `cargo check` and `cargo build` (dev profile, not incremental, dependencies built first) of
/// each crate in `crates`, one at a time; prints a table. False if one fails.
fn compile_times(crates: &Path, target: &Path, stems: &[String]) -> bool {
    crate::corpus::warm_up(crates, target, stems, &["check", "build"]);
    println!("| {:<24} | {:>7} | {:>7} |", "crate", "check s", "build s");
    println!("|-|-|-|");
    let mut all_ok = true;
    for stem in stems {
        let package = clientgen::names::package_name(stem);
        let mut cells = Vec::new();
        for subcommand in ["check", "build"] {
            let start = Instant::now();
            let (ok, _, first) = crate::corpus::cargo(crates, target, subcommand, &package);
            let secs = start.elapsed().as_secs_f64();
            cells.push(if ok { format!("{secs:.1}") } else { format!("failed: {first}") });
            all_ok &= ok;
        }
        println!("| {:<24} | {:>7} | {:>7} |", stem, cells[0], cells[1]);
    }
    all_ok
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
