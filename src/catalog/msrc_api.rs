//! Downloads MSRC security update documents (CVRF) from the MSRC API: the index of documents
//! (`{base}/updates`, JSON) and one document's XML (`{base}/cvrf/{ID}`). Parsing the XML is
//! [`super::cvrf`]'s job; this module fetches bytes and decides which documents are worth
//! fetching. It is blocking: callers run it on a worker thread.

use std::io::{self, Read};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;
use ureq::http::Uri;

#[cfg(test)]
mod tests;

pub const DEFAULT_BASE_URL: &str = "https://api.msrc.microsoft.com/cvrf/v3.0";

/// Real documents are 1–5 MB; the cap only stops a broken server or mirror from filling memory.
pub const MAX_DOCUMENT_BYTES: u64 = 200 * 1024 * 1024;

/// The real index is about 100 KB.
const MAX_INDEX_BYTES: u64 = 16 * 1024 * 1024;

/// Bytes read per step, which is also how often the progress callback can cancel.
const CHUNK_BYTES: usize = 64 * 1024;

/// A server may announce any Content-Length; reserve at most this much up front.
const MAX_PREALLOCATION: u64 = 16 * 1024 * 1024;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

const USER_AGENT: &str = concat!(
    "PatchDesk/",
    env!("CARGO_PKG_VERSION"),
    " (+patch management)"
);

/// One document listed by `{base}/updates`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IndexEntry {
    /// Opaque: `2022-Nov`, `Oct-OOB`, `2017-May-B`.
    pub id: String,
    /// `January 2023 Security Updates`; empty when the index has none.
    pub title: String,
    pub initial_release: Option<DateTime<Utc>>,
    /// Moves forward each time Microsoft revises the document.
    pub current_release: Option<DateTime<Utc>>,
}

/// Which documents to download: released in or after `since` (year, month) if given, and only
/// those whose CurrentReleaseDate is newer than what the database already has (`known(id)`
/// returns the stored CurrentReleaseDate of that id, or None when not stored). Index order is
/// kept.
pub fn select_updates(
    index: &[IndexEntry],
    since: Option<(i32, u32)>,
    known: &dyn Fn(&str) -> Option<DateTime<Utc>>,
) -> Vec<IndexEntry> {
    index
        .iter()
        .filter(|entry| since.is_none_or(|month| released_since(entry, month)))
        .filter(|entry| is_new_or_revised(entry, known))
        .cloned()
        .collect()
}

fn released_since(entry: &IndexEntry, (year, month): (i32, u32)) -> bool {
    // The first release decides: November's document revised in January is still November's.
    match entry.initial_release.or(entry.current_release) {
        Some(released) => (released.year(), released.month()) >= (year, month),
        // Undated: fetching one document too many is cheaper than missing a security update.
        None => true,
    }
}

fn is_new_or_revised(entry: &IndexEntry, known: &dyn Fn(&str) -> Option<DateTime<Utc>>) -> bool {
    match known(&entry.id) {
        None => true,
        // Without a current date there is no sign of a revision, and the stored copy will do.
        Some(stored) => entry
            .current_release
            .is_some_and(|current| current > stored),
    }
}

/// Why a download failed; [`FetchError::is_offline`] tells "no network" from the rest.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// DNS failure, connection refused or reset, timeout: the network or the server is not there.
    #[error("cannot reach {host}: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("{url} answered HTTP {status}")]
    Http { url: String, status: u16 },
    #[error("{url} did not return an MSRC update index: {reason}")]
    BadIndex { url: String, reason: String },
    #[error("{url} is larger than {}", size_label(*.limit))]
    TooLarge { url: String, limit: u64 },
    #[error("download cancelled")]
    Cancelled,
    /// The server was reached but the exchange failed: TLS, a truncated body, bad HTTP.
    #[error("download from {url} failed: {reason}")]
    Transfer { url: String, reason: String },
}

impl FetchError {
    /// True when the failure means "no network" (the UI then suggests importing files instead).
    pub fn is_offline(&self) -> bool {
        matches!(self, FetchError::Unreachable { .. })
    }
}

/// `200 MB` for the document cap; exact bytes for the small caps that tests use.
fn size_label(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A blocking client for one MSRC API base URL (the real one or a mirror).
pub struct MsrcClient {
    agent: ureq::Agent,
    base_url: String,
    /// `host` or `host:port`, for "cannot reach …" messages.
    host: String,
    max_document_bytes: u64,
}

impl MsrcClient {
    /// `base_url` is an http(s) URL such as [`DEFAULT_BASE_URL`]; trailing `/` are dropped.
    pub fn new(base_url: &str) -> Result<MsrcClient, FetchError> {
        let base_url = base_url.trim().trim_end_matches('/');
        let host = host_of_base_url(base_url)?;
        // Status codes are checked here so a 404 carries its URL; proxies come from the
        // environment (ureq's default), as an office behind a proxy expects.
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build()
            .into();
        Ok(MsrcClient {
            agent,
            base_url: base_url.to_owned(),
            host,
            max_document_bytes: MAX_DOCUMENT_BYTES,
        })
    }

    /// Lowers (or raises) the document size cap, [`MAX_DOCUMENT_BYTES`] by default.
    pub fn with_max_document_bytes(mut self, limit: u64) -> MsrcClient {
        self.max_document_bytes = limit;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The list of documents the server offers, in its order; entries without an ID are skipped.
    pub fn index(&self) -> Result<Vec<IndexEntry>, FetchError> {
        let url = format!("{}/updates", self.base_url);
        let json = self.get(&url, "application/json", MAX_INDEX_BYTES, &mut |_, _| true)?;
        parse_index(&json).map_err(|reason| FetchError::BadIndex { url, reason })
    }

    /// `{base}/cvrf/{id}`, the ID percent-encoded. Built from the base rather than the index's
    /// `CvrfUrl` so a mirror or a local server is used for documents too.
    pub fn document_url(&self, id: &str) -> Result<String, FetchError> {
        let url = format!("{}/cvrf/{}", self.base_url, encode_path_segment(id));
        // These would name the collection or its parent instead of a document.
        if id.is_empty() || id == "." || id == ".." {
            return Err(FetchError::InvalidUrl {
                url,
                reason: format!("{id:?} is not a document ID"),
            });
        }
        Ok(url)
    }

    /// Downloads one document's XML as bytes; `on_bytes(received, total_if_known)` is called as
    /// data arrives (for a progress bar) and returns false to cancel (then
    /// Err(FetchError::Cancelled)).
    pub fn document_xml(
        &self,
        id: &str,
        on_bytes: &mut dyn FnMut(u64, Option<u64>) -> bool,
    ) -> Result<Vec<u8>, FetchError> {
        let url = self.document_url(id)?;
        self.get(&url, "application/xml", self.max_document_bytes, on_bytes)
    }

    fn get(
        &self,
        url: &str,
        accept: &str,
        limit: u64,
        on_bytes: &mut dyn FnMut(u64, Option<u64>) -> bool,
    ) -> Result<Vec<u8>, FetchError> {
        let response = self
            .agent
            .get(url)
            .header("Accept", accept)
            .call()
            .map_err(|error| self.fetch_error(url, error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Http {
                url: url.to_owned(),
                status: status.as_u16(),
            });
        }
        self.read_body(url, response.into_body(), limit, on_bytes)
    }

    fn read_body(
        &self,
        url: &str,
        body: ureq::Body,
        limit: u64,
        on_bytes: &mut dyn FnMut(u64, Option<u64>) -> bool,
    ) -> Result<Vec<u8>, FetchError> {
        let too_large = || FetchError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        // None for chunked or gzip-encoded bodies: then only the running count is known.
        let total = body.content_length();
        if total.is_some_and(|total| total > limit) {
            return Err(too_large());
        }
        // A first call before any data, so the progress bar knows the size and the user can
        // cancel a slow start.
        if !on_bytes(0, total) {
            return Err(FetchError::Cancelled);
        }
        let reserve = total.unwrap_or(0).min(limit).min(MAX_PREALLOCATION);
        let mut data = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
        let mut chunk = vec![0; CHUNK_BYTES];
        let mut reader = body.into_reader();
        loop {
            let read = match reader.read(&mut chunk) {
                Ok(0) => return Ok(data),
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                // Unwraps the ureq::Error (a timeout, say) that the reader had to box up.
                Err(error) => return Err(self.fetch_error(url, ureq::Error::from(error))),
            };
            let received = (data.len() + read) as u64;
            if received > limit {
                return Err(too_large());
            }
            data.extend_from_slice(&chunk[..read]);
            if !on_bytes(received, total) {
                return Err(FetchError::Cancelled);
            }
        }
    }

    fn fetch_error(&self, url: &str, error: ureq::Error) -> FetchError {
        use ureq::Error as E;
        let unreachable = |reason: String| FetchError::Unreachable {
            host: self.host.clone(),
            reason,
        };
        match error {
            E::HostNotFound => unreachable("host not found".to_owned()),
            E::Timeout(stage) => unreachable(format!("timed out ({stage})")),
            E::ConnectionFailed => unreachable("connection failed".to_owned()),
            E::ConnectProxyFailed(reason) => unreachable(format!("proxy: {reason}")),
            // DNS failures arrive as uncategorized I/O errors, so the data errors are the
            // exceptions rather than the network ones.
            E::Io(io) if !is_data_error(io.kind()) => unreachable(io.to_string()),
            E::StatusCode(status) => FetchError::Http {
                url: url.to_owned(),
                status,
            },
            other => FetchError::Transfer {
                url: url.to_owned(),
                reason: other.to_string(),
            },
        }
    }
}

/// I/O errors that mean the server sent something wrong (closed early, garbled) rather than that
/// it could not be reached.
fn is_data_error(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
    )
}

/// Checks that `base_url` is an absolute http(s) URL and returns its `host[:port]`.
fn host_of_base_url(base_url: &str) -> Result<String, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: base_url.to_owned(),
        reason,
    };
    // Paths are appended to the base, which a query or fragment would swallow.
    if base_url.contains(['?', '#']) {
        return Err(invalid(
            "a base URL cannot have a query or fragment".to_owned(),
        ));
    }
    let uri: Uri = base_url
        .parse()
        .map_err(|error: ureq::http::uri::InvalidUri| invalid(error.to_string()))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(invalid("must start with http:// or https://".to_owned()));
    }
    let host = uri
        .host()
        .filter(|host| !host.is_empty())
        .ok_or_else(|| invalid("has no host".to_owned()))?;
    Ok(match uri.port_u16() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_path_segment(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    encoded
}

/// `{"value":[{"ID":…, "DocumentTitle":…, "InitialReleaseDate":…, "CurrentReleaseDate":…}, …]}`.
fn parse_index(json: &[u8]) -> Result<Vec<IndexEntry>, String> {
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let root: Value = serde_json::from_slice(json).map_err(|error| format!("not JSON: {error}"))?;
    let listed = root
        .get("value")
        .and_then(Value::as_array)
        .ok_or_else(|| "no \"value\" list".to_owned())?;
    let entries: Vec<IndexEntry> = listed.iter().filter_map(index_entry).collect();
    // Other OData feeds also have a "value" list; an index whose entries all lack an ID is one.
    if entries.is_empty() && !listed.is_empty() {
        return Err(format!("none of the {} entries has an ID", listed.len()));
    }
    Ok(entries)
}

fn index_entry(raw: &Value) -> Option<IndexEntry> {
    let text = |key: &str| raw.get(key).and_then(Value::as_str).map(str::trim);
    let id = text("ID").filter(|id| !id.is_empty())?;
    Some(IndexEntry {
        id: id.to_owned(),
        title: text("DocumentTitle").unwrap_or_default().to_owned(),
        initial_release: text("InitialReleaseDate").and_then(parse_date),
        current_release: text("CurrentReleaseDate").and_then(parse_date),
    })
}

/// RFC 3339; without a zone (as inside the CVRF documents) or time, read as UTC.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(naive.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|naive| naive.and_utc())
}
