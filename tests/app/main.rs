//! Integration tests: the real binary's CLI contract, and the real window driven through
//! egui_kittest. One test binary keeps link time down on small machines.

mod cli;
mod identify_cli;
mod inventory;
#[path = "../common/local_http.rs"]
mod local_http;
mod support;
mod ui;
