//! Large specs are served in slices: Prism holds a whole large document in memory, so one
//! beyond `SERVE_WHOLE_UP_TO` bytes is served as slices of `PER_SLICE` operations each
//! (`cargo xtask slice`), each by its own Prism.

use super::*;

/// The operations whose responses give no example anywhere (see
/// [`crate::slice::responses_give_examples`]): Prism's static response to them is made up by
/// its sampler, so a violation in it is Prism's, not the spec's.
pub(super) fn sampled(api: &clientgen::model::Api, spec: &Path) -> BTreeSet<String> {
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
pub(super) fn twins(api: &clientgen::model::Api) -> BTreeMap<String, String> {
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
pub(super) const SERVE_WHOLE_UP_TO: u64 = 1_000_000;

/// Operations per slice.
pub(super) const PER_SLICE: usize = 40;

/// What the driver reported in each run (static, dynamic), and the operations Prism could not
/// serve, with the reason.
pub(super) struct Served {
    pub(super) runs: [BTreeMap<String, Outcome>; 2],
    pub(super) unserved: Vec<(usize, String)>,
}

/// Runs the driver of `spec` against Prism, serving the spec whole or in slices.
pub(super) fn serve_spec(prism: &Path, spec: &Spec, driver: &Path, dir: &Path) -> Served {
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
pub(super) fn serve_part(
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
