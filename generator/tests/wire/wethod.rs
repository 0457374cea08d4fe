use serde_json::json;
use wethod_client::operations::DeleteContactError;
use wethod_client::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("personal-token")
        .wethod_company("acme")
        .wethod_version("2024-06-15")
        .build()
        .expect("client")
}

#[tokio::test]
async fn delete_200_sends_the_required_headers_and_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/contact/42"))
        .and(header("Authorization", "Bearer personal-token"))
        .and(header("Wethod-Company", "acme"))
        .and(header("Wethod-Version", "2024-06-15"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).await.delete_contact(42).await.expect("200");
}

#[tokio::test]
async fn a_call_can_override_the_required_headers() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("Wethod-Company", "other"))
        .and(header("Wethod-Version", "2025-01-01"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .await
        .delete_contact(1)
        .wethod_company("other")
        .wethod_version("2025-01-01")
        .await
        .expect("200");
}

#[tokio::test]
async fn a_missing_required_header_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client =
        Client::builder().base_url(server.uri()).wethod_version("2024-06-15").build().expect("client");
    let err = client.delete_contact(1).await.expect_err("missing");
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("Wethod-Company")), "{err:?}");
    assert!(server.received_requests().await.expect("recording").is_empty());
    // Given on the call instead, it is sent.
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client.delete_contact(1).wethod_company("acme").await.expect("200");
    let request = crate::only_request(&server).await;
    assert_eq!(request.headers.get("wethod-company").and_then(|v| v.to_str().ok()), Some("acme"));
    assert!(request.headers.get("authorization").is_none(), "no token was configured");
}

#[tokio::test]
async fn validation_failed_decodes_the_failures() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "key": "invalid_data",
            "message": "You provided invalid data. Check 'failures' for details.",
            "failures": [{"field": "id", "message": "must be positive"}]
        })))
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact(1).await.expect_err("400");
    let Some(DeleteContactError::BadRequest(body)) = err.api_error() else { panic!("{err:?}") };
    assert_eq!(body.key.as_deref(), Some("invalid_data"));
    let failures = body.failures.as_ref().expect("failures");
    assert_eq!(failures[0].field.as_deref(), Some("id"));
    assert_eq!(body.encoding_options, None, "framework fields are optional");
}

#[tokio::test]
async fn every_other_documented_error_decodes_with_or_without_framework_fields() {
    for status in [401u16, 403, 404, 412] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/api/contact/1"))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"key": "k", "message": "m"})))
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path("/api/contact/2"))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({
                "headers": {}, "content": "", "version": "1.0", "status_code": status, "status_text": "x",
                "charset": "UTF-8", "callback": null, "encoding_options": 64, "key": "k", "message": "m"
            })))
            .mount(&server)
            .await;
        let client = client(&server).await;
        for id in [1, 2] {
            let err = client.delete_contact(id).await.expect_err("error status");
            let key = match err.api_error() {
                Some(DeleteContactError::Unauthorized(b)) if status == 401 => b.key.clone(),
                Some(DeleteContactError::Forbidden(b)) if status == 403 => b.key.clone(),
                Some(DeleteContactError::NotFound(b)) if status == 404 => b.key.clone(),
                Some(DeleteContactError::PreconditionFailed(b)) if status == 412 => b.key.clone(),
                other => panic!("{status}/{id}: {other:?} from {err:?}"),
            };
            assert_eq!(key.as_deref(), Some("k"));
        }
    }
}

#[tokio::test]
async fn undocumented_status_and_malformed_body() {
    let server = MockServer::start().await;
    let no_retry = wethod_client::RequestOptions::new().retry(wethod_client::RetryPolicy::none());
    Mock::given(method("DELETE"))
        .and(path("/api/contact/1"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-ratelimit-retry-after", "30"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/contact/2"))
        .respond_with(ResponseTemplate::new(404).set_body_string("Not Found"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let err = client.delete_contact(1).with_options(no_retry).await.expect_err("429");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        err.headers().and_then(|h| h.get("x-ratelimit-retry-after")).and_then(|v| v.to_str().ok()),
        Some("30")
    );
    let err = client.delete_contact(2).await.expect_err("404");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused() {
    let server = MockServer::start().await;
    let err = client(&server)
        .await
        .delete_contact(1)
        .wethod_company("acme\r\nX-Evil: 1")
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}
