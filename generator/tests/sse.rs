//! The server-sent events parser every generated crate that streams carries
//! (`runtime/sse.rs`), against the WHATWG event-stream rules.

#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

use runtime::{EventTooLarge, SseEvent, SseParser};
use std::time::Duration;

fn event(event: &str, data: &str, id: &str, retry: Option<u64>) -> SseEvent {
    SseEvent {
        event: event.into(),
        data: data.into(),
        id: id.into(),
        retry: retry.map(Duration::from_millis),
    }
}

/// The events of `chunks` fed in turn, and the one `finish` gives.
fn parse(chunks: &[&[u8]]) -> Vec<SseEvent> {
    let mut parser = SseParser::new(1 << 20);
    let mut events = Vec::new();
    for chunk in chunks {
        parser.feed(chunk, &mut events).unwrap();
    }
    events.extend(parser.finish().unwrap());
    events
}

/// A stream with comments, every line ending, `event`, multi-line `data`, `id` and `retry`.
const STREAM: &[u8] = b"\xef\xbb\xbf:comment\n\nevent: my-event\r\ndata:line1\ndata: line2\n:\nid: my-id\n:ignored\rretry:42\n\ndata:second\r\n\r\ndata\n\ndata: caf\xc3\xa9 \xe2\x82\xac\n\nevent: no data\n\nid: a\0b\nretry: 5s\ndata: last, without its empty line";

fn expected() -> Vec<SseEvent> {
    vec![
        event("my-event", "line1\nline2", "my-id", Some(42)),
        event("message", "second", "my-id", Some(42)),
        event("message", "", "my-id", Some(42)),
        event("message", "caf\u{e9} \u{20ac}", "my-id", Some(42)),
        event("message", "last, without its empty line", "my-id", Some(42)),
    ]
}

#[test]
fn fields_comments_and_line_ends_follow_the_standard() {
    assert_eq!(parse(&[STREAM]), expected());
}

/// Split anywhere (in a CRLF, in a UTF-8 character, in a field name), the events are the same.
#[test]
fn events_split_across_reads_arrive_whole() {
    for at in 0..=STREAM.len() {
        assert_eq!(parse(&[&STREAM[..at], &STREAM[at..]]), expected(), "split at {at}");
    }
    let bytes: Vec<&[u8]> = STREAM.chunks(1).collect();
    assert_eq!(parse(&bytes), expected());
}

#[test]
fn an_event_is_delivered_when_its_empty_line_arrives() {
    let mut parser = SseParser::new(1024);
    let mut events = Vec::new();
    parser.feed(b"data: [DONE]", &mut events).unwrap();
    assert!(events.is_empty());
    parser.feed(b"\n", &mut events).unwrap();
    assert!(events.is_empty());
    parser.feed(b"\n", &mut events).unwrap();
    assert_eq!(events, [event("message", "[DONE]", "", None)]);
    assert_eq!(parser.finish().unwrap(), None);
}

#[test]
fn a_stream_of_many_events_needs_no_more_than_the_largest() {
    let mut parser = SseParser::new(64);
    let mut events = Vec::new();
    for i in 0..10_000 {
        parser.feed(format!("id: {i}\ndata: {{\"n\": {i}}}\n\n").as_bytes(), &mut events).unwrap();
        assert_eq!(events.pop().map(|e| e.data), Some(format!("{{\"n\": {i}}}")));
    }
    // One event over the limit, in one line or over several, is refused.
    let long = format!("data: {}\n\n", "x".repeat(100));
    assert_eq!(SseParser::new(64).feed(long.as_bytes(), &mut events), Err(EventTooLarge { limit: 64 }));
    let mut parser = SseParser::new(64);
    let line = format!("data: {}\n", "y".repeat(20));
    let refused = (0..5).map(|_| parser.feed(line.as_bytes(), &mut events)).find(Result::is_err);
    assert_eq!(refused, Some(Err(EventTooLarge { limit: 64 })));
    // A line that never ends is refused too.
    let mut parser = SseParser::new(64);
    let refused = (0..10).map(|_| parser.feed(b"data: zzzzzzzzzz", &mut events)).find(Result::is_err);
    assert_eq!(refused, Some(Err(EventTooLarge { limit: 64 })));
}

mod streams {
    //! `EventStream` reading a live response from a raw HTTP server on 127.0.0.1 that writes
    //! its body in steps.

    use super::runtime::{EventStream, StreamError};
    use serde_json::{json, Value};
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    enum Step {
        Send(&'static [u8]),
        Wait(u64),
        /// Waits until the client has read this many events.
        Until(usize, std::sync::Arc<std::sync::atomic::AtomicUsize>),
    }

    /// Serves one request: `chunked` framing (a break is an error) or until the socket closes.
    async fn serve(chunked: bool, steps: Vec<Step>, end: bool) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                request.extend_from_slice(&buf[..n]);
            }
            let framing = if chunked { "transfer-encoding: chunked" } else { "connection: close" };
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n{framing}\r\n\r\n");
            socket.write_all(head.as_bytes()).await.unwrap();
            for step in steps {
                match step {
                    Step::Send(bytes) if chunked => {
                        let frame = [format!("{:x}\r\n", bytes.len()).as_bytes(), bytes, b"\r\n"].concat();
                        socket.write_all(&frame).await.unwrap();
                    }
                    Step::Send(bytes) => socket.write_all(bytes).await.unwrap(),
                    Step::Wait(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
                    Step::Until(n, read) => {
                        while read.load(std::sync::atomic::Ordering::SeqCst) < n {
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                    }
                }
                socket.flush().await.unwrap();
            }
            if chunked && end {
                socket.write_all(b"0\r\n\r\n").await.unwrap();
            }
            // Dropped: closed.
        });
        url
    }

    async fn open(url: &str, idle: Option<Duration>) -> EventStream<Value> {
        let response = reqwest::get(url).await.unwrap();
        EventStream::new(response, 1 << 16, idle)
    }

    /// The first event reaches the caller while the server still holds the rest back; events
    /// split across writes (a UTF-8 character too) arrive whole, comments and `retry` are
    /// skipped, and `[DONE]` ends the stream though more follows.
    #[tokio::test]
    async fn events_arrive_as_they_are_sent_and_done_ends_the_stream() {
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let steps = vec![
            Step::Send(b": keep-alive\nretry: 3000\ndata: {\"n\": 1}\n"),
            Step::Wait(30),
            Step::Send(b"\n"),
            Step::Until(1, read.clone()),
            Step::Send(b"data: {\"text\": \"caf\xc3"),
            Step::Wait(30),
            Step::Send(b"\xa9\"}\r\n\r\ndata: [DO"),
            Step::Send(b"NE]\n\ndata: {\"n\": 3}\n\n"),
        ];
        let url = serve(true, steps, true).await;
        // A client that waited for the whole body would wait for ever: the server holds the
        // rest until the first event was read.
        let first = tokio::time::timeout(Duration::from_secs(10), async {
            let mut stream = open(&url, None).await;
            let first = stream.next().await.unwrap().unwrap();
            (stream, first)
        });
        let (mut stream, first) = first.await.expect("the first event arrives before the body ends");
        assert_eq!(first, json!({"n": 1}));
        read.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(stream.next().await.unwrap().unwrap(), json!({"text": "caf\u{e9}"}));
        assert!(stream.next().await.is_none());
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn a_stalled_stream_ends_with_an_idle_error() {
        let steps = vec![Step::Send(b"data: {\"n\": 1}\n\n"), Step::Wait(3_000)];
        let url = serve(true, steps, true).await;
        let mut stream = open(&url, Some(Duration::from_millis(200))).await;
        assert_eq!(stream.next().await.unwrap().unwrap(), json!({"n": 1}));
        assert!(matches!(stream.next().await, Some(Err(StreamError::Idle(_)))));
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn a_stream_broken_in_the_middle_of_an_event_ends_with_an_error() {
        let steps = vec![Step::Send(b"data: {\"n\": 1}\n\ndata: {\"n\"")];
        let url = serve(true, steps, false).await;
        let mut stream = open(&url, None).await;
        assert_eq!(stream.next().await.unwrap().unwrap(), json!({"n": 1}));
        assert!(matches!(stream.next().await, Some(Err(StreamError::Transport(_)))));
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn a_last_event_without_its_empty_line_and_an_undecodable_one() {
        let steps = vec![Step::Send(b"event: oops\ndata: not json\n\ndata: {\"n\": 2}")];
        let url = serve(false, steps, true).await;
        let mut stream = open(&url, None).await;
        match stream.next().await {
            Some(Err(StreamError::Decode { event, .. })) => {
                assert_eq!((event.event.as_str(), event.data.as_str()), ("oops", "not json"))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(stream.next().await.unwrap().unwrap(), json!({"n": 2}));
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn ten_thousand_events() {
        let body: &'static [u8] = Box::leak(
            (0..10_000)
                .map(|i| format!("id: {i}\ndata: {{\"n\": {i}}}\n\n"))
                .collect::<String>()
                .into_bytes()
                .into_boxed_slice(),
        );
        let url = serve(false, vec![Step::Send(body)], true).await;
        let mut stream = open(&url, None).await;
        let mut n = 0;
        while let Some(event) = stream.next().await {
            assert_eq!(event.unwrap(), json!({"n": n}));
            n += 1;
        }
        assert_eq!(n, 10_000);
    }
}
