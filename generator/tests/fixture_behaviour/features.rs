//! Behaviour of the types generated from tests/fixtures/features.yaml (copied into the fixture
//! crate by tests/compile.rs and run there).

use features_client::types::*;

#[test]
fn string_enums_round_trip_and_keep_unknown_values() {
    let c: Colour = serde_json::from_str("\"dark blue\"").unwrap();
    assert_eq!(c, Colour::DarkBlue);
    assert_eq!(serde_json::to_string(&c).unwrap(), "\"dark blue\"");
    let unknown: Colour = serde_json::from_str("\"mauve\"").unwrap();
    assert_eq!(unknown, Colour::Other("mauve".into()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"mauve\"");
    // Values that differ only in case stay distinct.
    assert_eq!(serde_json::from_str::<Colour>("\"Red\"").unwrap().as_str(), "Red");
    assert_ne!(serde_json::from_str::<Colour>("\"Red\"").unwrap(), Colour::Red);
    assert_eq!(Colour::from("1st").to_string(), "1st");
}

#[test]
fn a_required_enum_header_on_every_operation_is_set_as_text_on_the_client() {
    let client = features_client::Client::builder().base_url("http://127.0.0.1:9").x_region("eu").build().unwrap();
    // The per-call override takes text too.
    let _request = client.health().x_region("us");
}

mod raw {
    //! `Client::raw` and `RequestOptions::query`, on the wire (wiremock on 127.0.0.1).

    use features_client::{Client, Error, Method, RequestOptions, RetryPolicy};
    use serde_json::{json, Value};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(server: &MockServer) -> Client {
        let retry = RetryPolicy::new().initial_backoff(std::time::Duration::from_millis(5));
        Client::builder()
            .base_url(format!("{}/base", server.uri()))
            .api_key("k-123")
            .basic_auth("ann", "pw")
            .x_region("eu")
            .default_header("X-Trace", "t1")
            .retry(retry)
            .build()
            .unwrap()
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Thing {
        id: String,
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_raw_request_carries_the_clients_credentials_and_headers_and_is_retried() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/base/v9/undocumented"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/base/v9/undocumented"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t1", "more": true})))
            .mount(&server)
            .await;
        let response = client(&server)
            .raw::<Thing>(Method::GET, "/v9/undocumented")
            .query("page", "2")
            .query("tag", "a b&c")
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(response.value, Thing { id: "t1".into() });
        assert_eq!(response.attempts, 2);
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 2);
        for request in &requests {
            assert_eq!(request.url.query(), Some("page=2&tag=a%20b%26c&api_key=k-123"), "{}", request.url);
            let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_string());
            assert_eq!(header("authorization").as_deref(), Some("Basic YW5uOnB3"));
            assert_eq!(header("x-region").as_deref(), Some("eu"));
            assert_eq!(header("x-trace").as_deref(), Some("t1"));
            assert!(header("user-agent").unwrap().starts_with("features-client/"));
            // Nothing the caller did not ask for: no body, no content type.
            assert!(request.body.is_empty());
            assert_eq!(header("content-type"), None);
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_raw_post_sends_its_json_and_an_error_status_is_unexpected() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/base/v9/things"))
            .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "no"})))
            .mount(&server)
            .await;
        let error = client(&server)
            .raw::<Value>(Method::POST, "/v9/things")
            .json(&json!({"name": "x", "count": 2}))
            .header("Idempotency-Key", "abc")
            .await
            .unwrap_err();
        match error {
            Error::UnexpectedStatus { status, body, .. } => {
                assert_eq!(status, 422);
                assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({"message": "no"}));
            }
            other => panic!("{other:?}"),
        }
        let requests = server.received_requests().await.unwrap();
        // A POST is not retried (the default policy retries idempotent methods only).
        assert_eq!(requests.len(), 1);
        let request = &requests[0];
        assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), json!({"name": "x", "count": 2}));
        assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
        assert_eq!(request.headers.get("idempotency-key").unwrap(), "abc");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_raw_path_must_stay_on_the_clients_host_and_an_empty_body_reads_as_unit() {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/base/v9/things/1"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = client(&server);
        client.raw::<()>(Method::DELETE, "/v9/things/1").await.unwrap();
        for bad in ["v9/things", "//elsewhere.example/x", "https://elsewhere.example/x", "/a b"] {
            let error = client.raw::<Value>(Method::GET, bad).await.unwrap_err();
            assert!(matches!(error, Error::InvalidRequest(_)), "{bad}: {error:?}");
        }
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn per_call_query_parameters_follow_the_operations_own() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/base/search"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
        let options = RequestOptions::new().query("page", "3").query("expand[]", "owner");
        client(&server).search("cats").limit(5).with_options(options).await.unwrap();
        let requests = server.received_requests().await.unwrap();
        let query = requests[0].url.query().unwrap().to_string();
        assert!(query.starts_with("q=cats&limit=5"), "{query}");
        assert!(query.ends_with("&page=3&expand%5B%5D=owner"), "{query}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_free_form_object_takes_json_directly() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/base/things"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "t9"})))
            .mount(&server)
            .await;
        let body = features_client::types::CreateThingBody::new("lamp").meta(json!({"team": "ml", "tags": ["a"]}));
        let client = client(&server);
        #[allow(deprecated)]
        let request = client.create_thing(body);
        request.await.unwrap();
        let requests = server.received_requests().await.unwrap();
        let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
        assert_eq!(sent, json!({"name": "lamp", "meta": {"team": "ml", "tags": ["a"]}}));
        // A `Map` still does.
        let map = json!({"k": 1}).as_object().cloned().unwrap();
        let _ = features_client::types::CreateThingBody::new("x").meta(map);
    }
}
