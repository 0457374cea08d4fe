use minimo_client::operations::DeleteContactError;
use minimo_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("mn-id-key").build().expect("client")
}

#[tokio::test]
async fn delete_200_returns_the_boolean_and_sends_a_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/public/v1/contacts/42"))
        .and(header("Authorization", "Bearer mn-id-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(true)))
        .expect(1)
        .mount(&server)
        .await;
    assert!(client(&server).await.delete_contact(42).await.expect("200"));
}

#[tokio::test]
async fn false_is_returned_too_and_negative_ids_are_sent_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/public/v1/contacts/-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(false)))
        .expect(1)
        .mount(&server)
        .await;
    assert!(!client(&server).await.delete_contact(-7).await.expect("200"));
}

#[tokio::test]
async fn not_found_decodes_its_message() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Contact not found"})))
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact(1).await.expect_err("404");
    assert!(
        matches!(err.api_error(), Some(DeleteContactError::NotFound(b)) if b.message.as_deref() == Some("Contact not found")),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error_and_401_is_undocumented() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/public/v1/contacts/1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/public/v1/contacts/2"))
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.delete_contact(1).await.expect_err("empty");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let err = client.delete_contact(2).await.expect_err("401");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, body, .. } if status.as_u16() == 401 && body == b"unauthorized"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_path_level_server_override_is_used_unless_base_url_is_set() {
    // The document's server is app.minimo.it; the operation's path declares api.minimo.it.
    let http = crate::resolving_to_closed_port(&["app.minimo.it", "api.minimo.it"]);
    let client = Client::builder().http_client(http).build().expect("client");
    assert_eq!(client.base_url(), "https://app.minimo.it");
    let err = client.delete_contact(42).await.expect_err("nothing listens");
    let Error::Transport(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.url().map(|u| u.as_str()), Some("https://api.minimo.it/public/v1/contacts/42"));
}
