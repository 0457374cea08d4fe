//! `cargo xtask corpus [DIR]`: generates a crate for every spec of a corpus into a temporary
//! workspace, `cargo check`s each (one shared target directory), and prints a table and a final
//! `N passed, M failed` line.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub struct Options {
    pub dir: PathBuf,
    /// Check only the `n` smallest specs plus the named large ones (for CI).
    pub subset: Option<(usize, Vec<String>)>,
    pub work: PathBuf,
    pub check: bool,
}

struct Row {
    spec: String,
    size: u64,
    operations: usize,
    schemas: usize,
    gen_ms: f64,
    lines: usize,
    package: Option<String>,
    /// `ok`, `warnings`, `failed`, `refused`, `panic`, or `skipped`.
    result: String,
    check_s: f64,
    first_error: String,
    /// Operations that read their list in pages, by the rule that matched.
    paged: Vec<(String, usize)>,
    /// List-shaped operations (a GET whose JSON success body is an array or holds one), how
    /// many of them page, and the others with the reason each does not.
    lists: usize,
    lists_paged: usize,
    unpaged: Vec<(String, String)>,
    /// Operations that stream server-sent events, and that read a binary body.
    events: usize,
    downloads: usize,
}

pub fn run(opts: Options) -> ExitCode {
    let mut specs: Vec<(PathBuf, u64)> = match std::fs::read_dir(&opts.dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| clientgen::load::is_spec_file(p))
            .map(|p| {
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                (p, size)
            })
            .collect(),
        Err(e) => {
            eprintln!("error: {}: {e}", opts.dir.display());
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    if let Some((n, large)) = &opts.subset {
        let mut by_size = specs.clone();
        by_size.sort_by_key(|(_, size)| *size);
        let mut chosen: Vec<(PathBuf, u64)> = by_size.into_iter().take(*n).collect();
        for name in large {
            if let Some(s) =
                specs.iter().find(|(p, _)| p.file_stem().is_some_and(|f| f.to_string_lossy() == *name))
            {
                chosen.push(s.clone());
            }
        }
        chosen.sort();
        chosen.dedup();
        specs = chosen;
    }

    let crates = opts.work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates).expect("create the corpus work directory");
    let mut rows = Vec::new();
    for (spec, size) in &specs {
        rows.push(generate_one(spec, *size, &crates));
    }

    if opts.check {
        check_all(&crates, &opts.work.join("target"), &mut rows);
    }
    print_table(&rows);
    print_streams_and_pages(&rows);

    let refused = rows.iter().filter(|r| r.result == "refused").count();
    let panics = rows.iter().filter(|r| r.result == "panic").count();
    let passed = rows.iter().filter(|r| r.result == "ok" || (!opts.check && r.result == "generated")).count();
    let failed = rows.len() - passed - refused;
    let slowest = rows.iter().max_by(|a, b| a.gen_ms.total_cmp(&b.gen_ms));
    if let Some(s) = slowest {
        println!("slowest generation: {} ({:.0} ms, {} operations)", s.spec, s.gen_ms, s.operations);
    }
    print_scaling(&rows);
    println!("{refused} refused with a located error, {panics} panics");
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn generate_one(spec: &Path, size: u64, crates: &Path) -> Row {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let package = clientgen::names::package_name(&stem);
    let mut row = Row {
        spec: stem.clone(),
        size,
        operations: 0,
        schemas: 0,
        gen_ms: 0.0,
        lines: 0,
        package: None,
        result: String::new(),
        check_s: 0.0,
        first_error: String::new(),
        paged: Vec::new(),
        lists: 0,
        lists_paged: 0,
        unpaged: Vec::new(),
        events: 0,
        downloads: 0,
    };
    let start = Instant::now();
    let outcome = std::panic::catch_unwind(|| {
        let loaded = clientgen::load::load(spec)?;
        let api = clientgen::lower::lower(&loaded, &package)?;
        let files = clientgen::render::render_crate(&api, &stem);
        Ok::<_, clientgen::Error>((api, files))
    });
    row.gen_ms = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Err(_) => {
            row.result = "panic".into();
            row.first_error = "the generator panicked".into();
        }
        Ok(Err(e)) => {
            row.result = "refused".into();
            row.first_error = e.to_string();
        }
        Ok(Ok((api, files))) => {
            row.operations = api.operations.len();
            row.schemas = api.types.len();
            for p in api.operations.iter().filter_map(|op| op.paging.as_ref()) {
                match row.paged.iter_mut().find(|(pattern, _)| *pattern == p.pattern) {
                    Some((_, n)) => *n += 1,
                    None => row.paged.push((p.pattern.clone(), 1)),
                }
            }
            row.paged.sort();
            for op in &api.operations {
                match clientgen::lower::explain_paging(&api, op) {
                    Some(Ok(_)) if op.http_method == "GET" => {
                        row.lists += 1;
                        row.lists_paged += 1;
                    }
                    Some(Err(reason)) => {
                        row.lists += 1;
                        row.unpaged.push((op.method_name.as_str().to_string(), reason));
                    }
                    _ => {}
                }
            }
            row.events = api.operations.iter().filter(|op| op.events.is_some()).count();
            row.downloads = api.operations.iter().filter(|op| op.downloads()).count();
            row.lines = files.values().map(|t| t.lines().count()).sum();
            let dir = crates.join(&stem);
            for (path, text) in clientgen::project::with_root(&dir, files) {
                if let Err(e) = clientgen::project::write_atomic(&path, &text) {
                    row.result = "failed".into();
                    row.first_error = format!("{}: {e}", path.display());
                    return row;
                }
            }
            row.package = Some(package);
            row.result = "generated".into();
        }
    }
    row
}

fn check_all(crates: &Path, target: &Path, rows: &mut [Row]) {
    let members: Vec<String> = rows.iter().filter(|r| r.package.is_some()).map(|r| r.spec.clone()).collect();
    warm_up(crates, target, &members, &["check"]);
    for row in rows.iter_mut() {
        let Some(package) = &row.package else { continue };
        let start = Instant::now();
        let (ok, warnings, first) = cargo(crates, target, "check", package);
        row.check_s = start.elapsed().as_secs_f64();
        row.result = match (ok, warnings) {
            (true, 0) => "ok".into(),
            (true, _) => "warnings".into(),
            (false, _) => "failed".into(),
        };
        row.first_error = first;
        eprintln!("{:<48} {:>8} {:>6.1} s", row.spec, row.result, row.check_s);
    }
}

/// Makes `crates` a workspace of the crate directories `members` plus a `warm-up` member that
/// has the generated crates' dependencies and no code, and runs each of `subcommands` on that
/// member, so the dependencies are built once, up front, and a later check times the generated
/// crate alone.
pub fn warm_up(crates: &Path, target: &Path, members: &[String], subcommands: &[&str]) {
    let warm = crates.join("warm-up");
    let _ = std::fs::create_dir_all(warm.join("src"));
    let _ = std::fs::write(
        warm.join("Cargo.toml"),
        format!(
            "[package]\nname = \"warm-up\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n{}",
            clientgen::emit::dependencies(&clientgen::lower::manifest::dependencies())
        ),
    );
    let _ = std::fs::write(warm.join("src/lib.rs"), "");
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest =
        format!("[workspace]\nresolver = \"2\"\nmembers = [\"warm-up\", {}]\n", members.join(", "));
    let _ = std::fs::write(crates.join("Cargo.toml"), manifest);
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let _ = std::fs::copy(lock, crates.join("Cargo.lock"));
    let start = Instant::now();
    for &subcommand in subcommands {
        let (ok, _, err) = cargo(crates, target, subcommand, "warm-up");
        if !ok {
            eprintln!("warm-up {subcommand} failed: {err}");
        }
    }
    eprintln!("dependencies built in {:.1} s", start.elapsed().as_secs_f64());
}

/// Runs `cargo SUBCOMMAND -p PACKAGE` (not incremental, as a first build is); returns success,
/// warning count and the first diagnostic.
pub fn cargo(dir: &Path, target: &Path, subcommand: &str, package: &str) -> (bool, usize, String) {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([subcommand, "--offline", "--all-features", "--message-format=short", "-p", package])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output();
    let Ok(out) = out else { return (false, 0, "cannot run cargo".into()) };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diagnostics: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error") || l.starts_with("error"))
        .collect();
    let warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();
    let first = diagnostics.first().map(|s| s.to_string()).unwrap_or_default();
    (out.status.success(), warnings, first)
}

fn print_table(rows: &[Row]) {
    println!(
        "| {:<44} | {:>9} | {:>5} | {:>7} | {:>8} | {:>8} | {:<8} | {:>7} | first error |",
        "spec", "bytes", "ops", "schemas", "gen ms", "lines", "check", "check s"
    );
    println!("|{}|", ["-"; 9].join("|"));
    for r in rows {
        let mut first = r.first_error.replace('|', "\\|");
        if first.len() > 160 {
            let cut = (0..=160).rev().find(|i| first.is_char_boundary(*i)).unwrap_or(0);
            first.truncate(cut);
            first.push('…');
        }
        println!(
            "| {:<44} | {:>9} | {:>5} | {:>7} | {:>8.1} | {:>8} | {:<8} | {:>7.1} | {} |",
            r.spec, r.size, r.operations, r.schemas, r.gen_ms, r.lines, r.result, r.check_s, first
        );
    }
}

/// Per spec: the operations that read their list in pages (by the rule that matched), the
/// list-shaped ones that do not (each with its reason), those that stream server-sent events,
/// and those that read a binary body (which can also stream).
fn print_streams_and_pages(rows: &[Row]) {
    println!("streams and pages:");
    println!(
        "| {:<44} | {:>5} | {:>5} | {:>5} | {:>7} | {:<60} | {:>6} | {:>9} |",
        "spec", "ops", "paged", "lists", "unpaged", "paging rules", "events", "downloads"
    );
    println!("|{}|", ["-"; 8].join("|"));
    for r in rows.iter().filter(|r| r.operations > 0) {
        let paged: usize = r.paged.iter().map(|(_, n)| n).sum();
        let rules = r.paged.iter().map(|(p, n)| format!("{p}: {n}")).collect::<Vec<_>>().join(", ");
        println!(
            "| {:<44} | {:>5} | {:>5} | {:>5} | {:>7} | {:<60} | {:>6} | {:>9} |",
            r.spec,
            r.operations,
            paged,
            r.lists,
            r.unpaged.len(),
            rules,
            r.events,
            r.downloads
        );
    }
    println!("list-shaped operations that do not page, and why:");
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for r in rows {
        for (op, reason) in &r.unpaged {
            println!("  {} {op}: {reason}", r.spec);
            // Reasons counted without the parameter they name.
            let reason = reason.split_once(" (").map_or(reason.as_str(), |(head, _)| head);
            let class = match reason.split_once('`') {
                Some((head, rest)) => format!("{head}`…`{}", rest.split_once('`').map_or("", |(_, t)| t)),
                None => reason.to_string(),
            };
            match reasons.iter_mut().find(|(c, _)| *c == class) {
                Some((_, n)) => *n += 1,
                None => reasons.push((class, 1)),
            }
        }
    }
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (class, n) in &reasons {
        println!("  {n:>5}  {class}");
    }
    let paged: usize = rows.iter().flat_map(|r| &r.paged).map(|(_, n)| n).sum();
    let specs = rows.iter().filter(|r| !r.paged.is_empty()).count();
    let events: usize = rows.iter().map(|r| r.events).sum();
    let lists: usize = rows.iter().map(|r| r.lists).sum();
    let lists_paged: usize = rows.iter().map(|r| r.lists_paged).sum();
    println!("{paged} paged operations in {specs} specs; {events} event streams");
    println!("{lists} list-shaped operations: {lists_paged} page, {} do not", lists - lists_paged);
}

/// Generation time against size: the median time per MB and per operation within size bands.
/// Linear growth shows as flat figures across the bands.
fn print_scaling(rows: &[Row]) {
    let generated: Vec<&Row> = rows.iter().filter(|r| r.package.is_some() && r.gen_ms > 0.0).collect();
    if generated.len() < 4 {
        return;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("scaling (median per band):");
    println!("| {:<14} | {:>5} | {:>9} | {:>9} | {:>12} |", "size", "specs", "ms", "ms / MB", "ms / op");
    println!("|-|-|-|-|-|");
    let bands = [(0.0, 0.25), (0.25, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, f64::MAX)];
    for (lo, hi) in bands {
        let band: Vec<&&Row> = generated
            .iter()
            .filter(|r| {
                let mb = r.size as f64 / 1e6;
                mb >= lo && mb < hi
            })
            .collect();
        if band.is_empty() {
            continue;
        }
        let label = if hi == f64::MAX { format!(">= {lo} MB") } else { format!("{lo}-{hi} MB") };
        let ms = median(band.iter().map(|r| r.gen_ms).collect());
        let per_mb = median(band.iter().map(|r| r.gen_ms / (r.size as f64 / 1e6)).collect());
        let per_op: Vec<f64> =
            band.iter().filter(|r| r.operations > 0).map(|r| r.gen_ms / r.operations as f64).collect();
        let per_op = if per_op.is_empty() { 0.0 } else { median(per_op) };
        println!("| {label:<14} | {:>5} | {ms:>9.1} | {per_mb:>9.1} | {per_op:>12.2} |", band.len());
    }
}
