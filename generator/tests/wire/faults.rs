//! Fault injection against real servers on 127.0.0.1: wiremock for statuses, and a raw TCP
//! server for what wiremock cannot do (resets, truncated and slow bodies). For each fault: no
//! panic, the typed error, the attempts the server saw, and the time taken within bounds.

use clemta_client::Client as Clemta;
use quo_client::{Client as Quo, Error, RequestOptions, RetryPolicy};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Fast retries so the suite stays quick; the attempt cap is the default (3).
fn fast_retries() -> RetryPolicy {
    RetryPolicy::new().initial_backoff(Duration::from_millis(20)).max_backoff(Duration::from_millis(40))
}

fn quo(base: &str) -> Quo {
    Quo::builder().base_url(base).api_key("k").retry(fast_retries()).build().expect("client")
}

fn clemta(base: &str) -> Clemta {
    Clemta::builder()
        .base_url(base)
        .retry(clemta_client::RetryPolicy::new().initial_backoff(Duration::from_millis(20)))
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client")
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

/// What the raw server does on each connection.
#[derive(Clone)]
enum Fault {
    /// Sends these bytes, then resets the connection (RST).
    ResetAfter(Vec<u8>),
    /// Sends these bytes, then closes normally (FIN).
    CloseAfter(Vec<u8>),
    /// Waits, then sends these bytes.
    Delay(Duration, Vec<u8>),
}

struct RawServer {
    base: String,
    connections: Arc<AtomicUsize>,
}

async fn raw_server(fault: Fault) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        // Bounded: a test makes a handful of connections.
        for _ in 0..16 {
            let Ok((socket, _)) = listener.accept().await else { return };
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(socket, fault.clone()));
        }
    });
    RawServer { base, connections }
}

async fn serve(mut socket: TcpStream, fault: Fault) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    match fault {
        Fault::ResetAfter(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            let _ = socket.set_zero_linger();
            drop(socket);
        }
        Fault::CloseAfter(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
        Fault::Delay(wait, bytes) => {
            tokio::time::sleep(wait).await;
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
    }
}

fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len())
            .into_bytes();
    out.extend_from_slice(body);
    out
}

#[tokio::test]
async fn connection_refused_is_retried_then_a_transport_error() {
    let base = format!("http://127.0.0.1:{}", crate::closed_port());
    let start = Instant::now();
    let err = quo(&base).delete_contact_v1("c").await.expect_err("refused");
    assert!(matches!(&err, Error::Transport(e) if e.is_connect()), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_reset_in_the_middle_of_a_body_is_retried_then_a_transport_error() {
    let mut partial =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n".to_vec();
    partial.extend_from_slice(b"{\"success\": true, \"mess");
    let server = raw_server(Fault::ResetAfter(partial)).await;
    let start = Instant::now();
    let err = clemta(&server.base).delete_contact("c").await.expect_err("reset");
    assert!(matches!(err, clemta_client::Error::Transport(_)), "{err:?}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 3, "three attempts");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let mut partial =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n".to_vec();
    partial.extend_from_slice(b"{\"success\":");
    let server = raw_server(Fault::CloseAfter(partial)).await;
    let err = clemta(&server.base).delete_contact("c").await.expect_err("truncated");
    assert!(matches!(err, clemta_client::Error::Transport(_)), "{err:?}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn slow_headers_time_out() {
    let server = raw_server(Fault::Delay(Duration::from_secs(3), response("200 OK", "", b"{}"))).await;
    let client = Clemta::builder()
        .base_url(&server.base)
        .timeout(Duration::from_millis(300))
        .retry(clemta_client::RetryPolicy::none())
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.delete_contact("c").await.expect_err("timeout");
    assert!(matches!(&err, clemta_client::Error::Transport(e) if e.is_timeout()), "{err:?}");
    assert!(start.elapsed() < Duration::from_millis(1500), "{:?}", start.elapsed());
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_slow_body_times_out_and_a_call_can_override_the_timeout() {
    // Headers at once, the body after a second.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        for _ in 0..2 {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let body = b"{\"success\": true}";
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_millis(1000)).await;
                let _ = socket.write_all(body).await;
            });
        }
    });
    let client = Clemta::builder()
        .base_url(&base)
        .timeout(Duration::from_millis(300))
        .retry(clemta_client::RetryPolicy::none())
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.delete_contact("c").await.expect_err("timeout");
    assert!(matches!(&err, clemta_client::Error::Transport(e) if e.is_timeout()), "{err:?}");
    assert!(start.elapsed() < Duration::from_millis(900), "{:?}", start.elapsed());
    let patient = clemta_client::RequestOptions::new().timeout(Duration::from_secs(5));
    let ok = client.delete_contact("c").with_options(patient).await.expect("a longer timeout");
    assert_eq!(ok.success, Some(true));
}

#[tokio::test]
async fn a_wrong_content_type_still_decodes_and_html_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"{\"success\": true}".to_vec(), "text/plain"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"<html>oops</html>".to_vec(), "text/html"))
        .mount(&server)
        .await;
    let client = clemta(&server.uri());
    assert_eq!(client.delete_contact("c").await.expect("decodes").success, Some(true));
    let err = client.delete_contact("c").await.expect_err("html");
    assert!(
        matches!(&err, clemta_client::Error::Decode { body, .. } if body == b"<html>oops</html>"),
        "{err:?}"
    );
    assert_eq!(hits(&server).await, 2, "decode errors are not retried");
}

#[tokio::test]
async fn invalid_json_and_an_empty_body_are_decode_errors() {
    for body in [&b"{\"success\": tru"[..], b""] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json"))
            .mount(&server)
            .await;
        let err = clemta(&server.uri()).delete_contact("c").await.expect_err("decode");
        assert!(matches!(&err, clemta_client::Error::Decode { body: b, .. } if b == body), "{err:?}");
        assert_eq!(hits(&server).await, 1);
    }
}

#[tokio::test]
async fn a_10_mb_body_over_the_limit_is_refused() {
    let big = vec![b' '; 10 * 1024 * 1024];
    // With a Content-Length (refused before reading) and without one (refused while reading).
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json"))
        .mount(&server)
        .await;
    let client =
        Clemta::builder().base_url(server.uri()).max_response_body(1024 * 1024).build().expect("client");
    let err = client.delete_contact("c").await.expect_err("too large");
    assert!(matches!(err, clemta_client::Error::BodyTooLarge { limit: 1_048_576, .. }), "{err:?}");
    assert_eq!(hits(&server).await, 1);

    let mut chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..10 {
        chunked.extend_from_slice(format!("{:x}\r\n", 1024 * 1024).as_bytes());
        chunked.extend_from_slice(&big[..1024 * 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let raw = raw_server(Fault::CloseAfter(chunked)).await;
    let client =
        Clemta::builder().base_url(&raw.base).max_response_body(1024 * 1024).build().expect("client");
    let err = client.delete_contact("c").await.expect_err("too large");
    assert!(matches!(err, clemta_client::Error::BodyTooLarge { .. }), "{err:?}");
    assert_eq!(raw.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let start = Instant::now();
    let response = quo(&server.uri()).delete_contact_v1("c").send_with_response().await.expect("retried");
    let elapsed = start.elapsed();
    assert_eq!((response.status.as_u16(), response.attempts), (204, 2));
    assert_eq!(hits(&server).await, 2);
    assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn the_provider_rate_limit_header_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-ratelimit-retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = wethod_client::Client::builder()
        .base_url(server.uri())
        .wethod_company("acme")
        .wethod_version("2024-06-15")
        .build()
        .expect("client");
    let start = Instant::now();
    client.delete_contact(1).await.expect("retried");
    assert!(start.elapsed() >= Duration::from_secs(1), "{:?}", start.elapsed());
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn a_503_then_204_succeeds_on_the_retry() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let start = Instant::now();
    quo(&server.uri()).delete_contact_v1("c").await.expect("retried");
    assert_eq!(hits(&server).await, 2);
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_500_every_time_gives_up_after_the_configured_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({
            "message": "boom", "code": "0801500", "status": 500, "docs": "https://quo.com/docs", "title": "Unknown"
        })))
        .mount(&server)
        .await;
    let client =
        Quo::builder().base_url(server.uri()).retry(fast_retries().max_attempts(4)).build().expect("client");
    let start = Instant::now();
    let err = client.delete_contact_v1("c").await.expect_err("500");
    assert!(
        matches!(&err, Error::Api { body: quo_client::operations::DeleteContactV1Error::InternalServerError(b), .. } if b.message == "boom"),
        "{err:?}"
    );
    assert_eq!(hits(&server).await, 4);
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
    // Turned off, one attempt.
    let once = RequestOptions::new().retry(RetryPolicy::none());
    client.delete_contact_v1("c").with_options(once).await.expect_err("500");
    assert_eq!(hits(&server).await, 5);
}

#[tokio::test]
async fn response_metadata_is_there_for_successes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-request-id", "r-42"))
        .mount(&server)
        .await;
    let response = quo(&server.uri()).delete_contact_v1("c").send_with_response().await.expect("204");
    assert_eq!(response.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-42"));
    assert_eq!(response.attempts, 1);
}

#[test]
fn credentials_never_show_in_debug_display_or_errors() {
    let client = Quo::builder().api_key("super-secret-key").build().expect("client");
    assert!(!format!("{client:?}").contains("super-secret-key"));
    let builder = Quo::builder().api_key("super-secret-key");
    assert!(!format!("{builder:?}").contains("super-secret-key"));
    let err = Quo::builder().base_url("ftp://x").api_key("super-secret-key").build().expect_err("bad url");
    assert!(!err.to_string().contains("super-secret-key"));
    assert!(Quo::builder()
        .connect_timeout(Duration::from_secs(1))
        .http_client(reqwest::Client::new())
        .build()
        .is_err());
}
