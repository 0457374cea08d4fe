//! YAML → `serde_json::Value`, and the line of any JSON pointer in YAML or JSON text.
//!
//! Parsing uses `serde_norway`, the maintained fork of the deprecated `serde_yaml` (libyaml's
//! rules, tolerant of the slightly malformed YAML real providers publish; chosen on the evidence
//! of `bench/yaml`, see docs/performance.md), deserialised straight into a JSON value by our own visitor:
//! integers beyond 64 bits (DigitalOcean, OpenAI) become floats instead of failing, mapping keys
//! of any scalar type become strings, and merge keys (`<<`) are applied. The parser bounds alias
//! expansion and nesting itself. Lines for error messages come from `yaml-rust2`'s event parser,
//! which reports positions for every node (best effort: it is stricter than libyaml).

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A parse error: 1-based line (where known) and message.
pub type ParseError = (Option<usize>, String);

/// Parses one YAML document into a JSON value.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    if let Some(line) = flow_too_deep(text) {
        return Err((Some(line), format!("brackets nested more than {FLOW_DEPTH} deep")));
    }
    let de = serde_norway::Deserializer::from_str(text);
    JsonValue.deserialize(de).map_err(|e| (e.location().map(|l| l.line()), e.to_string()))
}

/// Open brackets beyond which a document is refused before libyaml reads it: libyaml refuses
/// deep nesting itself, but only after a time that grows with the square of the depth (48 s for
/// 100,000 `[`). No real spec comes near: the deepest corpus document nests its brackets a few
/// dozen deep.
const FLOW_DEPTH: usize = 5_000;

/// The line where `[` and `{` (counted anywhere, prose included, less their closing brackets)
/// first stand more than [`FLOW_DEPTH`] deep, if they do.
fn flow_too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > FLOW_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// Deserialises any self-describing input into a `serde_json::Value`.
struct JsonValue;

impl<'de> DeserializeSeed<'de> for JsonValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map(Value::from).unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map(Value::from).unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no infinities or NaN (`.inf`, `.nan`): keep them as text.
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(JsonValue)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        let mut merges = Vec::new();
        while let Some(key) = access.next_key_seed(JsonValue)? {
            let value = access.next_value_seed(JsonValue)?;
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                other @ (Value::Number(_) | Value::Bool(_)) => other.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(serde::de::Error::custom("a mapping key must be a scalar"));
                }
            };
            if key == "<<" {
                merges.push(value);
            } else {
                map.insert(key, value);
            }
        }
        // `<<: *base` and `<<: [*a, *b]`: keys not set here come from the merged mappings.
        for merged in merges {
            let sources = match merged {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                if let Value::Object(m) = source {
                    for (k, v) in m {
                        map.entry(k).or_insert(v);
                    }
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// The 1-based line where the node at `pointer` (or its mapping key) stands, in YAML or JSON
/// text. `None` when the pointer is not in the text.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    let target: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer.trim_start_matches('/').split('/').map(crate::error::unescape_token).collect()
    };
    let mut finder = Finder { target, path: Vec::new(), stack: Vec::new(), found: None };
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut finder, false);
    finder.found
}

enum Seen {
    Seq(usize),
    Map { key: Option<(String, usize)> },
}

struct Finder {
    target: Vec<String>,
    path: Vec<String>,
    stack: Vec<Seen>,
    found: Option<usize>,
}

impl Finder {
    /// A node starts at `mark`: returns whether it is the target.
    fn node_starts(&mut self, mark: Marker) -> bool {
        let (token, line) = match self.stack.last_mut() {
            None => (None, mark.line()),
            Some(Seen::Seq(i)) => {
                let t = i.to_string();
                *i += 1;
                (Some(t), mark.line())
            }
            Some(Seen::Map { key }) => match key.take() {
                Some((k, key_line)) => (Some(k), key_line),
                None => return false, // this node is a key
            },
        };
        let mut path = self.path.clone();
        path.extend(token.clone());
        if path == self.target && self.found.is_none() {
            self.found = Some(line);
        }
        self.path = path;
        true
    }
}

impl MarkedEventReceiver for Finder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.found.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, ..) => {
                let is_key = matches!(self.stack.last(), Some(Seen::Map { key: None }));
                if is_key {
                    if let Some(Seen::Map { key }) = self.stack.last_mut() {
                        *key = Some((text, mark.line()));
                    }
                } else if self.node_starts(mark) && !self.stack.is_empty() {
                    self.path.pop();
                }
            }
            Event::Alias(_) if self.node_starts(mark) && !self.stack.is_empty() => {
                self.path.pop();
            }
            Event::SequenceStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Seen::Map { key: None }));
                if !is_key {
                    self.node_starts(mark);
                }
                self.stack.push(Seen::Seq(0));
            }
            Event::MappingStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Seen::Map { key: None }));
                if !is_key {
                    self.node_starts(mark);
                }
                self.stack.push(Seen::Map { key: None });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                if !self.stack.is_empty() {
                    self.path.pop();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars() {
        let v = parse("a: on\nb: yes\nc: 0o17\nd: 0x1F\ne: 1.5e3\nf: '1'\ng: ~\nh: true\ni: 18446744073709552000\nj: -9223372036854776000\n200: x\ninf: .inf\n").unwrap();
        assert_eq!(v["a"], "on");
        assert_eq!(v["b"], "yes");
        assert_eq!(v["c"], 15);
        assert_eq!(v["d"], 31);
        assert_eq!(v["e"], 1500.0);
        assert_eq!(v["f"], "1");
        assert_eq!(v["g"], Value::Null);
        assert_eq!(v["h"], true);
        assert_eq!(v["i"], 18446744073709552000.0);
        assert_eq!(v["j"], -9223372036854776000.0);
        assert_eq!(v["200"], "x");
        assert_eq!(v["inf"], "inf");
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let v = parse("base: &b {x: 1, y: 2}\nref: *b\nmerged:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(v["ref"], json!({"x": 1, "y": 2}));
        assert_eq!(v["merged"], json!({"y": 3, "x": 1}));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let wide = |name: &str| vec![format!("*{name}"); 100].join(", ");
        let mut bomb = format!("a0: &a0 [{}]\n", vec!["x"; 100].join(", "));
        for i in 1..6 {
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", wide(&format!("a{}", i - 1))));
        }
        assert!(parse(&bomb).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn malformed_but_published_yaml_is_accepted() {
        // A double-quoted scalar whose continuation lines are not indented (libyaml accepts it).
        let v = parse("info:\n  description: \"first\nsecond\"\n").unwrap();
        assert_eq!(v["info"]["description"], "first second");
    }

    #[test]
    fn lines_of_pointers() {
        let yaml = "openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n        - name: q\n      responses:\n        '200':\n          description: ok\n";
        assert_eq!(line_of(yaml, "/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(line_of(yaml, "/paths/~1a~1{id}/get/parameters/1"), Some(7));
        assert_eq!(line_of(yaml, "/paths/~1a~1{id}/get/parameters/1/name"), Some(7));
        assert_eq!(line_of(yaml, "/paths/~1a~1{id}/get/responses/200/description"), Some(10));
        assert_eq!(line_of(yaml, "/paths/~1b"), None);
        let json = "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}";
        assert_eq!(line_of(json, "/paths/~1a/get"), Some(4));
    }
}
