//! A file's bytes and their text, decoded once: importers recognise their format from it and,
//! for a whole file, read it without decoding again.

use std::path::PathBuf;

pub struct FileSample {
    pub path: PathBuf,
    pub size: u64,
    /// The file's first [`FileSample::HEAD_BYTES`] bytes (routing only), or all of it.
    pub head: Vec<u8>,
    text: String,
    encoding: &'static str,
}

impl FileSample {
    pub const HEAD_BYTES: usize = 64 * 1024;

    pub fn new(path: PathBuf, size: u64, head: Vec<u8>) -> FileSample {
        let decoded = crate::inventory::decode::decode(&head);
        FileSample {
            path,
            size,
            head,
            text: decoded.text,
            encoding: decoded.encoding,
        }
    }

    /// The bytes decoded to text (when only the head was read, the last character may be cut).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The encoding the text was decoded from ("UTF-16LE", "Shift_JIS (CP932)", …).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// The first non-empty line, shortened to `max_chars`, for messages.
    pub fn first_line(&self, max_chars: usize) -> String {
        let line = self
            .text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or_default();
        let mut shortened: String = line
            .chars()
            .filter(|c| !c.is_control())
            .take(max_chars)
            .collect();
        if line.chars().count() > max_chars {
            shortened.push('…');
        }
        shortened
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Binary content: NUL bytes or many control characters in what is not UTF-16 text
    /// (whose zero bytes are half its ASCII characters; the decoder already recognised it).
    pub fn looks_binary(&self) -> bool {
        if self.encoding.starts_with("UTF-16") {
            return false;
        }
        let controls = self
            .head
            .iter()
            .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1a)))
            .count();
        self.head.contains(&0) || controls * 20 > self.head.len()
    }
}
