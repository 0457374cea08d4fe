//! Mistral: list conversations (FastAPI's `agents_api_v1_conversations_list`, named as Mistral's
//! own SDK names it), written as a user would against the crate generated from the corpus's
//! Mistral spec (feature `beta-conversations`), run against a loopback server.

use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use mistral_client::{types::ConversationsListResponse, Client};

async fn task(base_url: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_token("key").build()?;
    let conversations = client.conversations_list().page_size(20).await?;
    Ok(conversations.iter().filter_map(|c| match c { ConversationsListResponse::ModelConversation(m) => Some(m.id.clone()), _ => None }).collect())
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_conversations() {
    let server = MockServer::start().await;
    let conversation = json!({"id": "conv-1", "object": "conversation", "model": "mistral-medium-latest",
        "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"});
    Mock::given(method("GET"))
        .and(path("/v1/conversations"))
        .and(query_param("page_size", "20"))
        .and(header("authorization", "Bearer key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([conversation])))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap(), ["conv-1"]);
}
