//! A schema's `pattern` as a regex, with the leading lookaheads specs write read one by one.

/// A schema's `pattern`, compiled. The regex library reads no lookaround; the form specs use,
/// lookaheads at the start (`^(?=.*[a-z])(?=.*\d)[a-z\d]{10,20}$`, `^(?!https://)…`), is read as
/// one expression per lookahead, each matched (or, negative, not matched) at the start, and the
/// rest.
pub(super) struct Pattern {
    /// Lookaheads: whether positive, and the expression anchored at the start.
    ahead: Vec<(bool, regex::Regex)>,
    main: regex::Regex,
}

impl Pattern {
    pub(super) fn new(pattern: &str) -> Option<Pattern> {
        if let Ok(main) = regex::Regex::new(pattern) {
            return Some(Pattern { ahead: Vec::new(), main });
        }
        let (ahead, rest) = lookaheads(pattern)?;
        let ahead = ahead
            .into_iter()
            .map(|(positive, x)| regex::Regex::new(&format!("^(?:{x})")).ok().map(|r| (positive, r)))
            .collect::<Option<Vec<_>>>()?;
        let main = regex::Regex::new(&format!("^(?:{rest})")).ok()?;
        Some(Pattern { ahead, main })
    }

    pub(super) fn is_match(&self, s: &str) -> bool {
        self.ahead.iter().all(|(positive, r)| r.is_match(s) == *positive) && self.main.is_match(s)
    }
}

/// A pattern `^(?=a)(?!b)rest` split into its leading lookaheads (positive or not, and their
/// expression) and the rest; `None` when it does not start so.
pub(super) fn lookaheads(pattern: &str) -> Option<(Vec<(bool, &str)>, &str)> {
    let mut rest = pattern.strip_prefix('^')?;
    let mut ahead = Vec::new();
    while let Some(positive) =
        rest.strip_prefix("(?=").map(|_| true).or(rest.strip_prefix("(?!").map(|_| false))
    {
        let inner = &rest[3..];
        let close = group_end(inner)?;
        ahead.push((positive, &inner[..close]));
        rest = &inner[close + 1..];
    }
    (!ahead.is_empty()).then_some((ahead, rest))
}

/// Where the group whose inside starts `s` closes: the index of its `)`.
pub(super) fn group_end(s: &str) -> Option<usize> {
    structure(s).find(|&(_, c, depth)| c == ')' && depth == 0).map(|(i, _, _)| i)
}

/// The characters of a pattern that give it structure (outside character classes, unescaped),
/// each with its index and the depth of groups around it (before a `(` opens one).
pub(super) fn structure(s: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut in_class, mut escaped) = (0usize, false, false);
    s.char_indices().filter_map(move |(i, c)| {
        let at = depth;
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            _ if in_class => {}
            '(' => {
                depth += 1;
                return Some((i, c, at));
            }
            ')' => {
                depth = depth.saturating_sub(1);
                return Some((i, c, at));
            }
            _ => return Some((i, c, at)),
        }
        None
    })
}
