//! Spec prose → `#[doc]` attributes that rustdoc renders without warnings and never runs as a
//! doctest.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " ..."]` lines for `text`, which is the generator's own Markdown (spec prose goes
/// through [`prose`] first). Nothing for empty text.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let attrs = doc_lines(text).map(|l| quote!(#[doc = #l]));
    quote!(#(#attrs)*)
}

/// The lines of a doc comment for `text`, each with its leading space (an empty line has
/// none), made printable (see [`visible`]).
pub(crate) fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim().lines().map(|l| {
        let l = visible(l.trim_end());
        if l.is_empty() {
            l
        } else {
            format!(" {l}")
        }
    })
}

/// Text with the characters a doc comment may not hold written out as escapes: control
/// characters (a bare CR ends a `///` line for some tools and is refused by rustc) and the
/// Unicode controls that reorder text (rustc denies them in comments: they can make code read
/// otherwise than it runs).
pub(crate) fn visible(text: &str) -> String {
    let hidden = |c: char| (c.is_control() && c != '\t') || reorders(c);
    if !text.contains(hidden) {
        return text.to_string();
    }
    text.chars().map(|c| if hidden(c) { format!("\\u{{{:04x}}}", c as u32) } else { c.to_string() }).collect()
}

/// The Unicode controls that reorder text (embeddings, overrides, isolates, direction marks).
pub(crate) fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Spec text shown as inline code in the generator's own doc text (a name, a path, a value): on
/// one line (line breaks and other control characters as spaces, so that nothing after them can
/// start a code block, a doctest or a link), its backticks as `'`, in backticks.
pub(crate) fn code(s: &str) -> String {
    let inner: String = s
        .chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("`{inner}`")
}

/// Spec text that runs into the generator's own sentences (a title, a version): prose on one line.
pub(crate) fn inline(s: &str) -> String {
    let line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    prose(&line).replace('\n', " ")
}

/// Spec prose made safe for rustdoc (see [`sanitize`]), its HTML first made Markdown (see
/// [`html_to_markdown`]).
pub(crate) fn prose(text: &str) -> String {
    sanitize(&html_to_markdown(text)).join("\n")
}

/// The HTML specs write in descriptions (Stripe's `<p>`, `<code>`, `<a href>`, lists,
/// emphasis) as Markdown; any other tag is left for [`sanitize`] to escape.
pub(crate) fn html_to_markdown(text: &str) -> String {
    const TAGS: [&str; 12] =
        ["<p>", "</p>", "<code>", "<a ", "<li>", "<br", "<strong>", "<em>", "<b>", "<i>", "<pre>", "<ul>"];
    if !TAGS.iter().any(|t| text.contains(t)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // The destination of each `<a>` open, written at its `</a>`.
    let mut links: Vec<Option<String>> = Vec::new();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[1..end];
        let name =
            tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let closing = tag.starts_with('/');
        let replacement = match (name.to_ascii_lowercase().as_str(), closing) {
            ("p", false) => String::new(),
            ("p", true) => "\n\n".into(),
            ("br", _) => "\n".into(),
            ("code", _) | ("tt", _) => "`".into(),
            ("strong", _) | ("b", _) => "**".into(),
            ("em", _) | ("i", _) => "*".into(),
            ("ul", _) | ("ol", _) => "\n".into(),
            ("li", false) => "\n- ".into(),
            ("li", true) => String::new(),
            ("pre", _) => "\n```\n".into(),
            ("a", false) => {
                let href = tag.split("href=").nth(1).and_then(|h| {
                    let quote = h.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                    h[1..].split(quote).next().map(str::to_string)
                });
                out.push_str(if href.is_some() { "[" } else { "" });
                links.push(href);
                String::new()
            }
            ("a", true) => match links.pop().flatten() {
                Some(href) => format!("]({href})"),
                None => String::new(),
            },
            _ => {
                // Not a tag this knows: kept, escaped later.
                out.push('<');
                rest = &rest[1..];
                continue;
            }
        };
        out.push_str(&replacement);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    // Paragraph ends leave runs of blank lines.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank <= 1 {
            text.push_str(line.trim_end());
            text.push('\n');
        }
    }
    text.trim().to_string()
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
        if let Some(len) = link_at(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
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

/// The length of a Markdown link starting `s` whose destination is a URL or a path (`[text](https://..)`,
/// `[text](/docs/api)`, `[text](#anchor)`), if one does: it renders as a link. A destination
/// like a Rust path would be an intra-doc link, and is escaped.
fn link_at(s: &str) -> Option<usize> {
    let text_end = s.strip_prefix('[')?.find(']')? + 1;
    let text = &s[1..text_end];
    if text.contains(['[', '`']) || text.is_empty() {
        return None;
    }
    let dest_part = s[text_end + 1..].strip_prefix('(')?;
    let dest_end = dest_part.find(')')?;
    let dest = &dest_part[..dest_end];
    // Web links and paths only: a `javascript:` or `data:` destination would run in the page
    // rustdoc renders.
    let url_like = dest.starts_with("https://")
        || dest.starts_with("http://")
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("mailto:");
    (url_like && !dest.contains(char::is_whitespace) && !dest.contains(['<', '>', '(']))
        .then_some(text_end + 2 + dest_end + 1)
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
    fn html_becomes_markdown() {
        let stripe = "<p>Creates a <code>Customer</code>. See <a href=\"/docs/search#query\">Search</a>.</p>\
                      <p>Either:</p><ul><li><strong>one</strong></li><li><em>two</em></li></ul>";
        assert_eq!(
            prose(stripe),
            "Creates a `Customer`. See [Search](/docs/search#query).\n\nEither:\n\n- **one**\n- *two*"
        );
        // Tags it does not know are escaped; text without HTML is left alone.
        assert_eq!(
            prose("a <div>b</div> [x](crate::Y) [y](https://y.io)"),
            "a &lt;div&gt;b&lt;/div&gt; \\[x\\](crate::Y) [y](https://y.io)"
        );
        assert_eq!(html_to_markdown("x < y and y > z"), "x < y and y > z");
    }

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
