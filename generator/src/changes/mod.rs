//! Change reports: what a spec change does to a generated crate's users. [`describe()`] takes the
//! public API of a crate from its model; [`diff()`] compares two and classes every change twice
//! (Rust semver, and the wire); [`report()`] writes the changes as Markdown and picks the crate's
//! next version.

pub mod describe;
pub mod diff;
pub mod report;

pub use describe::{describe, Surface};
pub use diff::{diff, Change, Rust, Wire};
pub use report::{bump, next_version, report, summary, Bump};

use std::path::Path;

/// The version of a crate generated for the first time.
pub const FIRST_VERSION: &str = "0.1.0";

/// The changes from the crate `old` generates to the one `new` generates (named `package`).
pub fn between(old: &Path, new: &Path, package: &str) -> Result<Vec<Change>, crate::Error> {
    let old = crate::model(old, package)?;
    let new = crate::model(new, package)?;
    Ok(diff(&describe(&old), &describe(&new)))
}
