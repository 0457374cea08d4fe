//! Prism: installing it (pinned, with npm), running it, running the driver against it, and
//! classifying what it reports (its own limitations, told apart from a client's violations).

use super::*;

/// The problem type given to a call whose connection Prism dropped (see [`run_against_prism`]).
pub(super) const PRISM_DROPPED: &str = "conformance#PRISM_DROPPED_CONNECTION";

/// The problem type given to a call during which Prism ran out of memory.
pub(super) const PRISM_OUT_OF_MEMORY: &str = "conformance#PRISM_OUT_OF_MEMORY";

/// Where Prism answers a valid request with an error of its own: which of its limitations.
pub(super) fn prism_limitation(detail: &str, sent: &str) -> Option<String> {
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
pub(super) fn negative_unsigned(detail: &str) -> bool {
    let Some(rest) = detail.split("invalid value: integer `-").nth(1) else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && ["u8", "u16", "u32", "u64"].iter().any(|t| rest[digits..].starts_with(&format!("`, expected {t}")))
}

/// Whether Prism's violations (a problem document, or the `sl-violations` list) are all in its
/// own response: the request was valid, the mock response breaks the spec.
pub(super) fn response_only(detail: &str) -> bool {
    let Some(v) = parse_detail(detail) else { return false };
    let locations: Vec<Option<&str>> = violations(&v).iter().map(|m| m["location"][0].as_str()).collect();
    !locations.is_empty() && locations.iter().all(|l| *l == Some("response"))
}

/// Whether Prism's violations are all in its own response and all of a string's `format`
/// (a dynamic response: its data generator does not honour the format, the spec is not at fault).
pub(super) fn generated_format_only(detail: &str) -> bool {
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
pub(super) fn shorten(s: &str) -> String {
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
pub(super) fn parse_detail(detail: &str) -> Option<serde_json::Value> {
    let Some(list) = detail.strip_prefix("Too many violations! ") else {
        return serde_json::from_str(detail).ok();
    };
    serde_json::from_str(list).ok().or_else(|| {
        let whole = &list[..list.rfind("},{")? + 1];
        serde_json::from_str(&format!("{whole}]")).ok()
    })
}

/// Prism's violations: the `sl-violations` header's list, or a problem document's `validation`.
pub(super) fn violations(v: &serde_json::Value) -> &[serde_json::Value] {
    let list = match v {
        serde_json::Value::Array(_) => v,
        _ => &v["validation"],
    };
    list.as_array().map(Vec::as_slice).unwrap_or_default()
}

pub(super) fn cut(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}...", s.chars().take(300).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Prism's executable, installed with npm into the cache directory on first use.
pub(super) fn install_prism() -> Result<PathBuf, String> {
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
pub(super) struct Mock<'a> {
    pub(super) prism: &'a Path,
    pub(super) document: &'a Path,
    pub(super) flags: &'a [&'a str],
    pub(super) driver: &'a Path,
    pub(super) only: Option<&'a Path>,
}

/// Serves the document with Prism, runs the driver against it and reads its report. Where Prism's
/// mock response breaks the spec with a message it cannot put in its `sl-violations` header, it
/// drops the connection and stops answering (stoplightio/prism#1934), and where it runs out of
/// memory it dies: that call is counted as a Prism limitation, and the driver goes on with the
/// next call against a new Prism.
pub(super) fn run_against_prism(mock: &Mock, log: &Path) -> Result<BTreeMap<String, Outcome>, String> {
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
pub(super) fn run_once(mock: &Mock, log: &Path, from: usize) -> Result<Vec<(String, Outcome)>, String> {
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

pub(super) struct KillOnDrop<'a>(&'a mut Child);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until Prism accepts connections, or says why it stopped.
pub(super) fn wait_for_prism(child: &mut Child, port: u16, log: &Path) -> Result<(), String> {
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
