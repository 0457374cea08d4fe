use opencx_client::operations::DeleteContactError;
use opencx_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token("jwt.token.here").build().expect("client")
}

#[tokio::test]
async fn delete_200_without_a_body_is_unit_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/ct_1"))
        .and(header("Authorization", "Bearer jwt.token.here"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.delete_contact("ct_1").await.expect("200");
}

#[tokio::test]
async fn a_200_with_an_unexpected_body_is_still_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"ok\":true}"))
        .mount(&server)
        .await;
    client(&server).await.delete_contact("ct_1").await.expect("200");
}

#[tokio::test]
async fn internal_server_error_decodes_the_error_dto() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(
                json!({"statusCode": 500, "message": "boom", "error": "Internal Server Error"}),
            ),
        )
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact("ct_1").await.expect_err("500");
    let Some(DeleteContactError::InternalServerError(dto)) = err.api_error() else { panic!("{err:?}") };
    assert_eq!(dto.status_code, Some(500));
    assert_eq!(dto.message.as_deref(), Some("boom"));
}

#[tokio::test]
async fn undocumented_and_malformed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/a"))
        .respond_with(ResponseTemplate::new(404).set_body_string("nope"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/b"))
        .respond_with(ResponseTemplate::new(500).set_body_string("{\"statusCode\": \"five hundred\"}"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.delete_contact("a").await.expect_err("404");
    assert!(matches!(&err, Error::UnexpectedStatus { status, .. } if status.as_u16() == 404), "{err:?}");
    let err = client.delete_contact("b").await.expect_err("500");
    assert!(matches!(&err, Error::Decode { status, .. } if status.as_u16() == 500), "{err:?}");
}
