//! A stand-in for the MSRC API on 127.0.0.1, run on a thread of the test process so that the
//! real binary's `catalog fetch --url` talks HTTP to it (never to the internet). It lists the
//! three monthly fixture documents in `/updates`, with the dates their DocumentTracking holds,
//! and serves their bytes at `/cvrf/{ID}`.

use serde_json::{Value, json};

use crate::local_http::{LocalHttpServer, Response, cvrf_element};

pub const IDS: [&str; 3] = ["2022-Nov", "2022-Dec", "2023-Jan"];

pub fn document_bytes(id: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/msrc/cvrfDocument-{id}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `/updates` as the API shapes it.
fn index() -> Vec<u8> {
    let value: Vec<Value> = IDS
        .iter()
        .map(|id| {
            let xml = document_bytes(id);
            let xml = String::from_utf8_lossy(&xml);
            json!({
                "ID": id,
                "Alias": id,
                "DocumentTitle": cvrf_element(&xml, "DocumentTitle"),
                "InitialReleaseDate": format!("{}Z", cvrf_element(&xml, "InitialReleaseDate")),
                "CurrentReleaseDate": format!("{}Z", cvrf_element(&xml, "CurrentReleaseDate")),
                "CvrfUrl": format!("https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/{id}"),
            })
        })
        .collect();
    json!({ "value": value }).to_string().into_bytes()
}

/// Serves one connection at a time until dropped.
pub struct MsrcMirror(LocalHttpServer);

impl MsrcMirror {
    pub fn start() -> MsrcMirror {
        MsrcMirror(LocalHttpServer::start(|request| {
            let target = request.target.as_str();
            match target.strip_prefix("/cvrf/") {
                _ if target == "/updates" => Response::new("200 OK", index()),
                Some(id) if IDS.contains(&id) => Response::new("200 OK", document_bytes(id)),
                _ => Response::new("404 Not Found", "Not Found"),
            }
        }))
    }

    pub fn url(&self) -> String {
        self.0.url()
    }

    /// The request targets since the last call.
    pub fn take_requests(&self) -> Vec<String> {
        self.0.take_targets()
    }
}
