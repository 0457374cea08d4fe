//! OpenAI: a chat completion with one user message and a temperature, written as a user would
//! against the crate generated from the corpus's OpenAI spec (feature `chat` only), and run
//! against a loopback server that answers as the API does. The streamed half of the task needs
//! server-sent events (a later issue).

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use openai_client::types::{ChatCompletionRequestUserMessage as User, CreateChatCompletionRequest};
use openai_client::{operations::CreateChatCompletionSuccess, Client};

async fn task(base_url: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).api_key_auth_token("sk-test").build()?;
    let request = CreateChatCompletionRequest::new([User::new("Say hello")], "gpt-4o").temperature(0.2);
    let CreateChatCompletionSuccess::Ok(response) = client.create_chat_completion(request).await? else {
        return Err("not JSON".into());
    };
    Ok(response.choices[0].message.content.clone())
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
