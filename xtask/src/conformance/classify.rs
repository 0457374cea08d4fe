//! What a call's outcome counts as: a pass, a failure of the client, a spec bug (the spec
//! contradicts itself) or a Prism limitation, each failure with its report line.

use super::*;

/// What one run's outcome of a call counts as, with the line that reports it.
pub(super) enum Counted {
    Pass,
    Fail(String),
    SpecBug(String),
    Limited(String),
}

/// What classifying a call of one spec reads: the known failures, the operations whose path
/// template twins another's, and those whose response Prism's static sampler makes up.
pub(super) struct Call<'a> {
    pub(super) stem: &'a str,
    pub(super) known: &'a Known,
    pub(super) twins: &'a BTreeMap<String, String>,
    pub(super) sampled: &'a BTreeSet<String>,
}

/// Classifies call `op`'s outcome in run `mode`; a known failure that passes now is added to
/// `stale`.
pub(super) fn classify(
    cx: &Call,
    op: &str,
    mode: &str,
    outcome: Outcome,
    stale: &mut Vec<String>,
) -> Counted {
    let Outcome { verdict, status, sent, detail } = outcome;
    let operation = op.split(" [").next().unwrap_or_default();
    if let Some(why) = (verdict == "rejected").then(|| prism_limitation(&detail, &sent)).flatten() {
        return Counted::Limited(format!("  {op} ({mode}): Prism limitation: {why}"));
    }
    if verdict == "rejected" && mode == "dynamic" && generated_format_only(&detail) {
        return Counted::Limited(format!(
            "  {op} ({mode}): Prism limitation: its generator writes strings that break \
             their `format` (one it does not know, such as byte or url): {}",
            shorten(&detail)
        ));
    }
    if verdict == "rejected" && mode == "static" && response_only(&detail) && cx.sampled.contains(operation) {
        return Counted::Limited(format!(
            "  {op} ({mode}): Prism limitation: the spec gives no example for the response, \
             and the placeholders Prism's static sampler writes break the schema: {}",
            shorten(&detail)
        ));
    }
    if verdict == "rejected" && response_only(&detail) {
        // Prism's own mock response breaks the spec: the spec contradicts itself.
        return Counted::SpecBug(format!("  {op} ({mode}): spec bug {status} {}", shorten(&detail)));
    }
    if verdict == "undocumented" {
        // The response holds an enum value the spec does not list: a static example that
        // breaks the spec, or Prism's dynamic generator ignoring `enum` (its validator lets it
        // through).
        return match mode {
            "static" => Counted::SpecBug(format!("  {op} ({mode}): spec bug: {}", cut(&detail))),
            _ => Counted::Limited(format!(
                "  {op} ({mode}): Prism limitation: its dynamic response holds a value outside an `enum`, \
                 which its validator lets through: {}",
                cut(&detail)
            )),
        };
    }
    if verdict == "fail" && mode == "dynamic" && negative_unsigned(&detail) {
        return Counted::Limited(format!(
            "  {op} ({mode}): Prism limitation: its generator ignores an unsigned `format` \
             (uint32, uint64) and writes a negative integer: {}",
            cut(&detail)
        ));
    }
    if let Some(k) = cx.known.find(cx.stem, op, mode) {
        // Recorded by hand (see `KNOWN`), and only while it still happens.
        if verdict == "pass" {
            stale.push(format!("{}\t{op}\t{mode}", cx.stem));
            return Counted::Pass;
        }
        let class = if k.prism { "Prism limitation" } else { "spec bug" };
        let line = format!("  {op} ({mode}): known {class}: {} ({verdict} {status})", k.reason);
        return if k.prism { Counted::Limited(line) } else { Counted::SpecBug(line) };
    }
    if let Some(twin) = cx.twins.get(operation).filter(|_| verdict != "pass") {
        return Counted::SpecBug(format!(
            "  {op} ({mode}): spec bug: its path template is {twin}'s but for the names of \
             its parameters, which OpenAPI forbids (Prism routes the request to either): \
             {verdict} {status} {}",
            shorten(&detail)
        ));
    }
    if verdict != "pass" {
        return Counted::Fail(format!("  {op} ({mode}): {verdict} {status} {}", shorten(&detail)));
    }
    Counted::Pass
}
