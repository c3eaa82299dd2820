//! Progress on a terminal: one total bar (files, bytes, rate, ETA) and one bar per active site,
//! drawn on stderr by indicatif at a bounded rate. Nothing is drawn when stderr is not a
//! terminal or with `--quiet`; the bars are an [`Observer`], so the engine does not know them.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Observer;
use crate::vocab::outcome::{ItemRecord, Outcome};

/// The bars.
pub struct ProgressBars {
    multi: MultiProgress,
    total: ProgressBar,
    sites: Mutex<Vec<Option<ProgressBar>>>,
}

impl ProgressBars {
    /// Bars for a run of `files` files and `bytes` bytes over `site_count` sites; `None` when
    /// stderr is not a terminal (CI, pipes), so nothing is drawn there.
    pub fn for_terminal(site_count: usize, files: u64, bytes: u64) -> Option<ProgressBars> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        let total = multi.add(ProgressBar::new(bytes));
        total.set_style(
            ProgressStyle::with_template(
                "{prefix:>14.bold} [{bar:30.cyan/blue}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        total.set_prefix("total");
        total.set_message(format!("0/{files} files"));
        Some(ProgressBars {
            multi,
            total,
            sites: Mutex::new(vec![None; site_count]),
        })
    }

    fn with_site(&self, site: usize, f: impl FnOnce(&ProgressBar)) {
        if let Ok(sites) = self.sites.lock()
            && let Some(Some(bar)) = sites.get(site)
        {
            f(bar);
        }
    }
}

impl Observer for ProgressBars {
    fn site_started(&self, site: usize, name: &str, files: u64, _bytes: u64) {
        let bar = self
            .multi
            .insert_before(&self.total, ProgressBar::new(files));
        bar.set_style(
            ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} files {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        let prefix: String = name.chars().take(14).collect();
        bar.set_prefix(prefix);
        if let Ok(mut sites) = self.sites.lock()
            && let Some(slot) = sites.get_mut(site)
        {
            *slot = Some(bar);
        }
    }

    fn bytes_read(&self, _site: usize, bytes: u64) {
        self.total.inc(bytes);
    }

    fn item_done(&self, record: &ItemRecord) {
        self.with_site(record.site, |bar| {
            bar.inc(1);
            if record.outcome == Outcome::Failed {
                bar.set_message("(failures)");
            }
        });
        let done: u64 = self
            .sites
            .lock()
            .map(|sites| sites.iter().flatten().map(ProgressBar::position).sum())
            .unwrap_or(0);
        self.total.set_message(format!("{done} files done"));
    }

    fn site_finished(&self, site: usize) {
        self.with_site(site, ProgressBar::finish_and_clear);
    }

    fn interrupted(&self) {
        let _ = self.multi.println(
            "Interrupted: no new files start, waits end; requests in flight finish, then results are \
             written (Ctrl-C again to abort at once).",
        );
    }
}

impl Drop for ProgressBars {
    fn drop(&mut self) {
        self.total.finish_and_clear();
        let _ = self.multi.clear();
    }
}
