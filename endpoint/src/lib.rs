//! trellis-endpoint: the reference server for Trellis sync in JSON endpoint mode.
//!
//! One JSON document per team, stored as `<dir>/<name>.json` and served at `/<name>`.
//! Browsers read it with `GET` + `If-None-Match` and write it with `PUT` + `If-Match` (or
//! `If-None-Match: *` to create it), so no writer overwrites a version it has not seen: the
//! loser of a race gets `412`, fetches again, merges and retries.
//!
//! Standard library only, one thread per connection, `Connection: close` on every reply.
//! Run one server per folder, behind a TLS proxy when other machines can reach it.

mod json;

pub use json::{is_valid_json, MAX_DEPTH};

use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) accepted; a bigger one gets `431`.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Connections served at once; more get `503`, so a flood cannot start unlimited threads.
const MAX_CONNECTIONS: usize = 256;

/// After an early reply (say `413`) the unread rest of a body is read and thrown away, up to
/// this many bytes and for this long, so that the client sees the reply and not a reset.
const DRAIN_LIMIT: usize = 1 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// What `GET /` answers, so that a person (or the app's settings page) can check the URL.
const SERVICE_INFO: &str = r#"{"service":"trellis-endpoint","ok":true}"#;

/// Serialises the compare-and-write of every `PUT` in the process, so that two writers
/// holding the same `If-Match` cannot both win.
static WRITE_LOCK: Mutex<()> = Mutex::new(());

/// Makes temporary file names unique within the process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// The folder holding the documents, one `<name>.json` each; created when missing.
    pub dir: PathBuf,
    /// When set, every `GET` and `PUT` must carry `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// A file of per-document tokens, one `<name> <token>` per line (`#` starts a comment),
    /// read again on every request: a document it lists takes only those tokens (and `token`,
    /// the operator's), so each team member's device reaches only the team's document and
    /// their own. Removing a line revokes it at once.
    pub tokens_file: Option<PathBuf>,
    /// The largest document accepted, in bytes; a bigger `PUT` gets `413`.
    pub max_bytes: usize,
    /// How long a read from the client may stall before the connection is dropped.
    pub read_timeout: Duration,
    /// Print one line per request (never its headers) to standard error.
    pub log: bool,
}

impl Config {
    /// The defaults: no token, 5 MB documents, a 10-second read timeout, no request log.
    pub fn new(dir: impl Into<PathBuf>) -> Config {
        let read_timeout = Duration::from_secs(10);
        Config {
            dir: dir.into(),
            token: None,
            tokens_file: None,
            max_bytes: 5_000_000,
            read_timeout,
            log: false,
        }
    }
}

/// Serves documents from `config.dir` on `listener`, one thread per connection, forever.
///
/// Temporary files left behind by a crash of an earlier run are removed first.
///
/// # Errors
///
/// Returns only when the folder cannot be created; afterwards it never returns.
pub fn serve(listener: TcpListener, config: Config) -> io::Result<()> {
    fs::create_dir_all(&config.dir)?;
    remove_stale_temp_files(&config.dir);
    let config = Arc::new(config);
    for stream in listener.incoming() {
        match stream {
            // Each connection's thread holds a clone of `config`: the count says how many run.
            Ok(mut stream) if Arc::strong_count(&config) > MAX_CONNECTIONS => {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let busy = Response::error(503, "busy").with("Retry-After", "1");
                let _ = write_response(&mut stream, &busy);
            }
            Ok(stream) => {
                let config = Arc::clone(&config);
                let spawned = thread::Builder::new()
                    .name("trellis-endpoint-connection".into())
                    .spawn(move || handle_connection(stream, &config));
                if let Err(error) = spawned {
                    eprintln!("trellis-endpoint: cannot start a thread: {error}");
                }
            }
            Err(error) => {
                // Typically out of file descriptors: wait a little rather than spin.
                eprintln!("trellis-endpoint: accept failed: {error}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
    Ok(())
}

/// Reads one request, answers it and closes the connection.
fn handle_connection(mut stream: TcpStream, config: &Config) {
    let _ = stream.set_write_timeout(Some(config.read_timeout));
    let (response, body_left_unread, line) = match read_head(&mut stream, config.read_timeout) {
        Ok(mut request) => {
            let response = route(&mut stream, &mut request, config);
            let line = format!("{} {}", request.method, request.path);
            (response, request.body_left_unread(), line)
        }
        Err(None) => return,
        // A client that stalled is sending nothing more: no need to wait for it.
        Err(Some(response)) => {
            let more_coming = response.status != 408;
            (response, more_coming, "(unreadable request)".into())
        }
    };
    if let (true, Ok(peer)) = (config.log, stream.peer_addr()) {
        eprintln!("{peer} {line} -> {}", response.status);
    }
    let _ = write_response(&mut stream, &response);
    let _ = stream.shutdown(Shutdown::Write);
    if body_left_unread {
        drain(&mut stream);
    }
}

/// A parsed request head, plus the bytes already read past it (the start of the body).
struct Request {
    method: String,
    /// The target without its query string.
    path: String,
    /// Names as sent: look them up with [`Request::header`], which ignores case.
    headers: Vec<(String, String)>,
    body_start: Vec<u8>,
    body_read: bool,
}

impl Request {
    /// Every value of the header called `name`, compared without regard to case.
    fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let named = move |(n, v): &'a (String, String)| n.eq_ignore_ascii_case(name).then_some(v);
        self.headers.iter().filter_map(named).map(String::as_str)
    }

    fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.headers_named(name).next()
    }

    /// Whether the client may still be sending a body nobody has read.
    fn body_left_unread(&self) -> bool {
        let length = self.header("content-length").map(str::parse::<usize>);
        let declared = self.header("transfer-encoding").is_some()
            || length.is_some_and(|n| n != Ok(self.body_start.len()));
        declared && !self.body_read
    }
}

/// Reads the request line and headers, allowing `timeout` for all of them together so that
/// a client trickling bytes cannot hold the thread for long either.
///
/// `Err(None)` means there is nobody to answer (the client left, or never sent a byte);
/// `Err(Some(reply))` means the request was unusable and `reply` says why.
fn read_head(stream: &mut TcpStream, timeout: Duration) -> Result<Request, Option<Response>> {
    let deadline = Instant::now() + timeout;
    let mut buffer = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let too_large = || Some(Response::error(431, "headers_too_large"));
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            if end > MAX_HEAD_BYTES {
                return Err(too_large());
            }
            let body_start = buffer.split_off(end + 4);
            return parse_head(&buffer[..end], body_start).map_err(Some);
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Err(too_large());
        }
        // A client that started a request and stalled gets `408`; one that never began, silence.
        let stalled = || (!buffer.is_empty()).then(|| Response::error(408, "request_timeout"));
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(stalled());
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => return Err(stalled()),
            Err(_) => return Err(None),
        }
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// Parses `METHOD SP target SP HTTP/1.x` and the `Name: value` lines after it.
fn parse_head(head: &[u8], body_start: Vec<u8>) -> Result<Request, Response> {
    let bad = || Response::error(400, "bad_request");
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let parts: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(bad());
    };
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    let target_ok = target.starts_with('/') || target == "*";
    if !method_ok || !target_ok || !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(bad());
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or_else(bad)?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad());
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let path = target.split('?').next().unwrap_or_default().to_string();
    let method = method.to_string();
    Ok(Request {
        method,
        path,
        headers,
        body_start,
        body_read: false,
    })
}

/// Chooses what to do with a request. Preflight comes first and needs no token: browsers
/// never send credentials with it.
fn route(stream: &mut TcpStream, request: &mut Request, config: &Config) -> Response {
    if request.method == "OPTIONS" {
        return Response::empty(204)
            .with("Access-Control-Allow-Methods", "GET, PUT, OPTIONS")
            .with("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            .with("Access-Control-Max-Age", "600");
    }
    let name = document_name(&request.path).map(str::to_owned);
    if !allowed(request, config, name.as_deref()) {
        return Response::error(401, "unauthorized").with("WWW-Authenticate", "Bearer");
    }
    let not_allowed = |allow| Response::error(405, "method_not_allowed").with("Allow", allow);
    if request.path == "/" {
        let get = request.method == "GET";
        return if get {
            Response::json(200, SERVICE_INFO)
        } else {
            not_allowed("GET, OPTIONS")
        };
    }
    let Some(name) = name else {
        return Response::error(404, "not_found");
    };
    match request.method.as_str() {
        "GET" => get_document(request, &config.dir, &name),
        "PUT" => put_document(stream, request, config, &name),
        _ => not_allowed("GET, PUT, OPTIONS"),
    }
}

/// The request headers a browser may send across origins (answer to a preflight).
const ALLOWED_HEADERS: &str = "Authorization, Content-Type, If-Match, If-None-Match";

/// The tokens the tokens file gives `name`; None when it does not list it (or there is none).
/// An unreadable file lists every document with no token: nothing opens by mistake.
fn document_tokens(config: &Config, name: &str) -> Option<Vec<String>> {
    let path = config.tokens_file.as_ref()?;
    let Ok(text) = fs::read_to_string(path) else {
        return Some(vec![]);
    };
    let tokens: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default())
        .filter_map(|l| l.split_once(char::is_whitespace))
        .filter(|(n, _)| *n == name)
        .map(|(_, t)| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    (!tokens.is_empty()).then_some(tokens)
}

/// Whether the request may reach document `name` (None: the service root): the operator's
/// token always; a token the tokens file gives the document; a document the file does not list
/// only with the operator's token; without a tokens file, what `--token` alone says.
fn allowed(request: &Request, config: &Config, name: Option<&str>) -> bool {
    let operator = config.token.as_deref();
    if operator.is_some() && authorised(request, operator) {
        return true;
    }
    match name.and_then(|n| document_tokens(config, n)) {
        Some(tokens) => tokens.iter().any(|t| authorised(request, Some(t))),
        // With a tokens file, a document it does not list is the operator's alone (with no
        // operator token: nobody's), so a place nobody set up is never open.
        None if name.is_some() && config.tokens_file.is_some() => false,
        None => authorised(request, operator),
    }
}

/// Whether the request carries the configured bearer token (always true without one).
fn authorised(request: &Request, token: Option<&str>) -> bool {
    let given = request
        .header("authorization")
        .and_then(|v| v.split_once(' '));
    match (token, given) {
        (None, _) => true,
        (Some(token), Some((scheme, given))) => {
            scheme.eq_ignore_ascii_case("bearer") && constant_time_eq(given.trim(), token)
        }
        (Some(_), None) => false,
    }
}

/// Compares two secrets in a time that depends only on the length of `expected`, so that
/// the response time does not tell an attacker how many leading bytes they guessed right.
fn constant_time_eq(given: &str, expected: &str) -> bool {
    let (given, expected) = (given.as_bytes(), expected.as_bytes());
    let mut difference = u8::from(given.len() != expected.len());
    for (i, &byte) in expected.iter().enumerate() {
        difference |= byte ^ given.get(i).copied().unwrap_or(0);
    }
    std::hint::black_box(difference) == 0
}

/// The document name in `/<name>`: 1 to 64 of `A-Z a-z 0-9 _ -`, so that it can never leave
/// the folder or clash with a temporary file (those start with a dot).
fn document_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    ((1..=64).contains(&name.len()) && name.bytes().all(word)).then_some(name)
}

fn document_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.json"))
}

/// The stored bytes of a document, or `None` when there is none.
fn read_document(dir: &Path, name: &str) -> io::Result<Option<Vec<u8>>> {
    match fs::read(document_path(dir, name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The entity tag of a document: FNV-1a 64-bit of its bytes in hex, a dash, its length.
///
/// It depends on the content only, so it survives restarts and equal documents share it.
/// FNV is not a cryptographic hash; it only has to tell versions apart, and anyone able to
/// forge a collision could simply send the right `If-Match` instead.
#[must_use]
pub fn etag(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}-{}", bytes.len())
}

/// Whether an `If-Match` or `If-None-Match` value names the current version. `*` names any
/// existing document; `weak` lets `W/"…"` count, as `If-None-Match` allows. Unquoted tags
/// are accepted too, to forgive hand-written requests.
fn names_current(value: &str, current: Option<&str>, weak: bool) -> bool {
    let Some(current) = current else {
        return false;
    };
    value.split(',').map(str::trim).any(|tag| {
        let tag = match tag.strip_prefix("W/") {
            Some(_) if !weak => return false,
            Some(rest) => rest,
            None => tag,
        };
        let unquoted = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
        tag == "*" || unquoted.unwrap_or(tag) == current
    })
}

fn get_document(request: &Request, dir: &Path, name: &str) -> Response {
    let bytes = match read_document(dir, name) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Response::error(404, "not_found"),
        Err(error) => return storage_error(&error),
    };
    let tag = etag(&bytes);
    let if_none_match = request.header("if-none-match");
    if if_none_match.is_some_and(|v| names_current(v, Some(&tag), true)) {
        return Response::empty(304).with_etag(&tag);
    }
    Response::new(200, bytes)
        .with("Content-Type", "application/json")
        .with_etag(&tag)
}

/// Reads and checks the body, then compares and writes under [`WRITE_LOCK`].
fn put_document(
    stream: &mut TcpStream,
    request: &mut Request,
    config: &Config,
    name: &str,
) -> Response {
    let length = match declared_length(request) {
        Ok(length) if length > config.max_bytes => return Response::error(413, "too_large"),
        Ok(length) => length,
        Err(response) => return response,
    };
    let body = match read_body(stream, request, length, config.read_timeout) {
        Ok(body) if is_valid_json(&body) => body,
        Ok(_) => return Response::error(400, "invalid_json"),
        Err(error) if is_timeout(&error) => return Response::error(408, "request_timeout"),
        Err(_) => return Response::error(400, "incomplete_body"),
    };
    let _lock = WRITE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    let current = match read_document(&config.dir, name) {
        Ok(bytes) => bytes.map(|b| etag(&b)),
        Err(error) => return storage_error(&error),
    };
    if let Err(response) = check_preconditions(request, current.as_deref()) {
        return response;
    }
    if let Err(error) = write_atomically(&config.dir, name, &body) {
        return storage_error(&error);
    }
    let status = if current.is_some() { 200 } else { 201 };
    Response::json(status, r#"{"ok":true}"#).with_etag(&etag(&body))
}

/// The body length from `Content-Length`. Without one (or with chunked encoding) the body
/// could not be limited before it is read, so the answer is `411`.
fn declared_length(request: &Request) -> Result<usize, Response> {
    let length_required = || Response::error(411, "length_required");
    if request.header("transfer-encoding").is_some() {
        return Err(length_required());
    }
    let mut values = request.headers_named("content-length");
    let first = values.next().ok_or_else(length_required)?;
    let digits = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    if !digits || values.any(|other| other != first) {
        return Err(Response::error(400, "bad_request"));
    }
    // More digits than a usize holds is certainly too large.
    Ok(first.parse().unwrap_or(usize::MAX))
}

/// Reads exactly `length` bytes of body (the caller has checked it against the limit).
/// A client that asked to wait (`Expect: 100-continue`, as curl does for big bodies) is
/// told to go on first.
fn read_body(
    stream: &mut TcpStream,
    request: &mut Request,
    length: usize,
    timeout: Duration,
) -> io::Result<Vec<u8>> {
    let mut body = std::mem::take(&mut request.body_start);
    body.truncate(length);
    let missing = length - body.len();
    body.reserve_exact(missing);
    stream.set_read_timeout(Some(timeout))?;
    let expect = request.header("expect");
    if missing > 0 && expect.is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    stream.take(missing as u64).read_to_end(&mut body)?;
    request.body_read = true;
    if body.len() < length {
        return Err(ErrorKind::UnexpectedEof.into());
    }
    Ok(body)
}

/// Applies the write rules: creating needs `If-None-Match: *`; replacing needs an
/// `If-Match` naming the current version. A refusal carries the current `ETag`, if any.
fn check_preconditions(request: &Request, current: Option<&str>) -> Result<(), Response> {
    let if_match = request.header("if-match");
    let if_none_match = request.header("if-none-match");
    let Some(tag) = current else {
        let create = if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == "*"));
        return match (if_match, create) {
            (Some(_), _) => Err(Response::error(412, "precondition_failed")),
            (None, true) => Ok(()),
            (None, false) => Err(Response::error(428, "if_none_match_required")),
        };
    };
    let failed = || Response::error(412, "precondition_failed").with_etag(tag);
    if if_none_match.is_some_and(|v| names_current(v, current, true)) {
        return Err(failed());
    }
    match if_match {
        None => Err(Response::error(428, "if_match_required")),
        Some(value) if names_current(value, current, false) => Ok(()),
        Some(_) => Err(failed()),
    }
}

/// Replaces `<dir>/<name>.json` so that readers and crashes see the old or the new document,
/// never a mix: write a temporary file in the same folder, flush it to disk, rename it over.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let counter = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}-{counter}.tmp", std::process::id()));
    let written =
        write_and_sync(&temp, bytes).and_then(|()| fs::rename(&temp, document_path(dir, name)));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    // Flush the rename itself where the system allows it (Unix); best effort.
    if let (true, Ok(folder)) = (cfg!(unix), File::open(dir)) {
        let _ = folder.sync_all();
    }
    Ok(())
}

fn write_and_sync(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes temporary files an earlier run left when it stopped mid-write. Only names this
/// server makes (`.<document>.<digits>-<digits>.tmp`) are touched.
fn remove_stale_temp_files(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_str().is_some_and(is_temp_file_name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_temp_file_name(file_name: &str) -> bool {
    let inner = file_name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"));
    inner
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(name, id)| {
            let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let id_ok = id
                .split_once('-')
                .is_some_and(|(a, b)| number(a) && number(b));
            id_ok && document_name(&format!("/{name}")).is_some()
        })
}

fn storage_error(error: &io::Error) -> Response {
    eprintln!("trellis-endpoint: storage error: {error}");
    Response::error(500, "storage_error")
}

/// Reads and discards what the client is still sending, within limits, after the reply.
fn drain(stream: &mut TcpStream) {
    let deadline = Instant::now() + DRAIN_TIME;
    let mut scratch = [0u8; 8192];
    let mut total = 0;
    while total < DRAIN_LIMIT {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(n) => total += n,
        }
    }
}

/// A reply; the headers every reply needs are added by [`write_response`].
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn empty(status: u16) -> Response {
        Response::new(status, Vec::new())
    }

    fn json(status: u16, body: &str) -> Response {
        Response::new(status, body.into()).with("Content-Type", "application/json")
    }

    /// `{"error":"<code>"}`; `code` is always one of this file's fixed words, never input.
    fn error(status: u16, code: &str) -> Response {
        Response::json(status, &format!(r#"{{"error":"{code}"}}"#))
    }

    fn with(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }

    fn with_etag(self, tag: &str) -> Response {
        self.with("ETag", &format!("\"{tag}\""))
    }
}

/// Writes the status line, the reply's own headers, the ones every reply gets (CORS, no
/// caching, `Connection: close`, `Content-Length`) and the body.
///
/// `204` and `304` get no `Content-Length`: HTTP forbids it on `204`, and on `304` it would
/// have to be the length of the document, which is not being sent.
fn write_response(stream: &mut TcpStream, response: &Response) -> io::Result<()> {
    let status = response.status;
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str(concat!(
        "Access-Control-Allow-Origin: *\r\n",
        "Access-Control-Expose-Headers: ETag\r\n",
        "Cache-Control: no-store\r\n",
        "X-Content-Type-Options: nosniff\r\n",
        "Connection: close\r\n",
    ));
    if !matches!(status, 204 | 304) {
        let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        428 => "Precondition Required",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_is_fnv1a_64_and_length() {
        // Reference values of FNV-1a 64-bit.
        assert_eq!(etag(b""), "cbf29ce484222325-0");
        assert_eq!(etag(b"a"), "af63dc4c8601ec8c-1");
        assert_eq!(etag(b"foobar"), "85944171f73967e8-6");
        assert_eq!(etag(b"{}"), etag(b"{}"));
        assert_ne!(etag(br#"{"a":1}"#), etag(br#"{"a":2}"#));
    }

    #[test]
    fn names_current_follows_the_if_match_rules() {
        let tag = Some("abc-3");
        assert!(names_current("\"abc-3\"", tag, false));
        assert!(names_current("\"x-1\", \"abc-3\"", tag, false));
        assert!(names_current("*", tag, false));
        assert!(names_current("abc-3", tag, false));
        assert!(!names_current("\"abc-4\"", tag, false));
        assert!(!names_current("W/\"abc-3\"", tag, false));
        assert!(names_current("W/\"abc-3\"", tag, true));
        assert!(!names_current("*", None, true));
    }

    #[test]
    fn document_names_are_plain_words() {
        assert_eq!(document_name("/team-1_A"), Some("team-1_A"));
        assert_eq!(
            document_name(&format!("/{}", "a".repeat(64))).map(str::len),
            Some(64)
        );
        for bad in ["/", "/a.b", "/../etc", "/a/b", "/%2e", "/a b", "/é", "team"] {
            assert_eq!(document_name(bad), None, "{bad}");
        }
        assert_eq!(document_name(&format!("/{}", "a".repeat(65))), None);
    }

    #[test]
    fn token_comparison_needs_an_exact_match() {
        assert!(constant_time_eq("s3cret", "s3cret"));
        assert!(!constant_time_eq("s3cres", "s3cret"));
        assert!(!constant_time_eq("s3cre", "s3cret"));
        assert!(!constant_time_eq("s3cret!", "s3cret"));
        assert!(!constant_time_eq("", "s3cret"));
    }

    #[test]
    fn only_our_own_temp_files_count_as_stale() {
        assert!(is_temp_file_name(".team.123-0.tmp"));
        assert!(is_temp_file_name(".a-b_c.1-22.tmp"));
        for other in [
            "team.json",
            ".team.tmp",
            ".team.x-1.tmp",
            "team.1-2.tmp",
            "..1-2.tmp",
        ] {
            assert!(!is_temp_file_name(other), "{other}");
        }
    }

    #[test]
    fn a_failed_write_leaves_no_temp_file() {
        let dir =
            std::env::temp_dir().join(format!("trellis-endpoint-unit-{}", std::process::id()));
        // A folder where the document should be makes the final rename fail.
        fs::create_dir_all(dir.join("team.json").join("blocker")).unwrap();
        assert!(write_atomically(&dir, "team", b"{}").is_err());
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names, ["team.json"]);
    }

    #[test]
    fn heads_are_parsed_with_case_insensitive_names() {
        let head = b"PUT /team?x=1 HTTP/1.1\r\nIF-MATCH:  \"t-1\" \r\ncontent-length: 2";
        let request = parse_head(head, b"{}".to_vec()).ok().expect("parses");
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("PUT", "/team")
        );
        assert_eq!(request.header("If-Match"), Some("\"t-1\""));
        assert_eq!(request.header("Content-Length"), Some("2"));
        assert!(!request.body_left_unread());
        for bad in [
            &b"GET /"[..],
            b"GET / HTTP/2",
            b"get / HTTP/1.1",
            b"GET x HTTP/1.1",
        ] {
            assert!(parse_head(bad, Vec::new()).is_err());
        }
        assert!(parse_head(b"GET / HTTP/1.1\r\nno colon", Vec::new()).is_err());
    }
}
