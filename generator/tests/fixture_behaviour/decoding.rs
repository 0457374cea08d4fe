//! Values the spec of tests/fixtures/decoding.yaml allows decode into the documented types, on
//! the wire (wiremock on 127.0.0.1) and back (copied into the fixture crate by tests/compile.rs
//! and run there).

use decoding_client::types::*;
use decoding_client::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(route: &str, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    (server, client)
}

#[tokio::test]
async fn null_through_a_ref_to_a_nullable_component_decodes() {
    // A repository without a licence, owner, milestone or organization, as GitHub sends it.
    let body = json!({
        "id": 1, "license": null, "previous_license": null, "owner": null, "milestone": null,
        "organization": null, "template_owner": null, "assignees": [null, {"login": "octocat"}],
        "reviewer": null, "due": null, "page": {"title": "Home", "body": "Welcome"}, "shape": {"side": 2.0},
        "topic": "rust", "setting": 3,
        "audit": {"created": "2026-12-02T10:00:00Z", "meta": {"source": "api", "revision": 2}}
    });
    let (_server, client) = serve("/repos/1", body.clone()).await;
    let repo = client.get_repo(1).await.expect("a repository the spec allows");
    assert_eq!((repo.license, repo.owner, repo.milestone, repo.organization), (None, None, None, None));
    assert_eq!(repo.assignees[1].as_ref().map(|u| u.login.as_str()), Some("octocat"));
    assert_eq!(repo.reviewer, None);
    assert_eq!(repo.due, None);
    // `type: object` beside `allOf` / `oneOf`: a struct of every member, a union.
    let page = repo.page.as_ref().expect("page");
    assert_eq!((page.title.as_str(), page.body.as_str()), ("Home", "Welcome"));
    assert!(matches!(&repo.shape, Some(Shape::Variant2(s)) if s.side == 2.0), "{:?}", repo.shape);
    // `additionalProperties` beside a string or a union of scalars is not a map.
    assert_eq!(repo.topic.as_deref(), Some("rust"));
    assert_eq!(repo.setting, Some(Setting::Integer(3)));
    // Both allOf members' definitions of `created` and `meta` are kept.
    let audit = repo.audit.expect("audit");
    assert_eq!(audit.created, "2026-12-02T10:00:00Z");
    assert_eq!((audit.meta.source.as_deref(), audit.meta.revision), (Some("api"), Some(2)));

    // And the same with values.
    let full: Repository = serde_json::from_value(json!({
        "id": 2, "license": {"key": "mit"}, "previous_license": {"key": "gpl"},
        "owner": {"login": "a"}, "milestone": {"title": "v1"}, "organization": {"login": "o"},
        "assignees": [], "reviewer": {"login": "r"}, "due": {"title": "v2"}
    }))
    .expect("decodes");
    assert_eq!(full.license.map(|l| l.key).as_deref(), Some("mit"));
    assert_eq!(full.previous_license.map(|l| l.key).as_deref(), Some("gpl"));
    assert_eq!(full.milestone.map(|m| m.title).as_deref(), Some("v1"));
    // `null` is sent back as `null`.
    let back = serde_json::to_value(repo_without_licence()).expect("encodes");
    assert_eq!(back["license"], serde_json::Value::Null);
}

fn repo_without_licence() -> Repository {
    serde_json::from_value(json!({
        "id": 3, "license": null, "previous_license": null, "owner": null, "milestone": null,
        "organization": null, "assignees": [], "reviewer": null, "due": null
    }))
    .expect("decodes")
}

#[tokio::test]
async fn a_discriminator_without_a_mapping_selects_by_the_value_each_variant_fixes() {
    let body = json!([
        {"type": "message", "content": [
            {"kind": "output_text", "text": "hi"},
            {"kind": "image_url", "url": "https://example.com/a.png"}
        ]},
        {"type": "function_call", "name": "lookup"},
        {"type": "reasoning", "id": "r1", "summary": "thought"},
        {"type": "WebSearch", "query": "rust"},
        {"type": "something_new"},
        {"type": "message", "role": "user", "text": "hello"}
    ]);
    let (_server, client) = serve("/items", body.clone()).await;
    let items = client.list_items().await.expect("items the spec allows");
    let OutputItem::Message(message) = &items[0] else { panic!("{:?}", items[0]) };
    assert!(matches!(&message.content[0], ContentPart::Text(t) if t.text == "hi"));
    assert!(matches!(&message.content[1], ContentPart::Image(i) if i.url.ends_with("a.png")));
    assert!(matches!(&items[1], OutputItem::FunctionCall(f) if f.name == "lookup"));
    assert!(matches!(&items[2], OutputItem::Reasoning(r) if r.id == "r1"));
    // A variant that fixes nothing is still selected by its component name.
    assert!(matches!(&items[3], OutputItem::WebSearch(w) if w.query.as_deref() == Some("rust")));
    assert!(matches!(&items[4], OutputItem::Other(_)));
    // A value two variants fix selects both, tried in turn: the one the rest of it fits.
    assert!(matches!(&items[5], OutputItem::InputMessage(m) if m.text == "hello"), "{:?}", items[5]);
    // And back, unchanged.
    assert_eq!(serde_json::to_value(&items).expect("encodes"), body);
}

#[test]
fn a_union_whose_branches_fix_a_property_selects_by_it() {
    let aaaa: DnsRecord = serde_json::from_value(json!({"type": "AAAA", "data": "2001:db8::1"})).unwrap();
    assert!(matches!(&aaaa, DnsRecord::Aaaa(r) if r.data == "2001:db8::1"), "{aaaa:?}");
    let a: DnsRecord = serde_json::from_value(json!({"type": "A", "data": "192.0.2.1"})).unwrap();
    assert!(matches!(a, DnsRecord::A(_)));
    assert!(matches!(serde_json::from_value(json!({"type": "MX"})).unwrap(), DnsRecord::Other(_)));
    // Without the property, the first variant that fits.
    let untyped: DnsRecord = serde_json::from_value(json!({"data": "2001:db8::1"})).unwrap();
    assert!(matches!(&untyped, DnsRecord::Aaaa(r) if r.data == "2001:db8::1"), "{untyped:?}");
}

#[test]
fn an_untagged_union_of_objects_takes_the_branch_the_properties_name() {
    let read = |v| serde_json::from_value::<PageLinks>(v).unwrap();
    // A last page: `ForwardLinks`, first in the spec, has neither property, so it is not chosen.
    let last = read(json!({"pages": {"first": "/?page=1", "prev": "/?page=2"}}));
    assert!(matches!(&last.pages, Some(PageLinksPages::BackwardLinks(b)) if b.prev.as_deref() == Some("/?page=2")), "{last:?}");
    let first = read(json!({"pages": {"next": "/?page=2", "last": "/?page=9"}}));
    assert!(matches!(&first.pages, Some(PageLinksPages::ForwardLinks(f)) if f.next.as_deref() == Some("/?page=2")), "{first:?}");
    // Nothing either names: spec order.
    let empty = read(json!({"pages": {}}));
    assert!(matches!(&empty.pages, Some(PageLinksPages::ForwardLinks(_))), "{empty:?}");
    // An optional property whose component is a nullable array: absent or null is `None`, one
    // `Option` (not `Some(None)` through the alias).
    let tagged = read(json!({"tags": ["a"], "labels": null}));
    let (tags, labels): (Option<Vec<String>>, Option<Vec<String>>) = (tagged.tags, tagged.labels);
    assert_eq!((tags, labels), (Some(vec!["a".to_string()]), None));
    // The branch that knows more of the properties; among equals, the one that requires more.
    let target = read(json!({"target": {"id": "t1"}}));
    assert!(matches!(&target.target, Some(PageLinksTarget::Variant2(_))), "{target:?}");
    let named = read(json!({"target": {"id": "t1", "name": "n"}}));
    assert!(matches!(&named.target, Some(PageLinksTarget::Variant1(_))), "{named:?}");
}

#[tokio::test]
async fn a_union_takes_the_branch_whose_enums_know_the_value() {
    let body = json!({
        "items": [{"product": "NI", "status": "consectetur"}, {"product": "SMS", "status": "delivered"}],
        "state": "paused",
        "latest": {"status": "paused"}
    });
    let (_server, client) = serve("/reports", body.clone()).await;
    let reports = client.list_reports().await.expect("reports the spec allows");
    // Not the first branch with "consectetur" in its enum's catch-all: the branch it fits.
    assert!(matches!(&reports.items[0], Report::Insight(r) if r.status == "consectetur"), "{reports:?}");
    assert!(matches!(&reports.items[1], Report::Sms(r) if r.status == ReportState::Delivered));
    // A value no branch documents still decodes, into the first branch that takes it at all;
    // an enum outside a union keeps its catch-all.
    assert!(matches!(&reports.latest, Reading::SmsReport(r) if r.status == ReportState::Other("paused".into())));
    assert_eq!(reports.state, ReportState::Other("paused".into()));
    assert_eq!(serde_json::to_value(&reports).expect("encodes"), body);
    // Nullable branches: `null` is a value of the union (Apideck's custom field values).
    let values: Reports = serde_json::from_value(json!({
        "items": [], "state": "failed", "latest": 1, "values": [null, "a", 1.5]
    }))
    .expect("decodes");
    assert_eq!(values.values.as_ref().map(|v| v[0].is_none()), Some(true), "{values:?}");
    // Properties beside `oneOf: [boolean, object]` are the object branch's.
    let returned = |v| serde_json::from_value::<Returned>(v).expect("decodes");
    assert_eq!(returned(json!(false)), Returned::Boolean(false));
    assert!(matches!(returned(json!({"id": "r1"})), Returned::Variant2(r) if r.id.as_deref() == Some("r1")));
}

#[tokio::test]
async fn a_204_documented_with_a_body_has_none() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/repos/4"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    client.delete_repo(4).await.expect("a 204 without a body is what the spec allows");
}

#[test]
fn foreign_keywords_and_untyped_enums_keep_the_type() {
    let t: Transfer = serde_json::from_value(json!({"reference": "ref-1", "action": "resolve"})).unwrap();
    assert_eq!(t.reference, "ref-1");
    assert_eq!(t.action, TransferAction::Resolve);
}

#[test]
fn a_union_of_documented_values_is_one_enum() {
    let stopping: InstanceState = serde_json::from_value(json!("stopping")).unwrap();
    assert_eq!(stopping, InstanceState::Stopping);
    assert_eq!(serde_json::from_value::<InstanceState>(json!("failed")).unwrap(), InstanceState::Failed);
    assert_eq!(serde_json::to_value(InstanceState::Starting).unwrap(), json!("starting"));
    // Integers named by their branches' titles.
    assert_eq!(serde_json::from_value::<EventType>(json!(2)).unwrap(), EventType::MemberJoin);
    assert_eq!(serde_json::to_value(EventType::MessageSend).unwrap(), json!(1));
}

#[test]
fn an_enum_value_is_its_wire_value() {
    use std::collections::HashSet;
    // Built by hand, a documented value in `Other` is the same value as its variant: equal,
    // hashed alike, cloned to the variant, shown the same.
    let by_hand = InstanceState::Other("stopping".into());
    assert_eq!(by_hand, InstanceState::Stopping);
    assert!(matches!(by_hand.clone(), InstanceState::Stopping));
    let set: HashSet<InstanceState> = [by_hand, InstanceState::Stopping, InstanceState::Failed].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert_ne!(InstanceState::Other("paused".into()), InstanceState::Other("resumed".into()));
    assert!(matches!(InstanceState::Other("paused".into()).clone(), InstanceState::Other(v) if v == "paused"));
    assert_eq!(InstanceState::Failed.to_string(), "failed");
    assert_eq!(format!("{:?}", InstanceState::Failed), "Failed");
    // Integers the same way, by `value()`.
    assert_eq!(EventType::Other(2), EventType::MemberJoin);
    let set: HashSet<EventType> = [EventType::Other(1), EventType::MessageSend].into_iter().collect();
    assert_eq!(set.len(), 1);
    assert_eq!(EventType::Other(7).to_string(), "7");
    assert_ne!(EventType::Other(7), EventType::Other(8));
}
