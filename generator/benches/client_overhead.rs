//! Per-request overhead of a generated client against a hand-written `reqwest` call, both sending
//! `DELETE /v1/contacts/{id}` with an API key to the same keep-alive server on 127.0.0.1.
//!
//! Run with `cargo bench -p openapi-clientgen --bench client_overhead`. Prints both rates and their
//! ratio (target: the generated client within 5% of the hand-written call).

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const REQUESTS: usize = 2_000;
const ROUNDS: usize = 31;

/// A minimal HTTP/1.1 server: answers every request on a connection with `204 No Content`.
async fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut pending = Vec::new();
                loop {
                    let n = match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

async fn hand_written(http: &reqwest::Client, base: &str, timeout: Option<Duration>) -> Duration {
    let start = Instant::now();
    for i in 0..REQUESTS {
        let mut request =
            http.delete(format!("{base}/v1/contacts/contact-{i}")).header("Authorization", "key");
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 204);
        let _ = response.bytes().await.expect("body");
    }
    start.elapsed()
}

async fn generated(client: &quo_client::Client) -> Duration {
    let start = Instant::now();
    for i in 0..REQUESTS {
        client.delete_contact_v1(format!("contact-{i}")).await.expect("204");
    }
    start.elapsed()
}

fn rate(d: Duration) -> f64 {
    REQUESTS as f64 / d.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let base = server().await;
        let http = reqwest::Client::new();
        let client = quo_client::Client::builder()
            .base_url(&base)
            .api_key("key")
            .http_client(http.clone())
            .build()
            .expect("client");
        // The generated client applies a 60 s per-attempt timeout by default; the second
        // hand-written variant does the same, which is what a production call would do.
        let timeout = Some(Duration::from_secs(60));
        // Warm up connections and code paths.
        hand_written(&http, &base, None).await;
        hand_written(&http, &base, timeout).await;
        generated(&client).await;
        let (mut bare, mut timed, mut gen) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Rotate the order so no variant always runs on a warmer machine.
            for slot in 0..3 {
                match (round + slot) % 3 {
                    0 => bare.push(rate(hand_written(&http, &base, None).await)),
                    1 => timed.push(rate(hand_written(&http, &base, timeout).await)),
                    _ => gen.push(rate(generated(&client).await)),
                }
            }
        }
        // Each round runs the variants back to back; the median of the paired ratios is steadier
        // than the ratio of the medians on a shared machine.
        let ratio = |hand: &[f64]| median(gen.iter().zip(hand).map(|(g, h)| g / h).collect());
        let (vs_bare, vs_timed) = (ratio(&bare), ratio(&timed));
        println!("requests per round: {REQUESTS}, rounds: {ROUNDS} (medians)");
        println!("hand-written reqwest:                {:>10.0} requests/s", median(bare));
        println!("hand-written reqwest, 60 s timeout:  {:>10.0} requests/s", median(timed));
        println!("generated client:                    {:>10.0} requests/s", median(gen));
        for (name, r) in [("hand-written", vs_bare), ("hand-written with timeout", vs_timed)] {
            println!("generated / {name}: {r:.3} ({:+.1}% overhead)", (1.0 / r - 1.0) * 100.0);
        }
    });
}
