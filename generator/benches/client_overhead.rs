//! Per-request overhead of a generated client against a hand-written `reqwest` call, both sending
//! `DELETE /v1/contacts/{id}` with an API key to the same keep-alive server on 127.0.0.1.
//!
//! Run with `cargo bench -p openapi-clientgen --bench client_overhead`. Prints both rates and their
//! ratio (target: the generated client within 5% of the hand-written call).

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const REQUESTS: usize = 2_000;
const ROUNDS: usize = 21;

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

async fn hand_written(http: &reqwest::Client, base: &str) -> Duration {
    let start = Instant::now();
    for i in 0..REQUESTS {
        let response = http
            .delete(format!("{base}/v1/contacts/contact-{i}"))
            .header("Authorization", "key")
            .send()
            .await
            .expect("sent");
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
        // Warm up connections and code paths.
        hand_written(&http, &base).await;
        generated(&client).await;
        let (mut hand, mut gen) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate the order so neither side always runs on a warmer machine.
            if round % 2 == 0 {
                hand.push(rate(hand_written(&http, &base).await));
                gen.push(rate(generated(&client).await));
            } else {
                gen.push(rate(generated(&client).await));
                hand.push(rate(hand_written(&http, &base).await));
            }
        }
        // Each round pairs the two back to back; the median of the paired ratios is steadier than
        // the ratio of the medians on a shared machine.
        let ratio = median(gen.iter().zip(&hand).map(|(g, h)| g / h).collect());
        let (hand, gen) = (median(hand), median(gen));
        println!("requests per round: {REQUESTS}, rounds: {ROUNDS} (medians)");
        println!("hand-written reqwest: {hand:>10.0} requests/s");
        println!("generated client:     {gen:>10.0} requests/s");
        println!(
            "generated / hand-written, median of paired rounds: {ratio:.3} ({:+.1}% overhead)",
            (1.0 / ratio - 1.0) * 100.0
        );
    });
}
