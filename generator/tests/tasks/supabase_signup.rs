//! Supabase Auth (no operationIds: `POST /signup` is `signup`): sign a user up with email and
//! password, written as a user would against the crate generated from the corpus's spec, run
//! against a loopback server that checks the request carries the API key and only the two
//! fields set.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use supabase_client::{types::{SignupBody, SignupResponse}, Client};

async fn task(base_url: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).api_key("anon-key").build()?;
    let signup = client.signup().body(SignupBody::new().email("ann@example.com").password("s3cret")).await?;
    Ok(match signup { SignupResponse::UserSchema(user) => user.email, _ => None })
}
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn sign_a_user_up() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/signup"))
        .and(header("apikey", "anon-key"))
        .and(body_json(json!({"email": "ann@example.com", "password": "s3cret"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "11111111-2222-3333-4444-555555555555", "aud": "authenticated", "role": "authenticated",
            "email": "ann@example.com", "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap().as_deref(), Some("ann@example.com"));
}
