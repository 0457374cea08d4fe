//! Stripe: create a customer with an email and one metadata entry, then list all customers,
//! written as a user would against the crate generated from the corpus's Stripe spec (feature
//! `customers` only), and run against a loopback server that answers as the API does.

use serde_json::json;
use wiremock::matchers::{body_string, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use stripe_client::{types::PostCustomersBody, Client};

async fn task(base_url: &str) -> Result<(String, Vec<String>), Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_token("sk_test").build()?;
    let body = PostCustomersBody::new().email("jenny.rosen@example.com").metadata([("order_id", "6735")]);
    let customer = client.post_customers().body(body).await?;
    let all = client.get_customers().limit(100).items().collect().await?;
    Ok((customer.id, all.into_iter().map(|c| c.id).collect()))
}
// -------------------------------------------------------------------------------------------

/// A customer as Stripe's API reference shows it.
fn customer(id: &str) -> serde_json::Value {
    json!({
        "id": id, "object": "customer", "address": null, "balance": 0, "created": 1680893993,
        "currency": null, "default_source": null, "delinquent": false, "description": null,
        "discount": null, "email": "jenny.rosen@example.com", "invoice_prefix": "0759376C",
        "invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null,
                             "rendering_options": null},
        "livemode": false, "metadata": {"order_id": "6735"}, "name": "Jenny Rosen",
        "next_invoice_sequence": 1, "phone": null, "preferred_locales": [], "shipping": null,
        "tax_exempt": "none", "test_clock": null
    })
}

fn page(ids: &[&str], has_more: bool) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "object": "list", "url": "/v1/customers", "has_more": has_more,
        "data": ids.iter().map(|id| customer(id)).collect::<Vec<_>>()
    }))
}

#[tokio::test]
async fn create_a_customer_then_list_them_all() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header("authorization", "Bearer sk_test"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("email=jenny.rosen%40example.com&metadata%5Border_id%5D=6735"))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_new")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param("limit", "100"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(&["cus_new", "cus_2"], true))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param("limit", "100"))
        .and(query_param("starting_after", "cus_2"))
        .respond_with(page(&["cus_3"], false))
        .expect(1)
        .mount(&server)
        .await;
    let (created, all) = task(&server.uri()).await.unwrap();
    assert_eq!(created, "cus_new");
    assert_eq!(all, ["cus_new", "cus_2", "cus_3"]);
}
