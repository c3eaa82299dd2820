//! The words every stage of the pipeline shares: sizes and microseconds, size buckets, what
//! happened to an item, the scan's rules, Graph's conflict behaviour and size limits,
//! Microsoft's throttling figures, the record of one HTTP attempt, an item a run created in the tenant, the quickXorHash and the
//! seam between a source's bytes and an upload, SharePoint's rules for one name (shared by
//! the scan and the scenario's destination folders), the one way outside text is shown with its
//! control characters escaped, and the conventions every file pilotbench writes follows (a new
//! file renamed into place, a byte-order mark, cells no spreadsheet runs, plain fixed decimals).
//!
//! It sits below every other module and imports none of them, so each stage can use the
//! shared terms without depending on the stage that produces them, and imports point one way.

pub mod attempt;
pub mod chunk_read;
pub mod conflict;
pub mod created_item;
pub mod csv_cells;
pub mod csv_writer;
pub mod graph_limits;
pub mod name_rules;
pub mod outcome;
pub mod printable;
pub mod quick_xor;
pub mod scan_rule;
pub mod size_bucket;
pub mod throttling;
pub mod units;
