//! The committed `generated/` matches what `specs/` generates (the same check as
//! `cargo xtask generate --check`).

use std::path::Path;

#[test]
fn generated_crates_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let plan =
        clientgen::project::plan(&root.join("specs"), &root.join("generated")).unwrap_or_else(|errors| {
            panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
        });
    let diff = plan.diff().expect("read generated/");
    assert!(diff.is_clean(), "generated/ is out of date ({diff:?}): run `cargo xtask generate`");
}
