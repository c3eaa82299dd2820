//! The files a technical lead keeps by hand and opens in Excel: the migration list and the
//! issues log, read leniently by one CSV reader. The migration-list rows `scan --inventory`
//! writes (with the conventions of `crate::vocab::csv_writer`) are read back by the same code
//! that defines them.
//!
//! Only the shared vocabulary sits below it: the estimate, the decision and the reports read
//! these files without depending on one another.

pub mod csv_reader;
pub mod issues_log;
pub mod migration_list;
