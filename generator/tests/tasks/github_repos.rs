//! GitHub: list all repositories of an organisation, get one and handle a 404, written as a user
//! would against the crate generated from the corpus's GitHub spec (feature `repos` only), and
//! run against a loopback server that answers with the examples GitHub's own spec documents,
//! and pages as GitHub does (a `Link` header with the next page's URL).

use serde_json::{json, Value};
use wiremock::matchers::{header, header_exists, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use github_client::{operations::ReposGetError, Client};

async fn task(base_url: &str) -> Result<(Vec<String>, String, bool), Box<dyn std::error::Error>> {
    let client =
        Client::builder().base_url(base_url).default_header("authorization", "Bearer ghp_test").build()?;
    let mut repos = client.repos_list_for_org("octo-org").per_page(100).items();
    let mut names = Vec::new();
    while let Some(repo) = repos.next().await {
        names.push(repo?.full_name);
    }
    let repo = client.repos_get("octocat", "Hello-World").await?;
    let missing = client.repos_get("octocat", "no-such-repo").await;
    let not_found =
        matches!(missing.as_ref().map_err(|e| e.api_error()), Err(Some(ReposGetError::NotFound(_))));
    Ok((names, repo.full_name, not_found))
}
// -------------------------------------------------------------------------------------------

/// The example GitHub's spec gives under `components/examples/{name}`.
fn example(name: &str) -> Value {
    let spec = std::env::var("GITHUB_SPEC").expect("GITHUB_SPEC names the corpus's GitHub spec");
    let text = std::fs::read_to_string(&spec).expect("the GitHub spec");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    doc["components"]["examples"][name]["value"].clone()
}

#[tokio::test]
async fn list_an_organisations_repositories_get_one_and_tell_a_404() {
    let server = MockServer::start().await;
    let listed = example("minimal-repository-items");
    let expected: Vec<String> =
        listed.as_array().unwrap().iter().map(|r| r["full_name"].as_str().unwrap().to_string()).collect();
    assert!(!expected.is_empty());
    // The first page links to the second, the second to none after it.
    let link = |page: u32, rel: &str| {
        format!("<{}/organizations/1/repos?per_page=100&page={page}>; rel=\"{rel}\"", server.uri())
    };
    let pages = [
        (None, format!("{}, {}", link(2, "next"), link(2, "last"))),
        (Some("2"), format!("{}, {}", link(1, "prev"), link(1, "first"))),
    ];
    for (page, links) in pages {
        let path_of_page = if page.is_some() { "/organizations/1/repos" } else { "/orgs/octo-org/repos" };
        let mock = Mock::given(method("GET")).and(path(path_of_page)).and(query_param("per_page", "100"));
        let mock = match page {
            Some(page) => mock.and(query_param("page", page)),
            None => mock.and(query_param_is_missing("page")),
        };
        mock.and(header("authorization", "Bearer ghp_test"))
            .and(header_exists("user-agent"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(listed.clone())
                    .insert_header("link", links.as_str()),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/repos/octocat/Hello-World"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example("full-repository")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/octocat/no-such-repo"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
            "status": "404"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (names, full_name, not_found) = task(&server.uri()).await.unwrap();
    assert_eq!(names, [expected.clone(), expected].concat());
    assert_eq!(full_name, "octocat/Hello-World");
    assert!(not_found);
}
