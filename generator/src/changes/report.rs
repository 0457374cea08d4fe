//! A change report as Markdown, and the version the crate takes.

use super::diff::{Change, Rust, Wire};

/// The version bump the Rust classification asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing a caller can see changed.
    None,
    Patch,
    Minor,
    Major,
}

/// The bump `changes` call for under semver, with its 0.x rule (a breaking change of a 0.x crate
/// bumps the minor version, an additive one the patch version), and why.
pub fn bump(version: &str, changes: &[Change]) -> (Bump, &'static str) {
    let zero = version.starts_with("0.");
    let worst = changes.iter().map(|c| c.rust).min();
    match (worst, zero) {
        (None, _) => (Bump::None, "no change"),
        (Some(Rust::Breaking), true) => {
            (Bump::Minor, "breaking changes; a 0.x crate bumps its minor version")
        }
        (Some(Rust::Breaking), false) => (Bump::Major, "breaking changes"),
        (Some(Rust::Additive), true) => (Bump::Patch, "additions only; a 0.x crate bumps its patch version"),
        (Some(Rust::Additive), false) => (Bump::Minor, "additions only"),
        (Some(Rust::Internal), _) => (Bump::Patch, "nothing a caller can name changed"),
    }
}

/// `version` bumped as `changes` ask (see [`bump`]).
pub fn next_version(version: &str, changes: &[Change]) -> String {
    let mut parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(3, 0);
    match bump(version, changes).0 {
        Bump::None => {}
        Bump::Patch => parts[2] += 1,
        Bump::Minor => parts = vec![parts[0], parts[1] + 1, 0],
        Bump::Major => parts = vec![parts[0] + 1, 0, 0],
    }
    format!("{}.{}.{}", parts[0], parts[1], parts[2])
}

fn count(changes: &[Change], f: impl Fn(&Change) -> bool) -> usize {
    changes.iter().filter(|c| f(c)).count()
}

/// One line a reviewer can paste: `quo-client 0.1.0 → 0.2.0: 2 breaking (Rust), 1 breaking on
/// the wire, 3 additive, 1 internal`.
pub fn summary(package: &str, old_version: &str, changes: &[Change]) -> String {
    let new_version = next_version(old_version, changes);
    if changes.is_empty() {
        return format!("{package} {old_version}: no API change");
    }
    format!(
        "{package} {old_version} → {new_version}: {} breaking (Rust), {} breaking on the wire, {} additive, {} internal",
        count(changes, |c| c.rust == Rust::Breaking),
        count(changes, |c| c.wire == Wire::Breaking),
        count(changes, |c| c.rust == Rust::Additive),
        count(changes, |c| c.rust == Rust::Internal),
    )
}

/// The report as Markdown: a heading with the versions, the summary and why the version moved,
/// then one line per change, breaking ones first, each with its two classes, its Rust path, its
/// spec pointer and why.
pub fn report(package: &str, old_version: &str, changes: &[Change]) -> String {
    let new_version = next_version(old_version, changes);
    let (_, why) = bump(old_version, changes);
    let mut out = format!("## {new_version}\n\n{}\n\n", summary(package, old_version, changes));
    if !changes.is_empty() {
        out.push_str(&format!("Version {old_version} → {new_version}: {why}.\n\n"));
        out.push_str("| Rust | wire | item | spec | change |\n|---|---|---|---|---|\n");
        for c in changes {
            let rust = match c.rust {
                Rust::Breaking => "**breaking**",
                Rust::Additive => "additive",
                Rust::Internal => "internal",
            };
            let wire = match c.wire {
                Wire::Breaking => "**breaking**",
                Wire::Compatible => "compatible",
            };
            let cell = |s: &str| s.replace('|', "\\|");
            out.push_str(&format!(
                "| {rust} | {wire} | `{}` | `{}` | {} |\n",
                cell(&c.item),
                cell(&c.pointer),
                cell(&c.why)
            ));
        }
    }
    out
}
