//! Phase 2, Identify (識別): which security fixes each machine is missing, how urgent each
//! is, which updates clear them, and why PatchDesk thinks so. Pure logic over catalog and
//! machine facts (see docs/domain.md, "Matching"); the store runs it and keeps its results,
//! the UI only draws them.

pub mod explain;
mod facts;
pub mod fix_set;
pub mod index;
pub mod matcher;
pub mod products;
pub mod urgency;

pub use explain::{Explanation, explain};
pub use facts::MachineFacts;
pub use fix_set::{FixItem, minimum_fix_set};
pub use index::CatalogIndex;
pub use matcher::{Evidence, Finding, MachineMatch, Status, match_machine};
pub use urgency::{Severity, Urgency};

#[cfg(test)]
mod tests;
