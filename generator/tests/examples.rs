//! Example values (the arguments of the docs and of the conformance driver) are values the
//! schema allows: the spec's where they fit, else synthesised from formats, bounds and enums.

use serde_json::{json, Value};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Examples, version: '1'}
paths:
  /items/{bucket}:
    post:
      operationId: createItem
      parameters:
        - {name: bucket, in: path, required: true, example: '', schema: {type: string}}
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 5, maximum: 10}}
        - {name: big, in: query, required: true, example: 500, schema: {type: integer, maximum: 100}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: status, in: query, required: true, example: closed, schema: {type: string, enum: [open, closed]}}
        - {name: code, in: query, required: true, schema: {type: string, minLength: 8}}
        - {name: ratio, in: query, required: true, schema: {type: number, minimum: 0, maximum: 1}}
        - {name: tags, in: query, required: true, schema: {type: array, minItems: 2, items: {type: string, format: email}}}
        - {name: user, in: query, required: true, example: 00000000-0000-0000-000-000000000000, schema: {type: string, format: uuid}}
        - {name: amount, in: query, required: true, example: '12,50', schema: {type: string, pattern: '^\d{1,13}$|^\d{1,13}\.\d{1,5}$'}}
        - {name: index, in: query, required: true, schema: {type: integer, minimum: 0, maximum: 1.8446744073709552e+19}}
        - {name: sid, in: query, required: true, example: FW1234, schema: {type: string, pattern: '^FW[0-9a-f]{4}$'}}
        - {name: flush, in: query, required: true, schema: {type: integer, default: 9223372036854776000}}
        - {name: sha, in: query, required: true, schema: {type: string, minLength: 8, maxLength: 8, pattern: '^[0-9a-fA-F]+$'}}
        - {name: ids, in: query, required: true, schema: {type: array, minItems: 2, uniqueItems: true, items: {type: string, pattern: '^(0|[1-9][0-9]*)$'}}}
        - {name: workflow, in: query, required: true, schema: {oneOf: [{type: integer}, {type: string}]}}
        - {name: md5, in: query, required: true, schema: {type: string, pattern: '^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d]{10,20}$'}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [id, key, name, kind, pet, target, tier, labels]
              properties:
                target: {$ref: '#/components/schemas/Target'}
                labels: {type: object, minProperties: 2, additionalProperties: {type: integer, minimum: 3}}
                id: {type: string, readOnly: true}
                key: {$ref: '#/components/schemas/Key'}
                name: {type: string, example: Rex}
                kind: {type: string, enum: [dog]}
                note: {type: string}
                pet: {$ref: '#/components/schemas/Pet'}
      responses:
        '204': {description: Created}
  /flows:
    post:
      operationId: createFlow
      parameters:
        - name: region
          in: query
          required: true
          schema: {type: string}
          examples: {eu: {$ref: '#/components/examples/Region'}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [name, definition, users, fields, auth, deep, login]
              properties:
                name: {type: string}
                definition: {description: JSON text}
                users: {type: array, items: {type: string}}
                limit: {type: integer, maximum: 10}
                owner: {type: object, properties: {id: {type: string, format: uuid}, label: {type: string}}}
                target: {$ref: '#/components/schemas/Target'}
                note: {type: string}
                unused: {type: string}
                filter: {$ref: '#/components/schemas/Filter'}
                method: {allOf: [{$ref: '#/components/schemas/Method'}, {description: How the user signed in.}]}
                fields: {type: array, items: {$ref: '#/components/schemas/CustomField'}}
                auth: {$ref: '#/components/schemas/AuthRequest'}
                deep: {$ref: '#/components/schemas/Level1'}
                login: {$ref: '#/components/schemas/Login'}
                file: {$ref: '#/components/schemas/File'}
            examples:
              first:
                value:
                  name: Test Flow
                  definition: '{"initial_state": "Trigger"}'
                  users: [user1, user2]
                  limit: 500
                  owner: {id: not-a-uuid, label: ops}
                  target: {user: u1}
                  note: null
                  filter: {id: U123=, type: product}
                  method: UK.OBIE.SCA
                  file: https://example.com/assets/slip.pdf
      responses:
        '204': {description: Created}
  /credentials:
    post:
      operationId: createCredentials
      requestBody:
        required: true
        content:
          application/json: {}
      responses:
        '204': {description: Created}
  /rules:
    put:
      operationId: putRules
      requestBody:
        required: true
        content:
          application/json:
            schema:
              # `required` on an array, beside its definition (Linode's firewall rules).
              allOf:
                - type: object
                  required: [inbound]
                  properties:
                    inbound:
                      type: array
                      items: {type: object, required: [action], properties: {action: {type: string}}}
              properties:
                inbound: {required: [action]}
      responses:
        '204': {description: Updated}
  /automod:
    post:
      operationId: createRule
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [trigger_type, app_type]
              properties:
                # An enum beside `allOf: [$ref]` restricts it (Discord's keyword rules).
                trigger_type: {type: integer, enum: [4], allOf: [$ref: '#/components/schemas/TriggerType']}
                # A oneOf of one integer const (Discord's ApplicationTypes).
                app_type: {type: integer, oneOf: [{title: GUILD_ROLE_SUBSCRIPTIONS, const: 4}]}
      responses:
        '204': {description: Created}
    # An optional form that can only be empty (Stripe's GETs): no body to set.
    get:
      operationId: listRules
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses:
        '204': {description: Listed}
components:
  examples:
    Region: {value: eu-west-1}
  schemas:
    TriggerType:
      type: integer
      oneOf:
        - {title: KEYWORD, const: 1}
        - {title: KEYWORD_PRESET, const: 4}
    # Branches told apart by nothing a validator reads in the first two: a value of either
    # matches both, and a oneOf then matches none; the third's is its own.
    Target:
      oneOf:
        - type: object
          required: [number]
          properties:
            number: {type: string}
        - type: object
          required: [number]
          properties:
            number: {type: string}
            extension: {type: string}
        - type: object
          required: [user]
          additionalProperties: false
          properties:
            user: {type: string}
    # Told apart by a negative lookahead (Lob's remote and local files).
    File:
      oneOf:
        - {type: string, pattern: '^https://[-a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$'}
        - {type: string, pattern: '^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$'}
    Key: {type: string, readOnly: true}
    Method: {type: string}
    # A discriminator validators do not read: a password login is also a code login to them.
    Login:
      oneOf: [{$ref: '#/components/schemas/PasswordLogin'}, {$ref: '#/components/schemas/CodeLogin'}]
      discriminator:
        propertyName: method
        mapping: {password: '#/components/schemas/PasswordLogin', code: '#/components/schemas/CodeLogin'}
    PasswordLogin: {type: object, required: [method, password], properties: {method: {type: string}, password: {type: string}}}
    CodeLogin: {type: object, required: [method], properties: {method: {type: string}, code: {type: string}}}
    # Nested deeper than a recursion guard should stop (Oxide's firewall rules).
    Level1: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level2'}}}}
    Level2: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level3'}}}}
    Level3: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level4'}}}}
    Level4: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level5'}}}}
    Level5: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level6'}}}}
    Level6: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level7'}}}}
    Level7: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level8'}}}}
    Level8: {type: object, required: [next], properties: {next: {type: array, items: {$ref: '#/components/schemas/Level9'}}}}
    Level9: {type: object, required: [ip], properties: {ip: {type: string, format: ipv4}}}
    # `required` beside an allOf, naming another member's properties (InfluxDB's).
    AuthRequest:
      required: [org, permissions, scope]
      allOf:
        - {type: object, properties: {status: {type: string}}}
        - type: object
          properties:
            org: {type: string}
            permissions: {type: array, minItems: 1, items: {type: string}}
    # An anyOf that only says which properties must be there (Apideck's custom fields).
    CustomField:
      type: object
      additionalProperties: false
      anyOf: [{required: [id]}, {required: [name]}]
      properties:
        id: {type: string}
        name: {type: string}
        value: {type: string}
    # Told apart only by an optional property (BigCommerce's search filters).
    Filter:
      oneOf:
        - type: object
          properties:
            id: {type: integer}
            type: {type: string, enum: [product]}
            sort_by: {type: string, enum: [alpha]}
        - type: object
          properties:
            id: {type: integer}
            type: {type: string, enum: [price]}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Dog'
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: type
    Dog:
      type: object
      required: [type, parent]
      properties:
        type: {type: string}
        parent: {$ref: '#/components/schemas/Pet'}
    Cat:
      type: object
      additionalProperties: false
      properties:
        type: {type: string}
"#;

#[test]
fn examples_are_values_the_schema_allows() {
    let dir = std::env::temp_dir().join(format!("clientgen-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("examples.yaml");
    std::fs::write(&spec, SPEC).expect("write spec");
    let api = clientgen::model(&spec, "examples-client").unwrap_or_else(|e| panic!("{e}"));
    let op = &api.operations[0];
    let param = |name: &str| -> &Value { &op.params.iter().find(|p| p.wire == name).expect(name).example };
    assert_eq!(param("limit"), &json!(5));
    // Never an empty path segment (Telnyx's bucket names give `example: ""`).
    assert_eq!(param("bucket"), &json!("example"));
    // The spec's example breaks its own maximum: a value within it instead.
    assert_eq!(param("big"), &json!(1));
    assert_eq!(param("since"), &json!("2024-01-15"));
    assert_eq!(param("status"), &json!("closed"));
    assert_eq!(param("code").as_str().map(str::len), Some(8));
    assert_eq!(param("ratio"), &json!(0.5));
    assert_eq!(param("tags"), &json!(["user@example.com", "user@example.com"]));
    // Examples that break their format or pattern are replaced; one that fits is kept.
    assert_eq!(param("user"), &json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    assert_eq!(param("amount"), &json!("0"));
    assert_eq!(param("sid"), &json!("FW1234"));
    // A pattern's example made as long as the schema asks (GitHub's commit sha).
    assert_eq!(param("sha"), &json!("00000000"));
    // Unique items are distinct (Discord's message ids to delete).
    assert_eq!(param("ids"), &json!(["0", "1"]));
    // A parameter is text: of a number or a string, a string no number reads as (GitHub's
    // workflow ids), or a validator finds both branches match.
    assert_eq!(param("workflow"), &json!("example"));
    // Lookaheads met (Equinix's BGP md5 needs a lower-case letter, a capital and a digit).
    assert_eq!(param("md5"), &json!("aA0aA0aA0a"));
    // Nomad's u64 bound written as a float: still an integer, a u64 (it goes up to u64::MAX).
    assert_eq!(param("index"), &json!(1));
    let index = op.params.iter().find(|p| p.wire == "index").expect("index");
    assert_eq!(index.ty, clientgen::model::TypeRef::Integer(clientgen::model::IntKind::U64));
    // A default beyond i64 (DigitalOcean's Kafka flush settings): a u64 too.
    let flush = op.params.iter().find(|p| p.wire == "flush").expect("flush");
    assert_eq!(flush.ty, clientgen::model::TypeRef::Integer(clientgen::model::IntKind::U64));
    // A map has the entries its `minProperties` asks for (Discord's integration types config).
    // Required properties only, the read-only ones (also through `$ref`) left out; of a oneOf
    // without discriminator, the first branch whose example no other branch allows; a recursive union ends in a branch
    // that does not recurse, each branch with the discriminator value that selects it.
    let body = &op.body.as_ref().expect("body").example;
    assert_eq!(
        body,
        &json!({"name": "Rex", "kind": "dog", "pet": {"type": "Dog", "parent": {"type": "Cat"}}, "target": {"user": "example"}, "tier": "example", "labels": {"key": 3, "key2": 3}})
    );
    // A required property nothing describes (DigitalOcean's uptime check `method`) is a field of
    // any JSON value, so a request can send it.
    let body_type = api.types.iter().find(|t| t.name == "CreateItemBody").expect("CreateItemBody");
    let clientgen::model::TypeKind::Struct(fields) = &body_type.kind else { panic!("a struct") };
    let tier = fields.fields.iter().find(|f| f.wire == "tier").expect("a tier field");
    assert!(tier.required() && tier.ty == clientgen::model::TypeRef::Json);
    // The examples a body or parameter gives in `examples` (a `$ref` followed), property by
    // property: their optional properties too, each checked (a limit above its maximum, a uuid
    // that is none are replaced), as many array items as given, the union branch the value
    // fits, a `null` left out; of a oneOf whose branches require nothing, one with its
    // optional properties where they tell it apart.
    let op = &api.operations[1];
    let region = &op.params.iter().find(|p| p.wire == "region").expect("region").example;
    assert_eq!(region, &json!("eu-west-1"));
    let body = &op.body.as_ref().expect("body").example;
    assert_eq!(
        body,
        &json!({
            "name": "Test Flow",
            "definition": "{\"initial_state\": \"Trigger\"}",
            "users": ["user1", "user2"],
            "limit": 1,
            "owner": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "label": "ops"},
            "target": {"user": "u1"},
            // The given filter's id breaks its type, so it fits no branch: the first branch
            // with all its properties, which the other does not allow.
            "filter": {"id": 1, "type": "product", "sort_by": "alpha"},
            // An allOf of a string and a description: a string.
            "method": "UK.OBIE.SCA",
            // The first set of properties a constraint-only anyOf requires.
            "fields": [{"id": "example"}],
            // What `required` beside an allOf names, from the member that defines it.
            "auth": {"org": "example", "permissions": ["example"], "scope": "example"},
            "deep": {"next": [{"next": [{"next": [{"next": [{"next": [{"next": [{"next": [{"next": [
                {"ip": "192.0.2.1"}
            ]}]}]}]}]}]}]}]},
            // Of a discriminated oneOf too, the branch no other allows, with its tag.
            "login": {"method": "code"},
            // The given URL is a remote file only: the local one's lookahead refuses it.
            "file": "https://example.com/assets/slip.pdf",
        })
    );
    // A JSON body the spec does not describe (Codat's credentials): `{}`, not `null`.
    assert_eq!(&api.operations[2].body.as_ref().expect("body").example, &json!({}));
    // Object keywords beside an array constrain nothing: still an array.
    assert_eq!(
        &api.operations[3].body.as_ref().expect("body").example,
        &json!({"inbound": [{"action": "example"}]})
    );
    // Integers: an enum beside `allOf: [$ref]` gives its own value, a one-const oneOf its const.
    assert_eq!(
        &api.operations
            .iter()
            .find(|o| o.operation_id == "createRule")
            .and_then(|o| o.body.as_ref())
            .expect("body")
            .example,
        &json!({"trigger_type": 4, "app_type": 4})
    );
    let list = api.operations.iter().find(|o| o.operation_id == "listRules").expect("listRules");
    assert!(list.body.is_none(), "a body that can only be empty is none");
    let _ = std::fs::remove_dir_all(&dir);
}
