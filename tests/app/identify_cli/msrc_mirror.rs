//! A stand-in for the MSRC API on 127.0.0.1, run on a thread of the test process so that the
//! real binary's `catalog fetch --url` talks HTTP to it (never to the internet). It lists the
//! three monthly fixture documents in `/updates`, with the dates their DocumentTracking holds,
//! and serves their bytes at `/cvrf/{ID}`.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde_json::{Value, json};

pub const IDS: [&str; 3] = ["2022-Nov", "2022-Dec", "2023-Jan"];

pub fn document_bytes(id: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/msrc/cvrfDocument-{id}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn element<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<cvrf:{name}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no {name}")) + open.len();
    let end = start + xml[start..].find('<').unwrap();
    &xml[start..end]
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
                "DocumentTitle": element(&xml, "DocumentTitle"),
                "InitialReleaseDate": format!("{}Z", element(&xml, "InitialReleaseDate")),
                "CurrentReleaseDate": format!("{}Z", element(&xml, "CurrentReleaseDate")),
                "CvrfUrl": format!("https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/{id}"),
            })
        })
        .collect();
    json!({ "value": value }).to_string().into_bytes()
}

/// Serves one connection at a time until dropped.
pub struct MsrcMirror {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MsrcMirror {
    pub fn start() -> MsrcMirror {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = {
            let requests = Arc::clone(&requests);
            let stopping = Arc::clone(&stopping);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        serve(stream, &requests);
                    }
                }
            })
        };
        MsrcMirror {
            address,
            requests,
            stopping,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The request targets since the last call.
    pub fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut self.requests.lock().unwrap())
    }
}

impl Drop for MsrcMirror {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut lines = BufReader::new(&stream).lines();
    let Some(Ok(request_line)) = lines.next() else {
        return;
    };
    // The headers are not needed, but must be read before answering.
    for line in lines.by_ref() {
        match line {
            Ok(line) if !line.is_empty() => {}
            _ => break,
        }
    }
    let target = request_line
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    requests.lock().unwrap().push(target.clone());
    let (status, body) = match target.strip_prefix("/cvrf/") {
        _ if target == "/updates" => ("200 OK", index()),
        Some(id) if IDS.contains(&id) => ("200 OK", document_bytes(id)),
        _ => ("404 Not Found", b"Not Found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body))
        .and_then(|()| stream.flush());
    let _ = stream.shutdown(Shutdown::Write);
}
