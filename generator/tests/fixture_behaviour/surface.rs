//! The crate's own names, taken by tests/fixtures/surface.yaml as parameters, operations and
//! headers, still do what the spec says on the wire (copied into the fixture crate by
//! tests/compile.rs and run there, against wiremock on 127.0.0.1).

use surface_client::operations::PutParamsClientBodySelfSuccess;
use surface_client::Client;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    // Headers named like the builder's own settings or the client's fields get setters of their
    // own; `config` is neither (the client keeps its settings behind `shared`).
    Client::builder()
        .base_url(server.uri())
        .http_2("client-wide")
        .config("client-wide")
        .shared_2("client-wide")
        .server_url_2("s")
        .base_url_2("b")
        .build_2("x")
        .timeout_2("t")
        .build()
        .expect("client")
}

#[tokio::test]
async fn parameters_named_like_the_request_builders_methods_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/params/c/b/s"))
        .and(query_param("request", "r"))
        .and(query_param("new", "n"))
        .and(query_param("send_with_headers", "h"))
        .and(query_param("body", "y"))
        .and(header("options", "7"))
        .and(header("http", "client-wide"))
        .and(header("shared", "client-wide"))
        .and(header("config", "per-call"))
        .and(header("timeout", "t"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = client(&server)
        .put_params_client_body_self("c", "b", "s", 7)
        .request_2("r")
        .new_2("n")
        .send_with_headers_2("h")
        .body_3("y")
        .config("per-call")
        .await
        .expect("documented 202");
    assert_eq!(outcome, PutParamsClientBodySelfSuccess::Accepted);
}

#[tokio::test]
async fn operations_named_like_the_clients_methods_are_called() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ops/2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    // `http_client` is still the client's own accessor; the operation is `http_client_2`.
    let _reqwest: &reqwest::Client = client.http_client();
    client.http_client_2().await.expect("documented 204");
}
