use super::*;

#[test]
fn sdk_names_read_like_the_vendors_sdks() {
    assert_eq!(sdk_method(Some("clients"), "list"), "clients_list");
    assert_eq!(
        sdk_method(Some("emailAddresses"), "prepareVerification"),
        "email_addresses_prepare_verification"
    );
    assert_eq!(sdk_method(Some("jwks"), "getJWKS"), "get_jwks");
    assert_eq!(sdk_method(Some("Products"), "add-product"), "add_product");
    assert_eq!(sdk_method(None, "list"), "list");
    let fastapi = |id, method, path| without_framework_noise(id, method, path);
    assert_eq!(
        fastapi("create_message_api_v1_app__app_id__msg__post", "post", "/api/v1/app/{app_id}/msg/")
            .as_deref(),
        Some("create_message")
    );
    assert_eq!(
        fastapi("create_message_api_v1_app_app_id_msg_post", "post", "/api/v1/app/{app_id}/msg").as_deref(),
        Some("create_message")
    );
    assert_eq!(fastapi("list_models_v1_models_get", "get", "/v1/models").as_deref(), Some("list_models"));
    assert_eq!(
        fastapi("agents_api_v1_conversations_get", "get", "/v1/conversations/{conversation_id}").as_deref(),
        Some("conversations_get")
    );
    assert_eq!(fastapi("files_api_routes_upload_file", "post", "/v1/files").as_deref(), Some("upload_file"));
    assert_eq!(fastapi("libraries_list_v1", "get", "/v1/libraries"), None);
    // Nothing to strip, or nothing left after it.
    assert_eq!(fastapi("listPets", "get", "/pets"), None);
    assert_eq!(fastapi("pets_get", "get", "/pets"), None);
    assert_eq!(fastapi("api_v1_things", "get", "/things"), None);
    assert_eq!(from_path("post", "/sendMessage", 0), "send_message");
    assert_eq!(from_path("get", "/api/v3/ping", 0), "ping");
    assert_eq!(from_path("get", "/api/v3/exchangeInfo", 0), "get_exchange_info");
    assert_eq!(from_path("get", "/accounts/{account_id}/apps", 0), "list_apps");
    assert_eq!(from_path("post", "/accounts/{account_id}/apps", 0), "create_app");
    assert_eq!(from_path("patch", "/apps/{id}", 0), "update_app");
    assert_eq!(from_path("delete", "/apps/{id}", 0), "delete_app");
    assert_eq!(from_path("get", "/policies/{id}", 0), "get_policy");
    assert_eq!(from_path("post", "/logout", 0), "logout");
    assert_eq!(from_path("post", "/token", 0), "post_token");
    assert_eq!(from_path("get", "/warnings_nowcast.json", 0), "get_warnings_nowcast");
    assert_eq!(from_path("get", "/pc/v4/app/jobs", 1), "list_app_jobs");
    assert_eq!(from_path("get", "/", 0), "get_root");
}

#[test]
fn every_keyword_is_escaped() {
    for kw in KEYWORDS {
        let s = snake(kw);
        assert!(s == format!("r#{kw}") || s == format!("{}_", kw.to_lowercase()), "{kw} -> {s}");
        assert!(syn::parse_str::<syn::Ident>(&s).is_ok(), "{kw} -> {s} is not an ident");
        let t = camel(kw);
        assert!(syn::parse_str::<syn::Ident>(&t).is_ok(), "{kw} -> {t} is not an ident");
    }
}

#[test]
fn table() {
    let cases = [
        ("deleteContact_v1", "delete_contact_v1", "DeleteContactV1"),
        ("contact_id", "contact_id", "ContactId"),
        ("Wethod-Company", "wethod_company", "WethodCompany"),
        ("type", "r#type", "Type"),
        ("self", "self_", "SelfType"),
        ("ref", "r#ref", "Ref"),
        ("gen", "r#gen", "Gen"),
        ("1st", "_1st", "V1st"),
        ("$ref", "r#ref", "Ref"),
        ("@id", "id", "Id"),
        ("a.b c", "a_b_c", "ABC"),
        ("", "value", "Value"),
        ("---", "value", "Value"),
        ("größe", "größe", "Größe"),
    ];
    for (raw, s, c) in cases {
        assert_eq!(snake(raw), s, "snake({raw:?})");
        assert_eq!(type_name(raw), c, "type_name({raw:?})");
        assert!(syn::parse_str::<syn::Ident>(&snake(raw)).is_ok());
        assert!(syn::parse_str::<syn::Ident>(&type_name(raw)).is_ok());
    }
}

#[test]
fn package_names() {
    assert_eq!(package_name("quo"), "quo-client");
    assert_eq!(package_name("bigcommerce__carts.sf"), "bigcommerce-carts-sf-client");
    assert_eq!(package_name("2fa API"), "api-2fa-api-client");
}

#[test]
fn prelude_names_are_not_shadowed() {
    assert_eq!(type_name("Result"), "ResultType");
    assert_eq!(type_name("option"), "OptionType");
    assert_eq!(type_name("string"), "StringType");
}

#[test]
fn collisions_resolve_deterministically() {
    let mut scope = Scope::new();
    assert_eq!(scope.field("userId").ident, "user_id");
    assert_eq!(scope.field("user_id").ident, "user_id_2");
    assert_eq!(scope.field("UserID").ident, "user_id_3");
    let mut types = Scope::new();
    assert_eq!(types.claim("Pet"), "Pet");
    assert_eq!(types.claim("Pet"), "Pet2");
    let mut kw = Scope::new();
    assert_eq!(kw.field("type").ident, "r#type");
    assert_eq!(kw.field("Type").ident, "type_2");
}

#[test]
fn idents_know_whether_they_are_raw() {
    let mut scope = Scope::new();
    let raw = scope.field("type").ident;
    assert_eq!(raw.as_str(), "type");
    assert_eq!(raw.to_string(), "type", "Display is the bare name, for docs and compound names");
    assert_eq!(raw.spelling(), "r#type");
    assert_eq!(format!("{raw:?}"), "\"r#type\"");
    assert_eq!(quote::quote!(#raw).to_string(), "r#type");
    assert!(raw == "r#type" && raw != "type");
    // A collision drops the raw prefix: `type_2` is no keyword.
    let second = scope.field("Type").ident;
    assert_eq!((second.spelling(), quote::quote!(#second).to_string()), ("type_2".into(), "type_2".into()));
    assert_eq!(snake_word("type"), "type");
    assert_eq!(snake_word("self"), "self_");
}

#[test]
fn rename_only_when_needed() {
    let mut scope = Scope::new();
    assert!(!scope.field("name").needs_rename());
    assert!(!scope.field("type").needs_rename());
    assert!(scope.field("userId").needs_rename());
}
