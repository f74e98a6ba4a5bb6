//! Phase 1, Assess (査定): reading what Windows already prints about a machine.
//!
//! `decode` turns a file's bytes into text whatever the code page; one module per format turns
//! text into [`MachineReport`]s. Nothing here touches the database.

pub mod collector;
pub mod decode;
pub mod glpi;
pub mod hotfix;
pub mod model;
pub mod osquery;
pub mod powershell_json;
pub mod read;
pub mod systeminfo;

pub use model::*;
