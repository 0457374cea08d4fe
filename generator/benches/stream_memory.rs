//! Peak heap memory of reading 1,000 and 10,000 server-sent events (0.6 and 6 MB) as a stream, against
//! reading the same response whole first, as a client without streams does (the body buffered,
//! then its text, then its events).
//!
//! Run with `cargo bench -p openapi-clientgen --bench stream_memory`. Prints the peak heap bytes
//! of each read (counted by a global allocator, so the figure does not depend on the machine),
//! and their ratio. The server is a raw HTTP/1.1 server on 127.0.0.1 that writes the stream in
//! 16 KiB chunks from a buffer made before counting starts.

#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

use runtime::{EventStream, SseParser};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the bytes allocated now, and the most at any time since the last reset.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const EVENTS: usize = 10_000;

/// One chat chunk of about 600 bytes, as OpenAI streams them.
fn event(i: usize) -> String {
    let filler = "lorem ipsum ".repeat(40);
    format!(
        "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{i} {filler}\"}},\"finish_reason\":null}}]}}\n\n"
    )
}

/// A server that answers every connection with the whole stream, chunked.
fn server(body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for chunk in body.chunks(16 * 1024) {
                let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
                let _ = stream.write_all(chunk);
                let _ = stream.write_all(b"\r\n");
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    });
    url
}

#[derive(serde::Deserialize)]
struct Chunk {
    choices: Vec<Choice>,
}

#[derive(serde::Deserialize)]
struct Choice {
    delta: Delta,
}

#[derive(serde::Deserialize)]
struct Delta {
    content: Option<String>,
}

/// Reads every event with `read`; the peak heap bytes above what was allocated before, and the
/// number of events read.
async fn measure<F: std::future::Future<Output = usize>>(read: F) -> (usize, usize) {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let events = read.await;
    (PEAK.load(Ordering::Relaxed) - base, events)
}

fn main() {
    // A tenth of the stream first: the streamed peak stays where it is as the stream grows.
    for events in [EVENTS / 10, EVENTS] {
        run(events);
    }
}

fn run(events: usize) {
    let body: String = (0..events).map(event).collect::<String>() + "data: [DONE]\n\n";
    let size = body.len();
    let url = server(Box::leak(body.into_boxed_str()).as_bytes());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let http = reqwest::Client::new();
    // Once first, so that the connection pool and TLS-free client state exist before counting.
    runtime.block_on(async { http.get(&url).send().await.expect("get").bytes().await.expect("body") });

    let streamed = runtime.block_on(measure(async {
        let response = http.get(&url).send().await.expect("get");
        let mut stream = EventStream::<Chunk>::new(response, 1 << 20, None);
        let mut n = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.expect("a chunk");
            n += usize::from(chunk.choices[0].delta.content.is_some());
        }
        n
    }));
    let buffered = runtime.block_on(measure(async {
        let response = http.get(&url).send().await.expect("get");
        let body = response.bytes().await.expect("body").to_vec();
        let text = String::from_utf8_lossy(&body).into_owned();
        let mut parser = SseParser::new(usize::MAX);
        let mut events = Vec::new();
        parser.feed(text.as_bytes(), &mut events).expect("parse");
        events.extend(parser.finish().expect("parse"));
        // Each chunk decoded and dropped in turn, as with the stream.
        let decoded =
            events.iter().filter(|e| e.data != "[DONE]").map(|e| serde_json::from_str::<Chunk>(&e.data));
        decoded.filter(|c| c.as_ref().expect("a chunk").choices[0].delta.content.is_some()).count()
    }));
    assert_eq!(streamed.1, events);
    assert_eq!(buffered.1, events);
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!("stream of {events} events, {:.1} MiB", mib(size));
    println!("peak heap, read as a stream:  {:>8.2} MiB", mib(streamed.0));
    println!("peak heap, read whole first:  {:>8.2} MiB", mib(buffered.0));
    println!("ratio: {:.3}", streamed.0 as f64 / buffered.0 as f64);
}
