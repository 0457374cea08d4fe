//! Twilio: send an SMS, written as a user would against the crate generated from the corpus's
//! Twilio spec (feature `api20100401-message` only), run against a loopback server that checks
//! the form body carries exactly the three fields the user set.

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use twilio_client::{types::CreateMessageRequest, Client};

async fn task(base_url: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).basic_auth("AC123", "auth-token").build()?;
    let message = client.create_message("AC123").body(CreateMessageRequest::new("+15558675310").from("+15017122661").body("Hi")).await?;
    Ok(message.sid)
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn send_an_sms() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2010-04-01/Accounts/AC123/Messages.json"))
        .and(header("authorization", "Basic QUMxMjM6YXV0aC10b2tlbg=="))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1", "status": "queued"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap().as_deref(), Some("SM1"));
    let requests = server.received_requests().await.unwrap();
    let mut fields: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body).into_owned().collect();
    fields.sort();
    // Nothing the user did not set.
    assert_eq!(
        fields,
        [("Body".into(), "Hi".into()), ("From".into(), "+15017122661".into()), ("To".into(), "+15558675310".into())]
    );
}
