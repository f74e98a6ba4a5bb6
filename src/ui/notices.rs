//! Short messages about what just happened ("Backup written", "2 files not imported").

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    /// One line per file or item, shown in a details window.
    pub details: Vec<String>,
}

/// The newest notice is shown in the status bar until dismissed; older ones are kept for the
/// session so that nothing the admin should know scrolls away unseen.
#[derive(Default)]
pub struct Notices {
    history: VecDeque<Notice>,
    current: Option<Notice>,
    pub details_open: bool,
}

const HISTORY: usize = 100;

impl Notices {
    pub fn push(&mut self, level: NoticeLevel, text: impl Into<String>, details: Vec<String>) {
        let notice = Notice {
            level,
            text: text.into(),
            details,
        };
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(notice.clone());
        self.details_open = false;
        self.current = Some(notice);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(NoticeLevel::Info, text, Vec::new());
    }

    pub fn success(&mut self, text: impl Into<String>) {
        self.push(NoticeLevel::Success, text, Vec::new());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(NoticeLevel::Error, text, Vec::new());
    }

    pub fn current(&self) -> Option<&Notice> {
        self.current.as_ref()
    }

    pub fn dismiss(&mut self) {
        self.current = None;
        self.details_open = false;
    }
}
