//! OpenAI: a chat completion with one user message and a temperature, whole and then streamed,
//! written as a user would against the crate generated from the corpus's OpenAI spec (feature
//! `chat` only), and run against a loopback server that answers as the API does.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use openai_client::types::{ChatCompletionRequestUserMessage as User, CreateChatCompletionRequest};
use openai_client::Client;

async fn task(base_url: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).api_key_auth_token("sk-test").build()?;
    let request = CreateChatCompletionRequest::new("gpt-4o", [User::new("Say hello")]).temperature(0.2);
    let response = client.create_chat_completion(request).await?;
    Ok(response.choices[0].message.content.clone())
}

async fn streamed(base_url: &str) -> Result<String, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).api_key_auth_token("sk-test").build()?;
    let request = CreateChatCompletionRequest::new("gpt-4o", [User::new("Say hello")]).temperature(0.2);
    let mut stream = client.create_chat_completion(request).stream().await?;
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            text.push_str(&choice.delta.content.unwrap_or_default());
        }
    }
    Ok(text)
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_chat_completion() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .and(body_json(json!({
            "model": "gpt-4o",
            "messages": [{"role": "user", "content": "Say hello"}],
            "temperature": 0.2
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1741569952,
            "model": "gpt-4o-2024-08-06",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": "Hello!", "refusal": null, "annotations": []},
                "logprobs": null,
                "finish_reason": "stop"
            }],
            "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}
        })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap().as_deref(), Some("Hello!"));
}

#[tokio::test]
async fn a_streamed_chat_completion() {
    let server = MockServer::start().await;
    // As the API streams: a role first, the content in pieces, a last chunk with the finish
    // reason and no content, then `[DONE]`.
    let chunk = |delta: serde_json::Value, finish: serde_json::Value| {
        let chunk = json!({
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1741569952,
            "model": "gpt-4o-2024-08-06",
            "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}]
        });
        format!("data: {chunk}\n\n")
    };
    let body = [
        chunk(json!({"role": "assistant", "content": "", "refusal": null}), json!(null)),
        chunk(json!({"content": "Hel"}), json!(null)),
        chunk(json!({"content": "lo!"}), json!(null)),
        chunk(json!({}), json!("stop")),
        "data: [DONE]\n\n".to_string(),
    ]
    .concat();
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .and(header("accept", "text/event-stream"))
        .and(body_json(json!({
            "model": "gpt-4o",
            "messages": [{"role": "user", "content": "Say hello"}],
            "temperature": 0.2,
            "stream": true
        })))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(streamed(&server.uri()).await.unwrap(), "Hello!");
}
