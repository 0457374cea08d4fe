//! The known failures (`xtask/conformance-known.tsv`): calls that fail for a reason the table
//! names, each expected to keep failing (a known failure that passes is reported, so the table
//! shrinks as fixes land).

use super::*;

/// Failures classified by hand, as bugs of a spec or limitations of Prism that the run cannot
/// tell by itself: one per line, `spec<TAB>operation<TAB>run<TAB>class<TAB>reason`, where `run`
/// is `static`, `dynamic` or `*` and `class` is `spec` or `prism`.
pub(super) const KNOWN: &str = "xtask/conformance-known.tsv";

/// The entries of [`KNOWN`].
pub(super) struct Known(Vec<KnownFailure>);

pub(super) struct KnownFailure {
    pub(super) spec: String,
    pub(super) operation: String,
    pub(super) run: String,
    pub(super) prism: bool,
    pub(super) reason: String,
}

impl Known {
    pub(super) fn read(path: &Path) -> Result<Known, String> {
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

    pub(super) fn find(&self, spec: &str, operation: &str, run: &str) -> Option<&KnownFailure> {
        self.0.iter().find(|k| k.spec == spec && k.operation == operation && (k.run == run || k.run == "*"))
    }
}
