//! CouchDB mode: each record is a document in a CouchDB database (or any server that speaks
//! its HTTP API). A round pulls `_changes` since the checkpoint this device saved, merges them
//! with the same rules as the JSON endpoint, and pushes only the records changed here with
//! `_bulk_docs`; a document another device changed in the meantime comes back as a conflict
//! (409), and the round starts again from the pull. What goes over the network grows with what
//! changed, not with the size of the team's data.
//!
//! A record's document is `{"_id": id, "_rev": …, "record": {…}}`, or, with a team passphrase,
//! `{"_id": id, "_rev": …, "sealed": "…"}`; the document `trellis:crypto` then says how the
//! team's data is sealed (see `seal`).
use serde_json::Value;

/// The document that says how a team's records are sealed (not a valid record id).
pub const META_ID: &str = "trellis:crypto";
/// Changes read per request.
pub const PAGE: usize = 500;

/// The database URL without a trailing slash.
pub fn db(url: &str) -> &str {
    url.trim().trim_end_matches('/')
}

/// Percent-encodes everything but unreserved characters (for ids and checkpoints in URLs).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The changes feed after `since`, with the documents or only their ids and revisions.
pub fn changes_url(db: &str, since: &str, docs: bool) -> String {
    format!(
        "{db}/_changes?since={}{}&limit={PAGE}",
        encode(since),
        if docs { "&include_docs=true" } else { "" }
    )
}

/// One page of the changes feed: the documents (deleted ones left out), the ids of those
/// deleted (records that moved to another place: Trellis itself deletes with tombstone
/// records), each change's id and revision, where the next page starts, and how many results
/// the page had (fewer than `PAGE`: the last).
#[derive(Debug, PartialEq)]
pub struct Page {
    pub docs: Vec<Value>,
    pub gone: Vec<String>,
    pub revs: Vec<(String, String)>,
    pub last_seq: String,
    pub results: usize,
}

const NOT_COUCH: &str = "The server did not answer like a CouchDB database. Check the URL (it is the database's address, e.g. https://couch.example.com/acme). Nothing was changed here.";

fn seq_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn parse_changes(text: &str) -> Result<Page, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| NOT_COUCH.to_string())?;
    let (Some(results), Some(last_seq)) = (v["results"].as_array(), seq_text(&v["last_seq"]))
    else {
        return Err(NOT_COUCH.into());
    };
    let docs = results
        .iter()
        .filter(|r| r["deleted"] != true && r["doc"].is_object())
        .map(|r| r["doc"].clone())
        .collect();
    let gone = results
        .iter()
        .filter(|r| r["deleted"] == true)
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    let revs = results
        .iter()
        .filter_map(|r| {
            Some((
                r["id"].as_str()?.to_string(),
                r["changes"][0]["rev"].as_str()?.to_string(),
            ))
        })
        .collect();
    Ok(Page {
        docs,
        gone,
        revs,
        last_seq,
        results: results.len(),
    })
}

/// What a document of the database holds.
#[derive(Debug, PartialEq)]
pub enum Doc {
    /// A record as JSON text.
    Plain(String),
    /// A sealed record.
    Sealed(String),
    /// How the team's records are sealed.
    Meta(Value),
    /// Anything else (design documents, other apps' documents): left alone.
    Other,
}

/// A document's id, CouchDB revision and content.
pub fn read_doc(doc: &Value) -> (String, Option<String>, Doc) {
    let id = doc["_id"].as_str().unwrap_or_default().to_string();
    let rev = doc["_rev"].as_str().map(str::to_string);
    let content = if id == META_ID {
        Doc::Meta(doc["sealed_with"].clone())
    } else if id.starts_with('_') {
        Doc::Other
    } else if let Some(s) = doc["sealed"].as_str() {
        Doc::Sealed(s.to_string())
    } else if doc["record"].is_object() {
        Doc::Plain(doc["record"].to_string())
    } else {
        Doc::Other
    };
    (id, rev, content)
}

/// A record's document for `_bulk_docs`: `content` is `"record":{…}` or `"sealed":"…"`.
fn doc(id: &str, rev: Option<&str>, content: String) -> String {
    let id = Value::from(id);
    match rev {
        Some(r) => format!("{{\"_id\":{id},\"_rev\":{},{content}}}", Value::from(r)),
        None => format!("{{\"_id\":{id},{content}}}"),
    }
}

pub fn plain_doc(id: &str, rev: Option<&str>, record_json: &str) -> String {
    doc(id, rev, format!("\"record\":{record_json}"))
}

pub fn sealed_doc(id: &str, rev: Option<&str>, sealed: &str) -> String {
    doc(id, rev, format!("\"sealed\":{}", Value::from(sealed)))
}

pub fn meta_doc(meta: &super::seal::PlaceMeta, rev: Option<&str>) -> String {
    doc(META_ID, rev, format!("\"sealed_with\":{}", meta.to_value()))
}

pub fn bulk_body(docs: &[String]) -> String {
    format!("{{\"docs\":[{}]}}", docs.join(","))
}

pub fn keys_body(ids: &[&str]) -> String {
    Value::from(ids.to_vec())
        .to_string()
        .replacen('[', "{\"keys\":[", 1)
        + "}"
}

/// The current revisions `_all_docs` gave for the asked keys (missing ones left out).
pub fn parse_revs(text: &str) -> Result<Vec<(String, String)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| NOT_COUCH.to_string())?;
    let rows = v["rows"].as_array().ok_or(NOT_COUCH)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some((
                r["id"].as_str()?.to_string(),
                r["value"]["rev"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// The documents `_all_docs` gave for the asked keys that exist and are not deleted, as
/// deletions for `_bulk_docs` (a record moved to another scope leaves this place).
pub fn deletions(text: &str) -> Result<Vec<String>, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| NOT_COUCH.to_string())?;
    let rows = v["rows"].as_array().ok_or(NOT_COUCH)?;
    Ok(rows
        .iter()
        .filter(|r| r["value"]["deleted"] != true)
        .filter_map(|r| {
            let (id, rev) = (r["id"].as_str()?, r["value"]["rev"].as_str()?);
            Some(doc(id, Some(rev), "\"_deleted\":true".into()))
        })
        .collect())
}

/// What `_bulk_docs` did with each document.
#[derive(Debug, Default, PartialEq)]
pub struct Pushed {
    /// Written: (id, new revision).
    pub ok: Vec<(String, String)>,
    /// Changed by someone else since its revision was read: merge and try again.
    pub conflicts: Vec<String>,
    /// Refused for another reason: (id, the server's reason).
    pub refused: Vec<(String, String)>,
}

pub fn parse_bulk(text: &str) -> Result<Pushed, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| NOT_COUCH.to_string())?;
    let items = v.as_array().ok_or(NOT_COUCH)?;
    let mut p = Pushed::default();
    for item in items {
        let id = item["id"].as_str().unwrap_or_default().to_string();
        match item["error"].as_str() {
            None if item["rev"].is_string() => {
                p.ok.push((id, item["rev"].as_str().unwrap_or_default().to_string()))
            }
            Some("conflict") => p.conflicts.push(id),
            Some(e) => {
                let reason = item["reason"].as_str().unwrap_or(e);
                p.refused.push((id, reason.to_string()));
            }
            None => p.refused.push((id, "no answer for it".into())),
        }
    }
    Ok(p)
}

/// True when a 404's body says the database itself is missing (not just a document).
pub fn db_missing(body: &str) -> bool {
    let v: Value = serde_json::from_str(body).unwrap_or_default();
    v["error"] == "not_found" && !matches!(v["reason"].as_str(), Some("missing" | "deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn urls() {
        assert_eq!(
            db(" http://127.0.0.1:5984/acme/ "),
            "http://127.0.0.1:5984/acme"
        );
        assert_eq!(encode("trellis:crypto"), "trellis%3Acrypto");
        assert_eq!(encode("12-g1AA_x.~"), "12-g1AA_x.~");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
        assert_eq!(
            changes_url("http://h/db", "0", true),
            "http://h/db/_changes?since=0&include_docs=true&limit=500"
        );
        assert_eq!(
            changes_url("http://h/db", "5", false),
            "http://h/db/_changes?since=5&limit=500"
        );
    }

    #[test]
    fn changes_feed_pages() {
        // CouchDB 1.x and pouchdb-server number sequences; CouchDB 2+ uses strings.
        let text = json!({"results": [
            {"id": "a", "seq": 1, "changes": [{"rev": "1-x"}], "doc": {"_id": "a", "_rev": "1-x", "record": {"id": "a"}}},
            {"id": "b", "seq": 2, "deleted": true, "changes": [{"rev": "2-y"}], "doc": {"_id": "b", "_rev": "2-y", "_deleted": true}},
        ], "last_seq": 2})
        .to_string();
        let page = parse_changes(&text).unwrap();
        assert_eq!(page.docs.len(), 1);
        assert_eq!(
            page.gone,
            vec!["b".to_string()],
            "deleted: moved to another place"
        );
        assert_eq!(
            page.revs,
            vec![("a".into(), "1-x".into()), ("b".into(), "2-y".into())]
        );
        assert_eq!(page.last_seq, "2");
        assert_eq!(page.results, 2);
        let v2 = json!({"results": [], "last_seq": "7-g1AAAA"}).to_string();
        assert_eq!(parse_changes(&v2).unwrap().last_seq, "7-g1AAAA");
        for bad in [
            "<html>",
            "{\"results\":[]}",
            "{\"ok\":true}",
            "{\"results\":[{\"id\":\"a\"",
        ] {
            assert!(parse_changes(bad).unwrap_err().contains("CouchDB"), "{bad}");
        }
    }

    #[test]
    fn documents_and_what_they_hold() {
        let plain = plain_doc("abc", Some("3-f"), "{\"id\":\"abc\",\"rev\":2}");
        let v: Value = serde_json::from_str(&plain).unwrap();
        assert_eq!(
            read_doc(&v),
            (
                "abc".into(),
                Some("3-f".into()),
                Doc::Plain("{\"id\":\"abc\",\"rev\":2}".into())
            )
        );
        let sealed: Value = serde_json::from_str(&sealed_doc("abc", None, "QUJD")).unwrap();
        assert_eq!(sealed, json!({"_id": "abc", "sealed": "QUJD"}));
        assert_eq!(read_doc(&sealed).2, Doc::Sealed("QUJD".into()));
        let design = json!({"_id": "_design/x", "_rev": "1-a", "views": {}});
        assert_eq!(read_doc(&design).2, Doc::Other);
        let foreign = json!({"_id": "x", "_rev": "1-a", "title": "not ours"});
        assert_eq!(read_doc(&foreign).2, Doc::Other);
        let meta = json!({"_id": META_ID, "_rev": "1-a", "sealed_with": {"kdf": "PBKDF2-SHA256"}});
        assert!(matches!(read_doc(&meta).2, Doc::Meta(m) if m["kdf"] == "PBKDF2-SHA256"));
        assert_eq!(bulk_body(&["{}".into(), "{}".into()]), "{\"docs\":[{},{}]}");
        assert_eq!(keys_body(&["a", "b"]), "{\"keys\":[\"a\",\"b\"]}");
    }

    #[test]
    fn bulk_results_and_revisions() {
        let text = json!([
            {"ok": true, "id": "a", "rev": "2-x"},
            {"id": "b", "error": "conflict", "reason": "Document update conflict"},
            {"id": "c", "error": "forbidden", "reason": "only admins"},
        ])
        .to_string();
        assert_eq!(
            parse_bulk(&text).unwrap(),
            Pushed {
                ok: vec![("a".into(), "2-x".into())],
                conflicts: vec!["b".into()],
                refused: vec![("c".into(), "only admins".into())],
            }
        );
        assert!(parse_bulk("{\"error\":\"x\"}").is_err());
        let rows = json!({"rows": [
            {"id": "a", "key": "a", "value": {"rev": "1-x"}},
            {"key": "zz", "error": "not_found"},
            {"id": "d", "key": "d", "value": {"rev": "3-d", "deleted": true}},
        ]})
        .to_string();
        assert_eq!(
            parse_revs(&rows).unwrap(),
            vec![("a".into(), "1-x".into()), ("d".into(), "3-d".into())]
        );
        // Moved away: the live one is deleted here, the missing and deleted ones left alone.
        assert_eq!(
            deletions(&rows).unwrap(),
            vec!["{\"_id\":\"a\",\"_rev\":\"1-x\",\"_deleted\":true}".to_string()]
        );
    }

    #[test]
    fn a_missing_database_is_told_from_a_missing_document() {
        assert!(db_missing(
            "{\"error\":\"not_found\",\"reason\":\"no_db_file\"}"
        ));
        assert!(db_missing(
            "{\"error\":\"not_found\",\"reason\":\"Database does not exist.\"}"
        ));
        assert!(!db_missing(
            "{\"error\":\"not_found\",\"reason\":\"missing\"}"
        ));
        assert!(!db_missing(
            "{\"error\":\"not_found\",\"reason\":\"deleted\"}"
        ));
        assert!(!db_missing("<html>"));
    }
}
