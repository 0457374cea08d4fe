//! Bad input gets a located error (file, JSON pointer, line where it can be had), never a panic,
//! and a failing spec leaves `generated/` untouched.

use clientgen::ErrorKind;
use std::path::{Path, PathBuf};

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad").join(name)
}

fn error_of(name: &str) -> clientgen::Error {
    clientgen::generate(&bad(name), "bad-client").expect_err("a bad spec must fail")
}

#[test]
fn each_bad_spec_fails_with_a_located_error() {
    // (file, kind, pointer, line)
    let cases: &[(&str, ErrorKind, &str, Option<usize>)] = &[
        ("not_yaml.yaml", ErrorKind::Syntax, "", Some(3)),
        ("not_openapi.yaml", ErrorKind::NotOpenApi, "", None),
        ("swagger2.yaml", ErrorKind::NotOpenApi, "/swagger", Some(1)),
        (
            "dangling_ref.yaml",
            ErrorKind::DanglingRef,
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            Some(13),
        ),
        (
            "external_ref.yaml",
            ErrorKind::Unsupported,
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            Some(13),
        ),
        // A dangling member of an `allOf` is an error too, not a silent JSON value.
        ("dangling_all_of.yaml", ErrorKind::DanglingRef, "/components/schemas/Pet/allOf/1", Some(11)),
        ("undeclared_path_param.yaml", ErrorKind::Invalid, "/paths/~1a~1{id}/get", Some(7)),
        ("wrong_shape.json", ErrorKind::Invalid, "/paths/~1a/get/parameters/0", Some(7)),
    ];
    for (file, kind, pointer, line) in cases {
        let e = error_of(file);
        assert_eq!(&e.kind, kind, "{file}: {e}");
        assert_eq!(e.pointer, *pointer, "{file}: {e}");
        assert_eq!(e.line, *line, "{file}: {e}");
        assert!(e.file.ends_with(file), "{file}: {e}");
        let shown = e.to_string();
        assert!(shown.contains(file), "{shown}");
        if !pointer.is_empty() {
            assert!(shown.contains(&format!("#{pointer}")), "{shown}");
        }
    }
}

#[test]
fn messages_say_what_is_wrong() {
    assert!(error_of("dangling_ref.yaml").message.contains("#/components/schemas/Missing"));
    assert!(error_of("external_ref.yaml").message.contains("other.yaml"));
    assert!(error_of("undeclared_path_param.yaml").message.contains("{id}"));
    assert!(error_of("swagger2.yaml").message.contains("Swagger 2.0"));
}

#[test]
fn references_into_other_files_fail_where_they_cannot_be_followed() {
    // A neighbour file that does not parse: the error names that file and its line.
    let e = error_of("external_broken.yaml");
    assert_eq!(e.kind, ErrorKind::Syntax, "{e}");
    assert!(e.file.ends_with("parts/broken.yaml"), "{e}");
    assert!(e.line.is_some(), "{e}");
    // A remote document is not fetched: located where it is used.
    let e = error_of("external_remote.yaml");
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    assert_eq!(e.pointer, "/paths/~1a/get/responses/200/content/application~1json/schema");
    assert!(e.message.contains("https://example.com/schemas.yaml"), "{e}");
    // Not a regular file (a device, a directory): not read, located where it is used.
    let dir = std::env::temp_dir().join(format!("clientgen-devref-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = dir.join("spec.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        \
                '200':\n          description: ok\n          content:\n            application/json:\n              \
                schema: {$ref: '/dev/zero#/x'}\n";
    std::fs::write(&spec, text).expect("write");
    let e = clientgen::generate(&spec, "x").expect_err("a device is not a spec");
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn references_inside_extensions_are_not_followed() {
    // Published specs point `x-` extensions at prose (`$ref: ./docs/intro.md`); that file is not
    // a spec and must not be read as one.
    let dir = std::env::temp_dir().join(format!("clientgen-xref-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("intro.md"), "key: [not yaml\n").expect("write");
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-topics:\n  - content: {$ref: ./intro.md}\npaths: {}\n",
    )
    .expect("write");
    clientgen::generate(&spec, "x-client").unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_is_an_io_error() {
    let e = clientgen::generate(Path::new("/nonexistent/spec.yaml"), "x").expect_err("missing");
    assert_eq!(e.kind, ErrorKind::Io);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let inputs: &[&str] = &[
        "",
        "{",
        "[]",
        "openapi: 3.1.0",
        "openapi: 3.0.0\ninfo: 1\npaths: 2",
        "openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}",
        "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: {'200': {description: x, content: {application/json: {schema: {$ref: '#'}}}}}}}}",
        "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: {'200': {$ref: '#/paths/~1a/get/responses/200'}}}}}",
        "a: &a [*a, *a]",
        "a: &a [1]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]",
    ];
    for input in inputs {
        let _ = clientgen::generate_from_text(Path::new("input.yaml"), input.to_string(), "x");
    }
    let deep = format!(
        "openapi: 3.0.0\ninfo: {{title: x, version: '1'}}\npaths: {{}}\nx: {}{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let _ = clientgen::generate_from_text(Path::new("deep.yaml"), deep, "x");
}

#[test]
fn a_failing_spec_writes_nothing() {
    let tmp = std::env::temp_dir().join(format!("clientgen-bad-{}", std::process::id()));
    let specs = tmp.join("specs");
    let generated = tmp.join("generated");
    std::fs::create_dir_all(&specs).expect("mkdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("root");
    std::fs::copy(root.join("specs/quo.yaml"), specs.join("quo.yaml")).expect("copy");
    std::fs::copy(bad("dangling_ref.yaml"), specs.join("zzz.yaml")).expect("copy");
    std::fs::create_dir_all(generated.join("quo")).expect("mkdir");
    std::fs::write(generated.join("quo/old.txt"), "as it was").expect("write");
    let errors = clientgen::project::plan(&specs, &generated).expect_err("one spec is bad");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].file.ends_with("zzz.yaml"));
    let listing: Vec<_> = walk(&generated);
    assert_eq!(listing, vec![generated.join("quo/old.txt")]);
    assert_eq!(std::fs::read_to_string(generated.join("quo/old.txt")).expect("read"), "as it was");
    let _ = std::fs::remove_dir_all(&tmp);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// What a published spec gets wrong where its intent is clear is read with a warning located
/// like an error, and the crate is generated.
#[test]
fn a_spec_read_leniently_gives_located_warnings() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lenient.yaml");
    let (files, warnings) = clientgen::generate_with_warnings(&spec, "lenient-client").expect("generates");
    assert!(files.contains_key("src/client.rs"));
    let got: Vec<(&str, Option<usize>)> = warnings
        .iter()
        .inspect(|w| assert_eq!(w.kind, ErrorKind::Lenient, "{w}"))
        .map(|w| (w.pointer.as_str(), w.line))
        .collect();
    assert_eq!(
        got,
        [
            ("/info/version", None),
            ("/paths/~1notes/get/description", Some(15)),
            ("/paths/~1admin~1notes/delete/summary", Some(28)),
            ("/components/schemas/Note/title", Some(48)),
            ("/components/schemas/Note/properties/description/description", Some(53)),
        ]
    );
    assert!(warnings[1].to_string().contains("read as the text it points at"), "{}", warnings[1]);
}
