//! Evaluates YAML loaders for the generator on the corpus: speed, peak memory, agreement with
//! the loader in use, YAML 1.1 vs 1.2 scalars, alias bombs and deep nesting.
//!
//! `cargo run --release -- [CORPUS_DIR]` (default `../../../shared/corpus/specs`). Each measurement
//! runs in a child process of its own so its peak memory is its own and a crash is contained.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const LOADERS: &[&str] = &["clientgen", "serde_yaml", "serde_norway", "yaml-rust2", "saphyr"];

fn load(loader: &str, text: &str) -> Result<Value, String> {
    match loader {
        // What the generator uses: serde_yaml's parser read through our own visitor.
        "clientgen" => clientgen::yaml::parse(text).map_err(|e| format!("{e:?}")),
        "serde_yaml" => serde_yaml::from_str::<Value>(text).map_err(|e| e.to_string()),
        "serde_norway" => serde_norway::from_str::<Value>(text).map_err(|e| e.to_string()),
        "yaml-rust2" => yaml_rust2::YamlLoader::load_from_str(text)
            .map_err(|e| e.to_string())
            .and_then(|docs| docs.into_iter().next().map(|d| from_rust2(&d)).ok_or("empty".into())),
        "saphyr" => {
            use saphyr::LoadableYamlNode;
            saphyr::Yaml::load_from_str(text)
                .map_err(|e| e.to_string())
                .and_then(|docs| docs.into_iter().next().map(|d| from_saphyr(&d)).ok_or("empty".into()))
        }
        _ => Err("unknown loader".into()),
    }
}

fn key_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn from_rust2(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml as Y;
    match y {
        Y::Real(r) => r.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::String(r.clone()), Value::Number),
        Y::Integer(i) => Value::from(*i),
        Y::String(s) => Value::String(s.clone()),
        Y::Boolean(b) => Value::Bool(*b),
        Y::Array(a) => Value::Array(a.iter().map(from_rust2).collect()),
        Y::Hash(h) => Value::Object(h.iter().map(|(k, v)| (key_text(from_rust2(k)), from_rust2(v))).collect()),
        Y::Alias(_) | Y::Null | Y::BadValue => Value::Null,
    }
}

fn from_saphyr(y: &saphyr::Yaml) -> Value {
    use saphyr::{Scalar, Yaml as Y};
    match y {
        Y::Value(Scalar::Null) => Value::Null,
        Y::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Y::Value(Scalar::Integer(i)) => Value::from(*i),
        Y::Value(Scalar::FloatingPoint(f)) => serde_json::Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number),
        Y::Value(Scalar::String(s)) => Value::String(s.to_string()),
        Y::Representation(s, _, _) => Value::String(s.to_string()),
        Y::Sequence(a) => Value::Array(a.iter().map(from_saphyr).collect()),
        Y::Mapping(h) => Value::Object(h.iter().map(|(k, v)| (key_text(from_saphyr(k)), from_saphyr(v))).collect()),
        Y::Tagged(_, inner) => from_saphyr(inner),
        _ => Value::Null,
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |k| k / 1024.0)
}

/// Child: `one LOADER FILE` prints `ms<TAB>MiB<TAB>ok|error<TAB>digest`.
fn one(loader: &str, file: &Path) {
    let text = std::fs::read_to_string(file).expect("read");
    let mut best = f64::MAX;
    let mut outcome = Err(String::new());
    for _ in 0..3 {
        let start = Instant::now();
        outcome = load(loader, &text);
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        if outcome.is_err() || best > 2000.0 {
            break;
        }
    }
    let (status, digest) = match &outcome {
        Ok(v) => ("ok".to_string(), format!("{:016x}", fnv(v.to_string().as_bytes()))),
        Err(e) => ("error".to_string(), e.lines().next().unwrap_or("").chars().take(70).collect()),
    };
    println!("{best:.1}\t{:.0}\t{status}\t{digest}", peak_rss_mib());
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3))
}

struct Run {
    ms: f64,
    mib: f64,
    status: String,
    digest: String,
}

fn child(loader: &str, file: &Path, limit: Duration) -> Run {
    let exe = std::env::current_exe().expect("exe");
    let mut c = Command::new("timeout")
        .arg(format!("{}", limit.as_secs()))
        .arg(exe)
        .args(["one", loader])
        .arg(file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut out = String::new();
    std::io::Read::read_to_string(c.stdout.as_mut().expect("stdout"), &mut out).ok();
    let status = c.wait().expect("wait");
    let parts: Vec<&str> = out.trim().split('\t').collect();
    if parts.len() == 4 {
        Run { ms: parts[0].parse().unwrap_or(0.0), mib: parts[1].parse().unwrap_or(0.0), status: parts[2].into(), digest: parts[3].into() }
    } else {
        let why = match status.code() {
            Some(124) => "timeout".to_string(),
            Some(c) => format!("exit {c}"),
            None => "crashed (signal)".to_string(),
        };
        Run { ms: 0.0, mib: 0.0, status: why, digest: String::new() }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 4 && args[1] == "dump" {
        let text = std::fs::read_to_string(&args[3]).expect("read");
        println!("{}", serde_json::to_string_pretty(&load(&args[2], &text).expect("load")).expect("json"));
        return;
    }
    if args.len() == 4 && args[1] == "one" {
        one(&args[2], Path::new(&args[3]));
        return;
    }
    let dir = PathBuf::from(args.get(1).cloned().unwrap_or_else(|| "../../../shared/corpus/specs".into()));
    let tmp = std::env::temp_dir().join("yaml-eval");
    std::fs::create_dir_all(&tmp).expect("tmp");

    // 1. Scalars: YAML 1.1 vs 1.2 resolution.
    println!("## Scalars (JSON of what each loader reads for `v: <scalar>`)\n");
    println!("| scalar | {} |", LOADERS.join(" | "));
    println!("|{}|", vec!["-"; LOADERS.len() + 1].join("|"));
    for scalar in ["on", "yes", "no", "y", "0o17", "017", "0x1F", "1_000", "1e3", ".inf", "~", "Null", "2001-12-14", "12345678901234567890123", "'010'"] {
        let text = format!("v: {scalar}\n");
        let cells: Vec<String> = LOADERS
            .iter()
            .map(|l| match load(l, &text) {
                Ok(v) => format!("`{}`", v["v"]),
                Err(e) => format!("error: {}", e.chars().take(30).collect::<String>()),
            })
            .collect();
        println!("| `{scalar}` | {} |", cells.join(" | "));
    }

    // 2. Hostile input, each in a child with a 20 s limit.
    println!("\n## Hostile input (child process, 20 s limit)\n");
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, c) in ('b'..='i').enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let deep_flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_block: String = (0..20_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    let cases = [("alias bomb (9^9 strings)", bomb), ("100k nested flow sequences", deep_flow), ("20k nested block mappings", deep_block)];
    println!("| input | {} |", LOADERS.join(" | "));
    println!("|{}|", vec!["-"; LOADERS.len() + 1].join("|"));
    for (name, text) in &cases {
        let file = tmp.join(format!("{}.yaml", fnv(name.as_bytes())));
        std::fs::write(&file, text).expect("write");
        let cells: Vec<String> = LOADERS
            .iter()
            .map(|l| {
                let r = child(l, &file, Duration::from_secs(20));
                match r.status.as_str() {
                    "ok" => format!("accepted, {:.0} ms, {:.0} MiB", r.ms, r.mib),
                    "error" => format!("refused ({:.0} MiB): {}", r.mib, r.digest.chars().take(40).collect::<String>()),
                    other => other.to_string(),
                }
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }

    // 3. The corpus YAML files.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let mut total = vec![(0.0f64, 0usize, 0usize, 0.0f64); LOADERS.len()];
    let mut bytes = 0usize;
    let mut notes = Vec::new();
    for file in &files {
        bytes += std::fs::metadata(file).map_or(0, |m| m.len() as usize);
        let runs: Vec<Run> = LOADERS.iter().map(|l| child(l, file, Duration::from_secs(60))).collect();
        let reference = &runs[0];
        for (i, r) in runs.iter().enumerate() {
            total[i].0 += r.ms;
            total[i].3 = total[i].3.max(r.mib);
            if r.status == "ok" {
                total[i].1 += 1;
                if reference.status == "ok" && r.digest == reference.digest {
                    total[i].2 += 1;
                }
            }
            if r.status != "ok" || (reference.status == "ok" && r.digest != reference.digest) {
                let name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
                let what = if r.status == "ok" { "reads it differently".to_string() } else { format!("{}: {}", r.status, r.digest) };
                notes.push(format!("- {name}: {} {what}", LOADERS[i]));
            }
        }
    }
    println!("\n## Corpus: {} YAML files, {:.1} MB\n", files.len(), bytes as f64 / 1e6);
    println!("| loader | parsed | same JSON as clientgen | total ms | MB/s | max peak MiB |");
    println!("|-|-|-|-|-|-|");
    for (i, l) in LOADERS.iter().enumerate() {
        let (ms, ok, same, mib) = total[i];
        println!("| {l} | {ok} | {same} | {ms:.0} | {:.1} | {mib:.0} |", bytes as f64 / 1e6 / (ms / 1000.0));
    }
    println!("\nDifferences and failures:\n{}", notes.join("\n"));
}
