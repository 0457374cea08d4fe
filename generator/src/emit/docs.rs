//! Spec prose → `#[doc]` attributes that rustdoc renders without warnings and never runs as a
//! doctest.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " ..."]` lines for `text`, which is the generator's own Markdown (spec prose goes
/// through [`prose`] first). Nothing for empty text.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let attrs = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Spec prose made safe for rustdoc (see [`sanitize`]).
pub(crate) fn prose(text: &str) -> String {
    sanitize(text).join("\n")
}

/// Spec prose, or `fallback` when the spec has none (or only white space).
pub(crate) fn prose_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    text.map(prose).filter(|t| !t.trim().is_empty()).unwrap_or_else(fallback)
}

/// Makes CommonMark from a spec safe as rustdoc: fenced blocks become `text` blocks, indented
/// lines lose their indentation (rustdoc would compile them as Rust), brackets and angle brackets
/// are escaped (no broken links, no stray HTML), bare URLs are wrapped in `<...>`.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.trim_end().to_string());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        out.push(escape_line(trimmed.trim_end()));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    // No trailing blank lines.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        // Inline code is copied as it is.
        if rest.starts_with('`') {
            if let Some(close) = rest[1..].find('`') {
                out.push_str(&rest[..close + 2]);
                rest = &rest[close + 2..];
                continue;
            }
        }
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of an `http(s)://` URL starting `s`, if one does.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_made_safe() {
        let text =
            "See https://x.io/a.\n    indented code\n```\nlet x = [1];\n```\nA [link] <b> `[x] https://y`";
        assert_eq!(
            sanitize(text),
            vec![
                "See <https://x.io/a>.",
                "indented code",
                "```text",
                "let x = [1];",
                "```",
                "A \\[link\\] &lt;b&gt; `[x] https://y`"
            ]
        );
    }
}
