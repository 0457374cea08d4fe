//! Sending a call: per-call options, timeouts, retries, body limits and tracing.

use super::{backoff, insert_header, retry_after, Error, HeaderMap, Raw, Response, RetryPolicy, StatusCode};
use std::time::{Duration, Instant};

/// Settings for one call, overriding the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    pub(crate) idle_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time one attempt may take, from connecting to the end of the body; for an event
    /// stream, to its response headers.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// For an event stream: the longest wait for the next bytes of the stream.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An extra header (an idempotency key, a trace id). A value with a line break makes the call
    /// fail with [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter, percent-encoded and added after the operation's own (a
    /// parameter the spec forgot: `page`, `expand[]`). Given twice, it is sent twice.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
}

impl RequestOptions {
    /// These options, with the headers and query parameters of `earlier` first.
    pub(crate) fn headers_from(mut self, earlier: RequestOptions) -> Self {
        let mut headers = earlier.headers;
        headers.append(&mut self.headers);
        self.headers = headers;
        let mut query = earlier.query;
        query.append(&mut self.query);
        self.query = query;
        self
    }
}

/// What a raw request needs of the client (the generated `Client` implements it).
pub(crate) trait RawClient: Sync {
    /// The `reqwest` clients and settings requests go through.
    fn raw_transport(&self) -> &Transport;
    /// The base URL (the builder's, or the spec's server).
    fn raw_base(&self) -> String;
    /// Adds every configured credential and the default headers.
    fn raw_credentials(&self, url: &mut String, headers: &mut HeaderMap) -> Result<(), String>;
}

/// A request the spec does not describe: what `Client::raw` returns. Set its query and body,
/// then `.await` it (or call `send`).
#[must_use = "a request does nothing until it is awaited"]
pub struct RawRequest<'a, T> {
    client: &'a dyn RawClient,
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    /// A JSON body, or why it could not be written.
    body: Option<Result<Vec<u8>, String>>,
    options: RequestOptions,
    value: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for RawRequest<'_, T> {
    fn clone(&self) -> Self {
        RawRequest {
            client: self.client,
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            options: self.options.clone(),
            value: std::marker::PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for RawRequest<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a, T> RawRequest<'a, T> {
    pub(crate) fn new(client: &'a dyn RawClient, method: reqwest::Method, path: String) -> Self {
        RawRequest {
            client,
            method,
            path,
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            value: std::marker::PhantomData,
        }
    }
}

impl<'a, T: serde::de::DeserializeOwned + Send + 'a> RawRequest<'a, T> {
    /// A query parameter, percent-encoded (given twice, sent twice).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A JSON body (`serde_json::json!` or any `Serialize` value). One that does not serialize
    /// makes the call fail with [`Error::InvalidRequest`] before anything is sent.
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// A header (it overrides a default header of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Overrides the client's timeout and retry policy, and adds headers and query parameters,
    /// for this call (those set with [`RawRequest::header`] are kept).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options.headers_from(self.options);
        self
    }

    /// Sends the request (what awaiting it does).
    pub fn send(self) -> Pending<'a, T, std::convert::Infallible> {
        std::future::IntoFuture::into_future(self)
    }

    /// Sends the request; the result keeps the response's status and headers.
    pub fn send_with_response(mut self) -> Pending<'a, Response<T>, std::convert::Infallible> {
        let call = Call::new(self.method.clone(), "(raw)", &mut self.options);
        send(self.client.raw_transport(), call, self, Self::attempt, raw_response::<T>)
    }

    /// The request of one attempt (built afresh for each): the path from the root of the base
    /// URL (it must start with one `/`, so it stays on the client's host), the query, the
    /// client's credentials and default headers, and the body.
    fn attempt(&self) -> Result<reqwest::RequestBuilder, String> {
        if !self.path.starts_with('/') || self.path.starts_with("//") {
            return Err(format!("a raw request's path must start with one `/`: {:?}", self.path));
        }
        if self.path.chars().any(|c| c.is_control() || c == ' ' || c == '#') {
            return Err(format!(
                "a raw request's path holds a space, `#` or a control character: {:?}",
                self.path
            ));
        }
        let mut url = format!("{}{}", self.client.raw_base().trim_end_matches('/'), self.path);
        for (name, value) in &self.query {
            super::push_query(&mut url, name, value);
        }
        let mut headers = HeaderMap::new();
        self.client.raw_credentials(&mut url, &mut headers)?;
        let request = self.client.raw_transport().request(self.method.clone(), url).headers(headers);
        match &self.body {
            None => Ok(request),
            Some(Ok(bytes)) => {
                Ok(request.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes.clone()))
            }
            Some(Err(e)) => Err(format!("a raw request's body does not serialize: {e}")),
        }
    }
}

impl<'a, T: serde::de::DeserializeOwned + Send + 'a> std::future::IntoFuture for RawRequest<'a, T> {
    type Output = Result<T, Error<std::convert::Infallible>>;
    type IntoFuture = Pending<'a, T, std::convert::Infallible>;

    fn into_future(self) -> Self::IntoFuture {
        value(self.send_with_response())
    }
}

/// The outcome of a raw request: a success status's JSON body (an empty one reads as `null`,
/// so `()` and `Option` fit it) decoded into `T`; any other status is unexpected.
pub(crate) fn raw_response<T: serde::de::DeserializeOwned>(
    raw: Raw,
) -> Result<Response<T>, Error<std::convert::Infallible>> {
    if !raw.status.is_success() {
        return Err(raw.unexpected());
    }
    let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &raw.body };
    match serde_json::from_slice(body) {
        Ok(value) => Ok(raw.into_response(value)),
        Err(source) => {
            Err(Error::Decode { status: raw.status, headers: raw.headers, body: raw.body, source })
        }
    }
}

/// The client-wide settings every call starts from.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub timeout: Option<Duration>,
    /// The longest wait between two reads of an event stream.
    pub idle_timeout: Option<Duration>,
    pub retry: RetryPolicy,
    pub max_body: usize,
    /// Headers every request carries unless it sets them itself (see [`default_headers`]).
    pub headers: HeaderMap,
}

/// The `User-Agent` a client sends unless told otherwise: the generated crate's name and version.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The client-wide headers: those given to the builder (the last value of a name wins), and a
/// `User-Agent`: the one given, else, unless the caller brought their own `reqwest` client (whose
/// settings then rule), [`USER_AGENT`]. A header that carries a credential (`Authorization`,
/// `Cookie`, or a name with `key`, `token` or `secret` in it) is marked sensitive: it never shows
/// in `Debug` output.
pub(crate) fn default_headers(
    given: &[(String, String)],
    user_agent: Option<&str>,
    own_http_client: bool,
) -> Result<HeaderMap, super::BuildError> {
    let mut headers = HeaderMap::new();
    let agent = user_agent.or((!own_http_client).then_some(USER_AGENT));
    let agent = agent.map(|a| ("User-Agent".to_string(), a.to_string()));
    for (name, value) in agent.iter().chain(given) {
        let lower = name.to_ascii_lowercase();
        let sensitive = ["authorization", "proxy-authorization", "cookie"].contains(&lower.as_str())
            || ["key", "token", "secret"].iter().any(|w| lower.contains(w));
        insert_header(&mut headers, name, value, sensitive).map_err(super::BuildError)?;
    }
    Ok(headers)
}

/// Default limit on a response body: 64 MiB.
pub(crate) const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// Default time one attempt may take.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time to establish a connection.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for Config {
    fn default() -> Self {
        Self {
            timeout: Some(DEFAULT_TIMEOUT),
            idle_timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
            headers: HeaderMap::new(),
        }
    }
}

/// A client's `reqwest` clients and settings, which its clones share.
#[derive(Debug)]
pub(crate) struct Transport {
    pub http: reqwest::Client,
    /// For operations that document a redirect: a client that returns redirects instead of
    /// following them (the same client where no operation documents one, or where the caller
    /// brought their own).
    pub http_direct: reqwest::Client,
    pub config: Config,
}

impl Transport {
    /// A request to `url` (an operation builds one per attempt; the call decides which client
    /// sends it).
    #[allow(dead_code)]
    pub(crate) fn request(&self, method: reqwest::Method, url: String) -> reqwest::RequestBuilder {
        self.http.request(method, url)
    }

    /// The `reqwest` client a call goes through.
    pub(crate) fn http_for(&self, call: &Call) -> &reqwest::Client {
        if call.direct {
            &self.http_direct
        } else {
            &self.http
        }
    }
}

/// [`Transport`] as the client holds it: behind `dyn`, so that proving a request builder (which
/// borrows the client) `Send` and `Sync` ends at this trait object. Held directly, rustc walks
/// `reqwest::Client`'s internals anew for each operation's builder (that proof is not cached across
/// functions); on GitHub's crate that was about a fifth of `cargo check`.
pub(crate) trait Shared: Send + Sync + std::fmt::Debug {
    fn transport(&self) -> &Transport;
}

impl Shared for Transport {
    fn transport(&self) -> &Transport {
        self
    }
}

/// What a call is, for retries and tracing.
pub(crate) struct Call {
    pub method: reqwest::Method,
    /// The path template (`/v1/contacts/{id}`): logged instead of the real path.
    pub template: &'static str,
    pub options: RequestOptions,
    /// Goes through [`Transport::http_direct`]: the operation documents a redirect.
    pub direct: bool,
}

impl Call {
    /// The call of an operation: its method, its path template and the builder's options (taken).
    pub(crate) fn new(method: reqwest::Method, template: &'static str, options: &mut RequestOptions) -> Self {
        Call { method, template, options: std::mem::take(options), direct: false }
    }

    /// The call of an operation that documents a redirect: the redirect is its outcome, not
    /// followed.
    #[allow(dead_code)]
    pub(crate) fn returning_redirects(self) -> Self {
        Call { direct: true, ..self }
    }
}

fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method as M;
    [M::GET, M::HEAD, M::PUT, M::DELETE, M::OPTIONS, M::TRACE].contains(method)
}

fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The URL of a transport error without its query (which may hold an API key).
fn redact(e: reqwest::Error) -> reqwest::Error {
    match e.url().cloned() {
        Some(mut url) if url.query().is_some() => {
            url.set_query(None);
            e.with_url(url)
        }
        _ => e,
    }
}

/// What became of one attempt.
pub(crate) enum Attempt<T> {
    Done(T),
    /// A response worth retrying, with the wait the server asked for.
    RetryStatus(Raw, Option<Duration>),
    Failed(reqwest::Error, bool),
    TooLarge(StatusCode, Box<HeaderMap>),
    /// No response headers within the timeout (a stream's attempt, whose body has no timeout).
    TimedOut(Duration),
}

impl<T> Attempt<T> {
    /// The same attempt, its outcome mapped.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Attempt<U> {
        match self {
            Attempt::Done(out) => Attempt::Done(f(out)),
            Attempt::RetryStatus(raw, wait) => Attempt::RetryStatus(raw, wait),
            Attempt::Failed(e, retryable) => Attempt::Failed(e, retryable),
            Attempt::TooLarge(status, headers) => Attempt::TooLarge(status, headers),
            Attempt::TimedOut(after) => Attempt::TimedOut(after),
        }
    }

    /// The call's result when this attempt is its last: a response that asked for a retry is
    /// the outcome `last` makes of it; a failure is the call's error.
    pub(crate) fn finish<E>(self, max_body: usize, last: fn(Raw) -> T) -> Result<T, Error<E>> {
        match self {
            Attempt::Done(out) => Ok(out),
            Attempt::RetryStatus(raw, _) => Ok(last(raw)),
            Attempt::Failed(e, _) => Err(Error::Transport(redact(e))),
            Attempt::TooLarge(status, headers) => {
                Err(Error::BodyTooLarge { status, headers, limit: max_body })
            }
            Attempt::TimedOut(after) => Err(Error::Timeout(after)),
        }
    }
}

/// What an attempt does with the response it receives: [`Buffered`] reads it to its end; a
/// stream (`sse`) keeps a successful one open.
pub(crate) trait Exchange: Sync {
    /// The outcome of a call.
    type Out: Send;
    /// Whether the call's timeout covers the whole body; if not, only the wait for the headers.
    const WHOLE_BODY: bool;
    /// One attempt's outcome, from its response.
    fn accept(
        &self,
        response: reqwest::Response,
        attempt: u32,
    ) -> impl std::future::Future<Output = Attempt<Self::Out>> + Send;
    /// The outcome of a final response that asked for a retry.
    fn last(raw: Raw) -> Self::Out;
    /// The response status of an outcome (for tracing).
    fn status(out: &Self::Out) -> StatusCode;
}

/// Reads every response to its end, up to the body limit.
pub(crate) struct Buffered {
    pub max_body: usize,
}

impl Exchange for Buffered {
    type Out = Raw;
    const WHOLE_BODY: bool = true;

    async fn accept(&self, response: reqwest::Response, attempt: u32) -> Attempt<Raw> {
        read(response, self.max_body, attempt).await
    }

    fn last(raw: Raw) -> Raw {
        raw
    }

    fn status(out: &Raw) -> StatusCode {
        out.status
    }
}

/// A future boxed once, in the runtime: what an operation's `send` gives.
///
/// Boxing here rather than in each operation is a compile-time choice: an `async fn` per
/// operation makes rustc prove `Send` for every operation's state machine (and check each one's
/// borrows); a generic function that boxes proves it once for all of them.
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A call in flight: what a request builder's `send()` gives, and what awaiting the builder
/// awaits. It yields the operation's value `T`, or an [`Error`] carrying the operation's error
/// enum `E`. Boxed (see `BoxFuture`), so it can be stored, returned and named.
pub type Pending<'a, T, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// Sends one operation: `build` makes each attempt's request from the operation's builder `op`,
/// `decode` turns the final response into the operation's result. Generic, so rustc checks its
/// body once for all the operations of a crate.
pub(crate) fn send<'a, S: Send + Sync + 'a, T: Send + 'a, E: Send + 'a>(
    transport: &'a Transport,
    call: Call,
    op: S,
    build: fn(&S) -> Result<reqwest::RequestBuilder, String>,
    decode: fn(Raw) -> Result<Response<T>, Error<E>>,
) -> BoxFuture<'a, Result<Response<T>, Error<E>>> {
    Box::pin(async move {
        let (http, config) = (transport.http_for(&call), &transport.config);
        let raw = execute(http, config, || build(&op), call, Buffered { max_body: config.max_body }).await?;
        decode(raw)
    })
}

/// The value of a response, without its status and headers.
pub(crate) fn value<'a, T: Send + 'a, E: Send + 'a>(
    response: impl std::future::Future<Output = Result<Response<T>, E>> + Send + 'a,
) -> BoxFuture<'a, Result<T, E>> {
    Box::pin(async move { response.await.map(|r| r.value) })
}

/// Sends a request with the client's and the call's settings: timeout, extra headers, retries,
/// and what `exchange` makes of a response (for [`Buffered`], the body size limit). `build`
/// makes the request afresh for every attempt, so the first attempt never pays for a copy kept
/// in case a retry follows.
pub(crate) async fn execute<E, B, X: Exchange>(
    http: &reqwest::Client,
    config: &Config,
    build: B,
    call: Call,
    exchange: X,
) -> Result<X::Out, Error<E>>
where
    B: Fn() -> Result<reqwest::RequestBuilder, String>,
{
    let policy = call.options.retry.as_ref().unwrap_or(&config.retry);
    let may_retry = is_idempotent(&call.method) || policy.retry_non_idempotent;
    let timeout = call.options.timeout.or(config.timeout);
    let start = Instant::now();
    #[cfg(feature = "tracing")]
    let span = tracing::info_span!(
        "request",
        method = %call.method,
        path = call.template,
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut request = build().map_err(Error::InvalidRequest)?;
        if !call.options.query.is_empty() {
            request = request.query(&call.options.query);
        }
        if !call.options.headers.is_empty() {
            let mut extra = HeaderMap::new();
            for (name, value) in &call.options.headers {
                insert_header(&mut extra, name, value, false).map_err(Error::InvalidRequest)?;
            }
            request = request.headers(extra);
        }
        if let Some(timeout) = timeout.filter(|_| X::WHOLE_BODY) {
            request = request.timeout(timeout);
        }
        let mut request = request.build().map_err(|e| Error::Transport(redact(e)))?;
        // The client-wide headers, where the operation, its credentials and the call's options
        // did not set the header.
        for (name, value) in &config.headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        let sent = http.execute(request);
        let received = match timeout.filter(|_| !X::WHOLE_BODY) {
            Some(timeout) => tokio::time::timeout(timeout, sent).await.map_err(|_| timeout),
            None => Ok(sent.await),
        };
        let outcome = match received {
            Ok(Ok(response)) => exchange.accept(response, attempt).await,
            Ok(Err(e)) => {
                let retryable = e.is_connect() || e.is_timeout() || e.is_request();
                Attempt::Failed(e, retryable)
            }
            Err(timeout) => Attempt::TimedOut(timeout),
        };
        let elapsed = start.elapsed();
        #[cfg(feature = "tracing")]
        {
            span.record("attempt", attempt);
            span.record("elapsed_ms", elapsed.as_millis() as u64);
            match &outcome {
                Attempt::Done(out) => span.record("status", X::status(out).as_u16()),
                Attempt::RetryStatus(raw, _) => span.record("status", raw.status.as_u16()),
                _ => &span,
            };
            let _entered = span.enter();
            tracing::debug!(attempt, "attempt finished");
        }
        let wait = match &outcome {
            Attempt::RetryStatus(_, asked) => asked.unwrap_or_else(|| backoff(policy, attempt)),
            Attempt::Failed(_, true) | Attempt::TimedOut(_) => backoff(policy, attempt),
            _ => Duration::MAX,
        };
        let again = may_retry
            && attempt < policy.max_attempts
            && wait != Duration::MAX
            && elapsed.saturating_add(wait) <= policy.max_elapsed;
        if again {
            tokio::time::sleep(wait).await;
            continue;
        }
        return outcome.finish(config.max_body, X::last);
    }
}

/// A response read to its end (up to `max_body` bytes), or one worth retrying.
pub(crate) async fn read(mut response: reqwest::Response, max_body: usize, attempt: u32) -> Attempt<Raw> {
    let status = response.status();
    // Taken, not cloned: the body is read through `chunk`, which does not need them.
    let headers = Box::new(std::mem::take(response.headers_mut()));
    if retryable_status(status) {
        // The body is kept in case this turns out to be the last attempt.
        let asked = retry_after(&headers);
        let body = read_body(&mut response, max_body).await.unwrap_or_default();
        return Attempt::RetryStatus(Raw { status, headers, body, attempts: attempt }, asked);
    }
    if response.content_length().is_some_and(|n| n > max_body as u64) {
        return Attempt::TooLarge(status, headers);
    }
    match read_body(&mut response, max_body).await {
        Ok(body) => Attempt::Done(Raw { status, headers, body, attempts: attempt }),
        Err(None) => Attempt::TooLarge(status, headers),
        Err(Some(e)) => Attempt::Failed(e, true),
    }
}

/// Reads the body up to `max` bytes: `Err(None)` past the limit, `Err(Some(_))` when the
/// connection fails in the middle.
async fn read_body(response: &mut reqwest::Response, max: usize) -> Result<Vec<u8>, Option<reqwest::Error>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Some)? {
        if body.len() + chunk.len() > max {
            return Err(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
