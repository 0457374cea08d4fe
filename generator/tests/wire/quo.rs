use quo_client::operations::DeleteContactV1Error;
use quo_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key("quo-secret-key").build().expect("client")
}

fn error_body(code: &str, status: u16, title: &str, description: Option<&str>) -> serde_json::Value {
    let mut body = json!({
        "message": "something went wrong",
        "code": code,
        "status": status,
        "docs": "https://quo.com/docs",
        "title": title,
        "trace": "trace-1",
        "errors": [{"path": "/id", "message": "bad", "value": 3, "schema": {"type": "string"}}],
    });
    if let Some(d) = description {
        body["description"] = json!(d);
    }
    body
}

#[tokio::test]
async fn delete_204_sends_the_api_key_under_its_header() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/contacts/66d0d87e8dc1211467372303"))
        .and(header("Authorization", "quo-secret-key"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server).await.delete_contact_v1("66d0d87e8dc1211467372303").await;
    assert!(matches!(result, Ok(())), "{result:?}");
}

#[tokio::test]
async fn every_documented_error_decodes_into_its_variant_with_its_constants() {
    let cases: [(u16, &str, &str, Option<&str>); 6] = [
        (400, "0801400", "Invalid Custom Field Item", Some("Invalid Custom Field Item")),
        (401, "0800401", "Unauthorized", None),
        (403, "0801403", "Not Phone Number User", Some("Not Phone Number User")),
        (404, "0800404", "Not Found", None),
        (409, "0800409", "Conflict", None),
        (500, "0801500", "Unknown", None),
    ];
    for (status, code, title, description) in cases {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(status).set_body_json(error_body(
                code,
                status,
                title,
                description,
            )))
            // A 500 on an idempotent DELETE is retried (3 attempts by default).
            .expect(if status == 500 { 3 } else { 1 })
            .mount(&server)
            .await;
        let err = client(&server).await.delete_contact_v1("c1").await.expect_err("an error status");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let Error::Api { body, .. } = &err else { panic!("{status}: expected Error::Api, got {err:?}") };
        let variant_matches = matches!(
            (status, body),
            (400, DeleteContactV1Error::BadRequest(_))
                | (401, DeleteContactV1Error::Unauthorized(_))
                | (403, DeleteContactV1Error::Forbidden(_))
                | (404, DeleteContactV1Error::NotFound(_))
                | (409, DeleteContactV1Error::Conflict(_))
                | (500, DeleteContactV1Error::InternalServerError(_))
        );
        assert!(variant_matches, "{status} decoded as {body:?}");
        assert_eq!(body.documented_code(), Some(code));
        assert_eq!(body.documented_title(), Some(title));
        assert_eq!(body.documented_status(), Some(f64::from(status)));
        assert_eq!(body.documented_description(), description);
        assert!(body.const_mismatches().is_empty(), "{status}: {:?}", body.const_mismatches());
        // All six share one body type.
        let inner: &quo_client::types::DeleteContactV1ErrorBody = match body {
            DeleteContactV1Error::BadRequest(b)
            | DeleteContactV1Error::Unauthorized(b)
            | DeleteContactV1Error::Forbidden(b)
            | DeleteContactV1Error::NotFound(b)
            | DeleteContactV1Error::Conflict(b)
            | DeleteContactV1Error::InternalServerError(b) => b,
        };
        assert_eq!(inner.code, code);
        assert_eq!(inner.errors.as_ref().map(Vec::len), Some(1));
    }
}

#[tokio::test]
async fn a_body_that_disagrees_with_its_constants_still_decodes_and_says_so() {
    let server = MockServer::start().await;
    let mut body = error_body("9999999", 400, "Something Else", None);
    body["status"] = json!(418);
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact_v1("c1").await.expect_err("400");
    let api = err.api_error().expect("decoded");
    assert!(matches!(api, DeleteContactV1Error::BadRequest(b) if b.code == "9999999"));
    assert_eq!(api.const_mismatches(), vec!["code", "status", "title", "description"]);
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(418).insert_header("x-request-id", "req-7").set_body_string("teapot"),
        )
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact_v1("c1").await.expect_err("418");
    let Error::UnexpectedStatus { status, headers, body } = &err else { panic!("{err:?}") };
    assert_eq!(status.as_u16(), 418);
    assert_eq!(headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-7"));
    assert_eq!(body, b"teapot");
}

#[tokio::test]
async fn a_malformed_documented_body_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404).set_body_string("{\"message\": tru"))
        .mount(&server)
        .await;
    let err = client(&server).await.delete_contact_v1("c1").await.expect_err("404");
    assert!(matches!(&err, Error::Decode { status, .. } if status.as_u16() == 404), "{err:?}");
    assert_eq!(err.raw_body(), Some(&b"{\"message\": tru"[..]));
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_204_with_a_stray_body_is_still_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).set_body_string("x"))
        .mount(&server)
        .await;
    assert!(client(&server).await.delete_contact_v1("c1").await.is_ok());
}

#[tokio::test]
async fn the_id_is_one_percent_encoded_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client(&server).await.delete_contact_v1("a/b?c#d %é").await.expect("204");
    let request = crate::only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/contacts/a%2Fb%3Fc%23d%20%25%C3%A9");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    for id in ["..", ".", ""] {
        let err = client.delete_contact_v1(id).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
    }
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn credentials_never_show_and_line_breaks_are_refused() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    assert!(!format!("{client:?}").contains("quo-secret-key"));
    let bad =
        Client::builder().base_url(server.uri()).api_key("key\r\nX-Injected: 1").build().expect("client");
    let err = bad.delete_contact_v1("c1").await.expect_err("refused");
    assert!(matches!(&err, Error::InvalidRequest(m) if !m.contains("key\r\n")), "{err:?}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", crate::closed_port()))
        .build()
        .expect("client");
    let err = client.delete_contact_v1("c1").await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
}

#[test]
fn base_url_is_checked_and_defaults_to_the_spec_server() {
    assert_eq!(Client::builder().build().expect("client").base_url(), "https://api.quo.com");
    for bad in ["not a url", "ftp://example.com", "http://example.com/?q=1", "mailto:a@b.c"] {
        assert!(Client::builder().base_url(bad).build().is_err(), "{bad}");
    }
    let c = Client::builder().base_url("http://127.0.0.1:9/prefix/").build().expect("client");
    assert_eq!(c.base_url(), "http://127.0.0.1:9/prefix");
}

#[tokio::test]
async fn the_underlying_http_client_reaches_calls_the_spec_does_not_describe() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/other"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let response =
        client.http_client().get(format!("{}/v1/other", client.base_url())).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn every_request_names_the_crate_as_user_agent_and_carries_the_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("User-Agent", "quo-client/0.1.0"))
        .and(header("X-Tenant", "acme"))
        // The credential the spec declares is the operation's: a default header does not replace it.
        .and(header("Authorization", "quo-secret-key"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("quo-secret-key")
        .default_header("X-Tenant", "acme")
        .default_header("Authorization", "Bearer other")
        .build()
        .expect("client");
    let result = client.delete_contact_v1("66d0d87e8dc1211467372303").await;
    assert!(matches!(result, Ok(())), "{result:?}");
    // A User-Agent set on the builder replaces the default.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("User-Agent", "my-app/2.0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).user_agent("my-app/2.0").build().expect("client");
    let result = client.delete_contact_v1("66d0d87e8dc1211467372303").await;
    assert!(matches!(result, Ok(())), "{result:?}");
    // A header value with a line break is refused when building.
    assert!(Client::builder().default_header("X-A", "a\nb").build().is_err());
}
