//! End-to-end tests: a real server on 127.0.0.1:0 over a fresh folder, spoken to in raw
//! HTTP over `TcpStream`, with the files on disk checked as well as the replies.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use trellis_endpoint::{serve, Config};

/// A new empty folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let unique = format!(
            "trellis-endpoint-test-{}-{}-{nanos}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(unique);
        fs::create_dir(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn file(&self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.0.join(name)).ok()
    }

    /// The names of the files in the folder, sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Starts a server on a free port in a background thread; it runs until the tests end.
fn start(config: Config) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    thread::spawn(move || serve(listener, config));
    address
}

fn start_in(dir: &TempDir) -> SocketAddr {
    start(Config::new(dir.path()))
}

/// A reply as the client saw it.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        let (_, value) = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        Some(value)
    }

    fn etag(&self) -> String {
        self.header("ETag").expect("an ETag header").to_string()
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// Sends raw bytes, reads until the server closes, and checks what every reply must have.
fn send_raw(address: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut data = Vec::new();
    stream.read_to_end(&mut data).unwrap();
    let reply = parse_reply(&data);
    assert_eq!(reply.header("Connection"), Some("close"), "{reply:?}");
    assert_eq!(
        reply.header("Access-Control-Allow-Origin"),
        Some("*"),
        "{reply:?}"
    );
    assert_eq!(reply.header("Access-Control-Expose-Headers"), Some("ETag"));
    match reply.header("Content-Length") {
        Some(length) => assert_eq!(length.parse::<usize>().unwrap(), reply.body.len()),
        None => assert!(matches!(reply.status, 204 | 304), "{reply:?}"),
    }
    reply
}

fn parse_reply(data: &[u8]) -> Reply {
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&data[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_string(), value.to_string())
        })
        .collect();
    Reply {
        status,
        headers,
        body: data[end + 4..].to_vec(),
    }
}

/// Sends one request; `Content-Length` is added when there is a body.
fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Reply {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: test\r\n");
    for (name, value) in headers {
        let _ = write!(raw, "{name}: {value}\r\n");
    }
    if let Some(body) = body {
        let _ = write!(raw, "Content-Length: {}\r\n", body.len());
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body.unwrap_or_default());
    send_raw(address, &raw)
}

fn get(address: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Reply {
    request(address, "GET", path, headers, None)
}

fn put(address: SocketAddr, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    request(address, "PUT", path, headers, Some(body))
}

/// Creates `/team` with `body` and returns its `ETag`.
fn create(address: SocketAddr, body: &[u8]) -> String {
    let reply = put(address, "/team", &[("If-None-Match", "*")], body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.etag()
}

const V1: &[u8] = br#"{"team":"Support","version":1}"#;
const V2: &[u8] = br#"{"team":"Support","version":2,"people":["Ana","Bo"]}"#;

#[test]
fn root_names_the_service() {
    let dir = TempDir::new();
    let reply = get(start_in(&dir), "/", &[]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), r#"{"service":"trellis-endpoint","ok":true}"#);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
}

#[test]
fn missing_document_is_404() {
    let dir = TempDir::new();
    let reply = get(start_in(&dir), "/team", &[]);
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text(), r#"{"error":"not_found"}"#);
}

#[test]
fn create_then_read_then_revalidate() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let tag = create(address, V1);
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "{tag}"
    );
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));

    let reply = get(address, "/team", &[]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, V1);
    assert_eq!(reply.etag(), tag);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));

    for unchanged in [
        tag.as_str(),
        "*",
        &format!("W/{tag}"),
        &format!("\"x-1\", {tag}"),
    ] {
        let reply = get(address, "/team", &[("If-None-Match", unchanged)]);
        assert_eq!(reply.status, 304, "If-None-Match: {unchanged}");
        assert_eq!(reply.etag(), tag);
        assert!(reply.body.is_empty());
    }
    let reply = get(
        address,
        "/team",
        &[("If-None-Match", "\"0000000000000000-1\"")],
    );
    assert_eq!((reply.status, reply.body.as_slice()), (200, V1));
}

#[test]
fn update_with_the_current_etag_replaces_the_file_and_leaves_no_temp_files() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let old = create(address, V1);

    let reply = put(address, "/team", &[("If-Match", &old)], V2);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let new = reply.etag();
    assert_ne!(new, old);
    assert_eq!(dir.file("team.json").as_deref(), Some(V2));
    assert_eq!(dir.listing(), ["team.json"]);

    let reply = get(address, "/team", &[]);
    assert_eq!((reply.status, reply.body.as_slice()), (200, V2));
    assert_eq!(reply.etag(), new);
}

#[test]
fn stale_if_match_is_412_with_the_current_etag_and_changes_nothing() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let old = create(address, V1);
    let current = put(address, "/team", &[("If-Match", &old)], V2).etag();

    let reply = put(
        address,
        "/team",
        &[("If-Match", &old)],
        br#"{"lost":"update"}"#,
    );
    assert_eq!(reply.status, 412);
    assert_eq!(reply.text(), r#"{"error":"precondition_failed"}"#);
    assert_eq!(reply.etag(), current);
    assert_eq!(dir.file("team.json").as_deref(), Some(V2));
    assert_eq!(get(address, "/team", &[]).body, V2);
    assert_eq!(dir.listing(), ["team.json"]);
}

#[test]
fn update_without_if_match_is_428() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    create(address, V1);
    let reply = put(address, "/team", &[], V2);
    assert_eq!(reply.status, 428);
    assert_eq!(reply.text(), r#"{"error":"if_match_required"}"#);
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));
}

#[test]
fn if_none_match_star_on_an_existing_document_is_412() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let tag = create(address, V1);
    let reply = put(address, "/team", &[("If-None-Match", "*")], V2);
    assert_eq!(reply.status, 412);
    assert_eq!(reply.etag(), tag);
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));
}

#[test]
fn creating_needs_if_none_match_star() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let reply = put(address, "/team", &[], V1);
    assert_eq!(reply.status, 428);
    let reply = put(
        address,
        "/team",
        &[("If-Match", "\"0123456789abcdef-30\"")],
        V1,
    );
    assert_eq!(reply.status, 412);
    assert_eq!(reply.header("ETag"), None);
    assert!(dir.listing().is_empty());
    assert_eq!(get(address, "/team", &[]).status, 404);
}

#[test]
fn invalid_json_is_400_and_changes_nothing() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let reply = put(address, "/team", &[("If-None-Match", "*")], b"{\"a\":");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), r#"{"error":"invalid_json"}"#);
    assert!(dir.listing().is_empty());

    let tag = create(address, V1);
    for bad in [&b""[..], b"not json", b"{} {}", b"{\"a\":1,}"] {
        let reply = put(address, "/team", &[("If-Match", &tag)], bad);
        assert_eq!(reply.status, 400, "{bad:?}");
    }
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));
    assert_eq!(dir.listing(), ["team.json"]);
}

#[test]
fn too_large_is_413_and_changes_nothing() {
    let dir = TempDir::new();
    let address = start(Config {
        max_bytes: 64,
        ..Config::new(dir.path())
    });
    let tag = create(address, V1);

    let just_over = format!("\"{}\"", "x".repeat(63));
    let reply = put(
        address,
        "/team",
        &[("If-Match", &tag)],
        just_over.as_bytes(),
    );
    assert_eq!(reply.status, 413);
    assert_eq!(reply.text(), r#"{"error":"too_large"}"#);
    // A body far beyond the limit is refused without being read, yet the reply arrives.
    let huge = format!("\"{}\"", "x".repeat(300_000));
    assert_eq!(
        put(address, "/team", &[("If-Match", &tag)], huge.as_bytes()).status,
        413
    );
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));
    assert_eq!(dir.listing(), ["team.json"]);

    let at_limit = format!("\"{}\"", "x".repeat(62));
    let reply = put(address, "/team", &[("If-Match", &tag)], at_limit.as_bytes());
    assert_eq!(reply.status, 200);
    assert_eq!(dir.file("team.json"), Some(at_limit.into_bytes()));
}

#[test]
fn put_without_content_length_is_411() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let raw = b"PUT /team HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\n\r\n";
    assert_eq!(send_raw(address, raw).status, 411);
    let chunked = b"PUT /team HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\n\
        Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    assert_eq!(send_raw(address, chunked).status, 411);
    assert!(dir.listing().is_empty());
}

#[test]
fn header_names_are_case_insensitive() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let raw = b"PUT /team HTTP/1.1\r\nif-none-match: *\r\nCONTENT-LENGTH: 2\r\n\r\n{}";
    let reply = send_raw(address, raw);
    assert_eq!(reply.status, 201);
    let tag = reply.etag();
    let reply = get(address, "/team", &[("iF-nOnE-mAtCh", &tag)]);
    assert_eq!(reply.status, 304);
}

#[test]
fn oversized_headers_are_431() {
    let dir = TempDir::new();
    let filler = "x".repeat(17 * 1024);
    let reply = get(start_in(&dir), "/team", &[("X-Filler", &filler)]);
    assert_eq!(reply.status, 431);
}

#[test]
fn malformed_request_is_400() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    assert_eq!(send_raw(address, b"HELLO\r\n\r\n").status, 400);
    assert_eq!(
        send_raw(address, b"GET / HTTP/1.1\r\nNoColon\r\n\r\n").status,
        400
    );
}

#[test]
fn other_methods_are_405_with_allow() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    create(address, V1);
    let reply = request(address, "DELETE", "/team", &[], None);
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("Allow"), Some("GET, PUT, OPTIONS"));
    let reply = request(address, "POST", "/", &[], Some(b"{}"));
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("Allow"), Some("GET, OPTIONS"));
    assert_eq!(dir.file("team.json").as_deref(), Some(V1));
}

#[test]
fn bad_names_are_404_and_touch_nothing() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let too_long = format!("/{}", "a".repeat(65));
    for path in [
        "/../etc",
        "/a.b",
        "/%2e%2e",
        "/a/b",
        "/team.json",
        "/.team",
        &too_long,
    ] {
        let reply = put(address, path, &[("If-None-Match", "*")], V1);
        assert_eq!(reply.status, 404, "PUT {path}");
        assert_eq!(reply.text(), r#"{"error":"not_found"}"#);
        assert_eq!(get(address, path, &[]).status, 404, "GET {path}");
    }
    assert!(dir.listing().is_empty());
    assert!(!dir.path().parent().unwrap().join("etc.json").exists());

    let longest = format!("/{}", "a".repeat(64));
    assert_eq!(
        put(address, &longest, &[("If-None-Match", "*")], V1).status,
        201
    );
}

#[test]
fn token_is_required_when_configured() {
    let dir = TempDir::new();
    let address = start(Config {
        token: Some("s3cret".into()),
        ..Config::new(dir.path())
    });
    for wrong in [
        None,
        Some("Bearer nope"),
        Some("Bearer s3cre"),
        Some("Basic czNjcmV0"),
    ] {
        let headers: Vec<(&str, &str)> = wrong.map(|w| ("Authorization", w)).into_iter().collect();
        let reply = get(address, "/", &headers);
        assert_eq!(reply.status, 401, "{wrong:?}");
        assert_eq!(reply.text(), r#"{"error":"unauthorized"}"#);
        assert_eq!(reply.header("WWW-Authenticate"), Some("Bearer"));
        let mut headers = headers.clone();
        headers.push(("If-None-Match", "*"));
        assert_eq!(put(address, "/team", &headers, V1).status, 401);
    }
    assert!(dir.listing().is_empty());

    let auth = ("Authorization", "Bearer s3cret");
    assert_eq!(get(address, "/", &[auth]).status, 200);
    assert_eq!(
        put(address, "/team", &[auth, ("If-None-Match", "*")], V1).status,
        201
    );
    assert_eq!(
        get(address, "/team", &[("authorization", "bearer s3cret")]).body,
        V1
    );
}

#[test]
fn per_document_tokens_keep_each_member_to_their_own_places() {
    let dir = TempDir::new();
    let tokens = dir.path().join("tokens.txt");
    fs::write(
        &tokens,
        "# who reaches what\nacme hannah-t\nacme kwame-t\nacme-p-hannah hannah-t\nacme-p-kwame kwame-t\nacme-m\n",
    )
    .unwrap();
    let address = start(Config {
        token: Some("manager-t".into()),
        tokens_file: Some(tokens.clone()),
        ..Config::new(dir.path().join("docs"))
    });
    let bearer = |t: &'static str| {
        (
            "Authorization",
            Box::leak(format!("Bearer {t}").into_boxed_str()) as &str,
        )
    };
    for doc in ["/acme", "/acme-p-hannah", "/acme-p-kwame", "/acme-m"] {
        let created = put(
            address,
            doc,
            &[bearer("manager-t"), ("If-None-Match", "*")],
            V1,
        );
        assert_eq!(created.status, 201, "the operator's token reaches {doc}");
    }
    let status = |doc: &str, token: &'static str| get(address, doc, &[bearer(token)]).status;
    assert_eq!(status("/acme", "hannah-t"), 200);
    assert_eq!(status("/acme-p-hannah", "hannah-t"), 200);
    assert_eq!(status("/acme-p-kwame", "hannah-t"), 401);
    assert_eq!(
        status("/acme-m", "hannah-t"),
        401,
        "a line without a token lists it for nobody"
    );
    assert_eq!(status("/acme-p-kwame", "kwame-t"), 200);
    assert_eq!(get(address, "/acme", &[]).status, 401);
    // Unlisted documents take the operator's token only.
    assert_eq!(status("/other", "hannah-t"), 401);
    // Revoking is removing the line: at once, without a restart.
    fs::write(&tokens, "acme kwame-t\nacme-p-kwame kwame-t\n").unwrap();
    assert_eq!(status("/acme", "hannah-t"), 401);
    assert_eq!(status("/acme", "kwame-t"), 200);
    assert_eq!(status("/acme", "manager-t"), 200);

    // A tokens file without an operator token: unlisted documents open to nobody.
    let closed = start(Config {
        tokens_file: Some(tokens.clone()),
        ..Config::new(dir.path().join("docs"))
    });
    assert_eq!(get(closed, "/acme-m", &[]).status, 401);
    assert_eq!(get(closed, "/acme", &[bearer("kwame-t")]).status, 200);
}

#[test]
fn preflight_is_204_with_cors_headers_and_needs_no_token() {
    let dir = TempDir::new();
    let address = start(Config {
        token: Some("s3cret".into()),
        ..Config::new(dir.path())
    });
    let headers = [
        ("Origin", "https://app.example"),
        ("Access-Control-Request-Method", "PUT"),
        (
            "Access-Control-Request-Headers",
            "authorization, content-type, if-match",
        ),
    ];
    for path in ["/team", "/", "/not.a.name"] {
        let reply = request(address, "OPTIONS", path, &headers, None);
        assert_eq!(reply.status, 204, "{path}");
        assert!(reply.body.is_empty());
        assert_eq!(
            reply.header("Content-Length"),
            None,
            "HTTP forbids it on 204"
        );
        assert_eq!(
            reply.header("Access-Control-Allow-Methods"),
            Some("GET, PUT, OPTIONS")
        );
        assert_eq!(
            reply.header("Access-Control-Allow-Headers"),
            Some("Authorization, Content-Type, If-Match, If-None-Match")
        );
        assert_eq!(reply.header("Access-Control-Max-Age"), Some("600"));
    }
}

#[test]
fn a_restarted_server_gives_the_same_etag() {
    let dir = TempDir::new();
    let first = start_in(&dir);
    let tag = create(first, V1);

    let second = start_in(&dir);
    let reply = get(second, "/team", &[]);
    assert_eq!((reply.status, reply.body.as_slice()), (200, V1));
    assert_eq!(reply.etag(), tag);
    assert_eq!(put(second, "/team", &[("If-Match", &tag)], V2).status, 200);
}

#[test]
fn concurrent_puts_with_the_same_if_match_have_one_winner() {
    let dir = TempDir::new();
    let address = start_in(&dir);
    let mut tag = create(address, V1);
    for round in 0..20 {
        let barrier = Arc::new(Barrier::new(2));
        let writers: Vec<_> = (0..2)
            .map(|writer| {
                let (barrier, tag) = (Arc::clone(&barrier), tag.clone());
                let body = format!(r#"{{"round":{round},"writer":{writer}}}"#);
                thread::spawn(move || {
                    barrier.wait();
                    (
                        put(address, "/team", &[("If-Match", &tag)], body.as_bytes()),
                        body,
                    )
                })
            })
            .collect();
        let mut results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
        results.sort_by_key(|(reply, _)| reply.status);
        let statuses: Vec<u16> = results.iter().map(|(reply, _)| reply.status).collect();
        assert_eq!(statuses, [200, 412], "round {round}");
        let (winner, body) = &results[0];
        assert_eq!(
            results[1].0.etag(),
            winner.etag(),
            "the loser learns the winner's ETag"
        );
        assert_eq!(dir.file("team.json"), Some(body.clone().into_bytes()));
        tag = winner.etag();
    }
    assert_eq!(dir.listing(), ["team.json"]);
}

#[test]
fn a_stalled_client_gets_408_instead_of_holding_the_thread() {
    let dir = TempDir::new();
    let config = Config {
        read_timeout: Duration::from_millis(200),
        ..Config::new(dir.path())
    };
    let reply = send_raw(start(config), b"GET /team HTTP/1.1\r\nHost: t\r\n");
    assert_eq!(reply.status, 408);
}

#[test]
fn temp_files_left_by_a_crash_are_removed_at_start() {
    let dir = TempDir::new();
    fs::write(dir.path().join(".team.999-0.tmp"), b"{\"half").unwrap();
    fs::write(dir.path().join("notes.tmp"), b"not ours").unwrap();
    let address = start_in(&dir);
    // Once it answers, the server has finished starting up.
    assert_eq!(get(address, "/", &[]).status, 200);
    assert_eq!(dir.listing(), ["notes.tmp"]);
}

#[test]
fn the_command_prints_the_port_it_picked() {
    let dir = TempDir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trellis-endpoint"))
        .args(["--port", "0", "--dir"])
        .arg(dir.path())
        .env_remove("TRELLIS_ENDPOINT_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let outcome = std::panic::catch_unwind(|| {
        let expected_end = format!(", documents in {}\n", dir.path().display());
        let rest = line.strip_prefix("trellis-endpoint listening on http://127.0.0.1:");
        let port = rest
            .and_then(|r| r.strip_suffix(&expected_end))
            .expect(&line);
        let port: u16 = port.parse().unwrap();
        assert_ne!(port, 0);
        get(SocketAddr::from(([127, 0, 0, 1], port)), "/", &[]).status
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(outcome.expect("the server answered"), 200, "{line}");
}
