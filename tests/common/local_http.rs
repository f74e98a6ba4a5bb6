//! A one-connection-at-a-time HTTP/1.1 server on 127.0.0.1 for tests that must talk HTTP
//! without the internet (the MSRC API stand-ins). It records every request and answers with
//! what the test's handler returns. Shared by the crate's unit tests (`src/lib.rs` includes
//! this file) and the integration tests (`tests/app/main.rs` includes it too), so it uses
//! only std.

#![allow(dead_code)] // Each includer uses its own part.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server sends back.
pub struct Response {
    pub status: &'static str,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// Announce the body's length (without it, the body ends when the connection closes).
    pub content_length: bool,
    /// Send only this many bytes of the body, then close (a transfer cut short).
    pub cut_after: Option<usize>,
}

impl Response {
    /// A whole body with its Content-Length.
    pub fn new(status: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type: None,
            body: body.into(),
            content_length: true,
            cut_after: None,
        }
    }
}

/// The running server; dropping it stops the thread.
pub struct LocalHttpServer {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl LocalHttpServer {
    pub fn start(handler: impl Fn(&Request) -> Response + Send + 'static) -> LocalHttpServer {
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
                        serve(stream, &requests, &handler);
                    }
                }
            })
        };
        LocalHttpServer {
            address,
            requests,
            stopping,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// The request targets since the last call.
    pub fn take_targets(&self) -> Vec<String> {
        std::mem::take(&mut *self.requests.lock().unwrap())
            .into_iter()
            .map(|r| r.target)
            .collect()
    }
}

impl Drop for LocalHttpServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    stream: TcpStream,
    requests: &Mutex<Vec<Request>>,
    handler: &(impl Fn(&Request) -> Response + ?Sized),
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else {
        return;
    };
    requests.lock().unwrap().push(request.clone());
    let response = handler(&request);
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", response.status);
    if let Some(content_type) = response.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if response.content_length {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    head.push_str("\r\n");
    let sent = response
        .cut_after
        .unwrap_or(response.body.len())
        .min(response.body.len());
    let mut stream = stream;
    // The client may hang up early (a cancelled download): write errors are expected then.
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&response.body[..sent]))
        .and_then(|()| stream.flush());
    let _ = stream.shutdown(Shutdown::Write);
}

/// The request line and headers (which must be read before answering).
fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut lines = BufReader::new(stream).lines();
    let request_line = lines.next()?.ok()?;
    let target = request_line.split(' ').nth(1)?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let line = line.ok()?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Some(Request { target, headers })
}

/// The text of `<cvrf:NAME>` in a CVRF document (its DocumentTracking dates and title), so a
/// stand-in index lists each fixture with the dates the fixture itself holds.
pub fn cvrf_element<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<cvrf:{name}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no {name}")) + open.len();
    let end = start + xml[start..].find('<').unwrap();
    &xml[start..end]
}
