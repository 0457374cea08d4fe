//! Unit tests of the runtime module every generated crate carries, compiled here once from
//! the same source file the generator copies.

#[allow(dead_code)]
#[path = "../runtime/runtime.rs"]
mod runtime;

use runtime::*;

#[test]
fn path_segments_are_percent_encoded() {
    let cases = [
        ("abc-._~123", "abc-._~123"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
        ("..a", "..a"),
    ];
    for (input, expected) in cases {
        let mut url = String::from("http://h/p/");
        push_path_segment(&mut url, input).expect("accepted");
        assert_eq!(url, format!("http://h/p/{expected}"), "{input:?}");
    }
    for refused in ["", ".", ".."] {
        assert!(push_path_segment(&mut String::new(), refused).is_err(), "{refused:?}");
    }
}

#[test]
fn query_pairs_are_encoded_and_joined() {
    let mut url = String::from("http://h/p");
    push_query(&mut url, "q", "a&b=c");
    push_query(&mut url, "n", "1");
    assert_eq!(url, "http://h/p?q=a%26b%3Dc&n=1");
}

#[test]
fn parameter_text() {
    assert_eq!(param_text("x y"), "x y");
    assert_eq!(param_text(&42i64), "42");
    assert_eq!(param_text(&-1.5f64), "-1.5");
    assert_eq!(param_text(&true), "true");
    assert_eq!(param_text(&vec![1, 2]), "[1,2]");
}

#[test]
fn headers_refuse_line_breaks_and_mark_credentials_sensitive() {
    let mut headers = HeaderMap::new();
    insert_header(&mut headers, "X-Key", "secret", true).expect("valid");
    assert!(headers["x-key"].is_sensitive());
    insert_header(&mut headers, "X-Plain", "v", false).expect("valid");
    assert!(!headers["x-plain"].is_sensitive());
    assert!(insert_header(&mut headers, "X-Key", "a\r\nb: c", true).is_err());
    assert!(insert_header(&mut headers, "X-Key", "a\nb", true).is_err());
    assert!(insert_header(&mut headers, "Bad Name", "v", false).is_err());
}

#[test]
fn cookies_accumulate() {
    let mut headers = HeaderMap::new();
    append_cookie(&mut headers, "a", "1").expect("ok");
    append_cookie(&mut headers, "b", "x y").expect("ok");
    assert_eq!(headers["cookie"], "a=1; b=x%20y");
}

#[test]
fn basic_auth_matches_rfc_7617() {
    assert_eq!(basic_auth("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_eq!(basic_auth("a", "b"), "Basic YTpi");
    assert_eq!(basic_auth("ab", "c"), "Basic YWI6Yw==");
}

#[test]
fn base_urls_are_checked() {
    assert_eq!(check_base_url("https://api.example.com/").expect("ok"), "https://api.example.com");
    assert_eq!(check_base_url("http://127.0.0.1:8080/v1").expect("ok"), "http://127.0.0.1:8080/v1");
    for bad in ["", "api.example.com", "ftp://x.y", "https://x.y/?a=1", "https://x.y/#f", "file:///etc"] {
        assert!(check_base_url(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn secrets_are_redacted() {
    let s = Secret::new("hunter2");
    assert_eq!(format!("{s:?}"), "Secret(\"***\")");
    assert_eq!(s.expose(), "hunter2");
}

fn raw(status: u16, body: &[u8]) -> Raw {
    Raw {
        status: StatusCode::from_u16(status).expect("status"),
        headers: Box::default(),
        body: body.to_vec(),
    }
}

#[test]
fn responses_decode_into_the_right_error() {
    let ok: Result<bool, Error<()>> = raw(200, b"true").json();
    assert!(ok.expect("decodes"));
    let bad: Result<bool, Error<()>> = raw(200, b"").json();
    assert!(matches!(bad, Err(Error::Decode { .. })));
    let api: Error<String> = raw(404, b"\"gone\"").api(|s: String| s);
    assert!(matches!(&api, Error::Api { body, .. } if body == "gone"));
    assert_eq!(api.status().map(|s| s.as_u16()), Some(404));
    let decode: Error<String> = raw(404, b"{").api(|s: String| s);
    assert!(matches!(&decode, Error::Decode { .. }));
    assert_eq!(decode.raw_body(), Some(&b"{"[..]));
    let unexpected: Error<String> = raw(599, b"x").unexpected();
    assert_eq!(unexpected.status().map(|s| s.as_u16()), Some(599));
    assert!(unexpected.to_string().contains("599"));
    assert_eq!(raw(200, b"\xff ok").text(), "\u{fffd} ok");
}

#[test]
fn errors_stay_small_in_a_result() {
    // clippy's result_large_err threshold is 128 bytes.
    assert!(
        std::mem::size_of::<Error<Box<[u8; 1024]>>>() <= 128,
        "{}",
        std::mem::size_of::<Error<Box<[u8; 1024]>>>()
    );
}
