//! `fetch_updates` end to end: a local mirror of the MSRC API on 127.0.0.1 serving the real
//! fixture documents, and a real store. Checks what reaches the database, not only what the
//! report says, and which requests were made (a fetch that re-downloads everything would still
//! store the right rows).

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;

use super::*;
use crate::local_http::{LocalHttpServer, Response, cvrf_element};
use crate::store::DocumentOutcome;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/msrc");

/// The three monthly documents of the golden cases, in the order the mirror's index lists them.
const IDS: [&str; 3] = ["2022-Nov", "2022-Dec", "2023-Jan"];

/// One document as the mirror serves it. The dates are the document's own DocumentTracking
/// dates (no zone, as in the XML), so the index and the XML agree as on the real API.
#[derive(Clone)]
struct Served {
    id: String,
    title: String,
    initial: String,
    current: String,
    xml: Vec<u8>,
}

fn fixture(id: &str) -> Served {
    let path = format!("{FIXTURES}/cvrfDocument-{id}.xml");
    let xml = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = String::from_utf8_lossy(&xml);
    Served {
        id: id.to_owned(),
        title: cvrf_element(&text, "DocumentTitle").to_owned(),
        initial: cvrf_element(&text, "InitialReleaseDate").to_owned(),
        current: cvrf_element(&text, "CurrentReleaseDate").to_owned(),
        xml,
    }
}

fn utc(text: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .unwrap()
        .and_utc()
}

/// A stand-in for the MSRC API answering `/updates` and `/cvrf/{ID}`, whose documents the
/// test can revise.
struct Mirror {
    server: LocalHttpServer,
    documents: Arc<Mutex<Vec<Served>>>,
}

impl Mirror {
    fn start() -> Mirror {
        let documents = Arc::new(Mutex::new(IDS.map(fixture).to_vec()));
        let served = Arc::clone(&documents);
        let server = LocalHttpServer::start(move |request| {
            let (status, body) = route(&served.lock().unwrap(), &request.target);
            Response::new(status, body)
        });
        Mirror { server, documents }
    }

    fn client(&self) -> MsrcClient {
        MsrcClient::new(&self.server.url()).unwrap()
    }

    /// The requests made since the last call.
    fn take_requests(&self) -> Vec<String> {
        self.server.take_targets()
    }

    /// Microsoft revises a document: a newer CurrentReleaseDate in the index and in the XML.
    fn revise(&self, id: &str, current: &str) {
        let mut documents = self.documents.lock().unwrap();
        let document = documents.iter_mut().find(|d| d.id == id).unwrap();
        let text = String::from_utf8(document.xml.clone()).unwrap();
        let old = format!("<cvrf:CurrentReleaseDate>{}<", document.current);
        assert_eq!(text.matches(&old).count(), 1);
        document.xml = text
            .replace(&old, &format!("<cvrf:CurrentReleaseDate>{current}<"))
            .into_bytes();
        document.current = current.to_owned();
    }
}

fn route(documents: &[Served], target: &str) -> (&'static str, Vec<u8>) {
    if target == "/updates" {
        let value: Vec<serde_json::Value> = documents
            .iter()
            .map(|d| {
                serde_json::json!({
                    "ID": d.id,
                    "Alias": d.id,
                    "DocumentTitle": d.title,
                    "InitialReleaseDate": format!("{}Z", d.initial),
                    "CurrentReleaseDate": format!("{}Z", d.current),
                    "CvrfUrl": format!("https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/{}", d.id),
                })
            })
            .collect();
        let index = serde_json::json!({ "value": value });
        return ("200 OK", index.to_string().into_bytes());
    }
    let id = target.strip_prefix("/cvrf/").unwrap_or_default();
    match documents.iter().find(|d| d.id == id) {
        Some(document) => ("200 OK", document.xml.clone()),
        None => ("404 Not Found", b"Not Found".to_vec()),
    }
}

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("patchdesk.db")).unwrap();
    (dir, store)
}

/// The MSRC documents in the store, by id, with their stored CurrentReleaseDate.
fn stored(store: &Store) -> Vec<(String, DateTime<Utc>)> {
    let mut documents = stored_revisions(store).unwrap();
    documents.sort();
    documents
}

fn outcomes(report: &FetchReport) -> Vec<(&str, DocumentOutcome)> {
    report
        .stored
        .iter()
        .map(|d| (d.id.as_str(), d.outcome))
        .collect()
}

fn fetch_all(store: &mut Store, mirror: &Mirror) -> FetchReport {
    fetch_updates(store, &mirror.client(), None, &mut |_| true).expect("fetch")
}

#[test]
fn a_first_fetch_stores_every_listed_document_as_it_arrives() {
    let mirror = Mirror::start();
    let (_dir, mut store) = new_store();
    let mut events = Vec::new();
    let report = fetch_updates(&mut store, &mirror.client(), None, &mut |progress| {
        events.push(progress);
        true
    })
    .expect("fetch");

    assert_eq!((report.listed, report.selected), (3, 3));
    assert_eq!(
        outcomes(&report),
        [
            ("2022-Nov", DocumentOutcome::Added),
            ("2022-Dec", DocumentOutcome::Added),
            ("2023-Jan", DocumentOutcome::Added),
        ]
    );
    let sizes: u64 = IDS.map(|id| fixture(id).xml.len() as u64).iter().sum();
    assert_eq!(report.bytes, sizes);
    assert_eq!(
        mirror.take_requests(),
        [
            "/updates",
            "/cvrf/2022-Nov",
            "/cvrf/2022-Dec",
            "/cvrf/2023-Jan"
        ]
    );

    // Stored at the revision the documents carry, marked as coming from the API.
    assert_eq!(
        stored(&store),
        [
            ("2022-Dec".to_owned(), utc("2022-12-21T08:00:00")),
            ("2022-Nov".to_owned(), utc("2022-12-22T08:00:00")),
            ("2023-Jan".to_owned(), utc("2023-01-27T08:00:00")),
        ]
    );
    let documents = store.catalog_documents().unwrap();
    assert!(documents.iter().all(|d| d.source_format == "msrc-api"));
    let january = documents.iter().find(|d| d.id == "2023-Jan").unwrap();
    assert_eq!(january.vulnerabilities, 127);
    assert!(
        january.source_file.ends_with("/cvrf/2023-Jan"),
        "{}",
        january.source_file
    );

    // The progress bar: the index first, then each document numbered out of 3, its byte count
    // ending at its full size.
    assert_eq!(events.first(), Some(&FetchProgress::ReadingIndex));
    for (number, id) in IDS.iter().enumerate() {
        let received: Vec<u64> = events
            .iter()
            .filter_map(|event| match event {
                FetchProgress::Downloading {
                    id: event_id,
                    number: n,
                    total: 3,
                    received,
                    ..
                } if event_id == id && *n == number + 1 => Some(*received),
                _ => None,
            })
            .collect();
        assert_eq!(received.first(), Some(&0), "{id}");
        assert_eq!(
            received.last(),
            Some(&(fixture(id).xml.len() as u64)),
            "{id}"
        );
    }
}

#[test]
fn a_second_fetch_selects_nothing_and_downloads_nothing() {
    let mirror = Mirror::start();
    let (_dir, mut store) = new_store();
    fetch_all(&mut store, &mirror);
    mirror.take_requests();

    let again = fetch_all(&mut store, &mirror);
    assert_eq!((again.listed, again.selected, again.bytes), (3, 0, 0));
    assert!(again.stored.is_empty());
    assert_eq!(mirror.take_requests(), ["/updates"]);
    assert_eq!(stored(&store).len(), 3);
}

#[test]
fn a_revised_document_alone_is_downloaded_again_and_replaces_the_stored_revision() {
    let mirror = Mirror::start();
    let (_dir, mut store) = new_store();
    fetch_all(&mut store, &mirror);
    mirror.take_requests();

    mirror.revise("2022-Dec", "2023-01-05T08:00:00");
    let report = fetch_all(&mut store, &mirror);
    assert_eq!((report.listed, report.selected), (3, 1));
    assert_eq!(outcomes(&report), [("2022-Dec", DocumentOutcome::Replaced)]);
    assert_eq!(mirror.take_requests(), ["/updates", "/cvrf/2022-Dec"]);
    // Replaced, not added beside the old revision.
    assert_eq!(
        stored(&store),
        [
            ("2022-Dec".to_owned(), utc("2023-01-05T08:00:00")),
            ("2022-Nov".to_owned(), utc("2022-12-22T08:00:00")),
            ("2023-Jan".to_owned(), utc("2023-01-27T08:00:00")),
        ]
    );

    // The stored revision has caught up: nothing to do.
    assert_eq!(fetch_all(&mut store, &mirror).selected, 0);
}

#[test]
fn since_skips_documents_first_released_before_that_month() {
    let mirror = Mirror::start();
    let (_dir, mut store) = new_store();
    // 2022-Nov was revised in December (CurrentReleaseDate 2022-12-22) but first released in
    // November, so December onwards leaves it out.
    let report = fetch_updates(&mut store, &mirror.client(), Some((2022, 12)), &mut |_| {
        true
    })
    .unwrap();
    assert_eq!((report.listed, report.selected), (3, 2));
    assert_eq!(
        mirror.take_requests(),
        ["/updates", "/cvrf/2022-Dec", "/cvrf/2023-Jan"]
    );
    let ids: Vec<String> = stored(&store).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["2022-Dec", "2023-Jan"]);
}

#[test]
fn cancelling_keeps_the_documents_already_stored_and_a_rerun_fetches_the_rest() {
    let mirror = Mirror::start();
    let (_dir, mut store) = new_store();

    // Cancelled while the second document downloads.
    let result = fetch_updates(&mut store, &mirror.client(), None, &mut |progress| {
        !matches!(progress, FetchProgress::Downloading { number: 2, .. })
    });
    match &result {
        Err(FetchFailure::Network(FetchError::Cancelled)) => {}
        other => panic!("expected Cancelled, got {other:?}"),
    }
    assert!(!result.unwrap_err().is_offline());
    let ids: Vec<String> = stored(&store).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        ["2022-Nov"],
        "the first document was stored before the cancel"
    );
    mirror.take_requests();

    let rerun = fetch_all(&mut store, &mirror);
    assert_eq!(
        outcomes(&rerun),
        [
            ("2022-Dec", DocumentOutcome::Added),
            ("2023-Jan", DocumentOutcome::Added),
        ]
    );
    assert_eq!(
        mirror.take_requests(),
        ["/updates", "/cvrf/2022-Dec", "/cvrf/2023-Jan"]
    );

    // Cancelled before anything: not even the index is asked for.
    let result = fetch_updates(&mut store, &mirror.client(), None, &mut |_| false);
    assert!(matches!(
        result,
        Err(FetchFailure::Network(FetchError::Cancelled))
    ));
    assert!(mirror.take_requests().is_empty());
}

#[test]
fn a_refused_connection_is_offline_and_stores_nothing() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = MsrcClient::new(&format!("http://127.0.0.1:{port}")).unwrap();
    let (_dir, mut store) = new_store();

    let failure = fetch_updates(&mut store, &client, None, &mut |_| true).unwrap_err();
    assert!(failure.is_offline(), "{failure:?}");
    assert!(
        failure
            .to_string()
            .starts_with(&format!("cannot reach 127.0.0.1:{port}")),
        "{failure}"
    );
    assert!(stored(&store).is_empty());
}
