//! Unit tests of the runtime module every generated crate carries, compiled here once from
//! the same source file the generator copies.

#[allow(dead_code, unused_imports)]
#[path = "../runtime/mod.rs"]
mod runtime;

use runtime::*;
use std::time::Duration;

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
fn parameter_styles_follow_the_openapi_table() {
    use serde_json::json;
    let arr = json!(["a b", "c"]);
    // The spec's own style examples, for an array and an object (keys written in alphabetical
    // order, which is serde_json's map order with or without its `preserve_order` feature).
    let obj = json!({"G": 200, "R": 100});
    let query = |v: &serde_json::Value, style: Style, explode: bool| {
        let mut url = String::new();
        push_query_styled(&mut url, "color", v, style, explode);
        url
    };
    assert_eq!(query(&arr, Style::Form, true), "?color=a%20b&color=c");
    assert_eq!(query(&arr, Style::Form, false), "?color=a%20b,c");
    assert_eq!(query(&arr, Style::SpaceDelimited, false), "?color=a%20b%20c");
    assert_eq!(query(&arr, Style::PipeDelimited, false), "?color=a%20b%7Cc");
    assert_eq!(query(&obj, Style::Form, true), "?G=200&R=100");
    assert_eq!(query(&obj, Style::Form, false), "?color=G,200,R,100");
    assert_eq!(query(&obj, Style::DeepObject, true), "?color%5BG%5D=200&color%5BR%5D=100");
    assert_eq!(query(&json!(null), Style::Form, true), "");
    assert_eq!(query(&json!(5), Style::Form, true), "?color=5");
    let path = |v: &serde_json::Value, style: Style, explode: bool| {
        let mut url = String::new();
        push_path_styled(&mut url, "color", v, style, explode).map(|_| url)
    };
    assert_eq!(path(&arr, Style::Simple, false).unwrap(), "a%20b,c");
    assert_eq!(path(&obj, Style::Simple, false).unwrap(), "G,200,R,100");
    assert_eq!(path(&obj, Style::Simple, true).unwrap(), "G=200,R=100");
    assert_eq!(path(&arr, Style::Label, false).unwrap(), ".a%20b,c");
    assert_eq!(path(&arr, Style::Label, true).unwrap(), ".a%20b.c");
    assert_eq!(path(&arr, Style::Matrix, false).unwrap(), ";color=a%20b,c");
    assert_eq!(path(&arr, Style::Matrix, true).unwrap(), ";color=a%20b;color=c");
    assert_eq!(path(&obj, Style::Matrix, true).unwrap(), ";G=200;R=100");
    assert_eq!(path(&json!("/"), Style::Simple, false).unwrap(), "%2F");
    assert!(path(&json!(".."), Style::Simple, false).is_err());
    assert_eq!(simple_text(&arr, false), "a b,c");
    assert_eq!(simple_text(&obj, true), "G=200,R=100");
}

#[test]
fn form_and_multipart_bodies_are_encoded() {
    use serde_json::json;
    let body =
        json!({"a": "x y", "deep": ["p", "q"], "list": [1, 2], "none": null, "obj": {"k": {"z": true}}});
    let text = String::from_utf8(form_body(&body, &["deep"]).unwrap()).unwrap();
    assert_eq!(text, "a=x%20y&deep%5B0%5D=p&deep%5B1%5D=q&list=1&list=2&obj%5Bk%5D%5Bz%5D=true");
    assert!(form_body(&json!([1]), &[]).is_err());

    let mut form = Multipart::new();
    form.text("na\"me", "v");
    form.file("f", &[0, 255]);
    form.value("n", &3);
    form.value("skip", &serde_json::Value::Null);
    let (content_type, bytes) = form.finish();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"na%22me\"\r\n\r\nv\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0, 255]);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(bytes, expected);
    // A body that is not a struct: one part per key of the object.
    let mut form = Multipart::new();
    form.fields(&json!({"a": "x", "n": [1]}));
    let (content_type, bytes) = form.finish();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"n\"\r\nContent-Type: application/json\r\n\r\n[1]\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    // Two forms do not share a boundary.
    assert_ne!(Multipart::new().finish().0, Multipart::new().finish().0);
}

#[test]
fn bytes_and_response_headers_decode() {
    let b: Bytes = serde_json::from_str("\"hi\"").unwrap();
    assert_eq!(b.as_slice(), b"hi");
    assert_eq!(serde_json::to_string(&b).unwrap(), "\"hi\"");
    assert_eq!(format!("{:?}", Bytes::from(vec![1, 2, 3])), "Bytes(3 bytes)");
    let mut headers = HeaderMap::new();
    headers.insert("x-n", "42".parse().unwrap());
    headers.insert("x-s", "abc".parse().unwrap());
    assert_eq!(header_value::<i64>(&headers, "x-n"), Some(42));
    assert_eq!(header_value::<String>(&headers, "x-n").as_deref(), Some("42"));
    assert_eq!(header_value::<i64>(&headers, "x-s"), None);
    assert_eq!(header_value::<String>(&headers, "x-missing"), None);
    assert_eq!(fill_server("https://{r}.x.com/{v}/", &[("r", "eu"), ("v", "v2")]), "https://eu.x.com/v2");
}

/// A field that is optional and nullable: absent (left out), null, or a value, in both
/// directions; `null` and a value convert in.
#[test]
fn nullable_keeps_absent_null_and_a_value_apart() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        n: Nullable<u32>,
    }
    for (value, text) in
        [(Nullable::Absent, "{}"), (Nullable::Null, r#"{"n":null}"#), (Nullable::Value(3), r#"{"n":3}"#)]
    {
        let patch = Patch { n: value };
        assert_eq!(serde_json::to_string(&patch).unwrap(), text);
        assert_eq!(serde_json::from_str::<Patch>(text).unwrap(), patch);
    }
    assert_eq!(Nullable::from(4), Nullable::Value(4));
    assert_eq!(Nullable::<u32>::from(None), Nullable::Null);
    assert_eq!(Nullable::Value(5).as_ref(), Some(&5));
    assert_eq!(Nullable::<u32>::Null.into_option(), None);
    assert!(Nullable::<u32>::default().is_absent() && Nullable::<u32>::Null.is_null());
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
        attempts: 1,
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

#[test]
fn backoff_grows_with_jitter_and_stays_capped() {
    let policy = RetryPolicy::new()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(350));
    for _ in 0..50 {
        let first = backoff(&policy, 1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
        let second = backoff(&policy, 2);
        assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
        let capped = backoff(&policy, 10);
        assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
    }
    assert!(backoff(&policy, u32::MAX) <= Duration::from_millis(350));
}

#[test]
fn retry_after_in_every_form() {
    let headers = |name: &str, value: &str| {
        let mut h = HeaderMap::new();
        insert_header(&mut h, name, value, false).expect("valid");
        h
    };
    assert_eq!(retry_after(&headers("Retry-After", "2")), Some(Duration::from_secs(2)));
    assert_eq!(retry_after(&headers("retry-after-ms", "1500")), Some(Duration::from_millis(1500)));
    assert_eq!(retry_after(&headers("x-ratelimit-retry-after", "30")), Some(Duration::from_secs(30)));
    assert_eq!(retry_after(&headers("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")), Some(Duration::ZERO));
    let later = httpdate_in(Duration::from_secs(3600));
    let wait = retry_after(&headers("Retry-After", &later)).expect("a date");
    assert!(wait > Duration::from_secs(3500) && wait <= Duration::from_secs(3600), "{wait:?}");
    assert_eq!(retry_after(&headers("Retry-After", "soon")), None);
    assert_eq!(retry_after(&HeaderMap::new()), None);
}

#[test]
fn http_dates() {
    let t = http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("valid");
    assert_eq!(t.duration_since(std::time::SystemTime::UNIX_EPOCH).expect("after").as_secs(), 784_111_777);
    let t = http_date("Thu, 29 Feb 2024 23:59:59 GMT").expect("valid");
    assert_eq!(t.duration_since(std::time::SystemTime::UNIX_EPOCH).expect("after").as_secs(), 1_709_251_199);
    assert!(http_date("06 Nov 1994").is_none());
    assert!(http_date("Sun, 06 Foo 1994 08:49:37 GMT").is_none());
}

/// An IMF-fixdate `ahead` from now.
fn httpdate_in(ahead: Duration) -> String {
    let secs = (std::time::SystemTime::now() + ahead)
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .expect("after")
        .as_secs();
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // civil_from_days
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        [(m - 1) as usize];
    format!("Mon, {d:02} {month} {y} {:02}:{:02}:{:02} GMT", rem / 3600, rem % 3600 / 60, rem % 60)
}

mod execute {
    use super::runtime::*;
    use std::time::{Duration, Instant};
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn config() -> Config {
        Config {
            timeout: Some(Duration::from_secs(5)),
            idle_timeout: None,
            retry: RetryPolicy::new()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(20)),
            max_body: 1024,
            headers: HeaderMap::new(),
        }
    }

    async fn run(
        server: &MockServer,
        m: reqwest::Method,
        options: &RequestOptions,
    ) -> Result<Raw, Error<()>> {
        let http = reqwest::Client::new();
        let url = format!("{}/things", server.uri());
        let request = || Ok(http.request(m.clone(), &url).body("{}"));
        execute(
            &http,
            &config(),
            request,
            Call { method: m.clone(), template: "/things", options: options.clone(), direct: false },
            Buffered { max_body: 1024 },
        )
        .await
    }

    #[tokio::test]
    async fn client_wide_headers_go_where_the_request_sets_none() {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        let given = [
            ("Authorization".to_string(), "Bearer t0ken".to_string()),
            ("X-Tenant".to_string(), "a".to_string()),
            ("X-Tenant".to_string(), "b".to_string()),
            ("X-Version".to_string(), "1".to_string()),
        ];
        let headers = default_headers(&given, None, false).expect("valid headers");
        // The credential never shows in Debug output; the others do.
        let shown = format!("{headers:?}");
        assert!(!shown.contains("t0ken") && shown.contains("\"b\""), "{shown}");
        let config = Config { headers, ..config() };
        let http = reqwest::Client::new();
        let url = format!("{}/things", server.uri());
        // The operation sets X-Version itself, the call's options set X-Tenant: theirs win.
        let request = || Ok(http.get(&url).header("X-Version", "2"));
        let options = RequestOptions::new().header("X-Tenant", "c");
        let call = Call { method: reqwest::Method::GET, template: "/things", options, direct: false };
        execute::<(), _, _>(&http, &config, request, call, Buffered { max_body: 1024 })
            .await
            .expect("a response");
        let sent = &server.received_requests().await.expect("recording")[0].headers;
        let get = |name: &str| sent.get(name).map(|v| v.to_str().unwrap_or_default().to_string());
        assert_eq!(get("authorization").as_deref(), Some("Bearer t0ken"));
        assert_eq!(get("x-version").as_deref(), Some("2"));
        assert_eq!(get("x-tenant").as_deref(), Some("c"));
        assert_eq!(get("user-agent").as_deref(), Some(USER_AGENT));
        assert!(USER_AGENT.starts_with("openapi-clientgen/"));
        // A User-Agent given wins; with the caller's own reqwest client, none is added.
        let agent = default_headers(&[], Some("my-app/2"), true).expect("valid");
        assert_eq!(agent.get("user-agent").map(|v| v.as_bytes()), Some(&b"my-app/2"[..]));
        assert!(default_headers(&[], None, true).expect("valid").is_empty());
        // A line break in a value is refused when the client is built.
        assert!(default_headers(&[("X-A".into(), "a\nb".into())], None, false).is_err());
    }

    #[tokio::test]
    async fn a_post_that_gets_503_is_not_retried() {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
        let raw = run(&server, reqwest::Method::POST, &RequestOptions::new()).await.expect("a response");
        assert_eq!(raw.status.as_u16(), 503);
        assert_eq!(raw.attempts, 1);
        assert_eq!(server.received_requests().await.expect("recording").len(), 1);
    }

    #[tokio::test]
    async fn a_post_is_retried_when_the_caller_opts_in() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
        let options = RequestOptions::new()
            .retry(RetryPolicy::new().retry_non_idempotent(true).initial_backoff(Duration::from_millis(10)));
        let raw = run(&server, reqwest::Method::POST, &options).await.expect("a response");
        assert_eq!(raw.status.as_u16(), 201);
        assert_eq!(raw.attempts, 2);
        // The body is sent again on the retry.
        let requests = server.received_requests().await.expect("recording");
        assert!(requests.iter().all(|r| r.body == b"{}"));
    }

    #[tokio::test]
    async fn retries_stop_at_max_attempts_and_return_the_last_response() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
            .mount(&server)
            .await;
        let raw = run(&server, reqwest::Method::PUT, &RequestOptions::new()).await.expect("a response");
        assert_eq!((raw.status.as_u16(), raw.attempts, raw.body.as_slice()), (502, 3, &b"bad gateway"[..]));
        assert_eq!(server.received_requests().await.expect("recording").len(), 3);
    }

    #[tokio::test]
    async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
            .mount(&server)
            .await;
        let start = Instant::now();
        let raw = run(&server, reqwest::Method::GET, &RequestOptions::new()).await.expect("a response");
        assert_eq!((raw.status.as_u16(), raw.attempts), (429, 1));
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn extra_headers_are_sent_and_checked() {
        let server = MockServer::start().await;
        Mock::given(header("Idempotency-Key", "k-1"))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
        let options = RequestOptions::new().header("Idempotency-Key", "k-1");
        run(&server, reqwest::Method::POST, &options).await.expect("sent");
        let bad = RequestOptions::new().header("X-Trace", "a\r\nb");
        assert!(matches!(run(&server, reqwest::Method::POST, &bad).await, Err(Error::InvalidRequest(_))));
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_refused() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(2048)))
            .mount(&server)
            .await;
        let err = run(&server, reqwest::Method::GET, &RequestOptions::new()).await.expect_err("too large");
        assert!(matches!(err, Error::BodyTooLarge { limit: 1024, .. }), "{err:?}");
    }

    #[tokio::test]
    async fn api_keys_in_the_query_never_show_in_transport_errors() {
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let http = reqwest::Client::new();
        let url = format!("http://127.0.0.1:{port}/things?api_key=hunter2");
        let request = || Ok(http.get(&url));
        let options = RequestOptions::new().retry(RetryPolicy::none());
        let err = execute::<(), _, _>(
            &http,
            &config(),
            request,
            Call { method: reqwest::Method::GET, template: "/things", options, direct: false },
            Buffered { max_body: 1024 },
        )
        .await
        .expect_err("refused");
        assert!(matches!(err, Error::Transport(_)));
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
    }
}

/// The `tracing` span: method, path template, status, attempt and elapsed time; never
/// credentials, the real path, or bodies. (`cargo test --all-features` runs it.)
#[cfg(feature = "tracing")]
mod traced {
    use super::runtime::*;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<String>>>);

    struct Fields<'a>(&'a Mutex<Vec<String>>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.lock().expect("lock").push(format!("{}={value:?}", field.name()));
        }
    }

    impl Subscriber for Recorder {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            self.0.lock().expect("lock").push(format!("span {}", span.metadata().name()));
            span.record(&mut Fields(&self.0));
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            values.record(&mut Fields(&self.0));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            event.record(&mut Fields(&self.0));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    #[test]
    fn one_span_per_request_without_secrets() {
        let recorder = Recorder::default();
        let lines = recorder.0.clone();
        tracing::subscriber::with_default(recorder, || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                let server = MockServer::start().await;
                Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
                let http = reqwest::Client::new();
                let mut headers = HeaderMap::new();
                insert_header(&mut headers, "Authorization", "Bearer top-secret", true).expect("valid");
                let url = format!("{}/things/private-id?api_key=top-secret", server.uri());
                let request = || Ok(http.delete(&url).headers(headers.clone()).body("secret body"));
                let options = RequestOptions::new();
                let call = Call {
                    method: reqwest::Method::DELETE,
                    template: "/things/{id}",
                    options,
                    direct: false,
                };
                execute::<(), _, _>(&http, &Config::default(), request, call, Buffered { max_body: 1024 })
                    .await
                    .expect("204");
            });
        });
        let lines = lines.lock().expect("lock").join("\n");
        for expected in [
            "span request",
            "method=DELETE",
            "path=\"/things/{id}\"",
            "status=204",
            "attempt=1",
            "elapsed_ms=",
        ] {
            assert!(lines.contains(expected), "{expected} missing from:\n{lines}");
        }
        for secret in ["top-secret", "private-id", "secret body"] {
            assert!(!lines.contains(secret), "{secret} leaked into:\n{lines}");
        }
    }
}
