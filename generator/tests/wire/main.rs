//! Wire tests: each generated client against a real HTTP server (wiremock) on 127.0.0.1,
//! covering every documented status of every operation, credentials, required headers, path
//! encoding, undocumented statuses and malformed bodies.

mod clemta;
mod faults;
mod minimo;
mod opencx;
mod quo;
mod wethod;

use wiremock::MockServer;

/// A port on 127.0.0.1 with nothing listening (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local addr").port()
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:?}");
    requests.remove(0)
}

/// A `reqwest` client that resolves the given hosts to a closed loopback port, so a request to
/// the spec's real server fails locally and its error shows which URL was used.
pub fn resolving_to_closed_port(hosts: &[&str]) -> reqwest::Client {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], closed_port()));
    let mut builder = reqwest::Client::builder().no_proxy();
    for host in hosts {
        builder = builder.resolve(host, addr);
    }
    builder.build().expect("reqwest client")
}
