//! Strings that fit a schema: of a `format`, of a length, and of a `pattern` (generated from
//! the pattern's own syntax).

use super::*;

/// `s` with its last character repeated up to `min` characters, or cut to `max`.
pub(super) fn pad(s: &str, min: usize, max: usize) -> String {
    let n = s.chars().count();
    match s.chars().last() {
        Some(last) if n < min => s.chars().chain(std::iter::repeat_n(last, min - n)).collect(),
        _ => s.chars().take(max).collect(),
    }
}

/// A string of `format` (real-looking: a date, an address), padded or cut to the bounds.
pub(super) fn string_example(format: &str, min: usize, max: usize) -> String {
    let s = match format {
        "date" => "2024-01-15",
        "date-time" => "2024-01-15T09:30:00Z",
        "time" => "09:30:00Z",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "aGVsbG8=",
        "duration" => "P1D",
        "password" => "correct-horse",
        "int32" | "int64" | "integer" => "1",
        _ => "example",
    };
    let mut s = s.to_string();
    while s.chars().count() < min {
        s.push('x');
    }
    if s.chars().count() > max {
        s = s.chars().take(max).collect();
    }
    s
}

/// A string that a simple regular expression matches: literals, escapes (`\d`, `\w`, `\.`),
/// character classes (their first member), groups with alternatives (the first), and the
/// quantifiers `?`, `*`, `+`, `{n}`, `{n,m}` (their least count, at least one for `+`), after
/// leading lookaheads (a repeated class then cycles through its members, `aA0a…`, to meet them).
/// Anything else (other lookarounds, backreferences) gives `None`.
pub(super) fn pattern_example(pattern: &str) -> Option<String> {
    if let Some((_, rest)) = lookaheads(pattern) {
        let whole = Pattern::new(pattern)?;
        let plain = simple_pattern_example(rest, false)?;
        if whole.is_match(&plain) {
            return Some(plain);
        }
        return simple_pattern_example(rest, true).filter(|varied| whole.is_match(varied));
    }
    simple_pattern_example(pattern, false)
}

/// [`pattern_example`] of a pattern without lookarounds; `vary`: repeated classes cycle through
/// their members.
pub(super) fn simple_pattern_example(pattern: &str, vary: bool) -> Option<String> {
    // Alternatives each anchored at both ends (`^a$|^b$`): the first.
    if let Some(first) = top_level_alternatives(pattern).first().filter(|f| f.len() < pattern.len()) {
        return simple_pattern_example(first, vary);
    }
    // Anchored, the value is the whole string; unanchored (a search), a string that is a match
    // contains one.
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = match body.strip_suffix('$') {
        Some(b) if !b.ends_with('\\') => b,
        _ => body,
    };
    let chars: Vec<char> = body.chars().collect();
    let (out, end) = sequence(&chars, 0, vary)?;
    (end == chars.len()).then_some(out)
}

/// The alternatives of a pattern split at its top-level `|` (outside groups and classes).
pub(super) fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _, _) in structure(pattern).filter(|&(_, c, depth)| c == '|' && depth == 0) {
        parts.push(&pattern[start..i]);
        start = i + 1;
    }
    parts.push(&pattern[start..]);
    parts
}

/// A sequence up to `)` or `|` (or the end): its example, and where it stopped. `vary`: a
/// repeated class cycles through its members.
pub(super) fn sequence(chars: &[char], mut i: usize, vary: bool) -> Option<(String, usize)> {
    let mut out = String::new();
    while i < chars.len() && chars[i] != ')' && chars[i] != '|' {
        // The members a repeated atom cycles through (`vary`), beyond its first.
        let mut members = Vec::new();
        let (atom, next) = match chars[i] {
            '\\' => {
                let c = *chars.get(i + 1)?;
                let atom = match c {
                    'd' => "0".to_string(),
                    'w' => "a".to_string(),
                    's' => " ".to_string(),
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c.to_string(),
                };
                (atom, i + 2)
            }
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']')? + i;
                let class = &chars[i + 1..close];
                let first = match class.first()? {
                    '^' => return None,
                    '\\' => match class.get(1)? {
                        'd' => '0',
                        'w' => 'a',
                        c => *c,
                    },
                    c => *c,
                };
                if vary {
                    members = class_members(class);
                }
                (first.to_string(), close + 1)
            }
            '(' => {
                let mut j = i + 1;
                if chars.get(j) == Some(&'?') {
                    // `(?:` is a plain group; other `(?` forms are not read.
                    if chars.get(j + 1) != Some(&':') {
                        return None;
                    }
                    j += 2;
                }
                let (first, mut k) = sequence(chars, j, vary)?;
                while chars.get(k) == Some(&'|') {
                    k = sequence(chars, k + 1, vary)?.1;
                }
                if chars.get(k) != Some(&')') {
                    return None;
                }
                (first, k + 1)
            }
            '.' => ("a".to_string(), i + 1),
            '*' | '+' | '?' | '{' | '^' | '$' => return None,
            c => (c.to_string(), i + 1),
        };
        i = next;
        // A quantifier: the least count it allows.
        let count = match chars.get(i) {
            Some('?') | Some('*') => {
                i += 1;
                0
            }
            Some('+') => {
                i += 1;
                1
            }
            Some('{') => {
                let close = chars[i..].iter().position(|&c| c == '}')? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let least = inner.split(',').next()?.trim().parse::<usize>().ok()?;
                i = close + 1;
                least
            }
            _ => 1,
        };
        // A lazy quantifier's `?`.
        if chars.get(i) == Some(&'?') {
            i += 1;
        }
        if members.len() > 1 {
            out.extend(members.iter().cycle().take(count));
        } else {
            out.push_str(&atom.repeat(count));
        }
    }
    Some((out, i))
}

/// One member of each part of a character class's inside (`a-zA-Z\d_` gives `a`, `A`, `0`, `_`).
pub(super) fn class_members(class: &[char]) -> Vec<char> {
    let mut members = Vec::new();
    let mut i = 0;
    while i < class.len() {
        let member = match class[i] {
            '\\' => {
                i += 1;
                match class.get(i) {
                    Some('d') => '0',
                    Some('w') => 'a',
                    Some('s') => ' ',
                    Some(c) => *c,
                    None => break,
                }
            }
            c => c,
        };
        // A range counts once, by its start.
        if class.get(i + 1) == Some(&'-') && i + 2 < class.len() {
            i += 2;
        }
        members.push(member);
        i += 1;
    }
    members
}
