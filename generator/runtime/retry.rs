//! When a failed request is sent again, and how long to wait.

use super::HeaderMap;
use std::time::{Duration, SystemTime};

/// When and how often a failed request is sent again.
///
/// Retried: connection errors, timeouts, bodies cut off, and responses 408, 429, 500, 502, 503 and
/// 504, for idempotent
/// methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) unless [`RetryPolicy::retry_non_idempotent`]
/// is set. The wait doubles from `initial_backoff` up to `max_backoff`, with jitter; a
/// `Retry-After` (seconds or HTTP date), `x-ratelimit-retry-after` or `retry-after-ms` header from
/// the server sets it instead. No attempt starts once `max_elapsed` would be passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    pub(super) initial_backoff: Duration,
    pub(super) max_backoff: Duration,
    pub(super) max_elapsed: Duration,
    pub(super) retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms to 5 s, at most 120 s in all, idempotent methods only.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(120),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retries.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Sends a request at most `attempts` times in all (1 turns retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts (a server's `Retry-After` may ask for longer).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts if waiting for it would end later than this after the first attempt.
    pub fn max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// Also retries POST and PATCH (only safe where the API makes them idempotent, for example
    /// with an idempotency key).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }
}

/// Exponential backoff with equal jitter: between half and all of `initial * 2^(n-1)`, capped.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(policy.max_backoff);
    let half = capped / 2;
    half + half.mul_f64(random_unit())
}

/// A number in [0, 1) from a small xorshift generator (jitter needs no cryptographic quality).
pub(super) fn random_unit() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
            | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a server asks for: `Retry-After` (seconds or HTTP date), `retry-after-ms`,
/// `x-ratelimit-retry-after` (seconds).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = text("retry-after-ms") {
        if let Ok(ms) = v.parse::<f64>() {
            return Some(Duration::from_secs_f64(ms.max(0.0) / 1000.0));
        }
    }
    for name in ["retry-after", "x-ratelimit-retry-after"] {
        if let Some(v) = text(name) {
            if let Ok(secs) = v.parse::<f64>() {
                return Some(Duration::from_secs_f64(secs.clamp(0.0, 86_400.0)));
            }
            if let Some(at) = http_date(v) {
                return Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO));
            }
        }
    }
    None
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub(crate) fn http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let day: u64 = day.parse().ok()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| m == month)? as u64
        + 1;
    let year: u64 = year.parse().ok()?;
    let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else { return None };
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(days * 86_400 + h * 3600 + m * 60 + s))
}
