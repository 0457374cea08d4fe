//! Overlays (`specs/<name>.overlay.yaml`): the example of docs/using.md applied to a spec it fits makes
//! the operation stream and page, `generate`'s plan reads the overlay beside each spec (and never
//! as a spec of its own), and a bad overlay is an error located in it, with nothing generated.

use std::path::{Path, PathBuf};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Events, version: '1'}
servers: [{url: 'https://events.example.com'}]
paths:
  /v1/events:
    get:
      operationId: listEvents
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A page of events
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Event'}}
components:
  schemas:
    Event:
      type: object
      properties:
        id: {type: string}
"#;

/// A fresh folder under the target directory.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("overlays-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The overlay example of docs/using.md, as written there.
fn readme_overlay() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/using.md")).unwrap();
    let section = readme.split("## Overlays").nth(1).expect("docs/using.md has an Overlays section");
    let block = section.split("```yaml\n").nth(1).expect("with a YAML example");
    block.split("```").next().unwrap().to_string()
}

#[test]
fn the_readmes_overlay_makes_an_operation_stream_and_page() {
    let dir = folder("readme");
    let spec = dir.join("events.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let before = clientgen::model(&spec, "events-client").unwrap();
    let op = &before.operations[0];
    assert!(op.events.is_none() && op.paging.is_none());

    std::fs::write(dir.join("events.overlay.yaml"), readme_overlay()).unwrap();
    let after = clientgen::model(&spec, "events-client").unwrap();
    let op = &after.operations[0];
    assert!(op.events.is_some(), "the overlay's text/event-stream response streams");
    let paging = op.paging.as_ref().expect("the overlay's cursor parameter and next_cursor page");
    assert_eq!(paging.pattern, "cursor cursor + next_cursor");
}

#[test]
fn generate_reads_the_overlay_beside_each_spec_and_a_bad_one_is_located() {
    let dir = folder("plan");
    let (specs, generated) = (dir.join("specs"), dir.join("generated"));
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(specs.join("events.yaml"), SPEC).unwrap();
    std::fs::write(specs.join("events.overlay.yaml"), readme_overlay()).unwrap();
    let plan = clientgen::project::plan(&specs, &generated).expect("plans");
    // One crate: the overlay is no spec of its own.
    assert_eq!(plan.dirs, [generated.join("events")]);
    let client = plan.files.iter().find(|(p, _)| p.ends_with("src/operations.rs")).map(|(_, t)| t).unwrap();
    assert!(client.contains("impl<'a> crate::Paginated for"), "paged through the overlay");

    // The vendor renamed the path: the overlay's first action selects nothing.
    std::fs::write(specs.join("events.yaml"), SPEC.replace("/v1/events", "/v2/events")).unwrap();
    let errors = clientgen::project::plan(&specs, &generated).expect_err("the overlay no longer applies");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.file, specs.join("events.overlay.yaml"));
    assert_eq!(e.pointer, "/actions/0/target");
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("selects nothing"), "{}", e.message);
    assert!(!generated.exists(), "nothing written");
}

#[test]
fn an_overlay_renames_through_the_vendor_naming_extensions_in_a_standalone_generation() {
    let dir = folder("rename");
    let spec = dir.join("events.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let overlay = "overlay: 1.0.0\ninfo: {title: names, version: '1'}\nactions:\n  \
        - target: $.paths['/v1/events'].get\n    update: {x-speakeasy-group: events, x-speakeasy-name-override: list}\n";
    std::fs::write(dir.join("events.overlay.yaml"), overlay).unwrap();
    // What `cargo xtask generate --spec FILE` calls.
    let (files, _) = clientgen::generate_within(&spec, None, "events-client").unwrap();
    assert!(files["src/client.rs"].contains("pub fn events_list("), "renamed by the overlay");
    assert!(!files["src/client.rs"].contains("pub fn list_events("));
}

#[cfg(unix)]
#[test]
fn an_overlay_that_links_out_of_the_specs_folder_is_not_read() {
    let dir = folder("symlink");
    let (specs, outside) = (dir.join("specs"), dir.join("outside"));
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(specs.join("events.yaml"), SPEC).unwrap();
    std::fs::write(outside.join("secret.yaml"), "overlay: 1.0.0\nactions: []\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.yaml"), specs.join("events.overlay.yaml")).unwrap();
    let errors = clientgen::project::plan(&specs, &dir.join("generated")).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, specs.join("events.overlay.yaml"));
    assert!(errors[0].message.contains("outside the specs folder"), "{}", errors[0].message);
}
