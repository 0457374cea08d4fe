//! A spec read leniently (tests/fixtures/lenient.yaml) still gives a client that does what it
//! says on the wire (wiremock on 127.0.0.1; copied into the fixture crate by tests/compile.rs).

use lenient_client::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_http_scheme_other_than_bearer_and_basic_sends_the_value_as_given() {
    let server = MockServer::start().await;
    let value = r#"Digest username="me", realm="notes", nonce="abc", uri="/notes", response="f00""#;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"description": "first", "title": "a"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).authorization(value).build().expect("client");
    let notes = client.list_notes().await.expect("documented 200");
    // A property named `description` is a property, not prose.
    assert_eq!(notes[0].description, "first");
    // Compared whole: wiremock's header matcher splits values at commas.
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].headers.get("authorization").map(|v| v.as_bytes()), Some(value.as_bytes()));
}

#[tokio::test]
async fn an_operation_of_a_mutual_tls_scheme_sends_no_credential_of_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/admin/notes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).authorization("Digest x").build().expect("client");
    client.purge_notes().await.expect("documented 204");
    let requests = server.received_requests().await.expect("recorded");
    assert!(requests[0].headers.get("authorization").is_none());
}
