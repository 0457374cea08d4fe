//! Mistral: a chat completion streamed token by token, written as a user would against the crate
//! generated from the corpus's Mistral spec (feature `chat` only), run against a loopback server
//! that streams as the API does. Mistral's spec documents the stream as an event of `data`
//! (Speakeasy's convention): each event's data is a `CompletionChunk`.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use mistral_client::types::{ChatCompletionRequest, Content, UserMessage};
use mistral_client::Client;

async fn streamed(base_url: &str) -> Result<String, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_token("key").build()?;
    let request =
        ChatCompletionRequest::new([UserMessage::new().content("Say hello")], "mistral-small-latest");
    let mut stream = client.chat_completion(request).stream().await?;
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            if let Some(Content::String(piece)) = choice.delta.content {
                text.push_str(&piece);
            }
        }
    }
    Ok(text)
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_streamed_chat_completion() {
    let server = MockServer::start().await;
    let chunk = |delta: serde_json::Value, finish: serde_json::Value| {
        let chunk = json!({
            "id": "cmpl-1",
            "object": "chat.completion.chunk",
            "created": 1741569952,
            "model": "mistral-small-latest",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
        });
        format!("data: {chunk}\n\n")
    };
    let body = [
        chunk(json!({"role": "assistant", "content": ""}), json!(null)),
        chunk(json!({"content": "Hello"}), json!(null)),
        chunk(json!({"content": " there!"}), json!(null)),
        chunk(json!({"content": ""}), json!("stop")),
        "data: [DONE]\n\n".to_string(),
    ]
    .concat();
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer key"))
        .and(header("accept", "text/event-stream"))
        .and(body_json(json!({
            "model": "mistral-small-latest",
            "messages": [{"role": "user", "content": "Say hello"}],
            "stream": true
        })))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(streamed(&server.uri()).await.unwrap(), "Hello there!");
}
