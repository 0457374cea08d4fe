//! Behaviour of the client generated from tests/fixtures/paging.yaml against a loopback server
//! (wiremock on 127.0.0.1) that serves each list in pages, the way each recognised pattern
//! says: every item arrives once and in order, and the loop stops on the last page, on an empty
//! page and on a cursor it has already followed. Copied into the fixture crate by
//! tests/compile.rs and run there.

use paging_client::{Client, RetryPolicy};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server whose `GET {route}` answers with `page` (given the request's query, as pairs, and
/// the server's URL); the number of requests it received is kept.
async fn serve(
    route: &str,
    page: impl Fn(&[(String, String)], &str) -> ResponseTemplate + Send + Sync + 'static,
) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(move |request: &Request| {
            seen.fetch_add(1, Ordering::SeqCst);
            let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
            page(&query, &uri)
        })
        .mount(&server)
        .await;
    (server, count)
}

fn get<'q>(query: &'q [(String, String)], key: &str) -> Option<&'q str> {
    query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

const IDS: [&str; 5] = ["c1", "c2", "c3", "c4", "c5"];

/// Stripe's lists: `limit` items after `starting_after`.
fn customers(query: &[(String, String)], _: &str) -> ResponseTemplate {
    let limit: usize = get(query, "limit").map_or(10, |l| l.parse().unwrap());
    let start = get(query, "starting_after").map_or(0, |id| IDS.iter().position(|i| *i == id).unwrap() + 1);
    let page = &IDS[start..(start + limit).min(IDS.len())];
    let data: Vec<Value> = page.iter().map(|id| json!({"id": id, "email": format!("{id}@example.com")})).collect();
    ok(json!({"data": data, "has_more": start + limit < IDS.len(), "url": "/customers"}))
}

#[tokio::test(flavor = "current_thread")]
async fn stripe_lists_follow_the_last_id_while_there_is_more() {
    let (server, count) = serve("/customers", customers).await;
    let all = client(&server).list_customers().limit(2).items().collect().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, IDS);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    // Every page asked for the caller's page size.
    for request in server.received_requests().await.unwrap() {
        assert!(request.url.query().unwrap().contains("limit=2"), "{}", request.url);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn pages_come_with_their_responses_and_caps_stop_early() {
    let (server, count) = serve("/customers", customers).await;
    let client = client(&server);
    let mut pages = client.list_customers().limit(2).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.status, 200);
    assert!(first.value.has_more);
    assert_eq!(first.value.data.len(), 2);
    // Three items need two pages: the third is never asked for.
    let three = client.list_customers().limit(2).items().max_items(3).collect().await.unwrap();
    assert_eq!(three.len(), 3);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let one_page = client.list_customers().limit(2).items().max_pages(1).collect().await.unwrap();
    assert_eq!(one_page.len(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn a_page_token_list_stops_on_an_empty_page() {
    let (server, count) = serve("/tokens", |query, _| match get(query, "page_token") {
        None => ok(json!({"tokens": ["a", "b"], "next_page_token": "t2"})),
        Some("t2") => ok(json!({"tokens": ["c"], "next_page_token": "t3"})),
        // An empty page that still names a next one: the list has ended.
        Some("t3") => ok(json!({"tokens": [], "next_page_token": "t4"})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    let all = client(&server).list_tokens().page_size(2).items().collect().await.unwrap();
    assert_eq!(all, ["a", "b", "c"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn a_cursor_seen_before_ends_the_loop() {
    let (server, count) = serve("/tokens", |query, _| match get(query, "page_token") {
        None => ok(json!({"tokens": ["a"], "next_page_token": "same"})),
        Some(_) => ok(json!({"tokens": ["b"], "next_page_token": "same"})),
    })
    .await;
    // Capped, so that a loop that did not notice fails here rather than running forever.
    let all = client(&server).list_tokens().items().max_pages(10).collect().await.unwrap();
    assert_eq!(all, ["a", "b"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn an_offset_list_moves_by_the_items_read() {
    let (server, count) = serve("/rows", |query, _| {
        let offset: usize = get(query, "offset").map_or(0, |o| o.parse().unwrap());
        let limit: usize = get(query, "limit").map_or(100, |l| l.parse().unwrap());
        let rows: Vec<usize> = (offset..(offset + limit).min(7)).collect();
        ok(json!({"rows": rows, "total": 7}))
    })
    .await;
    let all = client(&server).list_rows().limit(3).items().collect().await.unwrap();
    assert_eq!(all, [0, 1, 2, 3, 4, 5, 6]);
    // 0, 3, 6, then 7: the empty page ends it.
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_header_is_followed_on_the_same_host_only() {
    let (server, count) = serve("/repos", |query, uri| {
        let page: u32 = get(query, "page").map_or(1, |p| p.parse().unwrap());
        let link = |p: u32, rel: &str| format!("<{uri}/repos?per_page=2&page={p}>; rel=\"{rel}\"");
        let links = match page {
            3 => link(1, "first"),
            p => format!("{}, {}", link(p + 1, "next"), link(3, "last")),
        };
        let names: Vec<String> = (0..2).map(|i| format!("repo-{page}-{i}")).collect();
        ok(json!(names)).insert_header("link", links.as_str())
    })
    .await;
    let all = client(&server).list_repos().per_page(2).items().collect().await.unwrap();
    assert_eq!(all, ["repo-1-0", "repo-1-1", "repo-2-0", "repo-2-1", "repo-3-0", "repo-3-1"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);

    // A next page elsewhere is not followed: the credentials stay with the API's host.
    let (server, count) = serve("/repos", |_, _| {
        ok(json!(["mine"])).insert_header("link", "<https://elsewhere.example/repos?page=2>; rel=\"next\"")
    })
    .await;
    let all = client(&server).list_repos().items().collect().await.unwrap();
    assert_eq!(all, ["mine"]);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_next_url_in_the_body_is_followed_until_there_is_none() {
    let (server, count) = serve("/events", |query, _| match get(query, "cursor") {
        None => {
            assert_eq!(get(query, "since"), Some("2026-01-01"));
            ok(json!({"events": ["e1", "e2"], "next_url": "/events?since=2026-01-01&cursor=2"}))
        }
        Some("2") => ok(json!({"events": ["e3"]})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    let all = client(&server).list_events().since("2026-01-01").items().collect().await.unwrap();
    assert_eq!(all, ["e1", "e2", "e3"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn speakeasy_fern_stainless_and_microsoft_declarations_are_followed() {
    let (server, _) = serve("/entries", |query, _| match get(query, "token") {
        None => ok(json!({"entries": ["x1"], "labels": ["ignored"], "continuation": "k2"})),
        Some("k2") => ok(json!({"entries": ["x2"], "labels": [], "continuation": ""})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    assert_eq!(client(&server).list_entries().items().collect().await.unwrap(), ["x1", "x2"]);

    let (server, _) = serve("/sheets", |query, _| match get(query, "page_no") {
        None => ok(json!({"sheets": ["s1"]})),
        Some("2") => ok(json!({"sheets": ["s2"]})),
        Some(_) => ok(json!({"sheets": []})),
    })
    .await;
    assert_eq!(client(&server).list_sheets().items().collect().await.unwrap(), ["s1", "s2"]);

    let (server, _) = serve("/keys", |query, _| match get(query, "cursor") {
        None => ok(json!({"success": true, "errors": [], "result": ["k1", "k2"], "after": "c2"})),
        Some("c2") => ok(json!({"success": true, "errors": [], "result": ["k3"]})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    assert_eq!(client(&server).list_keys().items().collect().await.unwrap(), ["k1", "k2", "k3"]);

    let (server, _) = serve("/users", |query, uri| match get(query, "$skiptoken") {
        None => ok(json!({"value": ["u1", "u2"], "@odata.nextLink": format!("{uri}/users?$skiptoken=X")})),
        Some("X") => ok(json!({"value": ["u3"]})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    assert_eq!(client(&server).list_users().items().collect().await.unwrap(), ["u1", "u2", "u3"]);
}

#[tokio::test(flavor = "current_thread")]
async fn each_page_is_retried_and_a_failed_page_ends_the_loop_with_its_error() {
    // The second page fails once (retried), the third for good.
    let failures = Arc::new(AtomicUsize::new(0));
    let seen = failures.clone();
    let (server, _) = serve("/customers", move |query, uri| match get(query, "starting_after") {
        Some("c2") if seen.fetch_add(1, Ordering::SeqCst) == 0 => ResponseTemplate::new(503),
        Some("c4") => ResponseTemplate::new(500),
        _ => customers(query, uri),
    })
    .await;
    let retry = RetryPolicy::new().initial_backoff(std::time::Duration::from_millis(5)).max_attempts(2);
    let client = Client::builder().base_url(server.uri()).retry(retry).build().unwrap();
    let mut items = client.list_customers().limit(2).items();
    let mut ids = Vec::new();
    let error = loop {
        match items.next().await {
            Some(Ok(c)) => ids.push(c.id),
            Some(Err(e)) => break e,
            None => panic!("the list ended without its error"),
        }
    };
    assert_eq!(ids, ["c1", "c2", "c3", "c4"]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(items.next().await.is_none());
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().map(|r| r.url.query().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn a_deep_object_page_number_counts_up_to_the_pages_the_body_gives() {
    // Telnyx: `page[number]` and `page[size]`, `meta.total_pages`.
    let (server, count) = serve("/numbers", |query, _| {
        let number: usize = get(query, "page[number]").map_or(1, |n| n.parse().unwrap());
        assert_eq!(get(query, "page[size]"), Some("2"), "the caller's page size on every page");
        let data: Vec<String> = (0..2).map(|i| format!("n{number}{i}")).collect();
        ok(json!({"data": data, "meta": {"page_number": number, "page_size": 2, "total_pages": 3, "total_results": 6}}))
    })
    .await;
    let page = paging_client::types::ListNumbersPage::new().size(2);
    let all = client(&server).list_numbers().page(page).items().collect().await.unwrap();
    assert_eq!(all, ["n10", "n11", "n20", "n21", "n30", "n31"]);
    // Page 3 of 3 is the last: no fourth request.
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(
        queries(&server).await,
        ["page%5Bsize%5D=2", "page%5Bnumber%5D=2&page%5Bsize%5D=2", "page%5Bnumber%5D=3&page%5Bsize%5D=2"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_next_page_number_is_followed_until_it_is_null() {
    // Hetzner: `meta.pagination.next_page`, null on the last page.
    let (server, count) = serve("/servers", |query, _| {
        let page: u32 = get(query, "page").map_or(1, |p| p.parse().unwrap());
        let next = if page < 5 { json!(page + 2) } else { Value::Null };
        let pagination = json!({"page": page, "per_page": 1, "next_page": next, "last_page": 5});
        ok(json!({"servers": [format!("s{page}")], "meta": {"pagination": pagination}}))
    })
    .await;
    let all = client(&server).list_servers().per_page(1).items().collect().await.unwrap();
    // The server's own next numbers (1, 3, 5), not the caller's count: 5 says none follows.
    assert_eq!(all, ["s1", "s3", "s5"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn an_iterator_list_stops_when_the_body_says_done() {
    // Svix: the last page still carries an iterator, and `done: true`.
    let (server, count) = serve("/messages", |query, _| match get(query, "iterator") {
        None => ok(json!({"data": ["m1", "m2"], "iterator": "it2", "done": false})),
        Some("it2") => ok(json!({"data": ["m3"], "iterator": "it3", "prevIterator": "it1", "done": true})),
        Some(other) => panic!("asked for {other} after done"),
    })
    .await;
    let all = client(&server).list_messages().limit(2).items().collect().await.unwrap();
    assert_eq!(all, ["m1", "m2", "m3"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn a_page_number_list_ends_at_the_count_of_items() {
    // DigitalOcean: `page` and `per_page`, `meta.total`; 5 droplets in pages of 2.
    let (server, count) = serve("/droplets", |query, _| {
        let page: usize = get(query, "page").map_or(1, |p| p.parse().unwrap());
        let per_page: usize = get(query, "per_page").map_or(20, |p| p.parse().unwrap());
        let droplets: Vec<String> = ((page - 1) * per_page..(page * per_page).min(5)).map(|i| format!("d{i}")).collect();
        ok(json!({"droplets": droplets, "links": {"pages": {}}, "meta": {"total": 5}}))
    })
    .await;
    let all = client(&server).list_droplets().per_page(2).items().collect().await.unwrap();
    assert_eq!(all, ["d0", "d1", "d2", "d3", "d4"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn a_next_url_inside_a_union_of_links_is_followed_to_the_backward_only_last_page() {
    // DigitalOcean's `links.pages`: forward links until the last page, which has only
    // `first` and `prev` (and decodes as the backward links, so has no next).
    let (server, count) = serve("/volumes", |query, uri| match get(query, "page") {
        None => {
            assert_eq!(get(query, "name"), Some("db"));
            let pages = json!({"next": format!("{uri}/volumes?name=db&page=2"), "last": format!("{uri}/volumes?page=2")});
            ok(json!({"volumes": ["v1"], "links": {"pages": pages}}))
        }
        Some("2") => {
            let pages = json!({"first": format!("{uri}/volumes?page=1"), "prev": format!("{uri}/volumes?page=1")});
            ok(json!({"volumes": ["v2"], "links": {"pages": pages}}))
        }
        Some(other) => panic!("asked for page {other}"),
    })
    .await;
    let all = client(&server).list_volumes().name("db").items().collect().await.unwrap();
    assert_eq!(all, ["v1", "v2"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn a_root_relative_next_url_in_meta_is_followed_and_a_bare_word_is_not() {
    // Twilio: `meta.next_page_url`, here written from the root.
    let (server, count) = serve("/calls", |query, _| match get(query, "PageToken") {
        None => ok(json!({"calls": ["c1"], "meta": {"page": 0, "next_page_url": "/calls?PageSize=1&Page=1&PageToken=PA1"}})),
        Some("PA1") => ok(json!({"calls": ["c2"], "meta": {"page": 1, "next_page_url": null}})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    let all = client(&server).list_calls().page_size(1).items().collect().await.unwrap();
    assert_eq!(all, ["c1", "c2"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // A value that is neither a URL nor a path from the root is not taken for one.
    let (server, count) = serve("/calls", |_, _| ok(json!({"calls": ["c1"], "meta": {"next_page_url": "PA1"}}))).await;
    assert_eq!(client(&server).list_calls().items().collect().await.unwrap(), ["c1"]);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_hal_next_link_is_followed() {
    // Adyen and Codat: `_links.next.href`.
    let (server, count) = serve("/payouts", |query, uri| match get(query, "cursor") {
        None => ok(json!({"payouts": ["p1"], "_links": {"self": {"href": format!("{uri}/payouts")}, "next": {"href": format!("{uri}/payouts?cursor=2")}}})),
        Some("2") => ok(json!({"payouts": ["p2"], "_links": {"self": {"href": format!("{uri}/payouts?cursor=2")}}})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    assert_eq!(client(&server).list_payouts().items().collect().await.unwrap(), ["p1", "p2"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn page_numbers_count_up_while_the_body_has_more() {
    let (server, count) = serve("/reports", |query, _| {
        let page: u32 = get(query, "page").map_or(1, |p| p.parse().unwrap());
        ok(json!({"data": [format!("r{page}")], "pagination": {"current_page": page, "has_more": page < 3}}))
    })
    .await;
    let all = client(&server).list_reports().page_size(1).items().collect().await.unwrap();
    assert_eq!(all, ["r1", "r2", "r3"]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn a_cursor_in_meta_cursors_is_sent_as_page_after() {
    let (server, count) = serve("/rooms", |query, _| match get(query, "page[after]") {
        None => ok(json!({"data": ["a", "b"], "meta": {"cursors": {"after": "b", "before": "a"}}})),
        Some("b") => ok(json!({"data": ["c"], "meta": {"cursors": {"before": "c"}}})),
        Some(other) => panic!("asked for {other}"),
    })
    .await;
    assert_eq!(client(&server).list_rooms().page_limit(2).items().collect().await.unwrap(), ["a", "b", "c"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_eq!(queries(&server).await, ["page%5Blimit%5D=2", "page%5Bafter%5D=b&page%5Blimit%5D=2"]);
}
