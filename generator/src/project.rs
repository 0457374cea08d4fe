//! The project layout: every spec under `specs/` becomes a crate under `generated/<stem>/`.
//! Computes the wanted files in memory (so a failing spec writes nothing), compares them with
//! the disk, and writes only what changed.

use crate::{Error, Files};
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The marker every generated file carries; only directories holding it are ever removed.
pub use crate::surface::MARKER;

/// One provider: its spec and where its crate goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub spec: PathBuf,
    /// The folder the spec's `$ref`s may reach: the specs folder (a spec split over files keeps
    /// them in a subfolder of it).
    pub root: PathBuf,
    pub dir: PathBuf,
    pub package: String,
}

/// The specs in `specs_dir` (`*.yaml`, `*.yml`, `*.json`), sorted by name.
pub fn providers(specs_dir: &Path, generated_dir: &Path) -> io::Result<Vec<Provider>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(specs_dir)? {
        let path = entry?.path();
        if !crate::load::is_spec_file(&path) {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        out.push(Provider {
            dir: generated_dir.join(stem),
            package: crate::names::package_name(stem),
            root: specs_dir.to_path_buf(),
            spec: path.clone(),
        });
    }
    out.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(out)
}

/// The files that should exist, by path (absolute or relative to the working directory).
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<(PathBuf, String)>,
    /// Generated crate directories that should be there.
    pub dirs: Vec<PathBuf>,
    pub generated_dir: PathBuf,
    /// What was read leniently, in every spec.
    pub warnings: Vec<Error>,
    /// Per crate, the one-line summary of its API changes since the last generation.
    pub summaries: Vec<String>,
}

/// Generates every provider in memory. Fails with every spec's error, having written nothing.
pub fn plan(specs_dir: &Path, generated_dir: &Path) -> Result<Plan, Vec<Error>> {
    let providers = providers(specs_dir, generated_dir).map_err(|e| {
        vec![Error {
            kind: crate::ErrorKind::Io,
            file: specs_dir.to_path_buf(),
            pointer: String::new(),
            line: None,
            message: e.to_string(),
        }]
    })?;
    let mut plan = Plan { generated_dir: generated_dir.to_path_buf(), ..Plan::default() };
    let mut errors = Vec::new();
    for p in providers {
        match crate_files(&p) {
            Ok((files, warnings, summary)) => {
                plan.warnings.extend(warnings);
                plan.files.extend(with_root(&p.dir, files));
                plan.dirs.push(p.dir);
                plan.summaries.push(summary);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// A provider's crate: its files, with `api.json` and `CHANGELOG.md` and the version they pick
/// from the `api.json` already in its directory; what was read leniently; the summary of its
/// changes.
fn crate_files(p: &Provider) -> Result<(Files, Vec<Error>, String), Error> {
    use crate::changes::{API_FILE, CHANGELOG_FILE};
    outside_root(p)?;
    let loaded = crate::load::load_within(&p.spec, Some(&p.root))?;
    let mut api = crate::lower::lower(&loaded, &p.package)?;
    let spec = p.spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let read = |name: &str| fs::read_to_string(p.dir.join(name)).ok();
    let (previous_api, previous_changelog) = (read(API_FILE), read(CHANGELOG_FILE));
    let release =
        crate::changes::release(&api, &spec, previous_api.as_deref(), previous_changelog.as_deref())
            .map_err(|message| Error {
                kind: crate::ErrorKind::Invalid,
                file: p.dir.join(API_FILE),
                pointer: String::new(),
                line: None,
                message,
            })?;
    let summary = match &release.previous_version {
        Some(old) if release.compared => crate::changes::summary(&p.package, old, &release.changes),
        Some(_) => {
            format!("{} {}: its api.json is of another format, not compared", p.package, release.version)
        }
        None => format!("{} {}: first generated", p.package, release.version),
    };
    api.crate_version = release.version;
    let mut files = crate::render::render_crate(&api, &spec);
    files.insert(API_FILE.to_string(), release.api_json);
    files.insert(CHANGELOG_FILE.to_string(), release.changelog);
    Ok((files, loaded.warnings, summary))
}

/// A spec in the specs folder that is a symlink to a file outside it is refused unread, as a
/// `$ref` out of the folder is.
fn outside_root(p: &Provider) -> Result<(), Error> {
    let error = |message: String| Error {
        kind: crate::ErrorKind::Unsupported,
        file: p.spec.clone(),
        pointer: String::new(),
        line: None,
        message,
    };
    match crate::load::outside(&p.spec, &p.root) {
        Ok(None) => Ok(()),
        Ok(Some(spec)) => Err(error(format!(
            "the spec is a symlink to {}, outside {}; vendor the file itself",
            spec.display(),
            p.root.canonicalize().unwrap_or_else(|_| p.root.clone()).display()
        ))),
        Err(e) => Err(error(e.to_string())),
    }
}

/// Places a crate's files under `dir`.
pub fn with_root(dir: &Path, files: Files) -> Vec<(PathBuf, String)> {
    files.into_iter().map(|(rel, text)| (dir.join(rel), text)).collect()
}

/// How the disk differs from the plan.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Missing or different.
    pub outdated: Vec<PathBuf>,
    /// Generated files no spec produces any more.
    pub stale: Vec<PathBuf>,
}

impl Diff {
    pub fn is_clean(&self) -> bool {
        self.outdated.is_empty() && self.stale.is_empty()
    }
}

impl Plan {
    /// Compares with the disk.
    pub fn diff(&self) -> io::Result<Diff> {
        let mut diff = Diff::default();
        for (path, text) in &self.files {
            match fs::read_to_string(path) {
                Ok(existing) if existing == *text => {}
                Ok(_) => diff.outdated.push(path.clone()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => diff.outdated.push(path.clone()),
                Err(e) => return Err(e),
            }
        }
        let wanted: BTreeSet<&PathBuf> = self.files.iter().map(|(p, _)| p).collect();
        for file in generated_files(&self.generated_dir)? {
            if !wanted.contains(&file) {
                diff.stale.push(file);
            }
        }
        Ok(diff)
    }

    /// Writes what changed (each file through a temporary file and a rename) and removes stale
    /// generated files. Returns the diff it applied.
    pub fn apply(&self) -> io::Result<Diff> {
        let diff = self.diff()?;
        let texts: std::collections::BTreeMap<&PathBuf, &String> =
            self.files.iter().map(|(p, t)| (p, t)).collect();
        for path in &diff.outdated {
            write_atomic(path, texts[path])?;
        }
        for path in &diff.stale {
            fs::remove_file(path)?;
        }
        // Remove directories left empty by stale files.
        for path in &diff.stale {
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == self.generated_dir || fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(diff)
    }
}

pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("tmp~");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

/// Files in generated crate directories (those whose `Cargo.toml` carries [`MARKER`]), except
/// build output.
fn generated_files(generated_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(generated_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if manifest.contains(MARKER) {
            walk(&dir, &mut out)?;
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
