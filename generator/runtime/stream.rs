//! Responses read as they arrive: server-sent events ([`EventStream`]) and binary bodies
//! ([`ByteStream`]), opened with retries until the headers arrive and read with an idle timeout.
//!
//! Server-sent events: the `text/event-stream` format, parsed as the WHATWG HTML standard says
//! (§9.2.6), one chunk of bytes at a time, in memory bounded by the largest event.
//!
//! Lines end at LF, CR or CRLF (a CRLF split across two chunks is one line end). A line is
//! decoded only once it is complete, so a UTF-8 character split across chunks arrives whole;
//! invalid UTF-8 becomes U+FFFD, as the standard's decoder does. A leading byte order mark is
//! skipped. `:` starts a comment; `data` lines join with `\n`; `event` names the event's type;
//! `id` sets the last event id (not when it holds NUL); `retry` (digits only) the reconnection
//! time. An empty line dispatches the event, unless it has no data. Unlike a browser, the last
//! event is delivered when the stream ends without its empty line: APIs that end a response
//! there mean it to be read.

use super::{execute, read, Attempt, Call, Error, Exchange, HeaderMap, Raw, StatusCode, Transport};
use std::fmt;
use std::time::Duration;

/// One event of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, or `message` without one.
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The last event id the stream set (`id:`), which carries over to later events.
    pub id: String,
    /// The reconnection time the stream asked for (`retry:`), if it did so far.
    pub retry: Option<Duration>,
}

/// An event longer than the limit the parser was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTooLarge {
    /// The limit, in bytes.
    pub limit: usize,
}

impl fmt::Display for EventTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a server-sent event is longer than the limit of {} bytes", self.limit)
    }
}

impl std::error::Error for EventTooLarge {}

/// The parser's state between chunks.
#[derive(Debug)]
pub struct SseParser {
    /// The bytes of the current line, not yet ended.
    line: Vec<u8>,
    /// The previous chunk ended with CR: an LF that starts this one ends no other line.
    after_cr: bool,
    /// Whether the first line's byte order mark has been looked for.
    started: bool,
    event: String,
    data: String,
    /// Whether a `data` field was seen for the current event (`data:` alone is data).
    has_data: bool,
    id: String,
    retry: Option<Duration>,
    /// The most bytes the current line and event may hold together.
    limit: usize,
}

impl SseParser {
    /// A parser that refuses an event (its lines together) longer than `limit` bytes.
    pub fn new(limit: usize) -> Self {
        SseParser {
            line: Vec::new(),
            after_cr: false,
            started: false,
            event: String::new(),
            data: String::new(),
            has_data: false,
            id: String::new(),
            retry: None,
            limit,
        }
    }

    /// Reads one chunk; each event it completes is pushed to `events`, in order.
    pub fn feed(&mut self, chunk: &[u8], events: &mut Vec<SseEvent>) -> Result<(), EventTooLarge> {
        let mut rest = chunk;
        if self.after_cr {
            self.after_cr = false;
            if let Some(stripped) = rest.strip_prefix(b"\n") {
                rest = stripped;
            }
        }
        while let Some(end) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            self.check()?;
            if rest[end] == b'\r' {
                match rest.get(end + 1) {
                    Some(b'\n') => rest = &rest[end + 2..],
                    Some(_) => rest = &rest[end + 1..],
                    None => {
                        self.after_cr = true;
                        rest = &[];
                    }
                }
            } else {
                rest = &rest[end + 1..];
            }
            let line = std::mem::take(&mut self.line);
            if let Some(event) = self.line_ended(&line)? {
                events.push(event);
            }
        }
        self.line.extend_from_slice(rest);
        self.check()
    }

    /// The stream ended: the event its last lines began, if they hold data.
    pub fn finish(&mut self) -> Result<Option<SseEvent>, EventTooLarge> {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line)?;
        }
        Ok(self.dispatch())
    }

    fn check(&self) -> Result<(), EventTooLarge> {
        if self.line.len() + self.data.len() + self.event.len() > self.limit {
            return Err(EventTooLarge { limit: self.limit });
        }
        Ok(())
    }

    fn line_ended(&mut self, line: &[u8]) -> Result<Option<SseEvent>, EventTooLarge> {
        let mut line = String::from_utf8_lossy(line);
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_string().into();
            }
        }
        if line.is_empty() {
            return Ok(self.dispatch());
        }
        if line.starts_with(':') {
            return Ok(None);
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
        self.check()?;
        Ok(None)
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(SseEvent {
            event: if event.is_empty() { "message".to_string() } else { event },
            data: std::mem::take(&mut self.data),
            id: self.id.clone(),
            retry: self.retry,
        })
    }
}

/// Why a stream of events stopped early.
#[derive(Debug)]
pub enum StreamError {
    /// No bytes arrived for this long (the idle timeout between events).
    Idle(Duration),
    /// The connection failed in the middle of the stream.
    Transport(reqwest::Error),
    /// One event was longer than the limit.
    TooLarge(EventTooLarge),
    /// An event's data is not the documented type; the event is kept.
    Decode {
        /// The event as it came.
        event: SseEvent,
        /// Why its data did not decode.
        source: serde_json::Error,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Idle(after) => write!(f, "no event for {} ms", after.as_millis()),
            StreamError::Transport(e) => write!(f, "the event stream broke: {e}"),
            StreamError::TooLarge(e) => e.fmt(f),
            StreamError::Decode { event, source } => {
                write!(f, "a `{}` event does not decode: {source}", event.event)
            }
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(e) => Some(e),
            StreamError::TooLarge(e) => Some(e),
            StreamError::Decode { source, .. } => Some(source),
            StreamError::Idle(_) => None,
        }
    }
}

/// A response body read as server-sent events as they arrive, each event's data decoded as `T`.
/// Memory holds one event at a time (at most `limit` bytes); the stream ends at the end of the
/// body or at the `[DONE]` event OpenAI-style APIs send last.
pub struct EventStream<T> {
    body: ByteStream,
    parser: SseParser,
    ready: std::collections::VecDeque<SseEvent>,
    /// Whether the last event was read (`[DONE]`, the end of the body or an error).
    ended: bool,
    decode: Decode<T>,
    /// The union property an event's type names, when the data leaves it out.
    tag: Option<&'static str>,
}

/// How an event's data becomes a `T`, given the union property its type names.
pub(crate) type Decode<T> = fn(&SseEvent, Option<&str>) -> Result<T, serde_json::Error>;

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status()).field("ended", &self.ended).finish()
    }
}

impl<T: serde::de::DeserializeOwned> EventStream<T> {
    /// Reads `response`'s body: events up to `limit` bytes, at most `idle` between two reads,
    /// each event's data decoded as JSON.
    pub fn new(response: reqwest::Response, limit: usize, idle: Option<Duration>) -> Self {
        Self::with(response, limit, idle, json_data, None)
    }
}

/// An event's data as JSON. With a `tag` (the property that tells a union's variants apart),
/// data that leaves the property out takes the event's type (`event: message_start`).
pub(crate) fn json_data<T: serde::de::DeserializeOwned>(
    event: &SseEvent,
    tag: Option<&str>,
) -> Result<T, serde_json::Error> {
    let Some(tag) = tag.filter(|_| event.event != "message") else {
        return serde_json::from_str(&event.data);
    };
    let mut value: serde_json::Value = serde_json::from_str(&event.data)?;
    if let Some(object) = value.as_object_mut() {
        object.entry(tag).or_insert_with(|| serde_json::Value::String(event.event.clone()));
    }
    serde_json::from_value(value)
}

/// An event's data as it came (a stream documented as text).
pub(crate) fn text_data(event: &SseEvent, _tag: Option<&str>) -> Result<String, serde_json::Error> {
    Ok(event.data.clone())
}

impl<T> EventStream<T> {
    pub(crate) fn with(
        response: reqwest::Response,
        limit: usize,
        idle: Option<Duration>,
        decode: Decode<T>,
        tag: Option<&'static str>,
    ) -> Self {
        EventStream {
            body: ByteStream::new(response, idle),
            parser: SseParser::new(limit),
            ready: std::collections::VecDeque::new(),
            ended: false,
            decode,
            tag,
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.body.status()
    }

    /// The response headers (request ids, rate-limit counters).
    pub fn headers(&self) -> &HeaderMap {
        self.body.headers()
    }

    /// The next event's data, decoded; `None` once the stream has ended. After an error, the
    /// stream has ended too.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        let event = match self.next_event().await? {
            Ok(event) => event,
            Err(e) => return Some(Err(e)),
        };
        Some((self.decode)(&event, self.tag).map_err(|source| StreamError::Decode { event, source }))
    }

    /// The next event as it was sent (type, data, id, retry), undecoded.
    pub async fn next_event(&mut self) -> Option<Result<SseEvent, StreamError>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                if event.data == "[DONE]" {
                    self.ended = true;
                    self.ready.clear();
                    return None;
                }
                return Some(Ok(event));
            }
            if self.ended {
                return None;
            }
            let mut events = Vec::new();
            let read = match self.body.chunk().await {
                Some(Ok(bytes)) => self.parser.feed(&bytes, &mut events),
                None => {
                    self.ended = true;
                    self.parser.finish().map(|last| events.extend(last))
                }
                Some(Err(e)) => {
                    self.ended = true;
                    return Some(Err(e));
                }
            };
            if let Err(e) = read {
                self.ended = true;
                return Some(Err(StreamError::TooLarge(e)));
            }
            self.ready.extend(events);
        }
    }
}

/// A response body read as it arrives, chunk by chunk, never held whole: a download of any
/// size in bounded memory. No body size limit applies; the idle timeout bounds each wait.
pub struct ByteStream {
    response: reqwest::Response,
    idle: Option<Duration>,
    ended: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status()).field("ended", &self.ended).finish()
    }
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, idle: Option<Duration>) -> Self {
        ByteStream { response, idle, ended: false }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers (`Content-Type`, `Content-Length`, `Content-Disposition`).
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The next piece of the body, as it came off the connection; `None` at its end. After an
    /// error, the stream has ended.
    pub async fn next(&mut self) -> Option<Result<super::Bytes, StreamError>> {
        self.chunk().await.map(|chunk| chunk.map(|bytes| super::Bytes(bytes.to_vec())))
    }

    /// The next chunk, without a copy.
    async fn chunk(&mut self) -> Option<Result<impl std::ops::Deref<Target = [u8]>, StreamError>> {
        if self.ended {
            return None;
        }
        let read = match self.idle {
            Some(idle) => match tokio::time::timeout(idle, self.response.chunk()).await {
                Ok(read) => read,
                Err(_) => {
                    self.ended = true;
                    return Some(Err(StreamError::Idle(idle)));
                }
            },
            None => self.response.chunk().await,
        };
        match read {
            Ok(Some(bytes)) => Some(Ok(bytes)),
            Ok(None) => {
                self.ended = true;
                None
            }
            Err(e) => {
                self.ended = true;
                Some(Err(StreamError::Transport(e)))
            }
        }
    }
}

/// What a stream's call makes of a response: a successful one stays open, to be read event by
/// event; any other is read to its end (up to the body limit), for its error.
struct Opening {
    max_body: usize,
}

enum Opened {
    Stream(reqwest::Response, u32),
    Read(Raw),
}

impl Exchange for Opening {
    type Out = Opened;
    const WHOLE_BODY: bool = false;

    async fn accept(&self, response: reqwest::Response, attempt: u32) -> Attempt<Opened> {
        if response.status().is_success() {
            return Attempt::Done(Opened::Stream(response, attempt));
        }
        read(response, self.max_body, attempt).await.map(Opened::Read)
    }

    fn last(raw: Raw) -> Opened {
        Opened::Read(raw)
    }

    fn status(out: &Opened) -> StatusCode {
        match out {
            Opened::Stream(response, _) => response.status(),
            Opened::Read(raw) => raw.status,
        }
    }
}

/// Opens an operation's event stream. Retries (by the call's policy) apply until the response
/// headers arrive, never once events flow; the call's timeout covers that wait, and the idle
/// timeout each wait for more of the stream. A success whose body is JSON rather than events
/// is [`Error::Decode`]; any other status is the operation's error, as `response` (the
/// operation's decoding of a whole response) gives it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open<S: Sync, T, U, E>(
    transport: &Transport,
    call: Call,
    op: S,
    build: fn(&S) -> Result<reqwest::RequestBuilder, String>,
    response: fn(Raw) -> Result<super::Response<U>, Error<E>>,
    decode: Decode<T>,
    tag: Option<&'static str>,
) -> Result<EventStream<T>, Error<E>> {
    let limit = transport.config.max_body;
    let (response, idle) = open_body(transport, call, op, build, response, true).await?;
    Ok(EventStream::with(response, limit, idle, decode, tag))
}

/// Opens a binary response body as a [`ByteStream`] (see [`open`] for retries, timeouts and
/// errors).
pub(crate) async fn download<S: Sync, U, E>(
    transport: &Transport,
    call: Call,
    op: S,
    build: fn(&S) -> Result<reqwest::RequestBuilder, String>,
    response: fn(Raw) -> Result<super::Response<U>, Error<E>>,
) -> Result<ByteStream, Error<E>> {
    let (response, idle) = open_body(transport, call, op, build, response, false).await?;
    Ok(ByteStream::new(response, idle))
}

/// A successful response, its body unread, and the idle timeout to read it with. `events`: a
/// JSON body is an error (events were asked for).
async fn open_body<S: Sync, U, E>(
    transport: &Transport,
    call: Call,
    op: S,
    build: fn(&S) -> Result<reqwest::RequestBuilder, String>,
    response: fn(Raw) -> Result<super::Response<U>, Error<E>>,
    events: bool,
) -> Result<(reqwest::Response, Option<Duration>), Error<E>> {
    let (http, config) = (transport.http_for(&call), &transport.config);
    let idle = call.options.idle_timeout.or(config.idle_timeout);
    let exchange = Opening { max_body: config.max_body };
    match execute(http, config, || build(&op), call, exchange).await? {
        Opened::Read(raw) => Err(match response(raw) {
            Err(e) => e,
            // A status documented as a success, other than 2xx (a redirect): not a stream.
            Ok(r) => {
                Error::UnexpectedStatus { status: r.status, headers: Box::new(r.headers), body: Vec::new() }
            }
        }),
        Opened::Stream(response, attempts) => {
            if events && super::is_json(response.headers()) {
                let raw =
                    read(response, config.max_body, attempts).await.finish(config.max_body, |raw| raw)?;
                let source = serde::de::Error::custom(
                    "a JSON body came where an event stream (text/event-stream) was asked for",
                );
                return Err(Error::Decode {
                    status: raw.status,
                    headers: raw.headers,
                    body: raw.body,
                    source,
                });
            }
            Ok((response, idle))
        }
    }
}

/// A JSON request body for an operation that can stream: its boolean `flag` property (`stream`)
/// is set when a stream is asked for, and cleared when it is not (so a request built for one
/// call cannot bring back the other kind of response).
pub(crate) fn json_body_for<B: serde::Serialize>(
    body: &B,
    flag: &str,
    streaming: bool,
) -> Result<Vec<u8>, String> {
    let mut value = serde_json::to_value(body).map_err(|e| e.to_string())?;
    if let Some(object) = value.as_object_mut() {
        if streaming {
            object.insert(flag.to_string(), serde_json::Value::Bool(true));
        } else if object.get(flag) == Some(&serde_json::Value::Bool(true)) {
            object.insert(flag.to_string(), serde_json::Value::Bool(false));
        }
    }
    serde_json::to_vec(&value).map_err(|e| e.to_string())
}
