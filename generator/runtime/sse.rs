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
    Decode { event: SseEvent, source: serde_json::Error },
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
    response: reqwest::Response,
    parser: SseParser,
    ready: std::collections::VecDeque<SseEvent>,
    idle: Option<Duration>,
    ended: bool,
    decode: fn(&SseEvent) -> Result<T, serde_json::Error>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.response.status())
            .field("ended", &self.ended)
            .finish()
    }
}

impl<T: serde::de::DeserializeOwned> EventStream<T> {
    /// Reads `response`'s body: events up to `limit` bytes, at most `idle` between two reads.
    pub fn new(response: reqwest::Response, limit: usize, idle: Option<Duration>) -> Self {
        EventStream {
            response,
            parser: SseParser::new(limit),
            ready: std::collections::VecDeque::new(),
            idle,
            ended: false,
            decode: |event| serde_json::from_str(&event.data),
        }
    }
}

impl<T> EventStream<T> {
    /// The next event's data, decoded; `None` once the stream has ended. After an error, the
    /// stream has ended too.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        let event = match self.next_event().await? {
            Ok(event) => event,
            Err(e) => return Some(Err(e)),
        };
        Some((self.decode)(&event).map_err(|source| StreamError::Decode { event, source }))
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
            let chunk = match self.idle {
                Some(idle) => match tokio::time::timeout(idle, self.response.chunk()).await {
                    Ok(chunk) => chunk,
                    Err(_) => {
                        self.ended = true;
                        return Some(Err(StreamError::Idle(idle)));
                    }
                },
                None => self.response.chunk().await,
            };
            let mut events = Vec::new();
            let read = match chunk {
                Ok(Some(bytes)) => self.parser.feed(&bytes, &mut events),
                Ok(None) => {
                    self.ended = true;
                    self.parser.finish().map(|last| events.extend(last))
                }
                Err(e) => {
                    self.ended = true;
                    return Some(Err(StreamError::Transport(e)));
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
