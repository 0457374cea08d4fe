//! Telnyx: list every phone number of an account, written as a user would against the crate
//! generated from the corpus's Telnyx spec (feature `phone-number-configurations` only), run
//! against a loopback server that pages as Telnyx does (`page[number]`, `page[size]`,
//! `meta.total_pages`).

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use telnyx_client::Client;

async fn task(base_url: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_auth_token("KEY123").build()?;
    let numbers = client.list_phone_numbers().items().collect().await?;
    Ok(numbers.into_iter().filter_map(|n| n.phone_number).collect())
}
// -------------------------------------------------------------------------------------------

/// A number as Telnyx returns it: its required properties.
fn number(phone_number: &str) -> Value {
    json!({
        "id": "1293384261075731499", "record_type": "phone_number", "phone_number": phone_number,
        "country_iso_alpha2": "US", "status": "active", "tags": [], "external_pin": null,
        "created_at": "2026-12-01T00:00:00Z", "phone_number_type": "local",
        "purchased_at": "2026-12-01T00:00:00Z", "deletion_lock_enabled": false
    })
}

#[tokio::test]
async fn list_every_phone_number() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/phone_numbers"))
        .and(header("authorization", "Bearer KEY123"))
        .respond_with(|request: &Request| {
            let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
            // The first page asks for nothing the user did not set; the next ones only the page.
            let page = match query.as_slice() {
                [] => 1,
                [(k, v)] if k == "page[number]" => v.parse().unwrap(),
                other => panic!("unexpected query {other:?}"),
            };
            let data: Vec<Value> = (0..2).map(|i| number(&format!("+1555000{page}{i}"))).collect();
            let meta = json!({"page_number": page, "page_size": 2, "total_pages": 3, "total_results": 6});
            ResponseTemplate::new(200).set_body_json(json!({"data": data, "meta": meta}))
        })
        .expect(3)
        .mount(&server)
        .await;
    let numbers = task(&server.uri()).await.unwrap();
    assert_eq!(numbers, ["+155500010", "+155500011", "+155500020", "+155500021", "+155500030", "+155500031"]);
}
