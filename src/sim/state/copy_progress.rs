//! What a running copy job's monitor says (`docs/graph-notes.md` §4 and §22): its asyncJobStatus
//! `status` by the share of the job's time gone — `notStarted` for the first fifth,
//! `inProgress` to seven tenths, `waiting` after that — and its `percentageComplete`, which
//! counts bytes (<https://learn.microsoft.com/graph/long-running-actions-overview>).
//!
//! A file's monitor counts its bytes as they go, so the percentage grows with time. A folder's
//! counts the bytes of the files already copied: the tree's files are copied one after another
//! in the order a listing shows them, each in a share of the `inProgress` window proportional to
//! its size, so the percentage climbs in steps, one per file, each as high as the file is big. A
//! tree whose files hold no bytes climbs by files; a tree without files stays at 0 until it is
//! `waiting`. Nothing lands before the job completes: the steps are only what the monitor says.
//! Kept apart from `copy_jobs` so the arithmetic can be read, and tested, on its own.

/// What a job copies, as far as its progress is concerned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CopyWorkload {
    /// One file.
    File,
    /// A folder's tree: the sizes of its files, in the order the copy goes through them.
    Tree {
        /// Bytes of each file, in copy order.
        file_sizes: Vec<u64>,
    },
}

/// Share of the job's time before it starts (`notStarted`).
const STARTS_AT: f64 = 0.2;
/// Share of the job's time after which it only waits to land (`waiting`).
const WAITS_FROM: f64 = 0.7;
/// The percentage a job reports until it has landed.
const BEFORE_LANDING: f64 = 99.0;

/// `status` and `percentageComplete` of a job of `workload` once `fraction` (0 to 1) of its
/// time has gone.
pub(crate) fn running_status(workload: &CopyWorkload, fraction: f64) -> (&'static str, f64) {
    if fraction < STARTS_AT {
        return ("notStarted", 0.0);
    }
    if fraction >= WAITS_FROM {
        return ("waiting", BEFORE_LANDING);
    }
    let window = (fraction - STARTS_AT) / (WAITS_FROM - STARTS_AT);
    let share = match workload {
        CopyWorkload::File => window,
        CopyWorkload::Tree { file_sizes } => share_of_finished_files(file_sizes, window),
    };
    ("inProgress", (share * BEFORE_LANDING).round())
}

/// The share of the tree's bytes (of its files, when it holds no bytes) in files finished once
/// `window` (0 to 1) of the copying time has gone.
fn share_of_finished_files(file_sizes: &[u64], window: f64) -> f64 {
    let total: u64 = file_sizes.iter().sum();
    if total == 0 {
        if file_sizes.is_empty() {
            return 0.0;
        }
        return (window * file_sizes.len() as f64).floor() / file_sizes.len() as f64;
    }
    let reached = window * total as f64;
    let mut finished = 0u64;
    for size in file_sizes {
        if (finished + size) as f64 > reached {
            break;
        }
        finished += size;
    }
    finished as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_percentage_grows_with_time() {
        assert_eq!(
            running_status(&CopyWorkload::File, 0.1),
            ("notStarted", 0.0)
        );
        assert_eq!(
            running_status(&CopyWorkload::File, 0.45),
            ("inProgress", 50.0)
        );
        assert_eq!(running_status(&CopyWorkload::File, 0.8), ("waiting", 99.0));
    }

    #[test]
    fn a_trees_percentage_climbs_by_the_bytes_of_finished_files() {
        // 10 bytes, then 80, then 10: the big file holds the figure while it copies.
        let tree = CopyWorkload::Tree {
            file_sizes: vec![10, 80, 10],
        };
        let at = |window: f64| running_status(&tree, STARTS_AT + window * 0.5).1;
        assert_eq!(at(0.05), 0.0, "the first file not finished");
        assert_eq!(at(0.15), 10.0, "the first file's 10%");
        assert_eq!(at(0.5), 10.0, "the big one still copying");
        assert_eq!(at(0.89), 10.0);
        assert_eq!(at(0.95), 89.0, "two files: 90% of 99");
        assert_eq!(running_status(&tree, 0.75), ("waiting", 99.0));
    }

    #[test]
    fn a_tree_without_bytes_climbs_by_files_and_one_without_files_waits_at_zero() {
        let empty_files = CopyWorkload::Tree {
            file_sizes: vec![0, 0, 0, 0],
        };
        assert_eq!(running_status(&empty_files, STARTS_AT + 0.6 * 0.5).1, 50.0);
        let no_files = CopyWorkload::Tree { file_sizes: vec![] };
        assert_eq!(
            running_status(&no_files, STARTS_AT + 0.9 * 0.5),
            ("inProgress", 0.0)
        );
    }
}
