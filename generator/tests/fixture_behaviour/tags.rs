//! Behaviour of the per-tag layout generated from tests/fixtures/tags.yaml (copied into the
//! fixture crate by tests/compile.rs and run there with default features, which turn every
//! tag on).

use std::io::{Read, Write};
use tags_client::operations::{self, pets, store_orders};

/// A one-shot HTTP server on 127.0.0.1 that answers with `body` and reports the request line.
fn serve(body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).unwrap();
            request.extend_from_slice(&buf[..n]);
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).unwrap();
        String::from_utf8_lossy(&request).lines().next().unwrap_or_default().to_string()
    });
    (base, handle)
}

#[test]
fn builders_live_in_their_tag_module_and_are_re_exported() {
    // The same type under its module and at the root of `operations`.
    fn same<T>(_: Option<T>, _: Option<T>) {}
    same::<pets::GetThing1<'static>>(None, None::<operations::GetThing1<'static>>);
    same::<store_orders::GetThing16<'static>>(None, None::<operations::GetThing16<'static>>);
    // The operation with two tags goes with its first one.
    same::<operations::type_::DeleteWithTwoTags<'static>>(None, None::<operations::DeleteWithTwoTags<'static>>);
}

#[tokio::test]
async fn an_operation_of_a_tag_module_is_a_client_method_and_works() {
    let (base, server) = serve(r#"{"id":"x1","name":"Rex"}"#);
    let client = tags_client::Client::builder().base_url(base).build().unwrap();
    let thing = client.get_thing1("x1").await.unwrap();
    assert_eq!(thing.id, "x1");
    assert_eq!(thing.name.as_deref(), Some("Rex"));
    assert_eq!(server.join().unwrap(), "GET /things1/x1 HTTP/1.1");
}

#[test]
fn a_type_only_one_tag_uses_is_there_with_that_tag() {
    let pet: tags_client::types::Pet = serde_json::from_str(r#"{"toy":{"name":"ball"},"mood":"happy"}"#).unwrap();
    assert_eq!(pet.toy.and_then(|t| t.name).as_deref(), Some("ball"));
    assert_eq!(pet.mood, Some(tags_client::types::Mood::Happy));
}
