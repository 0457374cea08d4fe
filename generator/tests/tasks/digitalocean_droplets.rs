//! DigitalOcean: create a Droplet, then list every Droplet, written as a user would against the
//! crate generated from the corpus's DigitalOcean spec (feature `droplets` only), and run
//! against a loopback server that checks the request and pages as DigitalOcean does (`page` and
//! `per_page`, `meta.total`, and `links.pages` with `next` until the last page's `prev`).

use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// --- the task, as a user writes it ---------------------------------------------------------
use digitalocean_client::{types::DropletSingleCreate, Client};

async fn task(base_url: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let client = Client::builder().base_url(base_url).bearer_auth_token("do-token").build()?;
    client.droplets_create().body(DropletSingleCreate::new("web-1", "s-1vcpu-1gb", "ubuntu-24-04-x64").region("nyc3")).await?;
    let droplets = client.droplets_list().per_page(2).items().collect().await?;
    Ok(droplets.into_iter().map(|d| d.name).collect())
}
// -------------------------------------------------------------------------------------------

/// The example DigitalOcean's spec gives under `components/examples/{name}` (its YAML block
/// alone: the whole spec has a number no YAML library here reads).
fn example(name: &str) -> Value {
    let dir = std::env::var("CORPUS_SPECS").expect("CORPUS_SPECS names the corpus's specs folder");
    let text = std::fs::read_to_string(format!("{dir}/digitalocean__api.yaml")).expect("the DigitalOcean spec");
    let examples = text.split("\n  examples:\n").nth(1).expect("components/examples");
    let start = examples.find(&format!("\n    {name}:\n")).expect("the example") + 1;
    let block: Vec<&str> = examples[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.is_empty() || l.starts_with("     "))
        .map(|(_, l)| l)
        .collect();
    let example: Value = serde_norway::from_str(&block.join("\n")).expect("YAML");
    example[name]["value"].clone()
}

/// The spec's example Droplet, with this id and name.
fn droplet(id: i64, name: &str) -> Value {
    let mut droplet = example("droplets_all")["droplets"][0].clone();
    droplet["id"] = json!(id);
    droplet["name"] = json!(name);
    droplet
}

#[tokio::test]
async fn create_a_droplet_and_list_them_all() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/droplets"))
        .and(header("authorization", "Bearer do-token"))
        // Exactly what the task set: nothing else.
        .and(body_json(json!({"name": "web-1", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64"})))
        .respond_with(ResponseTemplate::new(202).set_body_json(example("droplet_create_response")))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/v2/droplets"))
        .and(query_param("per_page", "2"))
        .respond_with(move |request: &Request| {
            let page: usize = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map_or(1, |(_, v)| v.parse().unwrap());
            let names = ["web-1", "web-2", "db-1"];
            let items: Vec<Value> = names.iter().enumerate().skip((page - 1) * 2).take(2).map(|(i, n)| droplet(i as i64 + 1, n)).collect();
            let pages = if page == 1 {
                json!({"next": format!("{uri}/v2/droplets?page=2&per_page=2"), "last": format!("{uri}/v2/droplets?page=2&per_page=2")})
            } else {
                json!({"first": format!("{uri}/v2/droplets?page=1&per_page=2"), "prev": format!("{uri}/v2/droplets?page=1&per_page=2")})
            };
            ResponseTemplate::new(200).set_body_json(json!({"droplets": items, "links": {"pages": pages}, "meta": {"total": 3}}))
        })
        .expect(2)
        .mount(&server)
        .await;
    assert_eq!(task(&server.uri()).await.unwrap(), ["web-1", "web-2", "db-1"]);
}
