use std::net::TcpListener;

use chrono::TimeZone;

use super::*;
use crate::local_http::{LocalHttpServer, Request, Response};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/msrc");

/// Documents the test server has fixtures for; `2017-May-B` is listed in the index but not
/// served, as on a mirror that lacks it.
const SERVED_IDS: [&str; 4] = ["2022-Nov", "2022-Dec", "2023-Jan", "Oct-OOB"];

/// Shaped like the real `/updates` answer (dates from the fixtures), plus the odd cases: an entry
/// without an ID, a date without a zone, null dates.
const INDEX_JSON: &str = r#"{"@odata.context":"https://api.msrc.microsoft.com/cvrf/v3.0/$metadata#updates","value":[
 {"ID":"Oct-OOB","Alias":"2016-Oct-27","DocumentTitle":"October 27, 2016 Security Update","Severity":null,"InitialReleaseDate":"2016-10-27T07:00:00Z","CurrentReleaseDate":"2016-10-27T07:00:00Z","CvrfUrl":"https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/Oct-OOB"},
 {"ID":"2017-May-B","Alias":"2017-May-B","DocumentTitle":"May 2017 Security Updates B","Severity":null,"InitialReleaseDate":null,"CurrentReleaseDate":null,"CvrfUrl":"https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2017-May-B"},
 {"Alias":"no-id","DocumentTitle":"An entry without an ID","InitialReleaseDate":"2022-10-11T07:00:00Z"},
 {"ID":"2022-Nov","Alias":"2022-Nov","DocumentTitle":"November 2022 Security Updates","Severity":null,"InitialReleaseDate":"2022-11-08T08:00:00Z","CurrentReleaseDate":"2022-12-22T08:00:00Z","CvrfUrl":"https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2022-Nov"},
 {"ID":"2022-Dec","Alias":"2022-Dec","DocumentTitle":"December 2022 Security Updates","Severity":null,"InitialReleaseDate":"2022-12-13T08:00:00Z","CurrentReleaseDate":"2022-12-21T08:00:00Z","CvrfUrl":"https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2022-Dec"},
 {"ID":"2023-Jan","Alias":"2023-Jan","DocumentTitle":"January 2023 Security Updates","Severity":null,"InitialReleaseDate":"2023-01-10T08:00:00","CurrentReleaseDate":"2023-01-27T08:00:00Z","CvrfUrl":"https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2023-Jan"}
]}"#;

fn fixture_bytes(id: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}/cvrfDocument-{id}.xml");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utc(year: i32, month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, 0, 0).unwrap()
}

/// The path prefix of the base URL picks how the server misbehaves, so each test's client
/// is set up by its base URL alone (as a `--url` mirror would be).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// `/`: Content-Length and the whole body.
    Normal,
    /// `/unsized`: no Content-Length, the body ends when the connection closes.
    Unsized,
    /// `/truncated`: announces the full length, sends half, closes.
    Truncated,
    /// `/malformed`: `/updates` is not an index.
    Malformed,
}

/// The MSRC API stand-in: how it answers depends on the base URL's path prefix.
struct TestServer(LocalHttpServer);

impl TestServer {
    fn start() -> TestServer {
        TestServer(LocalHttpServer::start(respond))
    }

    fn url(&self, prefix: &str) -> String {
        format!("{}{prefix}", self.0.url())
    }

    fn client(&self, prefix: &str) -> MsrcClient {
        MsrcClient::new(&self.url(prefix)).expect("a valid base URL")
    }

    fn requests(&self) -> Vec<Request> {
        self.0.requests()
    }
}

fn respond(request: &Request) -> Response {
    let (mode, path) = split_mode(&request.target);
    let (status, body) = route(mode, path);
    let length = body.len();
    Response {
        status,
        content_type: Some(if path == "/updates" {
            "application/json; charset=utf-8"
        } else {
            "application/xml"
        }),
        body,
        content_length: mode != Mode::Unsized,
        cut_after: (mode == Mode::Truncated).then_some(length / 2),
    }
}

fn split_mode(target: &str) -> (Mode, &str) {
    for (prefix, mode) in [
        ("/unsized", Mode::Unsized),
        ("/truncated", Mode::Truncated),
        ("/malformed", Mode::Malformed),
    ] {
        if let Some(path) = target.strip_prefix(prefix) {
            return (mode, path);
        }
    }
    (Mode::Normal, target)
}

fn route(mode: Mode, path: &str) -> (&'static str, Vec<u8>) {
    if path == "/updates" {
        let body = if mode == Mode::Malformed {
            r#"{"error":{"code":"NotFound","message":"no such thing"}}"#
        } else {
            INDEX_JSON
        };
        return ("200 OK", body.as_bytes().to_vec());
    }
    match path.strip_prefix("/cvrf/") {
        Some(id) if SERVED_IDS.contains(&id) => ("200 OK", fixture_bytes(id)),
        _ => ("404 Not Found", b"<html>Not Found</html>".to_vec()),
    }
}

fn no_progress() -> impl FnMut(u64, Option<u64>) -> bool {
    |_, _| true
}

fn index_entry(id: &str, initial: DateTime<Utc>, current: DateTime<Utc>) -> IndexEntry {
    IndexEntry {
        id: id.to_owned(),
        title: String::new(),
        initial_release: Some(initial),
        current_release: Some(current),
    }
}

fn ids(entries: &[IndexEntry]) -> Vec<&str> {
    entries.iter().map(|entry| entry.id.as_str()).collect()
}

#[test]
fn the_index_lists_each_document_with_its_dates() {
    let server = TestServer::start();
    let index = server.client("").index().expect("index");

    assert_eq!(
        ids(&index),
        ["Oct-OOB", "2017-May-B", "2022-Nov", "2022-Dec", "2023-Jan"],
        "index order, the entry without an ID skipped"
    );
    assert_eq!(
        index[2],
        IndexEntry {
            id: "2022-Nov".to_owned(),
            title: "November 2022 Security Updates".to_owned(),
            initial_release: Some(utc(2022, 11, 8, 8)),
            current_release: Some(utc(2022, 12, 22, 8)),
        }
    );
    assert_eq!(index[1].initial_release, None);
    assert_eq!(index[1].current_release, None);
    assert_eq!(
        index[4].initial_release,
        Some(utc(2023, 1, 10, 8)),
        "a date without a zone is UTC"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/updates");
    assert_eq!(requests[0].header("Accept"), Some("application/json"));
    let user_agent = requests[0].header("User-Agent").unwrap_or_default();
    assert!(
        user_agent.starts_with("PatchDesk/") && user_agent.ends_with("(+patch management)"),
        "{user_agent}"
    );
}

#[test]
fn an_index_in_another_shape_is_a_bad_index() {
    let server = TestServer::start();
    let error = server.client("/malformed").index().unwrap_err();
    match &error {
        FetchError::BadIndex { url, reason } => {
            assert_eq!(url, &format!("{}/updates", server.url("/malformed")));
            assert!(reason.contains("value"), "{reason}");
        }
        other => panic!("expected BadIndex, got {other:?}"),
    }
    assert!(!error.is_offline());
}

#[test]
fn index_parsing_rejects_what_is_not_an_index() {
    assert!(parse_index(b"<html>Service Unavailable</html>").is_err());
    assert!(parse_index(br#"[{"ID":"2023-Jan"}]"#).is_err());
    assert!(parse_index(br#"{"value":{"ID":"2023-Jan"}}"#).is_err());
    assert!(parse_index(br#"{"value":[{"Name":"a"},{"Name":"b"}]}"#).is_err());
    assert_eq!(parse_index(br#"{"value":[]}"#), Ok(Vec::new()));
    let with_bom = b"\xEF\xBB\xBF{\"value\":[{\"ID\":\"2023-Jan\"}]}";
    assert_eq!(ids(&parse_index(with_bom).unwrap()), ["2023-Jan"]);
}

#[test]
fn since_keeps_documents_first_released_in_or_after_that_month() {
    let server = TestServer::start();
    let index = server.client("").index().expect("index");
    let nothing_stored = |_: &str| None;

    assert_eq!(
        ids(&select_updates(&index, Some((2022, 12)), &nothing_stored)),
        ["2017-May-B", "2022-Dec", "2023-Jan"],
        "2022-Nov was revised in December but first released in November; the undated one is kept"
    );
    assert_eq!(
        ids(&select_updates(&index, Some((2023, 1)), &nothing_stored)),
        ["2017-May-B", "2023-Jan"]
    );
    assert_eq!(
        ids(&select_updates(&index, None, &nothing_stored)),
        ["Oct-OOB", "2017-May-B", "2022-Nov", "2022-Dec", "2023-Jan"]
    );
}

#[test]
fn stored_documents_are_selected_again_only_when_revised() {
    let index = [
        index_entry("2022-Nov", utc(2022, 11, 8, 8), utc(2022, 12, 22, 8)),
        index_entry("2022-Dec", utc(2022, 12, 13, 8), utc(2022, 12, 21, 8)),
        index_entry("2023-Jan", utc(2023, 1, 10, 8), utc(2023, 1, 27, 8)),
    ];
    let stored = |id: &str| match id {
        // Stored before the December revision.
        "2022-Nov" => Some(utc(2022, 11, 8, 8)),
        // Stored at its current revision.
        "2022-Dec" => Some(utc(2022, 12, 21, 8)),
        _ => None,
    };
    assert_eq!(
        ids(&select_updates(&index, None, &stored)),
        ["2022-Nov", "2023-Jan"]
    );
    assert_eq!(
        ids(&select_updates(&index, Some((2022, 12)), &stored)),
        ["2023-Jan"]
    );

    let undated_but_stored = [IndexEntry {
        current_release: None,
        ..index[0].clone()
    }];
    assert!(select_updates(&undated_but_stored, None, &stored).is_empty());
}

#[test]
fn a_document_downloads_as_the_exact_bytes_served() {
    let server = TestServer::start();
    let client = server.client("/");
    for id in SERVED_IDS {
        let xml = client.document_xml(id, &mut no_progress()).expect(id);
        assert!(xml == fixture_bytes(id), "{id}: bytes differ");
    }

    let requests = server.requests();
    assert_eq!(
        requests
            .iter()
            .map(|request| request.target.as_str())
            .collect::<Vec<_>>(),
        [
            "/cvrf/2022-Nov",
            "/cvrf/2022-Dec",
            "/cvrf/2023-Jan",
            "/cvrf/Oct-OOB"
        ]
    );
    for request in &requests {
        assert_eq!(request.header("Accept"), Some("application/xml"));
    }
}

#[test]
fn progress_counts_up_to_the_announced_total() {
    let server = TestServer::start();
    let expected = fixture_bytes("2023-Jan").len() as u64;
    let mut calls = Vec::new();
    let xml = server
        .client("")
        .document_xml("2023-Jan", &mut |received, total| {
            calls.push((received, total));
            true
        })
        .expect("download");

    assert_eq!(xml.len() as u64, expected);
    assert!(
        calls.len() > 2,
        "a 2.8 MB document arrives in several chunks"
    );
    assert!(calls.iter().all(|&(_, total)| total == Some(expected)));
    assert!(calls.windows(2).all(|pair| pair[0].0 < pair[1].0));
    assert_eq!(calls.first().map(|call| call.0), Some(0));
    assert_eq!(calls.last().map(|call| call.0), Some(expected));
}

#[test]
fn without_content_length_progress_has_no_total_and_the_body_is_complete() {
    let server = TestServer::start();
    let mut totals = Vec::new();
    let xml = server
        .client("/unsized")
        .document_xml("2022-Dec", &mut |_, total| {
            totals.push(total);
            true
        })
        .expect("download");
    assert!(xml == fixture_bytes("2022-Dec"));
    assert!(totals.iter().all(Option::is_none));
}

#[test]
fn the_callback_cancels_a_download() {
    let server = TestServer::start();
    let mut calls = 0;
    let result = server
        .client("")
        .document_xml("2023-Jan", &mut |received, _| {
            calls += 1;
            received == 0
        });
    assert!(matches!(result, Err(FetchError::Cancelled)), "{result:?}");
    assert_eq!(calls, 2, "no more calls after the one that cancelled");
}

#[test]
fn a_missing_document_is_http_404() {
    let server = TestServer::start();
    let error = server
        .client("")
        .document_xml("2017-May-B", &mut no_progress())
        .unwrap_err();
    match &error {
        FetchError::Http { url, status } => {
            assert_eq!(*status, 404);
            assert_eq!(url, &format!("{}/cvrf/2017-May-B", server.url("")));
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert!(!error.is_offline());
}

#[test]
fn a_refused_connection_is_offline() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = MsrcClient::new(&format!("http://127.0.0.1:{port}")).unwrap();

    let error = client.index().unwrap_err();
    assert!(error.is_offline(), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("cannot reach 127.0.0.1:{port}: ")),
        "{message}"
    );

    let error = client
        .document_xml("2023-Jan", &mut no_progress())
        .unwrap_err();
    assert!(error.is_offline(), "{error:?}");
}

#[test]
fn a_body_cut_short_is_a_transfer_error_not_offline() {
    let server = TestServer::start();
    let error = server
        .client("/truncated")
        .document_xml("Oct-OOB", &mut no_progress())
        .unwrap_err();
    assert!(matches!(error, FetchError::Transfer { .. }), "{error:?}");
    assert!(!error.is_offline());
}

#[test]
fn documents_over_the_cap_are_refused() {
    let server = TestServer::start();
    let limit = 10_000;
    // Announced too large: refused before reading.
    let error = server
        .client("")
        .with_max_document_bytes(limit)
        .document_xml("Oct-OOB", &mut no_progress())
        .unwrap_err();
    assert!(
        matches!(error, FetchError::TooLarge { limit: 10_000, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().ends_with(" is larger than 10000 bytes"),
        "{error}"
    );
    assert!(
        FetchError::TooLarge {
            url: "u".to_owned(),
            limit: MAX_DOCUMENT_BYTES
        }
        .to_string()
        .ends_with(" is larger than 200 MB")
    );

    // Not announced: refused once the count passes the cap.
    let mut largest = 0;
    let error = server
        .client("/unsized")
        .with_max_document_bytes(limit)
        .document_xml("Oct-OOB", &mut |received, _| {
            largest = received;
            true
        })
        .unwrap_err();
    assert!(matches!(error, FetchError::TooLarge { .. }), "{error:?}");
    assert!(largest <= limit);
}

#[test]
fn base_urls_are_checked_and_trimmed() {
    let client = MsrcClient::new(" https://mirror.example/msrc/cvrf/v3.0/ ").unwrap();
    assert_eq!(client.base_url(), "https://mirror.example/msrc/cvrf/v3.0");
    assert_eq!(
        client.document_url("2017-May-B").unwrap(),
        "https://mirror.example/msrc/cvrf/v3.0/cvrf/2017-May-B"
    );
    assert_eq!(
        MsrcClient::new(DEFAULT_BASE_URL).unwrap().base_url(),
        DEFAULT_BASE_URL
    );

    for bad in [
        "",
        "api.msrc.microsoft.com/cvrf/v3.0",
        "ftp://mirror.example/cvrf",
        "file:///srv/msrc",
        "https://",
        "https://mirror.example/cvrf?x=1",
        "https://mirror example/cvrf",
    ] {
        let result = MsrcClient::new(bad);
        assert!(
            matches!(result, Err(FetchError::InvalidUrl { .. })),
            "{bad:?} was accepted"
        );
    }
}

#[test]
fn document_ids_are_percent_encoded() {
    let client = MsrcClient::new("http://127.0.0.1:1").unwrap();
    assert_eq!(
        client.document_url("2024 Jan/B?x").unwrap(),
        "http://127.0.0.1:1/cvrf/2024%20Jan%2FB%3Fx"
    );
    assert_eq!(
        client.document_url("Juli-ä").unwrap(),
        "http://127.0.0.1:1/cvrf/Juli-%C3%A4"
    );
    for bad in ["", ".", ".."] {
        assert!(
            matches!(client.document_url(bad), Err(FetchError::InvalidUrl { .. })),
            "{bad:?}"
        );
    }
}
