use super::{has_format, pattern_example, Pattern};

#[test]
fn strict_formats_are_checked() {
    let good = [
        ("uuid", "740add2a-a703-4b8a-a670-1093919c2040"),
        ("date", "2020-02-27"),
        ("date-time", "2020-02-28T03:24:29.2215641Z"),
        ("date-time", "2020-02-28T03:24:29+01:00"),
        ("email", "api@xero.com"),
        ("uri", "https://example.com/a"),
        ("ipv4", "10.0.0.1"),
        ("byte", "aGVsbG8="),
        ("password", "anything"),
    ];
    for (format, s) in good {
        assert!(has_format(format, s), "{format}: {s}");
    }
    // Xero's example user id has three digits in its fourth group.
    let bad = [
        ("uuid", "00000000-0000-0000-000-000000000000"),
        ("date", "27/02/2020"),
        ("date-time", "2020-02-28 03:24"),
        ("date-time", "/Date(1573755038314)/"),
        ("email", "nobody"),
        ("uri", "not a uri"),
        ("ipv4", "10.0.0.256"),
        ("byte", "hello"),
        ("byte", "a"),
    ];
    for (format, s) in bad {
        assert!(!has_format(format, s), "{format}: {s}");
    }
}

#[test]
fn simple_patterns_have_examples_that_match() {
    let cases = [
        ("^FW[0-9a-fA-F]{32}$", Some("FW00000000000000000000000000000000")),
        (r"^\d{3}-\d{2}$", Some("000-00")),
        (r"^-?\d{1,13}\.\d{1,5}$", Some("0.0")),
        ("^(ACTIVE|INACTIVE)$", Some("ACTIVE")),
        ("^[A-Z]{2}(?:[0-9]{2})?$", Some("AA")),
        ("^a+b*$", Some("a")),
        (r"^\d{1,13}$|^\d{1,13}\.\d{1,5}$", Some("0")),
        // Unanchored: a match (hubspot's file ids, `\d+`).
        ("[0-9]+", Some("0")),
        (r"\d+", Some("0")),
        // Lookaheads at the start (Equinix's BGP md5, Lob's local file paths).
        (r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d]{10,20}$", Some("aA0aA0aA0a")),
        ("^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$", Some("aahtm")),
        ("^(?!a)a$", None),
        // Not simple: no example.
        ("^(?<=x)x$", None),
        ("^[^a]$", None),
    ];
    for (pattern, want) in cases {
        assert_eq!(pattern_example(pattern).as_deref(), want, "{pattern}");
    }
}

#[test]
fn leading_lookaheads_are_matched() {
    let local = Pattern::new("^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf|png|jpg)$").unwrap();
    assert!(!local.is_match("https://s3.amazonaws.com/public.lob.com/assets/buckslip.pdf"));
    assert!(local.is_match("assets/buckslip.pdf"));
    let md5 = Pattern::new(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d]{10,20}$").unwrap();
    assert!(md5.is_match("aA0aA0aA0a"));
    assert!(!md5.is_match("aaaaaaaaaa"));
    assert!(!md5.is_match("aA0"));
    assert!(Pattern::new("^(?<=x)x$").is_none());
}
