//! Which rule each list of `fixtures/paging.yaml` pages by, and why the others do not page: one
//! operation per pattern the generator recognises, and lists it must leave alone. Their
//! behaviour on the wire is tested in `fixture_behaviour/paging.rs`.

use std::path::Path;

#[test]
fn each_list_pages_by_its_pattern_and_the_others_say_why_not() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paging.yaml");
    let loaded = clientgen::load::load(&spec).unwrap();
    let api = clientgen::lower::lower(&loaded, "paging").unwrap();
    let rule = |id: &str| {
        let op = api.operations.iter().find(|o| o.operation_id == id).unwrap_or_else(|| panic!("no {id}"));
        clientgen::lower::explain_paging(&api, op).unwrap_or_else(|| panic!("{id} is no list"))
    };
    let paged = [
        ("listCustomers", "starting_after + has_more"),
        ("listTokens", "cursor page_token + next_page_token"),
        ("listRows", "offset + limit"),
        ("listRepos", "Link header"),
        ("listEvents", "next URL next_url"),
        ("listEntries", "x-speakeasy-pagination"),
        ("listSheets", "x-fern-pagination"),
        ("listUsers", "x-ms-pageable"),
        ("listKeys", "x-stainless-pagination-property"),
        ("listNumbers", "page page[number] + meta.total_pages"),
        ("listServers", "page page + meta.pagination.next_page"),
        ("listMessages", "cursor iterator + iterator + done"),
        ("listDroplets", "page page + meta.total"),
        ("listVolumes", "next URL links.pages.next"),
        ("listCalls", "next URL meta.next_page_url"),
        ("listPayouts", "next URL _links.next.href"),
        ("listReports", "page page + pagination.has_more"),
        ("listRooms", "cursor page[after] + meta.cursors.after"),
    ];
    for (id, pattern) in paged {
        assert_eq!(rule(id), Ok(pattern.to_string()), "{id}");
    }
    let unpaged = [
        ("search", "cursor `cursor`, but no next cursor in the body"),
        ("listLabels", "the body holds 2 arrays, none named as its items"),
        ("listArticles", "page `page`, but nothing in the body marks the last page"),
    ];
    for (id, reason) in unpaged {
        assert_eq!(rule(id), Err(reason.to_string()), "{id}");
    }
}
