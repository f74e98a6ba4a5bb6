//! Phase 2, Identify (識別): the update catalogs PatchDesk matches machines against. Parsers
//! here read files into domain values and never touch the database.

pub mod bulletin;
pub mod bulletin_xlsx;
pub mod cvrf;
pub mod kev;
pub mod msrc_api;
