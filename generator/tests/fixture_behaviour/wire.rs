//! Behaviour of the client generated from tests/fixtures/wire.yaml against a real HTTP server on
//! 127.0.0.1 (wiremock): multipart, form and binary bodies, binary responses with typed headers,
//! parameter styles, several success bodies, server variables, discriminated unions, integer
//! enums and multi-type schemas. Copied into the fixture crate by tests/compile.rs and run there.

use serde_json::json;
use wire_client::operations::{GetReportSuccess, GetThingSuccess};
use wire_client::types::*;
use wire_client::{Bytes, Client, ServerRegion};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn multipart_bodies_send_files_as_bytes_and_other_fields_as_text_or_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "f1", "size": 12, "priority": 2})))
        .mount(&server)
        .await;
    // Not UTF-8: a file must travel as it is.
    let file = vec![0u8, 159, 146, 150, 255];
    let mut body = UploadFileBody::new(file.clone(), "fine-tune")
        .copies(2)
        .label("draft")
        .extra_files([Bytes::from("second")])
        .meta(UploadFileBodyMeta::new().owner("me"));
    body.extra.insert("note".to_string(), "hi".to_string());
    let stored = client(&server).await.upload_file(body).await.unwrap();
    assert_eq!(stored.size, StoredSize::Integer(12));
    assert_eq!(stored.priority, Some(Priority::Medium));

    let request = only_request(&server).await;
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_string();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(&content_type);
    let body = &request.body;
    let mut expected_file = b"Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
    expected_file.extend_from_slice(&file);
    expected_file.extend_from_slice(b"\r\n");
    assert!(contains(body, &expected_file));
    assert!(contains(body, b"name=\"purpose\"\r\n\r\nfine-tune\r\n"));
    assert!(contains(body, b"name=\"copies\"\r\n\r\n2\r\n"));
    // An optional, nullable property (`Nullable`) set to a value is a part.
    assert!(contains(body, b"name=\"label\"\r\n\r\ndraft\r\n"));
    assert!(contains(body, b"filename=\"extra_files\"\r\nContent-Type: application/octet-stream\r\n\r\nsecond\r\n"));
    assert!(contains(body, b"name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"owner\":\"me\"}\r\n"));
    // Properties the schema does not name (additionalProperties) are parts too.
    assert!(contains(body, b"name=\"note\"\r\n\r\nhi\r\n"));
    assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
    assert_eq!(body.windows(boundary.len()).filter(|w| *w == boundary.as_bytes()).count(), 8);
}

#[tokio::test]
async fn form_bodies_repeat_arrays_index_deep_object_properties_and_bracket_nested_objects() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/forms")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client(&server)
        .await
        .submit_form(
            SubmitFormBody::new("A B&C")
                .tags(["x".to_string(), "y".to_string()])
                .expand(["data.owner".to_string()])
                // `Address` comes from shared/common.yaml, another file.
                .address(Address::new("Rome").country(Country::It)),
        )
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    let body = String::from_utf8(request.body).unwrap();
    let mut pairs: Vec<&str> = body.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "address%5Bcity%5D=Rome",
            "address%5Bcountry%5D=IT",
            "expand%5B0%5D=data.owner",
            "name=A%20B%26C",
            "tags=x",
            "tags=y",
        ]
    );
}

#[tokio::test]
async fn a_documented_redirect_is_returned_and_others_are_followed() {
    let server = MockServer::start().await;
    let idp = format!("{}/idp?SAMLRequest=x", server.uri());
    Mock::given(method("POST"))
        .and(path("/login/okta"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", idp.as_str()))
        .mount(&server)
        .await;
    // Followed, the login would end here (a GET the operation does not document).
    Mock::given(method("GET")).and(path("/idp")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"at": "elsewhere"})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    // The redirect is the operation's success, its `Location` a typed header.
    let ((), headers) = client.login("okta").send_with_headers().await.unwrap();
    assert_eq!(headers.location.as_deref(), Some(idp.as_str()));
    let response = client.login("okta").send_with_response().await.unwrap();
    assert_eq!(response.status.as_u16(), 303);
    // An operation that documents no redirect still follows one.
    assert_eq!(client.get_moved().await.unwrap().at.as_deref(), Some("elsewhere"));
}

#[tokio::test]
async fn binary_bodies_go_out_and_come_back_as_bytes_with_typed_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/blobs/b1")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/blobs/b1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "v7")
                .insert_header("X-Rate-Limit-Remaining", "42")
                .set_body_raw(vec![1u8, 2, 255], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    client.put_blob("b1", vec![0u8, 255, 10]).await.unwrap();
    let put = only_request(&server).await;
    // The spec's `Content-Type` and `Accept` header parameters are ignored (no argument, no
    // setter): the body's media type is sent.
    assert_eq!(put.headers.get("content-type").unwrap(), "application/octet-stream");
    assert!(put.headers.get_all("content-type").iter().count() == 1);
    assert!(put.headers.get("accept").is_none_or(|a| a != "text/html"));
    assert_eq!(put.body, vec![0u8, 255, 10]);

    let (bytes, headers) = client.get_blob("b1").send_with_headers().await.unwrap();
    assert_eq!(bytes.as_slice(), &[1u8, 2, 255]);
    assert_eq!(headers.e_tag.as_deref(), Some("v7"));
    assert_eq!(headers.x_rate_limit_remaining, Some(42));
    // Plain `await` gives the bytes alone.
    assert_eq!(client.get_blob("b1").await.unwrap().into_vec(), vec![1u8, 2, 255]);
}

#[tokio::test]
async fn operations_with_the_same_headers_and_errors_share_one_type_under_both_names() {
    use wire_client::operations::{GetBlobError, GetBlobHeaders, GetBlobInfoError, GetBlobInfoHeaders};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/blobs/b1/info"))
        .respond_with(ResponseTemplate::new(200).insert_header("ETag", "v8").set_body_json(json!({"size": 3})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let (info, headers): (_, GetBlobInfoHeaders) = client.get_blob_info("b1").send_with_headers().await.unwrap();
    assert_eq!(info.size, Some(3));
    assert_eq!(headers.e_tag.as_deref(), Some("v8"));
    assert_eq!(headers.x_rate_limit_remaining, None);
    // One struct and one error enum under both operations' names (a copy each would not
    // compile here).
    let same: GetBlobHeaders = headers;
    let mut expected = GetBlobHeaders::default();
    expected.e_tag = Some("v8".into());
    assert_eq!(same, expected);
    let _one_error_type: fn(GetBlobInfoError) -> GetBlobError = |e| e;
}

#[tokio::test]
async fn parameters_follow_their_styles_and_discriminated_unions_pick_their_variant() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"kind": "round", "radius": 1.5},
            {"kind": "Square", "side": 2.0},
            {"kind": "hexagon", "sides": 6}
        ])))
        .mount(&server)
        .await;
    let shapes = client(&server)
        .await
        .list_items(vec![1, 2], ["a", "b c"], ["x", "y"])
        .filter(ListItemsFilter::new().status("open").owner(ListItemsFilterOwner::new().name("me")))
        .sort(["name", "-date"])
        .piped(["a", "b"])
        .spaced(["a", "b"])
        .tag(["x", "y"])
        .x_trace(["t1", "t2"])
        .priority(Priority::High)
        .prefs(["dark", "compact"])
        .await
        .unwrap();
    assert!(matches!(&shapes[0], Shape::Circle(c) if c.kind == "round" && c.radius == 1.5));
    assert!(matches!(&shapes[1], Shape::Square(s) if s.kind == "Square" && s.side == 2.0));
    assert_eq!(shapes[2], Shape::Other(json!({"kind": "hexagon", "sides": 6})));

    let request = only_request(&server).await;
    // simple (comma), label (dot prefix, comma), matrix exploded (one `;name=` per item).
    assert_eq!(request.url.path(), "/items/1,2/.a,b%20c/;matrix=x;matrix=y");
    // The order of an object's keys is serde_json's map order: compared as a set.
    let mut query: Vec<&str> = request.url.query().unwrap().split('&').collect();
    query.sort_unstable();
    assert_eq!(
        query,
        [
            "filter%5Bowner%5D%5Bname%5D=me",
            "filter%5Bstatus%5D=open",
            "piped=a%7Cb",
            "priority=3",
            "sort=name,-date",
            "spaced=a%20b",
            "tag=x",
            "tag=y",
        ]
    );
    assert_eq!(request.headers.get("x-trace").unwrap(), "t1,t2");
    // A cookie value cannot hold a raw comma (RFC 6265): the form-style list is encoded.
    assert_eq!(request.headers.get("cookie").unwrap(), "prefs=dark%2Ccompact");
}

#[tokio::test]
async fn success_statuses_with_different_bodies_are_an_enum() {
    let server = MockServer::start().await;
    Mock::given(path("/things/done"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t", "size": "large"})))
        .mount(&server)
        .await;
    Mock::given(path("/things/later"))
        .respond_with(ResponseTemplate::new(202).set_body_string("pending"))
        .mount(&server)
        .await;
    Mock::given(path("/things/quiet")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server).await;
    match client.get_thing("done").await.unwrap() {
        GetThingSuccess::Ok(stored) => assert_eq!(stored.size, StoredSize::String("large".into())),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.get_thing("later").await.unwrap(), GetThingSuccess::Accepted("pending".into()));
    assert_eq!(client.get_thing("quiet").await.unwrap(), GetThingSuccess::NoContent);
}

#[tokio::test]
async fn one_status_with_several_media_types_decodes_by_content_type() {
    let server = MockServer::start().await;
    Mock::given(path("/reports/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"size": 3})))
        .mount(&server)
        .await;
    Mock::given(path("/reports/csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv; charset=utf-8"))
        .mount(&server)
        .await;
    Mock::given(path("/reports/pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    match client.get_report("json").await.unwrap() {
        GetReportSuccess::Ok(stored) => assert_eq!(stored.size, StoredSize::Integer(3)),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.get_report("csv").await.unwrap(), GetReportSuccess::OkText("a,b\n1,2\n".into()));
    assert_eq!(client.get_report("pdf").await.unwrap(), GetReportSuccess::OkBytes(Bytes::from("%PDF-1.7")));
}

#[tokio::test]
async fn a_binary_string_of_any_media_type_is_bytes() {
    let server = MockServer::start().await;
    Mock::given(path("/exports/e1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"PK\x03\x04".to_vec(), "application/zip"))
        .mount(&server)
        .await;
    assert_eq!(client(&server).await.export_file("e1").await.unwrap(), Bytes::from(&b"PK\x03\x04"[..]));
}

#[tokio::test]
async fn json_bodies_are_sent_with_the_media_type_the_spec_names() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).and(path("/things/t1")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let patch = Stored::new(2);
    client(&server).await.patch_thing("t1", patch).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "application/merge-patch+json");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(), json!({"size": 2}));
}

#[test]
fn a_discriminator_that_cannot_name_every_variant_tries_them_in_order() {
    assert!(matches!(serde_json::from_value::<Loose>(json!("plain")).unwrap(), Loose::String(_)));
    let circle = serde_json::from_value::<Loose>(json!({"kind": "anything", "radius": 1.0})).unwrap();
    assert!(matches!(circle, Loose::Circle(_)));
}

#[test]
fn server_variables_fill_the_url_template() {
    let default = Client::builder().build().unwrap();
    assert_eq!(default.base_url(), "https://eu.wire.example.com/v1");
    let chosen = Client::builder().server_region(ServerRegion::Us).server_base("v2").build().unwrap();
    assert_eq!(chosen.base_url(), "https://us.wire.example.com/v2");
}

#[test]
fn integer_enums_keep_unknown_values_and_multi_type_schemas_try_each_type() {
    assert_eq!(serde_json::from_value::<Priority>(json!(3)).unwrap(), Priority::High);
    assert_eq!(serde_json::from_value::<Priority>(json!(9)).unwrap(), Priority::Other(9));
    assert_eq!(serde_json::to_value(Priority::Other(9)).unwrap(), json!(9));
    assert_eq!(serde_json::to_value(Level::Minus1).unwrap(), json!(-1));
    assert_eq!(Priority::from(1).to_string(), "1");
    // readOnly `id` is optional, so a request body can leave it out.
    let stored = Stored::new(1).secret("s");
    assert_eq!(serde_json::to_value(&stored).unwrap(), json!({"size": 1, "secret": "s"}));
    assert!(matches!(serde_json::from_value::<StoredSize>(json!(true)).unwrap(), StoredSize::Other(_)));
    // A variant's value converts into its union without naming the variant; a string into the
    // union's string variant.
    let round: Circle = serde_json::from_value(json!({"kind": "round", "radius": 2.0})).unwrap();
    let circle: Shape = round.clone().into();
    assert_eq!(circle, Shape::Circle(round));
    assert_eq!(StoredSize::from("big"), StoredSize::String("big".into()));
    assert_eq!(StoredSize::from(3), StoredSize::Integer(3));
    assert_eq!(Loose::from(String::from("x")), Loose::String("x".into()));
    // A discriminated union writes its variant as it is.
    assert_eq!(serde_json::to_value(&circle).unwrap(), json!({"kind": "round", "radius": 2.0}));
    // A known discriminator with a body that does not fit is an error, not a silent `Other`.
    assert!(serde_json::from_value::<Shape>(json!({"kind": "round"})).is_err());
}
