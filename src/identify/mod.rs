//! Phase 2, Identify (識別): which security fixes each machine is missing, how urgent each
//! is, which updates clear them, and why PatchDesk thinks so. Pure logic over catalog and
//! machine facts; the store persists its results and the UI only draws them.

mod facts;
pub mod products;

pub use facts::MachineFacts;
