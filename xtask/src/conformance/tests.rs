use super::*;

#[test]
fn paths_identical_but_for_parameter_names_are_twins() {
    let dir = std::env::temp_dir().join(format!("conformance-twins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("vault.yaml");
    let text = r"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /auth/{azure}/login:
    parameters: [{name: azure, in: path, required: true, schema: {type: string}}]
    post: {operationId: azure-login, responses: {'200': {description: OK}}}
  /auth/{cert}/login:
    parameters: [{name: cert, in: path, required: true, schema: {type: string}}]
    post: {operationId: cert-login, responses: {'200': {description: OK}}}
    get: {operationId: cert-read, responses: {'200': {description: OK}}}
  /auth/{cert}/logout:
    parameters: [{name: cert, in: path, required: true, schema: {type: string}}]
    post: {operationId: cert-logout, responses: {'200': {description: OK}}}
  /auth/token/login:
    post: {operationId: token-login, responses: {'200': {description: OK}}}
";
    std::fs::write(&spec, text).unwrap();
    let api = clientgen::model(&spec, "vault").unwrap();
    let twins = twins(&api);
    assert_eq!(twins.get("azure-login").map(String::as_str), Some("`POST /auth/{cert}/login`"));
    assert_eq!(twins.get("cert-login").map(String::as_str), Some("`POST /auth/{azure}/login`"));
    // Another method, another path, or a literal segment (which a server prefers) is not.
    assert_eq!(twins.len(), 2, "{twins:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prism_answers_are_classified() {
    // A problem document whose violations are all in Prism's own response: a spec bug.
    let response = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","title":"Request/Response not valid",
            "validation":[{"location":["response","body"],"message":"Response body must be object"}]}"#;
    assert!(response_only(response));
    assert_eq!(shorten(response), "Request/Response not valid: Response body must be object");
    // A request violation beside it: the client's fault.
    let both = r#"[{"location":["request","path","fileid"],"message":"must match pattern"},
            {"location":["response","body"],"message":"Response body must be object"}]"#;
    assert!(!response_only(both));
    let many = r#"Too many violations! [{"location":["response","body","type"],"message":"must be one of"},{"location":["response","body","id"],"message":"must be int"#;
    assert!(response_only(many));
    assert_eq!(shorten(many), "must be one of");
    assert_eq!(prism_limitation(both, ""), None);
    // Of a string's format only: Prism's generator, in a dynamic response.
    let format = r#"[{"location":["response","body","target"],"message":"Response body property check.target must match format \"url\""}]"#;
    assert!(generated_format_only(format));
    assert!(!generated_format_only(response) && !generated_format_only(both));
    // Prism's own errors and its validation of headers OpenAPI says to ignore.
    let text = r#"{"type":"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT","title":"t"}"#;
    assert!(prism_limitation(text, "").is_some_and(|w| w.contains("prism#1038")));
    let accept = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["request","header","accept"],"message":"Request header parameter accept must be equal to one of the allowed values"}]}"#;
    assert!(prism_limitation(accept, "").is_some_and(|w| w.contains("prism#2057")));
    let body = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["request","body"],"message":"Request body must have required property 'name'"}]}"#;
    assert_eq!(prism_limitation(body, "application/json"), None);
    assert!(!response_only(body));
    // An exception Prism did not catch (HubSpot's `example: null`).
    let exception = r#"{"type":"TypeError","title":"Cannot convert undefined or null to object","status":500,"detail":""}"#;
    assert!(prism_limitation(exception, "").is_some_and(|w| w.contains("TypeError: Cannot convert")));
    // An array of a form body, its name repeated.
    let array = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body","TestUsers"],"message":"Request body property TestUsers must be array"}]}"#;
    let form = "application/x-www-form-urlencoded";
    assert!(prism_limitation(array, form).is_some_and(|w| w.contains("prism#2473")));
    assert_eq!(prism_limitation(array, "application/json"), None);
    let page = r#"[{"location":["query"],"message":"Request query must have required property 'page%5bnumber%5d'"}]"#;
    assert!(prism_limitation(page, "").is_some_and(|w| w.contains("brackets")));
    // An object in a multipart part (Lob's ride-along image).
    let part = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body","ride_along_image"],"message":"Request body property ride_along_image must be object"}]}"#;
    assert!(prism_limitation(part, "multipart/form-data").is_some_and(|w| w.contains("prism#2380")));
    assert_eq!(prism_limitation(part, "application/json"), None);
    // A number sent as text/plain.
    let text = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request",
            "validation":[{"location":["body"],"message":"Request body must be integer"}]}"#;
    assert!(prism_limitation(text, "text/plain").is_some_and(|w| w.contains("text/plain")));
    assert_eq!(prism_limitation(text, "application/json"), None);
    assert!(negative_unsigned(
            "the 200 OK response body does not decode as documented: invalid value: integer `-78108311`, expected u64 at line 1 column 430"
        ));
    assert!(!negative_unsigned("invalid value: integer `-7`, expected i64"));
    assert!(!negative_unsigned("invalid value: integer `300`, expected u8"));
    let big = r#"[{"location":["request","query","orderId"],"message":"Request query parameter orderid must be <= 9007199254740991"}]"#;
    assert!(prism_limitation(big, "").is_some_and(|w| w.contains("2^53")));
}
