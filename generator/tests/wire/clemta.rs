use clemta_client::operations::DeleteContactError;
use clemta_client::{Client, Error, Server};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key("clemta-key").build().expect("client")
}

#[tokio::test]
async fn delete_200_decodes_the_json_body_and_sends_x_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/64b8f1a2e4b0c8d9f0123456"))
        .and(header("X-API-Key", "clemta-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "message": "Contact deleted successfully",
            "data": {"id": "64b8f1a2e4b0c8d9f0123456", "deleted_at": 1686787400}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(&server).await.delete_contact("64b8f1a2e4b0c8d9f0123456").await.expect("200");
    assert_eq!(body.success, Some(true));
    assert_eq!(body.message.as_deref(), Some("Contact deleted successfully"));
    let data = body.data.expect("data");
    assert_eq!(data["deleted_at"], json!(1686787400));
}

/// A response is only read: an optional, nullable field is one `Option` (absent and null alike),
/// so a reader goes through one layer.
#[tokio::test]
async fn an_optional_nullable_response_field_reads_as_one_option() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/null"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": null})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/absent"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let null = client.delete_contact("null").await.expect("200");
    let data: Option<serde_json::Map<String, serde_json::Value>> = null.data;
    assert_eq!(data, None);
    let absent = client.delete_contact("absent").await.expect("200");
    assert_eq!(absent.data, None);
}

#[tokio::test]
async fn every_documented_error_decodes() {
    for (status, code) in [
        (400, "INVALID_REQUEST"),
        (401, "API_KEY_REQUIRED"),
        (404, "CONTACT_NOT_FOUND"),
        (500, "INTERNAL_ERROR"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({
                "success": false, "message": "m", "error": {"code": code}
            })))
            .mount(&server)
            .await;
        let err = client(&server).await.delete_contact("c").await.expect_err("error");
        let code_seen = match err.api_error() {
            Some(DeleteContactError::BadRequest(b)) if status == 400 => {
                b.error.as_ref().and_then(|e| e.code.clone())
            }
            Some(DeleteContactError::Unauthorized(b)) if status == 401 => {
                b.error.as_ref().and_then(|e| e.code.clone())
            }
            Some(DeleteContactError::NotFound(b)) if status == 404 => {
                b.error.as_ref().and_then(|e| e.code.clone())
            }
            Some(DeleteContactError::InternalServerError(b)) if status == 500 => {
                b.error.as_ref().and_then(|e| e.code.clone())
            }
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(code_seen.as_deref(), Some(code));
    }
}

#[tokio::test]
async fn malformed_success_body_and_undocumented_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/bad"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/gone"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.delete_contact("bad").await.expect_err("decode");
    assert!(
        matches!(&err, Error::Decode { status, body, .. } if status.as_u16() == 200 && body == b"<html>"),
        "{err:?}"
    );
    let err = client.delete_contact("gone").await.expect_err("410");
    assert!(matches!(&err, Error::UnexpectedStatus { status, .. } if status.as_u16() == 410), "{err:?}");
}

#[test]
fn production_is_the_default_server_and_sandbox_can_be_chosen() {
    assert_eq!(Client::builder().build().expect("client").base_url(), "https://api.clemta.com");
    let sandbox = Client::builder().server(Server::Sandbox).build().expect("client");
    assert_eq!(sandbox.base_url(), "https://sandbox.clemta.com");
    assert_eq!(Server::default(), Server::Production);
}

#[tokio::test]
async fn the_chosen_server_is_where_requests_go() {
    let http = crate::resolving_to_closed_port(&["api.clemta.com", "sandbox.clemta.com"]);
    let client = Client::builder().server(Server::Sandbox).http_client(http).build().expect("client");
    let err = client.delete_contact("c").await.expect_err("nothing listens");
    let Error::Transport(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.url().map(|u| u.as_str()), Some("https://sandbox.clemta.com/contacts/c"));
}
