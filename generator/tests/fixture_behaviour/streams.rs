//! Behaviour of the client generated from tests/fixtures/streams.yaml against servers on
//! 127.0.0.1: a raw HTTP/1.1 server that writes a chunked event stream piece by piece (slowly,
//! split anywhere, stalled, broken), and wiremock for whole bodies. Copied into the fixture crate
//! by tests/compile.rs and run there.

use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use streams_client::operations::CreateChatError;
use streams_client::types::*;
use streams_client::{Client, Error, RequestOptions, RetryPolicy, StreamError};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One request as the raw server read it: the head (request line and headers) and the body.
struct Request {
    head: String,
    body: String,
}

/// An HTTP/1.1 server on 127.0.0.1 that hands each connection (its request read) to `answer`,
/// one at a time, and counts the requests. The base URL and the count.
fn serve(answer: impl Fn(usize, Request, &mut TcpStream) + Send + 'static) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .map_or(0, |v| v.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let n = seen.fetch_add(1, Ordering::SeqCst);
            answer(n, Request { head, body: String::from_utf8(body).unwrap() }, &mut stream);
        }
    });
    (url, count)
}

/// The head of a chunked `text/event-stream` response.
fn start_events(stream: &mut TcpStream) {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
}

/// One chunk of the body, sent at once.
fn chunk(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(format!("{:x}\r\n", bytes.len()).as_bytes());
    let _ = stream.write_all(bytes);
    let _ = stream.write_all(b"\r\n");
    let _ = stream.flush();
}

fn end(stream: &mut TcpStream) {
    let _ = stream.write_all(b"0\r\n\r\n");
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_chat_streams_typed_chunks_as_they_arrive() {
    let (read_first, first_read) = mpsc::channel::<()>();
    let (requests, request) = mpsc::channel::<Request>();
    let (url, _) = serve(move |_, req, stream| {
        requests.send(req).unwrap();
        start_events(stream);
        chunk(stream, b": keep-alive comment\n\ndata: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\n");
        // Nothing more until the client has the first chunk: a client that waited for the
        // whole body would never see it, and the test fails on the missing rest.
        if first_read.recv_timeout(Duration::from_secs(10)).is_err() {
            return;
        }
        // An event split across writes, in the middle of a two-byte UTF-8 character, a CRLF
        // split between writes, `retry:` and `id:`.
        chunk(stream, b"retry: 3000\r\nid: 7\r\ndata: {\"id\":\"c1\",\"delta\":\"lo, caf\xc3");
        std::thread::sleep(Duration::from_millis(50));
        chunk(stream, b"\xa9\"}\r");
        std::thread::sleep(Duration::from_millis(50));
        chunk(stream, b"\n\r\ndata: [DONE]\n\n");
        // Nothing is read after `[DONE]`.
        chunk(stream, b"data: {\"id\":\"c1\",\"delta\":\"never\"}\n\n");
        end(stream);
    });
    let client = client(&url);
    let mut stream = client.create_chat(ChatRequest::new("m1")).stream().await.unwrap();
    assert_eq!(stream.status(), 200);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.delta, "Hel");
    read_first.send(()).unwrap();
    let mut text = first.delta;
    while let Some(chunk) = stream.next().await {
        text.push_str(&chunk.unwrap().delta);
    }
    assert_eq!(text, "Hello, caf\u{e9}");

    // `stream()` asked for events: `Accept` and the body's `stream`.
    let request = request.recv().unwrap();
    let head = request.head.to_ascii_lowercase();
    assert!(head.starts_with("post /chat "), "{head}");
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body, json!({"model": "m1", "stream": true}));
}

#[tokio::test(flavor = "current_thread")]
async fn awaiting_asks_for_json_even_when_the_request_says_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat"))
        .and(body_json(json!({"model": "m1", "stream": false})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "r1", "text": "Hello"})))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server.uri()).create_chat(ChatRequest::new("m1").stream(true)).await.unwrap();
    assert_eq!(reply.text, "Hello");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("accept").is_none_or(|v| v != "text/event-stream"));
}

#[tokio::test(flavor = "current_thread")]
async fn an_error_before_the_stream_is_the_operations_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"message": "slow down"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let e = client.create_chat(ChatRequest::new("m1")).stream().await.unwrap_err();
    match e.api_error() {
        Some(CreateChatError::TooManyRequests(p)) => assert_eq!(p.message, "slow down"),
        other => panic!("{other:?} ({e})"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn json_where_events_were_asked_for_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "r1", "text": "Hello"})))
        .mount(&server)
        .await;
    let e = client(&server.uri()).create_chat(ChatRequest::new("m1")).stream().await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
}

#[tokio::test(flavor = "current_thread")]
async fn retries_open_the_stream_but_never_follow_a_broken_one() {
    // The first attempt meets a 503, the second a stream that breaks after one event.
    let (url, count) = serve(|n, _, stream| {
        if n == 0 {
            let _ = stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        start_events(stream);
        chunk(stream, b"data: first line\n\ndata: cut in the mid");
        // The connection closes without the chunked body's end.
    });
    let client = Client::builder()
        .base_url(&url)
        .retry(RetryPolicy::new().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let mut logs = client.tail_logs().await.unwrap();
    assert_eq!(logs.next().await.unwrap().unwrap(), "first line");
    let broken = logs.next().await.unwrap().unwrap_err();
    assert!(matches!(broken, StreamError::Transport(_)), "{broken}");
    assert!(logs.next().await.is_none());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count.load(Ordering::SeqCst), 2, "one retry to open, none once events flowed");
}

#[tokio::test(flavor = "current_thread")]
async fn the_idle_timeout_ends_a_stalled_stream_and_the_timeout_does_not_cut_a_slow_one() {
    let (url, _) = serve(|n, _, stream| {
        start_events(stream);
        // Ten events 60 ms apart: longer than the call's timeout in all, never idle as long.
        for i in 0..10 {
            chunk(stream, format!("data: line {i}\n\n").as_bytes());
            std::thread::sleep(Duration::from_millis(60));
        }
        if n == 0 {
            end(stream);
            return;
        }
        // Then a stall.
        std::thread::sleep(Duration::from_secs(3));
    });
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let mut logs = client.tail_logs().await.unwrap();
    let mut lines = Vec::new();
    while let Some(line) = logs.next().await {
        lines.push(line.unwrap());
    }
    assert_eq!(lines.len(), 10);

    let options = RequestOptions::new().idle_timeout(Duration::from_millis(200));
    let mut logs = client.tail_logs().with_options(options).await.unwrap();
    for _ in 0..10 {
        logs.next().await.unwrap().unwrap();
    }
    let stalled = logs.next().await.unwrap().unwrap_err();
    assert!(matches!(stalled, StreamError::Idle(d) if d == Duration::from_millis(200)), "{stalled}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_timeout_covers_the_wait_for_the_headers() {
    let (url, _) = serve(|_, _, _| std::thread::sleep(Duration::from_secs(2)));
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.tail_logs().stream().await.unwrap_err();
    assert!(matches!(e, Error::Timeout(d) if d == Duration::from_millis(200)), "{e}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_event_longer_than_the_limit_ends_the_stream() {
    let (url, _) = serve(|_, _, stream| {
        start_events(stream);
        chunk(stream, b"data: short\n\n");
        chunk(stream, format!("data: {}\n\n", "x".repeat(4096)).as_bytes());
        end(stream);
    });
    let client = Client::builder().base_url(&url).max_response_body(1024).build().unwrap();
    let mut logs = client.tail_logs().await.unwrap();
    assert_eq!(logs.next().await.unwrap().unwrap(), "short");
    let e = logs.next().await.unwrap().unwrap_err();
    assert!(matches!(e, StreamError::TooLarge(ref t) if t.limit == 1024), "{e}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_event_envelope_yields_its_data_told_apart_by_the_discriminator() {
    let server = MockServer::start().await;
    let events = "event: conversation.response.started\n\
                  data: {\"type\":\"conversation.response.started\",\"conversation_id\":\"c9\"}\n\n\
                  event: message.output.delta\n\
                  data: {\"type\":\"message.output.delta\",\"content\":\"Hi\"}\n\n";
    Mock::given(method("POST"))
        .and(path("/conversations/c9"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .mount(&server)
        .await;
    let mut events = client(&server.uri()).append_conversation("c9").await.unwrap();
    let Some(Ok(ConversationEventsData::ResponseStarted(started))) = events.next().await else { panic!() };
    assert_eq!(started.conversation_id, "c9");
    let Some(Ok(ConversationEventsData::MessageOutput(output))) = events.next().await else { panic!() };
    assert_eq!(output.content, "Hi");
    assert!(events.next().await.is_none());
}

#[tokio::test(flavor = "current_thread")]
async fn the_event_line_names_the_variant_when_the_data_does_not() {
    let server = MockServer::start().await;
    let events = "event: message_start\ndata: {\"id\":\"m1\"}\n\n\
                  event: content_delta\ndata: {\"text\":\"Hi\"}\n\n\
                  data: {\"type\":\"content_delta\",\"text\":\" there\"}\n\n";
    Mock::given(method("POST"))
        .and(path("/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .mount(&server)
        .await;
    let mut events = client(&server.uri()).create_message(CreateMessageBody::new("hello")).await.unwrap();
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        seen.push(event.unwrap());
    }
    assert!(matches!(&seen[0], MessageEvent::Start(s) if s.id == "m1"), "{seen:?}");
    assert!(matches!(&seen[1], MessageEvent::ContentDelta(d) if d.text == "Hi"), "{seen:?}");
    assert!(matches!(&seen[2], MessageEvent::ContentDelta(d) if d.text == " there"), "{seen:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn ten_thousand_events_arrive_in_order() {
    let (url, _) = serve(|_, _, stream| {
        start_events(stream);
        let mut batch = Vec::new();
        for i in 0..10_000 {
            batch.extend_from_slice(format!("data: {{\"id\":\"c\",\"delta\":\"{i} \"}}\n\n").as_bytes());
            if batch.len() > 3000 {
                chunk(stream, &batch);
                batch.clear();
            }
        }
        chunk(stream, &batch);
        end(stream);
    });
    let mut stream = client(&url).create_chat(ChatRequest::new("m1")).stream().await.unwrap();
    let mut n = 0;
    while let Some(chunk) = stream.next().await {
        assert_eq!(chunk.unwrap().delta, format!("{n} "));
        n += 1;
    }
    assert_eq!(n, 10_000);
}

#[tokio::test(flavor = "current_thread")]
async fn a_download_larger_than_the_body_limit_streams_in_pieces() {
    const SIZE: usize = 5 << 20;
    let (url, _) = serve(|_, _, stream| {
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let piece: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
        for _ in 0..SIZE / piece.len() {
            if stream.write_all(&piece).is_err() {
                return;
            }
        }
    });
    let client = Client::builder().base_url(&url).max_response_body(1 << 20).build().unwrap();
    // Read whole, the body is over the limit.
    let e = client.download_file("f1").await.unwrap_err();
    assert!(matches!(e, Error::BodyTooLarge { .. }), "{e}");
    // Read as it arrives, every byte comes, in pieces no larger than a read.
    let mut body = client.download_file("f1").bytes_stream().await.unwrap();
    assert_eq!(body.headers()["content-type"], "application/octet-stream");
    let (mut total, mut largest, mut at) = (0, 0, 0usize);
    while let Some(piece) = body.next().await {
        let piece = piece.unwrap();
        assert!(piece.as_slice().iter().enumerate().all(|(i, b)| *b == ((at + i) % (64 * 1024) % 251) as u8));
        at += piece.as_slice().len();
        total += piece.as_slice().len();
        largest = largest.max(piece.as_slice().len());
    }
    assert_eq!(total, SIZE);
    assert!(largest < 1 << 20, "pieces of {largest} bytes");
}

#[tokio::test(flavor = "current_thread")]
async fn a_download_that_fails_is_the_operations_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/nope/content"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such file"})))
        .mount(&server)
        .await;
    let e = client(&server.uri()).download_file("nope").bytes_stream().await.unwrap_err();
    match e.api_error() {
        Some(streams_client::operations::DownloadFileError::NotFound(p)) => assert_eq!(p.message, "no such file"),
        other => panic!("{other:?} ({e})"),
    }
}
