//! The client generated from tests/fixtures/unasked.yaml sends nothing its caller did not ask
//! for: optional one-value enums and consts, defaults and examples stay off the wire until set;
//! required one-value properties and a union variant's tag are sent. Read on the wire of a real
//! HTTP server on 127.0.0.1 (wiremock). Copied into the fixture crate by tests/compile.rs.

use serde_json::json;
use unasked_client::types::*;
use unasked_client::Client;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn header_names(request: &wiremock::Request) -> Vec<String> {
    let mut names: Vec<String> = request.headers.keys().map(|k| k.as_str().to_string()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_form_body_carries_only_what_was_set_and_what_is_required() {
    let (server, client) = server().await;
    client.create_message(CreateMessageRequest::new("+15558675310")).await.unwrap();
    let request = only_request(&server).await;
    // Not `ScheduleType=fixed`, `TrafficType=free`, `Version=2` (one value each, optional), nor
    // `Priority=high`, `Retries=3`, `Shorten=false` (defaults) or `Body=Hello` (an example).
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), "Kind=message&To=%2B15558675310");
    // Nor the query parameter's default (`limit=20`), its one-value `mode`, or the header's.
    assert_eq!(request.url.query(), None);
    assert_eq!(header_names(&request), ["accept", "content-length", "content-type", "host", "user-agent"]);
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    // reqwest's own `Accept: */*`, and the crate's name and version as `User-Agent`.
    assert_eq!(request.headers.get("accept").unwrap(), "*/*");
    assert_eq!(request.headers.get("user-agent").unwrap(), "unasked-client/0.1.0");
}

#[tokio::test]
async fn what_the_caller_sets_is_sent() {
    let (server, client) = server().await;
    let body = CreateMessageRequest::new("+15558675310")
        .schedule_type(CreateMessageRequestScheduleType::Fixed)
        .traffic_type(TrafficType::Free)
        .version(2)
        .priority(CreateMessageRequestPriority::High)
        .mode(CreateMessageRequestMode::Reasoning)
        .body("Hello");
    client.create_message(body).limit(5).mode(CreateMessageMode::Strict).x_trace("abc").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "Body=Hello&Kind=message&Mode=reasoning&Priority=high&ScheduleType=fixed&To=%2B15558675310&TrafficType=free&Version=2"
    );
    assert_eq!(request.url.query(), Some("limit=5&mode=strict"));
    assert_eq!(request.headers.get("x-trace").unwrap(), "abc");
}

#[tokio::test]
async fn a_json_body_sends_a_variants_tag_and_nothing_else_unset() {
    let (server, client) = server().await;
    // `Click`'s `type` is optional in its schema, but it is what tells the union's variants
    // apart: building a `Click` asks for it. Its `button` default is not sent.
    client.create_event(Click::new(3)).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(), json!({"type": "click", "x": 3}));
    assert_eq!(header_names(&request), ["accept", "content-length", "content-type", "host", "user-agent"]);
}

#[tokio::test]
async fn a_required_const_is_sent_and_an_optional_stream_flag_with_a_default_is_not() {
    let (server, client) = server().await;
    client.create_event(View::new("home")).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(), json!({"type": "view", "page": "home"}));
}
