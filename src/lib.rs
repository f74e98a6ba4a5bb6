//! PatchDesk: patch management for a small office's Windows PCs.
//!
//! The crate follows Microsoft's four-phase patch management process (assess, identify,
//! evaluate and plan, deploy). Core modules (`store`, `jobs`, `i18n`, `importers`, `cli`,
//! `charts`, `demo`) never depend on egui; `ui` draws their state and sends commands.

// Translations are compiled in from `locales/*.yml`; `i18n::Lang::tr` is the one way to use them.
rust_i18n::i18n!("locales", fallback = "en");

pub mod assets;
pub mod catalog;
pub mod charts;
pub mod cli;
pub mod demo;
pub mod i18n;
pub mod identify;
pub mod importers;
pub mod inventory;
pub mod jobs;
// The test HTTP server the integration tests use too (std only).
#[cfg(test)]
#[path = "../tests/common/local_http.rs"]
pub(crate) mod local_http;
pub mod overview;
pub mod paths;
pub mod store;
pub mod ui;
