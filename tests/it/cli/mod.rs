//! The real `pilotbench` binary, run as a user runs it (`run`, `validate`, `simulate`, `scan`,
//! `estimate`, `decide`, `report`), mostly against the simulated tenant on loopback, and
//! judged by its exit code, its messages, the files it writes and the tenant's own request log.
//! A test of one library call with a mock server belongs in `graph`.

mod control_characters;
mod csv_formulas;
mod estimate_accuracy;
mod evidence_kept;
mod fault_matrix;
mod go_no_go;
mod journal;
mod maybe_stored;
mod non_files;
mod out_dir;
mod report_html;
mod reruns;
mod run;
mod scan;
mod scenario_refusals;
mod secrets;
mod server_copy;
mod signals;
mod source_tenant;
mod throttling;
mod torn_file;
