//! `cargo xtask conformance [SPEC|DIR ...]`: every operation of each spec called with example
//! arguments against Prism (Stoplight's mock server, pinned, installed with npm into a cache
//! directory), once answering from the spec's examples and once with generated data (`-d`,
//! fixed seed). Prism runs with `--errors`, so a request that violates the spec is answered
//! with its violations instead of a mock response.

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

/// Failures classified by hand, as bugs of a spec or limitations of Prism that the run cannot
/// tell by itself: one per line, `spec<TAB>operation<TAB>run<TAB>class<TAB>reason`, where `run`
/// is `static`, `dynamic` or `*` and `class` is `spec` or `prism`.
const KNOWN: &str = "xtask/conformance-known.tsv";

/// The entries of [`KNOWN`].
struct Known(Vec<KnownFailure>);

struct KnownFailure {
    spec: String,
    operation: String,
    run: String,
    prism: bool,
    reason: String,
}

impl Known {
    fn read(path: &Path) -> Result<Known, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let fields: Vec<&str> = line.split('\t').collect();
            let [spec, operation, run, class, reason] = fields[..] else {
                return Err(format!("line {}: five tab-separated fields expected", i + 1));
            };
            if !matches!(run, "static" | "dynamic" | "*")
                || !matches!(class, "spec" | "prism")
                || reason.is_empty()
            {
                return Err(format!(
                    "line {}: run is static, dynamic or *; class spec or prism; a reason",
                    i + 1
                ));
            }
            let (spec, operation, run) = (spec.to_string(), operation.to_string(), run.to_string());
            entries.push(KnownFailure {
                spec,
                operation,
                run,
                prism: class == "prism",
                reason: reason.to_string(),
            });
        }
        Ok(Known(entries))
    }

    fn find(&self, spec: &str, operation: &str, run: &str) -> Option<&KnownFailure> {
        self.0.iter().find(|k| k.spec == spec && k.operation == operation && (k.run == run || k.run == "*"))
    }
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
    let mut members = Vec::new();
    let mut ready = Vec::new();
    for spec in &specs {
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
            if let Err(e) = clientgen::project::write_atomic(&path, &text) {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        let driver = dir.join("driver");
        let written = std::fs::create_dir_all(driver.join("src"))
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
            });
        if let Err(e) = written {
            eprintln!("error: {}: {e}", driver.display());
            return ExitCode::FAILURE;
        }
        members.push(format!("\"{}/client\", \"{}/driver\"", spec.stem, spec.stem));
        ready.push((spec, twins(&api), sampled(&api, &spec.path)));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    if std::fs::write(work.join("Cargo.toml"), manifest).is_err()
        || std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).is_err()
    {
        eprintln!("error: cannot write {}", work.display());
        return ExitCode::FAILURE;
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
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("error: the drivers do not build (see above)");
        return ExitCode::FAILURE;
    }

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
                let Outcome { verdict, status, sent, detail } =
                    outcomes.get(*op).cloned().unwrap_or_else(|| Outcome {
                        verdict: "fail".into(),
                        detail: "the driver did not report it".into(),
                        ..Outcome::default()
                    });
                if let Some(why) = (verdict == "rejected").then(|| prism_limitation(&detail, &sent)).flatten()
                {
                    limited = true;
                    failures.push(format!("  {op} ({mode}): Prism limitation: {why}"));
                } else if verdict == "rejected" && *mode == "dynamic" && generated_format_only(&detail) {
                    limited = true;
                    failures.push(format!(
                        "  {op} ({mode}): Prism limitation: its generator writes strings that break \
                         their `format` (one it does not know, such as byte or url): {}",
                        shorten(&detail)
                    ));
                } else if verdict == "rejected"
                    && *mode == "static"
                    && response_only(&detail)
                    && sampled.contains(op.split(" [").next().unwrap_or_default())
                {
                    limited = true;
                    failures.push(format!(
                        "  {op} ({mode}): Prism limitation: the spec gives no example for the response, \
                         and the placeholders Prism's static sampler writes break the schema: {}",
                        shorten(&detail)
                    ));
                } else if verdict == "rejected" && response_only(&detail) {
                    // Prism's own mock response breaks the spec: the spec contradicts itself.
                    spec_bug = true;
                    failures.push(format!("  {op} ({mode}): spec bug {status} {}", shorten(&detail)));
                } else if verdict == "undocumented" {
                    // The response holds an enum value the spec does not list: a static example
                    // that breaks the spec, or Prism's dynamic generator ignoring `enum` (its
                    // validator lets it through).
                    let why = match *mode {
                        "static" => {
                            spec_bug = true;
                            "spec bug"
                        }
                        _ => {
                            limited = true;
                            "Prism limitation: its dynamic response holds a value outside an `enum`, which its validator lets through"
                        }
                    };
                    failures.push(format!("  {op} ({mode}): {why}: {}", cut(&detail)));
                } else if verdict == "fail" && *mode == "dynamic" && negative_unsigned(&detail) {
                    limited = true;
                    failures.push(format!(
                        "  {op} ({mode}): Prism limitation: its generator ignores an unsigned `format` \
                         (uint32, uint64) and writes a negative integer: {}",
                        cut(&detail)
                    ));
                } else if let Some(k) = known.find(&spec.stem, op, mode) {
                    // Recorded by hand (see `KNOWN`), and only while it still happens.
                    match (verdict == "pass", k.prism) {
                        (true, _) => stale.push(format!("{}\t{op}\t{mode}", spec.stem)),
                        (false, true) => limited = true,
                        (false, false) => spec_bug = true,
                    }
                    if verdict != "pass" {
                        let class = if k.prism { "Prism limitation" } else { "spec bug" };
                        failures.push(format!(
                            "  {op} ({mode}): known {class}: {} ({verdict} {status})",
                            k.reason
                        ));
                    }
                } else if let Some(twin) =
                    twins.get(op.split(" [").next().unwrap_or_default()).filter(|_| verdict != "pass")
                {
                    spec_bug = true;
                    failures.push(format!(
                        "  {op} ({mode}): spec bug: its path template is {twin}'s but for the names of \
                         its parameters, which OpenAPI forbids (Prism routes the request to either): \
                         {verdict} {status} {}",
                        shorten(&detail)
                    ));
                } else if verdict != "pass" {
                    ok = false;
                    failures.push(format!("  {op} ({mode}): {verdict} {status} {}", shorten(&detail)));
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

/// The operations whose responses give no example anywhere (see
/// [`crate::slice::responses_give_examples`]): Prism's static response to them is made up by
/// its sampler, so a violation in it is Prism's, not the spec's.
fn sampled(api: &clientgen::model::Api, spec: &Path) -> BTreeSet<String> {
    let doc = std::fs::read_to_string(spec).ok().and_then(|text| clientgen::load::parse_text(&text).ok());
    let Some(doc) = doc else { return BTreeSet::new() };
    api.operations
        .iter()
        .filter(|o| {
            !crate::slice::responses_give_examples(&doc, &o.http_method.to_ascii_lowercase(), &o.path)
        })
        .map(|o| o.operation_id.clone())
        .collect()
}

/// Operations whose method and path template another operation has but for the names of
/// their parameters (`/auth/{azure_mount_path}/login`, `/auth/{cert_mount_path}/login`), each
/// with the other's `METHOD template`: OpenAPI calls such paths identical and forbids them, and
/// a server (Prism) cannot tell which a request is for.
fn twins(api: &clientgen::model::Api) -> BTreeMap<String, String> {
    let shape = |path: &str| {
        let mut out = String::new();
        let mut inside = false;
        for c in path.chars() {
            match c {
                '{' => inside = true,
                '}' if inside => {
                    inside = false;
                    out.push_str("{}");
                }
                _ if inside => {}
                _ => out.push(c),
            }
        }
        out
    };
    let shapes: Vec<String> = api.operations.iter().map(|o| shape(&o.path)).collect();
    let mut twins = BTreeMap::new();
    for (op, s) in api.operations.iter().zip(&shapes) {
        let other =
            api.operations.iter().zip(&shapes).find_map(|(o, t)| {
                (o.http_method == op.http_method && o.path != op.path && t == s).then_some(o)
            });
        if let Some(o) = other {
            twins.insert(op.operation_id.clone(), format!("`{} {}`", o.http_method, o.path));
        }
    }
    twins
}

/// Specs above this size are served in slices from the start (Prism loads some large documents
/// for many minutes); smaller ones whole, and in slices only where Prism refuses the whole.
const SERVE_WHOLE_UP_TO: u64 = 1_000_000;

/// Operations per slice.
const PER_SLICE: usize = 40;

/// What the driver reported in each run (static, dynamic), and the operations Prism could not
/// serve, with the reason.
struct Served {
    runs: [BTreeMap<String, Outcome>; 2],
    unserved: Vec<(usize, String)>,
}

/// Runs the driver of `spec` against Prism, serving the spec whole or in slices.
fn serve_spec(prism: &Path, spec: &Spec, driver: &Path, dir: &Path) -> Served {
    let mut served = Served { runs: Default::default(), unserved: Vec::new() };
    let size = std::fs::metadata(&spec.path).map(|m| m.len()).unwrap_or(u64::MAX);
    let whole_failed = match size <= SERVE_WHOLE_UP_TO {
        true => match serve_part(prism, &spec.path, None, driver, dir, "whole") {
            Ok(runs) => {
                served.runs = runs;
                return served;
            }
            Err(reason) => Some(reason),
        },
        false => None,
    };
    let doc = std::fs::read_to_string(&spec.path)
        .map_err(|e| e.to_string())
        .and_then(|text| clientgen::load::parse_text(&text).map_err(|(_, e)| e));
    let doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            served.unserved.push((0, format!("cannot be read to slice it: {e}")));
            return served;
        }
    };
    if let Some(reason) = &whole_failed {
        println!("{}: served in slices, as Prism refuses the whole document: {}", spec.stem, reason);
    }
    let slices = crate::slice::slices(&doc, PER_SLICE);
    let count = slices.len();
    let mut slices = slices.into_iter().enumerate();
    while let Some((i, slice)) = slices.next() {
        let document = dir.join(format!("slice-{i}.json"));
        let only = dir.join(format!("slice-{i}.operations"));
        let written = serde_json::to_string(&slice.document)
            .map_err(std::io::Error::other)
            .and_then(|text| std::fs::write(&document, text))
            .and_then(|_| std::fs::write(&only, slice.operations.join("\n")));
        let outcome = written
            .map_err(|e| e.to_string())
            .and_then(|_| serve_part(prism, &document, Some(&only), driver, dir, &format!("slice-{i}")));
        match outcome {
            Ok([static_run, dynamic_run]) => {
                served.runs[0].extend(static_run);
                served.runs[1].extend(dynamic_run);
            }
            Err(reason) => {
                let first = slice.operations.first().cloned().unwrap_or_default();
                let too_slow = reason.contains("did not start within");
                let reason = format!("slice {i} of {count} (from {first}): {reason}");
                served.unserved.push((slice.operations.len(), reason));
                if too_slow {
                    // The other slices of a document Prism loads this slowly would take as long.
                    let rest: usize = slices.by_ref().map(|(_, s)| s.operations.len()).sum();
                    if rest > 0 {
                        served
                            .unserved
                            .push((rest, format!("the {} slices after slice {i}: not tried", count - i - 1)));
                    }
                }
            }
        }
    }
    served
}

/// The driver's reports against Prism serving `document` statically, then dynamically (`-d`,
/// fixed seed); calling only the operations listed in `only` where given.
fn serve_part(
    prism: &Path,
    document: &Path,
    only: Option<&Path>,
    driver: &Path,
    dir: &Path,
    label: &str,
) -> Result<[BTreeMap<String, Outcome>; 2], String> {
    let mut runs: [BTreeMap<String, Outcome>; 2] = Default::default();
    for (run, (mode, flags)) in
        runs.iter_mut().zip([("static", &[][..]), ("dynamic", &["-d", "--seed", "1"][..])])
    {
        let log = dir.join(format!("prism-{label}-{mode}.log"));
        let mock = Mock { prism, document, flags, driver, only };
        *run = run_against_prism(&mock, &log).map_err(|e| format!("{mode}: {e}"))?;
    }
    Ok(runs)
}

/// The problem type given to a call whose connection Prism dropped (see [`run_against_prism`]).
const PRISM_DROPPED: &str = "conformance#PRISM_DROPPED_CONNECTION";

/// The problem type given to a call during which Prism ran out of memory.
const PRISM_OUT_OF_MEMORY: &str = "conformance#PRISM_OUT_OF_MEMORY";

/// Where Prism answers a valid request with an error of its own: which of its limitations.
fn prism_limitation(detail: &str, sent: &str) -> Option<String> {
    let v = parse_detail(detail)?;
    let kind = v["type"].as_str().unwrap_or_default();
    let title = v["title"].as_str().unwrap_or_default();
    if kind == PRISM_DROPPED {
        return Some(
            "its mock response breaks the spec and it dropped the connection instead of saying how \
             (stoplightio/prism#1934)"
                .into(),
        );
    }
    if kind == PRISM_OUT_OF_MEMORY {
        return Some("it ran out of memory (JavaScript heap) making its response".into());
    }
    if kind.ends_with("#NO_COMPLEX_OBJECT_TEXT") {
        return Some("cannot serialise an object example as text (stoplightio/prism#1038)".into());
    }
    if kind.ends_with("#NO_RESPONSE_RESPONSE_DEFINED") {
        return Some("no response it can mock (only a `default` one, or none with content)".into());
    }
    if kind.ends_with("#UNKNOWN") {
        return Some(format!("internal error: {}", title.lines().next().unwrap_or_default()));
    }
    // An exception Prism did not catch, answered with the exception's name as problem type.
    if kind.ends_with("Error") && kind.chars().all(|c| c.is_ascii_alphanumeric()) && v["status"] == 500 {
        return Some(format!("internal error: {kind}: {}", title.lines().next().unwrap_or_default()));
    }
    // It validates the `Accept` and `Content-Type` header parameters that OpenAPI says to
    // ignore (and the client therefore does not send as given).
    let messages: Vec<&str> = violations(&v).iter().filter_map(|m| m["message"].as_str()).collect();
    let ignored_header = |m: &&str| {
        let m = m.to_ascii_lowercase();
        m.starts_with("request header") && (m.contains("accept") || m.contains("content-type"))
    };
    if !messages.is_empty() && messages.iter().all(ignored_header) {
        return Some(
            "validates an Accept or Content-Type header parameter OpenAPI says to ignore \
             (stoplightio/prism#2057)"
                .into(),
        );
    }
    // It validates integers as JavaScript numbers: an int64 above 2^53 - 1 is refused.
    if !messages.is_empty() && messages.iter().all(|m| m.ends_with("must be <= 9007199254740991")) {
        return Some("validates integers as JavaScript numbers, refusing an int64 above 2^53 - 1".into());
    }
    // It validates a text/plain body as a string, whatever the schema's type.
    let scalar =
        |m: &&str| ["integer", "number", "boolean"].iter().any(|t| *m == format!("Request body must be {t}"));
    if sent.starts_with("text/plain") && !messages.is_empty() && messages.iter().all(scalar) {
        return Some("validates a text/plain body as a string, not as its schema's type".into());
    }
    // It reads an array of a form body sent as OpenAPI's default (`form` style, exploded: the
    // name repeated) as one string.
    let form_array = |m: &&str| {
        m.starts_with("Request body property")
            && (m.ends_with("must be array") || m.ends_with("must be array,null"))
    };
    if sent == "application/x-www-form-urlencoded" && !messages.is_empty() && messages.iter().all(form_array)
    {
        return Some(
            "reads a form body's repeated name as one value, not an array (stoplightio/prism#2473)".into(),
        );
    }
    // It cannot match a required query parameter whose name holds brackets (`page[number]`),
    // sent raw or percent-encoded: it looks for the name encoded in lower case.
    let bracketed =
        |m: &&str| m.starts_with("Request query must have required property '") && m.contains("%5b");
    if !messages.is_empty() && messages.iter().all(bracketed) {
        return Some(
            "cannot match a required query parameter whose name holds brackets, however sent".into(),
        );
    }
    // It reads a multipart part holding an object (JSON, OpenAPI's default for one) as a string.
    let part_object = |m: &&str| m.starts_with("Request body property") && m.ends_with("must be object");
    (sent.starts_with("multipart/form-data") && !messages.is_empty() && messages.iter().all(part_object))
        .then(|| {
            "reads a multipart part holding an object (JSON) as a string (stoplightio/prism#2380)".into()
        })
}

/// Whether a decode error is a negative integer where an unsigned one is documented
/// (``invalid value: integer `-5`, expected u64``).
fn negative_unsigned(detail: &str) -> bool {
    let Some(rest) = detail.split("invalid value: integer `-").nth(1) else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && ["u8", "u16", "u32", "u64"].iter().any(|t| rest[digits..].starts_with(&format!("`, expected {t}")))
}

/// Whether Prism's violations (a problem document, or the `sl-violations` list) are all in its
/// own response: the request was valid, the mock response breaks the spec.
fn response_only(detail: &str) -> bool {
    let Some(v) = parse_detail(detail) else { return false };
    let locations: Vec<Option<&str>> = violations(&v).iter().map(|m| m["location"][0].as_str()).collect();
    !locations.is_empty() && locations.iter().all(|l| *l == Some("response"))
}

/// Whether Prism's violations are all in its own response and all of a string's `format`
/// (a dynamic response: its data generator does not honour the format, the spec is not at fault).
fn generated_format_only(detail: &str) -> bool {
    let Some(v) = parse_detail(detail) else { return false };
    let list = violations(&v);
    // A list cut short may hide other violations.
    !detail.starts_with("Too many violations!")
        && response_only(detail)
        && list.iter().all(|m| m["message"].as_str().is_some_and(|m| m.contains(" must match format \"")))
}

/// A detail as a reader wants it: of a Prism problem document, its title and the messages of
/// its validation errors (where the request or the response broke the spec); cut at 300
/// characters.
fn shorten(s: &str) -> String {
    let Some(v) = parse_detail(s) else { return cut(s) };
    let messages: Vec<&str> = violations(&v).iter().filter_map(|m| m["message"].as_str()).collect();
    match (&v, messages.is_empty()) {
        (_, true) => cut(s),
        (serde_json::Value::Array(_), false) => cut(&messages.join("; ")),
        (problem, false) => {
            let title = problem["title"].as_str().unwrap_or_default();
            cut(&format!("{title}: {}", messages.join("; ")))
        }
    }
}

/// A detail the driver reported as JSON: Prism's problem document or its `sl-violations` list
/// (which, when long, it gives as `Too many violations! [...]`, cut short: then the violations
/// it gives whole).
fn parse_detail(detail: &str) -> Option<serde_json::Value> {
    let Some(list) = detail.strip_prefix("Too many violations! ") else {
        return serde_json::from_str(detail).ok();
    };
    serde_json::from_str(list).ok().or_else(|| {
        let whole = &list[..list.rfind("},{")? + 1];
        serde_json::from_str(&format!("{whole}]")).ok()
    })
}

/// Prism's violations: the `sl-violations` header's list, or a problem document's `validation`.
fn violations(v: &serde_json::Value) -> &[serde_json::Value] {
    let list = match v {
        serde_json::Value::Array(_) => v,
        _ => &v["validation"],
    };
    list.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn cut(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}...", s.chars().take(300).collect::<String>())
    } else {
        s.to_string()
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

/// Prism's executable, installed with npm into the cache directory on first use.
fn install_prism() -> Result<PathBuf, String> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .ok_or("no HOME")?
        .join("openapi-clientgen")
        .join(PRISM.replace(['@', '/'], "_"));
    let exe = cache.join("node_modules/.bin/prism");
    if exe.exists() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
    eprintln!("installing {PRISM} into {}", cache.display());
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
        .arg(&cache)
        .arg(PRISM)
        .status()
        .map_err(|e| format!("npm: {e}"))?;
    if !status.success() || !exe.exists() {
        return Err(format!("npm install failed ({status})"));
    }
    Ok(exe)
}

/// Prism serving a document with its flags, and the driver called against it (only the listed
/// operations where a list is given).
#[derive(Clone, Copy)]
struct Mock<'a> {
    prism: &'a Path,
    document: &'a Path,
    flags: &'a [&'a str],
    driver: &'a Path,
    only: Option<&'a Path>,
}

/// Serves the document with Prism, runs the driver against it and reads its report. Where Prism's
/// mock response breaks the spec with a message it cannot put in its `sl-violations` header, it
/// drops the connection and stops answering (stoplightio/prism#1934), and where it runs out of
/// memory it dies: that call is counted as a Prism limitation, and the driver goes on with the
/// next call against a new Prism.
fn run_against_prism(mock: &Mock, log: &Path) -> Result<BTreeMap<String, Outcome>, String> {
    let mut outcomes = BTreeMap::new();
    let mut from = 0;
    for restart in 0.. {
        let log = match restart {
            0 => log.to_path_buf(),
            n => log.with_extension(format!("{n}.log")),
        };
        let lines = run_once(mock, &log, from)?;
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let broken =
            text.contains("Invalid character in header content") || text.contains("heap out of memory");
        let dropped =
            lines.iter().position(|(_, o)| o.verdict == "fail" && o.detail.contains("transport error"));
        let count = lines.len();
        for (i, (op, outcome)) in lines.into_iter().enumerate() {
            match dropped {
                Some(d) if broken && i == d => {
                    let kind = match text.contains("heap out of memory") {
                        true => PRISM_OUT_OF_MEMORY,
                        false => PRISM_DROPPED,
                    };
                    let detail = serde_json::json!({"type": kind, "title": outcome.detail}).to_string();
                    outcomes.insert(op, Outcome { verdict: "rejected".into(), detail, ..outcome });
                }
                // The calls after it met a Prism that no longer answers: called again.
                Some(d) if broken && i > d => {}
                _ => {
                    outcomes.insert(op, outcome);
                }
            }
        }
        match dropped {
            Some(d) if broken && d + 1 < count => from += d + 1,
            _ => break,
        }
    }
    Ok(outcomes)
}

/// One run of the driver against a new Prism, from the call numbered `from` (counted among the
/// calls it makes): the lines it printed, in order.
fn run_once(mock: &Mock, log: &Path, from: usize) -> Result<Vec<(String, Outcome)>, String> {
    let Mock { prism, document, flags, driver, only } = *mock;
    // Prism logs every request: into a file, so a full pipe never stalls it.
    let log_file = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
    let port =
        TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let mut child = Command::new(prism)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string(), "--errors"])
        .args(flags)
        .arg(document)
        // A 2 GB heap: where Prism's generator runs away (Xero accounting's dynamic run), it
        // runs out of memory in a minute instead of five.
        .env("NODE_OPTIONS", "--max-old-space-size=2048")
        .stdout(Stdio::from(log_file))
        .stderr(Stdio::from(log_err))
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let guard = KillOnDrop(&mut child);
    wait_for_prism(guard.0, port, log)?;
    let mut command = Command::new(driver);
    command.arg(format!("http://127.0.0.1:{port}")).env("CONFORMANCE_FROM", from.to_string());
    if let Some(only) = only {
        command.env("CONFORMANCE_ONLY", only);
    }
    let out = command.output().map_err(|e| format!("cannot run the driver: {e}"))?;
    drop(guard);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(5, '\t').map(String::from);
        let (Some(op), Some(verdict), Some(status), Some(sent)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let detail = parts.next().unwrap_or_default();
        lines.push((op, Outcome { verdict, status, sent, detail }));
    }
    if !out.status.success() {
        return Err(format!("the driver failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(lines)
}

struct KillOnDrop<'a>(&'a mut Child);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until Prism accepts connections, or says why it stopped.
fn wait_for_prism(child: &mut Child, port: u16, log: &Path) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            let err = std::fs::read_to_string(log).unwrap_or_default();
            let last: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = last[last.len().saturating_sub(3)..].join(" | ");
            return Err(format!("Prism exited ({status}): {}", shorten(&tail)));
        }
        if started.elapsed() > PRISM_START {
            return Err(format!("Prism did not start within {} s", PRISM_START.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_identical_but_for_parameter_names_are_twins() {
        let dir = std::env::temp_dir().join(format!("conformance-twins-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("vault.yaml");
        let text = r"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /auth/{azure}/login:
    parameters: [{name: azure, in: path, required: true, schema: {type: string}}]
    post: {operationId: azure-login, responses: {'200': {description: OK}}}
  /auth/{cert}/login:
    parameters: [{name: cert, in: path, required: true, schema: {type: string}}]
    post: {operationId: cert-login, responses: {'200': {description: OK}}}
    get: {operationId: cert-read, responses: {'200': {description: OK}}}
  /auth/{cert}/logout:
    parameters: [{name: cert, in: path, required: true, schema: {type: string}}]
    post: {operationId: cert-logout, responses: {'200': {description: OK}}}
  /auth/token/login:
    post: {operationId: token-login, responses: {'200': {description: OK}}}
";
        std::fs::write(&spec, text).unwrap();
        let api = clientgen::model(&spec, "vault").unwrap();
        let twins = twins(&api);
        assert_eq!(twins.get("azure-login").map(String::as_str), Some("`POST /auth/{cert}/login`"));
        assert_eq!(twins.get("cert-login").map(String::as_str), Some("`POST /auth/{azure}/login`"));
        // Another method, another path, or a literal segment (which a server prefers) is not.
        assert_eq!(twins.len(), 2, "{twins:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn prism_answers_are_classified() {
        // A problem document whose violations are all in Prism's own response: a spec bug.
        let response = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","title":"Request/Response not valid",
            "validation":[{"location":["response","body"],"message":"Response body must be object"}]}"#;
        assert!(response_only(response));
        assert_eq!(shorten(response), "Request/Response not valid: Response body must be object");
        // A request violation beside it: the client's fault.
        let both = r#"[{"location":["request","path","fileid"],"message":"must match pattern"},
            {"location":["response","body"],"message":"Response body must be object"}]"#;
        assert!(!response_only(both));
        let many = r#"Too many violations! [{"location":["response","body","type"],"message":"must be one of"},{"location":["response","body","id"],"message":"must be int"#;
        assert!(response_only(many));
        assert_eq!(shorten(many), "must be one of");
        assert_eq!(prism_limitation(both, ""), None);
        // Of a string's format only: Prism's generator, in a dynamic response.
        let format = r#"[{"location":["response","body","target"],"message":"Response body property check.target must match format \"url\""}]"#;
        assert!(generated_format_only(format));
        assert!(!generated_format_only(response) && !generated_format_only(both));
        // Prism's own errors and its validation of headers OpenAPI says to ignore.
        let text = r#"{"type":"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT","title":"t"}"#;
        assert!(prism_limitation(text, "").is_some_and(|w| w.contains("prism#1038")));
        let accept = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["request","header","accept"],"message":"Request header parameter accept must be equal to one of the allowed values"}]}"#;
        assert!(prism_limitation(accept, "").is_some_and(|w| w.contains("prism#2057")));
        let body = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["request","body"],"message":"Request body must have required property 'name'"}]}"#;
        assert_eq!(prism_limitation(body, "application/json"), None);
        assert!(!response_only(body));
        // An exception Prism did not catch (HubSpot's `example: null`).
        let exception = r#"{"type":"TypeError","title":"Cannot convert undefined or null to object","status":500,"detail":""}"#;
        assert!(prism_limitation(exception, "").is_some_and(|w| w.contains("TypeError: Cannot convert")));
        // An array of a form body, its name repeated.
        let array = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body","TestUsers"],"message":"Request body property TestUsers must be array"}]}"#;
        let form = "application/x-www-form-urlencoded";
        assert!(prism_limitation(array, form).is_some_and(|w| w.contains("prism#2473")));
        assert_eq!(prism_limitation(array, "application/json"), None);
        let page = r#"[{"location":["query"],"message":"Request query must have required property 'page%5bnumber%5d'"}]"#;
        assert!(prism_limitation(page, "").is_some_and(|w| w.contains("brackets")));
        // An object in a multipart part (Lob's ride-along image).
        let part = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body","ride_along_image"],"message":"Request body property ride_along_image must be object"}]}"#;
        assert!(prism_limitation(part, "multipart/form-data").is_some_and(|w| w.contains("prism#2380")));
        assert_eq!(prism_limitation(part, "application/json"), None);
        // A number sent as text/plain.
        let text = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body"],"message":"Request body must be integer"}]}"#;
        assert!(prism_limitation(text, "text/plain").is_some_and(|w| w.contains("text/plain")));
        assert_eq!(prism_limitation(text, "application/json"), None);
        assert!(negative_unsigned(
            "the 200 OK response body does not decode as documented: invalid value: integer `-78108311`, expected u64 at line 1 column 430"
        ));
        assert!(!negative_unsigned("invalid value: integer `-7`, expected i64"));
        assert!(!negative_unsigned("invalid value: integer `300`, expected u8"));
        let big = r#"[{"location":["request","query","orderId"],"message":"Request query parameter orderid must be <= 9007199254740991"}]"#;
        assert!(prism_limitation(big, "").is_some_and(|w| w.contains("2^53")));
    }
}
