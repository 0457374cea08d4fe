//! Ably Control API (no operationIds: names made from the paths): create an app and list the
//! account's apps, written as a user would against the crate generated from the corpus's spec,
//! run against a loopback server that checks the requests.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use ably_client::{types::AppPost, Client};

async fn task(base_url: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_token("ably-token").build()?;
    client.create_app("acc1").body(AppPost::new("chat")).await?;
    let apps = client.list_apps("acc1").await?;
    Ok(apps.into_iter().filter_map(|a| a.name).collect())
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_an_app_and_list_them() {
    let server = MockServer::start().await;
    let app = json!({"id": "app1", "accountId": "acc1", "name": "chat", "status": "enabled", "tlsOnly": false});
    Mock::given(method("POST"))
        .and(path("/accounts/acc1/apps"))
        .and(header("authorization", "Bearer ably-token"))
        .and(body_json(json!({"name": "chat"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(app.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/accounts/acc1/apps"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([app])))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap(), ["chat"]);
}
