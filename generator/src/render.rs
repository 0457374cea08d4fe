//! Render stage: tokens → formatted text, in process and byte-deterministic.

use crate::emit::{self, Emitted};
use crate::model::Api;
use crate::Files;
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The first line of every generated Rust file.
pub fn header(spec: &str) -> String {
    format!(
        "// {} from `{spec}`. Do not edit by hand: edit the spec and run `cargo xtask generate`.\n",
        crate::surface::MARKER
    )
}

/// Renders every file of the crate. Long files are emitted and rendered in parts (see
/// [`emit::Emitter::parts`]) on up to `available_parallelism` threads, each taking the next
/// part when it is done with one (tokens cannot cross threads, so each thread emits what it
/// renders). prettyplease prints a file's items one after the other, so a file's text is its
/// parts' texts joined, and the result does not depend on the thread count.
pub fn render_crate(api: &Api, spec: &str) -> Files {
    let emitter = emit::Emitter::new(api);
    let files = emitter.files();
    let tasks: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, (_, f))| (0..emitter.parts(*f)).map(move |p| (i, p)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(tasks.len()).max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(i, part)) = tasks.get(k) else { break done };
            let text = match emitter.emit(files[i].1, part) {
                Emitted::Text(t) => t,
                Emitted::Rust(tokens) => enum_lines(object_lines(prettyplease::unparse(&parse_file(tokens)))),
            };
            done.push((k, text));
        }
    };
    let mut texts: Vec<String> = vec![String::new(); tasks.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        for done in workers.into_iter().map(|w| w.join()).chain([Ok(mine)]) {
            match done {
                Ok(done) => done.into_iter().for_each(|(k, text)| texts[k] = text),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    let mut out = Files::new();
    for ((i, _), text) in tasks.iter().zip(texts) {
        let path = &files[*i].0;
        out.entry(path.clone())
            .or_insert_with(|| if path.ends_with(".rs") { rust_head(spec) } else { String::new() })
            .push_str(&text);
    }
    out
}

/// The opening of a struct's `runtime::object_impls!` call (see `emit::types::object_impls`).
const OBJECT_CALL: &str = "crate::runtime::object_impls! {\n";

/// The opening of an enum's `runtime::enum_impls!` call (see `emit::types::enum_def`).
const ENUM_CALL: &str = "crate::runtime::enum_impls! {\n";

/// `runtime::object_impls!` calls laid out one property a line: prettyplease flows a macro's tokens
/// like prose, so a property added to a schema would reflow the rest of its struct's call in a
/// diff. The call's tokens are identifiers, string literals, commas, braces, `..` and one
/// `#[cfg(..)]`; commas and brackets inside string literals are left alone.
fn object_lines(text: String) -> String {
    calls(text, OBJECT_CALL, |tokens, inner, out| {
        // `#[cfg(..)] read Name { fields } .. extra`
        let (head, fields, tail) = match split_braces(tokens) {
            Some(parts) => parts,
            None => (tokens, "", ""),
        };
        let head = gate(head.trim(), inner, out);
        out.push_str(&format!("{inner}{head} {{\n"));
        for field in split_commas(fields) {
            out.push_str(&format!("{inner}    {},\n", field_line(field)));
        }
        out.push_str(&format!(
            "{inner}}}{}\n",
            if tail.trim().is_empty() { String::new() } else { format!(" {}", tail.trim()) }
        ));
    })
}

/// `runtime::enum_impls!` calls laid out as a struct's are, its `#[cfg(..)]` on a line and
/// `read str Name` on the next, whatever the length of the name (prettyplease wraps them where
/// the line grows long, so one enum's call would break where another's does not).
fn enum_lines(text: String) -> String {
    calls(text, ENUM_CALL, |tokens, inner, out| {
        let head = gate(tokens, inner, out);
        out.push_str(&format!("{inner}{head}\n"));
    })
}

/// Each call of `text` that opens with `call` (a `{ .. }` macro call whose closing brace is on a
/// line of its own at the call's indent), its tokens on one line given to `body` with the
/// indent of the call's inside, to write what goes between the braces.
fn calls(text: String, call: &str, body: impl Fn(&str, &str, &mut String)) -> String {
    if !text.contains(call) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(call) {
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = &rest[line_start..at];
        let body_start = at + call.len();
        let close = format!("\n{indent}}}\n");
        let Some(end) = rest[body_start..].find(&close).map(|i| body_start + i) else { break };
        out.push_str(&rest[..body_start]);
        body(&flatten(&rest[body_start..end]), &format!("{indent}    "), &mut out);
        out.push_str(indent);
        out.push('}');
        rest = &rest[end + close.len() - 1..];
    }
    out.push_str(rest);
    out
}

/// A call's leading `#[cfg(..)]`, written on a line of its own; the rest of `head`.
fn gate<'a>(head: &'a str, inner: &str, out: &mut String) -> &'a str {
    match head.starts_with("#[").then(|| closing(head, 1)).flatten() {
        Some(i) => {
            out.push_str(&format!("{inner}{}\n", &head[..=i]));
            head[i + 1..].trim()
        }
        None => head,
    }
}

/// `field : Option < Vec < T > > = "wire" how finish` as `field: Option<Vec<T>> = ..`: the
/// type as rustfmt writes it (prettyplease spaces every token of a macro call).
fn field_line(field: &str) -> String {
    let (Some(colon), Some(equals)) = (field.find(" : "), field.find(" = \"")) else {
        return field.to_string();
    };
    if equals < colon {
        return field.to_string();
    }
    let ty: String = field[colon + 3..equals].split_whitespace().collect::<String>().replace(',', ", ");
    format!("{}: {ty}{}", &field[..colon], &field[equals..])
}

/// Whether each byte of `text` is inside a string literal.
fn in_literal(text: &str) -> Vec<bool> {
    let mut inside = false;
    let mut escaped = false;
    text.bytes()
        .map(|b| {
            let was = inside;
            if inside && escaped {
                escaped = false;
            } else if inside && b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                inside = !inside;
            }
            was || inside
        })
        .collect()
}

/// The tokens on one line: line breaks and indentation outside literals become one space.
fn flatten(body: &str) -> String {
    let literal = in_literal(body);
    let mut out = String::with_capacity(body.len());
    let mut space = false;
    for (i, c) in body.char_indices() {
        if !literal[i] && c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The index of the bracket that closes the one opened at `open`.
fn closing(text: &str, open: usize) -> Option<usize> {
    let literal = in_literal(text);
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(open) {
        if literal[i] {
            continue;
        }
        match b {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `head { inside } tail` at the first brace outside literals and brackets.
fn split_braces(text: &str) -> Option<(&str, &str, &str)> {
    let literal = in_literal(text);
    let mut depth = 0usize;
    let open = text.bytes().enumerate().position(|(i, b)| {
        if literal[i] {
            return false;
        }
        match b {
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth = depth.saturating_sub(1),
            b'{' if depth == 0 => return true,
            _ => {}
        }
        false
    })?;
    let close = closing(text, open)?;
    Some((&text[..open], &text[open + 1..close], &text[close + 1..]))
}

/// The comma-separated parts of `text` (commas outside literals, generics and brackets),
/// trimmed, empty ones left out.
fn split_commas(text: &str) -> Vec<&str> {
    let literal = in_literal(text);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        if literal[i] {
            continue;
        }
        match b {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' | b')' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// The syntax tree `prettyplease` formats (about half of the generation time on large specs).
pub fn parse_file(tokens: TokenStream) -> syn::File {
    match syn::parse2(tokens) {
        Ok(f) => f,
        // The emitters build their tokens with `quote!`; failing to parse them is a generator
        // bug.
        Err(e) => panic!("generated tokens do not parse: {e}"),
    }
}

/// Header, `rustfmt::skip` and the formatted file.
pub fn format_file(spec: &str, file: &syn::File) -> String {
    rust_head(spec) + &prettyplease::unparse(file)
}

/// What comes before the formatted tokens of a Rust file: the header and `rustfmt::skip`.
fn rust_head(spec: &str) -> String {
    // Inner attributes must stay first: put the skip right after the leading inner docs.
    format!("{}#![cfg_attr(rustfmt, rustfmt::skip)]\n", header(spec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rendered(tokens: TokenStream) -> String {
        enum_lines(object_lines(prettyplease::unparse(&parse_file(tokens))))
    }

    #[test]
    fn object_impls_calls_are_laid_out_one_property_a_line() {
        let text = rendered(quote! {
            crate::runtime::object_impls! {
                #[cfg(feature = "pets")]
                read Pet {
                    name: String = "name" field required,
                    tags: Option<Vec<::std::collections::BTreeMap<String, i64>>> = "tags, or {labels}" optional present,
                    r#type: Option<crate::Nullable<String>> = "type" nullable present,
                } .. extra
            }
        });
        assert_eq!(
            text,
            "crate::runtime::object_impls! {\n    \
             #[cfg(feature = \"pets\")]\n    \
             read Pet {\n        \
             name: String = \"name\" field required,\n        \
             tags: Option<Vec<::std::collections::BTreeMap<String, i64>>> = \"tags, or {labels}\" optional present,\n        \
             r#type: Option<crate::Nullable<String>> = \"type\" nullable present,\n    \
             } ..extra\n\
             }\n"
        );
    }

    #[test]
    fn enum_impls_calls_put_their_gate_and_head_on_lines_of_their_own() {
        let long = crate::names::local(&"A".repeat(120));
        let text = rendered(quote! {
            crate::runtime::enum_impls! { #[cfg(feature = "x")] read str #long }
            crate::runtime::enum_impls! { write int Short }
        });
        let a = "A".repeat(120);
        assert_eq!(
            text,
            format!(
                "crate::runtime::enum_impls! {{\n    #[cfg(feature = \"x\")]\n    read str {a}\n}}\n\
                 crate::runtime::enum_impls! {{\n    write int Short\n}}\n"
            )
        );
    }

    #[test]
    fn text_without_the_calls_is_left_alone() {
        let text = "fn main() {}\n".to_string();
        assert_eq!(object_lines(enum_lines(text.clone())), text);
    }
}
