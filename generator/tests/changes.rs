//! Change reports: pairs of specs (`tests/changes/`), the report between the crates they
//! generate as an insta snapshot, and the version each report picks.

use clientgen::changes::{self, Rust, Wire};
use std::path::{Path, PathBuf};

fn pair(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/changes");
    (dir.join(format!("{name}old.yaml")), dir.join(format!("{name}new.yaml")))
}

#[test]
fn a_change_of_every_kind_is_classed_twice() {
    let (old, new) = pair("");
    let changes = changes::between(&old, &new, "pets-client").unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("pets", changes::report("pets-client", "0.1.0", &changes));
    // The lines a reviewer most needs, classed as the issue says they must be.
    let find = |item: &str, why: &str| {
        changes
            .iter()
            .find(|c| c.item == item && c.why.contains(why))
            .unwrap_or_else(|| panic!("{item}: {why}"))
    };
    let c = find("Client::get_gone", "operation removed");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("Client::list_pets", "became required");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("types::Status::Pending", "added");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Compatible));
    let c = find("types::Pet::name", "may be null");
    assert_eq!((c.rust, c.wire), (Rust::Internal, Wire::Breaking));
    let c = find("types::NewPetKind::Bird", "removed from a request type");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Breaking));
    let c = find("ClientBuilder::api_key", "credential sent as");
    assert_eq!((c.rust, c.wire), (Rust::Internal, Wire::Breaking));
    let c = find("types::Pet::age", "added");
    assert_eq!((c.rust, c.wire), (Rust::Additive, Wire::Compatible));
    let c = find("types::Pet::tag", "is String, was Option<String>");
    assert_eq!((c.rust, c.wire), (Rust::Breaking, Wire::Compatible));
    // Breaking changes come first.
    let first_other =
        changes.iter().position(|c| c.rust != Rust::Breaking && c.wire != Wire::Breaking).unwrap();
    assert!(changes[first_other..].iter().all(|c| c.rust != Rust::Breaking && c.wire != Wire::Breaking));
}

#[test]
fn a_spec_against_itself_has_no_change_and_keeps_its_version() {
    let (old, _) = pair("");
    let changes = changes::between(&old, &old, "pets-client").unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(changes::next_version("0.3.1", &changes), "0.3.1");
}

#[test]
fn versions_follow_semver_with_its_0x_rule() {
    let change = |rust| changes::Change {
        rust,
        wire: Wire::Compatible,
        item: String::new(),
        pointer: String::new(),
        why: String::new(),
    };
    let cases = [
        ("0.1.0", Rust::Breaking, "0.2.0"),
        ("0.1.3", Rust::Additive, "0.1.4"),
        ("0.1.3", Rust::Internal, "0.1.4"),
        ("1.4.2", Rust::Breaking, "2.0.0"),
        ("1.4.2", Rust::Additive, "1.5.0"),
        ("1.4.2", Rust::Internal, "1.4.3"),
    ];
    for (version, rust, next) in cases {
        assert_eq!(
            changes::next_version(version, &[change(Rust::Internal), change(rust)]),
            next,
            "{version} {rust:?}"
        );
    }
}
