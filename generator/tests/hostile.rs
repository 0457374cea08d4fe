//! Hostile specs: what an attacker (or a careless author) would try on a code generator. Each
//! case gives a clear, located error or a crate that compiles, and nothing outside the root
//! folder is read. The spec files are `tests/hostile/*.yaml` (also seeds of the fuzz target);
//! cases that need files outside a folder, symlinks or large documents are built here.

mod common;

use clientgen::ErrorKind;
use common::cargo;
use std::path::{Path, PathBuf};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile").join(name)
}

/// A fresh folder for one test: `root/` (the spec's folder) and `outside/` beside it, holding a
/// valid schema file whose text carries a marker no error may show.
struct Tree {
    base: PathBuf,
}

const MARKER: &str = "SECRET-OUTSIDE-THE-ROOT";

impl Tree {
    fn new(name: &str) -> Self {
        let base = std::env::temp_dir().join(format!("clientgen-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("root/sub")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        let schema = format!("type: object\ndescription: {MARKER}\nproperties:\n  a: {{type: string}}\n");
        std::fs::write(base.join("outside/schema.yaml"), &schema).unwrap();
        std::fs::write(base.join("outside/hostname"), format!("{MARKER}\n")).unwrap();
        std::fs::write(base.join("root/sub/inside.yaml"), "type: object\nproperties:\n  b: {type: string}\n")
            .unwrap();
        Self { base }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.base.join(rel)
    }

    /// `root/spec.yaml`: one operation whose response schema is `$ref: reference`.
    fn spec(&self, reference: &str) -> PathBuf {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: getX\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema:\n                $ref: '{reference}'\n"
        );
        let path = self.path("root/spec.yaml");
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// The error of generating `spec`, which must fail, located, without the marker.
fn refused(spec: &Path, root: Option<&Path>) -> clientgen::Error {
    let e = clientgen::generate_within(spec, root, "x-client").expect_err("refused");
    let shown = e.to_string();
    assert!(!shown.contains(MARKER), "an error shows a refused file's content: {shown}");
    e
}

const POINTER: &str = "/paths/~1x/get/responses/200/content/application~1json/schema";

#[test]
fn a_ref_cannot_read_outside_the_root() {
    let tree = Tree::new("refs");
    let hostname = tree.path("outside/hostname");
    let cases = [
        (hostname.display().to_string(), "is an absolute path"),
        ("../../../../../../../../etc/passwd#/x".to_string(), "climbs out of the root folder"),
        ("../outside/schema.yaml".to_string(), "climbs out of the root folder"),
        ("sub/../../outside/schema.yaml".to_string(), "climbs out of the root folder"),
        ("sub/%2E%2E/%2E%2E/outside/schema.yaml".to_string(), "climbs out of the root folder"),
    ];
    for (reference, why) in cases {
        let e = refused(&tree.spec(&reference), None);
        assert_eq!(e.kind, ErrorKind::Unsupported, "{reference}: {e}");
        assert_eq!(e.pointer, POINTER, "{reference}");
        assert_eq!(e.line, Some(12), "{reference}");
        assert!(e.to_string().contains(&format!("$ref '{reference}' {why}")), "{reference}: {e}");
    }
    // Remote documents and other URI schemes are never fetched.
    for reference in ["http://127.0.0.1:9/x.yaml", "file:///etc/passwd", "file:../outside/schema.yaml"] {
        let e = refused(&tree.spec(reference), None);
        assert!(e.to_string().contains("remote document"), "{reference}: {e}");
    }
    // A file inside the root is read; the same file outside is read only with a root above it.
    assert!(clientgen::generate_within(&tree.spec("sub/inside.yaml"), None, "x-client").is_ok());
    let spec = tree.spec("../outside/schema.yaml");
    let (files, _) = clientgen::generate_within(&spec, Some(&tree.base), "x-client").expect("within --root");
    assert!(files["src/types.rs"].contains(MARKER));
}

#[test]
fn a_ref_in_another_file_is_held_to_the_same_root() {
    let tree = Tree::new("nested");
    std::fs::write(tree.path("root/sub/climb.yaml"), "$ref: '../../outside/schema.yaml'\n").unwrap();
    let e = refused(&tree.spec("sub/climb.yaml"), None);
    // Located in the file that holds the `$ref`.
    assert!(e.file.ends_with("sub/climb.yaml"), "{e}");
    assert!(e.to_string().contains("$ref '../../outside/schema.yaml' climbs out"), "{e}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_refused() {
    let tree = Tree::new("symlinks");
    std::os::unix::fs::symlink(tree.path("outside/schema.yaml"), tree.path("root/sub/link.yaml")).unwrap();
    std::os::unix::fs::symlink(tree.path("outside"), tree.path("root/dir")).unwrap();
    for reference in ["sub/link.yaml", "dir/schema.yaml"] {
        let e = refused(&tree.spec(reference), None);
        assert!(e.to_string().contains("leads out of the root folder through a symlink"), "{e}");
    }
    // A spec in the specs folder that is a symlink to a file elsewhere is refused unread.
    let specs = tree.path("specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(
        tree.path("outside/spec.yaml"),
        format!("openapi: 3.0.3\ninfo: {{title: {MARKER}, version: '1'}}\npaths: {{}}\n"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tree.path("outside/spec.yaml"), specs.join("evil.yaml")).unwrap();
    let errors = clientgen::project::plan(&specs, &tree.path("generated")).expect_err("refused");
    assert!(errors[0].to_string().contains("is a symlink to"), "{}", errors[0]);
    assert!(!errors[0].message.contains(MARKER));
}

#[test]
fn reference_cycles_that_give_no_type_are_refused_where_they_start() {
    for (spec, cycle) in [
        ("ref_cycle.yaml", "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
        ("self_ref.yaml", "#/components/schemas/A → #/components/schemas/A"),
        ("all_of_self.yaml", "#/components/schemas/A → #/components/schemas/A"),
        ("one_of_self.yaml", "#/components/schemas/A → #/components/schemas/A"),
        ("union_cycle.yaml", "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
    ] {
        let e = clientgen::generate(&hostile(spec), "x-client").expect_err(spec);
        assert_eq!(
            (e.kind.clone(), e.pointer.as_str(), e.line),
            (ErrorKind::Invalid, "/components/schemas/A", Some(6)),
            "{e}"
        );
        assert!(e.message.contains(cycle), "{spec}: {e}");
    }
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused() {
    let bomb =
        "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n\
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n\
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n\
                h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    let header = "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n";
    let cases = [
        format!("{header}{bomb}"),
        format!("{header}x: {}{}", "[".repeat(3_000), "]".repeat(3_000)),
        format!("{header}x: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{{\"openapi\": \"3.0.0\", \"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{header}{}", (0..3_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>()),
    ];
    for (i, text) in cases.into_iter().enumerate() {
        let e = clientgen::generate_from_text(Path::new("bomb.yaml"), text, "x-client").err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::Syntax), "case {i}");
    }
}

#[test]
fn servers_that_are_not_http_are_left_out_with_a_warning() {
    let (files, warnings) = clientgen::generate_with_warnings(&hostile("docs.yaml"), "docs-client").unwrap();
    let left_out: Vec<&str> = warnings
        .iter()
        .filter(|w| w.message.contains("is not http(s)"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(left_out, ["/servers/0/url", "/servers/1/url"]);
    assert!(!files["src/client.rs"].contains("javascript:alert"));
    assert!(!files["src/client.rs"].contains("file:///etc/passwd"));
}

/// The large documents of the suite: 100,000 enum values, 10,000 operations of one
/// operationId. Written into `dir`.
fn large_specs(dir: &Path) -> Vec<PathBuf> {
    let values: Vec<String> = (0..100_000).map(|i| format!("\"v{i}\"")).collect();
    let enum_spec = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"e\", \"version\": \"1\"}}, \"paths\": {{\"/x\": {{\"get\": \
         {{\"operationId\": \"getX\", \"parameters\": [{{\"name\": \"e\", \"in\": \"query\", \"schema\": {{\"$ref\": \
         \"#/components/schemas/Big\"}}}}], \"responses\": {{\"204\": {{\"description\": \"ok\"}}}}}}}}}}, \"components\": \
         {{\"schemas\": {{\"Big\": {{\"type\": \"string\", \"enum\": [{}]}}}}}}}}",
        values.join(", ")
    );
    let paths: Vec<String> = (0..10_000)
        .map(|i| format!("\"/p/{i}\": {{\"get\": {{\"operationId\": \"same\", \"tags\": [\"one\"], \"responses\": {{\"204\": {{\"description\": \"ok\"}}}}}}}}"))
        .collect();
    let ops_spec = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"o\", \"version\": \"1\"}}, \"paths\": {{{}}}}}",
        paths.join(", ")
    );
    let (e, o) = (dir.join("many_values.json"), dir.join("one_name.json"));
    std::fs::write(&e, enum_spec).unwrap();
    std::fs::write(&o, ops_spec).unwrap();
    vec![e, o]
}

/// Docs that try to end the comment, open doctests, inject HTML, TOML and text-direction
/// controls; names that are keywords, empty or punctuation; reference cycles through arrays,
/// maps and unions; 100,000 enum values and 10,000 operations of one name: each crate passes
/// clippy with warnings denied, rustdoc with warnings denied, and its tests (doctests included:
/// none of the spec's code runs), and the cycles' types decode without recursing forever.
#[test]
fn hostile_specs_give_crates_that_compile() {
    let root = common::root();
    let ws = root.join("target/hostile-crates");
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).unwrap();
    let mut specs: Vec<PathBuf> =
        ["docs.yaml", "names.yaml", "cycles.yaml"].iter().map(|s| hostile(s)).collect();
    specs.extend(large_specs(&ws));
    let mut members = Vec::new();
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_str().unwrap().replace('_', "-");
        let files = clientgen::generate(&spec, &format!("{stem}-client")).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in clientgen::project::with_root(&ws.join(&stem), files) {
            clientgen::project::write_atomic(&path, &text).unwrap();
        }
        members.push(format!("{stem:?}"));
    }
    // The cycles decode: a union's branch back to itself is gone, nested arrays read.
    let behaviour = "use cycles_client::types::*;\n\
        #[test]\nfn cycles_decode() {\n\
            let v: SelfType = serde_json::from_str(\"5\").unwrap();\n\
            assert!(matches!(v, SelfType::Other(_)));\n\
            let s: SelfType = serde_json::from_str(\"\\\"x\\\"\").unwrap();\n\
            assert!(matches!(s, SelfType::String(_)));\n\
            let n: Nested = serde_json::from_str(\"[[[]], []]\").unwrap();\n\
            assert_eq!(n.len(), 2);\n\
            let l: Left = serde_json::from_str(\"1.5\").unwrap();\n\
            assert!(matches!(l, Left::Other(_)));\n\
            let p: Ping = serde_json::from_str(\"[[1], 2]\").unwrap();\n\
            assert!(matches!(p, Ping::Pong(_)));\n\
        }\n";
    std::fs::create_dir_all(ws.join("cycles/tests")).unwrap();
    std::fs::write(ws.join("cycles/tests/behaviour.rs"), behaviour).unwrap();
    let manifest = ws.join("cycles/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[dev-dependencies]\nserde_json = \"1\"\n")).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    cargo(&ws, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    cargo(&ws, &["doc", "--workspace", "--no-deps"]);
    cargo(&ws, &["test", "--workspace"]);
}
