//! Scenario files built in Rust: a test says what matters to it (the tenant's faults, a site's
//! files, the engine's concurrency) and the TOML syntax is written here, once. The builder
//! writes a real file, which the binary reads as it reads any scenario.
//!
//! A test about the TOML text itself (a parse error's line, a message naming a key) still
//! writes that text inline: there the text is the point.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The value a scenario key is set to.
#[derive(Debug, Clone, PartialEq)]
pub enum TomlValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An inline table: `{ key = value, ... }`.
    Table(TomlTable),
}

impl From<&str> for TomlValue {
    fn from(text: &str) -> TomlValue {
        TomlValue::Str(text.to_owned())
    }
}

impl From<String> for TomlValue {
    fn from(text: String) -> TomlValue {
        TomlValue::Str(text)
    }
}

impl From<i32> for TomlValue {
    fn from(number: i32) -> TomlValue {
        TomlValue::Int(number.into())
    }
}

impl From<u32> for TomlValue {
    fn from(number: u32) -> TomlValue {
        TomlValue::Int(number.into())
    }
}

impl From<u64> for TomlValue {
    fn from(number: u64) -> TomlValue {
        TomlValue::Int(i64::try_from(number).expect("a TOML integer"))
    }
}

impl From<f64> for TomlValue {
    fn from(number: f64) -> TomlValue {
        TomlValue::Float(number)
    }
}

impl From<bool> for TomlValue {
    fn from(flag: bool) -> TomlValue {
        TomlValue::Bool(flag)
    }
}

impl From<TomlTable> for TomlValue {
    fn from(table: TomlTable) -> TomlValue {
        TomlValue::Table(table)
    }
}

impl TomlValue {
    /// The value as TOML writes it.
    fn render(&self) -> String {
        match self {
            TomlValue::Str(text) => quoted(text),
            TomlValue::Int(number) => number.to_string(),
            // `{:?}` keeps the `.0` of whole numbers, which TOML needs to read a float.
            TomlValue::Float(number) => format!("{number:?}"),
            TomlValue::Bool(flag) => flag.to_string(),
            TomlValue::Table(table) => table.render_inline(),
        }
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Keys and values in the order they were set (a key set twice keeps its first place).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TomlTable(Vec<(String, TomlValue)>);

impl TomlTable {
    pub fn new() -> TomlTable {
        TomlTable::default()
    }

    /// Sets `key`, replacing an earlier value.
    pub fn with(mut self, key: &str, value: impl Into<TomlValue>) -> TomlTable {
        self.set(key, value.into());
        self
    }

    fn set(&mut self, key: &str, value: TomlValue) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `key = value` lines, for a `[table]`.
    fn render_lines(&self, out: &mut String) {
        for (key, value) in &self.0 {
            let _ = writeln!(out, "{key} = {}", value.render());
        }
    }

    fn render_inline(&self) -> String {
        if self.0.is_empty() {
            return "{}".to_owned();
        }
        let pairs: Vec<String> = self
            .0
            .iter()
            .map(|(key, value)| format!("{key} = {}", value.render()))
            .collect();
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// A whole scenario: `[pilot]`, `[target]` with its kind's table (and, for the simulated
/// tenant, its faults), `[engine]`, `[thresholds]` and the `[[site]]`s. Tables left empty are
/// not written, so the binary's defaults apply.
#[derive(Debug, Clone)]
pub struct Scenario {
    pilot: TomlTable,
    target_kind: &'static str,
    target: TomlTable,
    faults: TomlTable,
    engine: TomlTable,
    thresholds: TomlTable,
    sites: Vec<Site>,
}

impl Scenario {
    fn of_kind(target_kind: &'static str, target: TomlTable) -> Scenario {
        Scenario {
            pilot: TomlTable::new()
                .with("name", "Test pilot")
                .with("organisation", "Test NHS Trust"),
            target_kind,
            target,
            faults: TomlTable::new(),
            engine: TomlTable::new(),
            thresholds: TomlTable::new(),
            sites: Vec::new(),
        }
    }

    /// A pilot ("Test pilot" of "Test NHS Trust") on the simulated tenant drawn from `seed`.
    pub fn simulated(seed: u64) -> Scenario {
        Scenario::of_kind("simulated", TomlTable::new().with("seed", seed))
    }

    /// A pilot on a real-tenant target (`kind = "graph"`) whose Graph root is `{url}/v1.0` and
    /// whose token endpoint is below `url`: a `pilotbench simulate` standing in for Microsoft.
    pub fn graph(url: &str) -> Scenario {
        Scenario::of_kind(
            "graph",
            TomlTable::new()
                .with("graph_url", format!("{url}/v1.0"))
                .with("login_url", url),
        )
    }

    /// `[pilot] name`.
    pub fn named(mut self, name: &str) -> Scenario {
        self.pilot.set("name", name.into());
        self
    }

    /// A key of the target's own table (`[target.simulated]` or `[target.graph]`).
    pub fn tenant(mut self, key: &str, value: impl Into<TomlValue>) -> Scenario {
        self.target.set(key, value.into());
        self
    }

    /// `url`: use an already running simulated tenant instead of starting one.
    pub fn url(self, url: &str) -> Scenario {
        self.tenant("url", url)
    }

    /// The simulated tenant's `latency = { median_ms, p99_ms }`.
    pub fn latency_ms(self, median_ms: u32, p99_ms: u32) -> Scenario {
        self.tenant(
            "latency",
            TomlTable::new()
                .with("median_ms", median_ms)
                .with("p99_ms", p99_ms),
        )
    }

    /// A key of `[target.simulated.faults]`.
    pub fn fault(mut self, key: &str, value: impl Into<TomlValue>) -> Scenario {
        self.faults.set(key, value.into());
        self
    }

    /// A key of `[engine]`.
    pub fn engine(mut self, key: &str, value: impl Into<TomlValue>) -> Scenario {
        self.engine.set(key, value.into());
        self
    }

    /// A key of `[thresholds]`.
    pub fn threshold(mut self, key: &str, value: impl Into<TomlValue>) -> Scenario {
        self.thresholds.set(key, value.into());
        self
    }

    /// One more `[[site]]`, after those already added.
    pub fn site(mut self, site: Site) -> Scenario {
        self.sites.push(site);
        self
    }

    /// Applies a named group of settings (`scenario.with(every_fault)`).
    pub fn with(self, settings: impl FnOnce(Scenario) -> Scenario) -> Scenario {
        settings(self)
    }

    /// The scenario as TOML.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str("[pilot]\n");
        self.pilot.render_lines(&mut out);
        let _ = write!(
            out,
            "\n[target]\nkind = {}\n\n[target.{}]\n",
            quoted(self.target_kind),
            self.target_kind
        );
        self.target.render_lines(&mut out);
        let optional = [
            (format!("target.{}.faults", self.target_kind), &self.faults),
            ("engine".to_owned(), &self.engine),
            ("thresholds".to_owned(), &self.thresholds),
        ];
        for (name, table) in optional {
            if !table.is_empty() {
                let _ = writeln!(out, "\n[{name}]");
                table.render_lines(&mut out);
            }
        }
        for site in &self.sites {
            out.push_str("\n[[site]]\n");
            site.to_table().render_lines(&mut out);
        }
        out
    }

    /// Writes the scenario to `dir/file_name` and returns the file's path.
    pub fn write(&self, dir: &Path, file_name: &str) -> PathBuf {
        write_scenario(dir, file_name, &self.to_toml())
    }
}

/// One `[[site]]`: what is copied (`source`) to where (`destination`).
#[derive(Debug, Clone)]
pub struct Site {
    name: String,
    workload: &'static str,
    copy_mode: Option<String>,
    destination: TomlTable,
    source: Option<Source>,
}

impl Site {
    fn new(name: &str, workload: &'static str, destination: TomlTable) -> Site {
        Site {
            name: name.to_owned(),
            workload,
            copy_mode: None,
            destination,
            source: None,
        }
    }

    /// A SharePoint site (`workload = "sharepoint"`) copied into the Documents library of
    /// `site_url`.
    pub fn sharepoint(name: &str, site_url: &str) -> Site {
        Site::new(name, "sharepoint", library(site_url))
    }

    /// A file share (`workload = "files"`) copied into the Documents library of `site_url`.
    pub fn file_share(name: &str, site_url: &str) -> Site {
        Site::new(name, "files", library(site_url))
    }

    /// A OneDrive (`workload = "onedrive"`) copied into `user`'s OneDrive.
    pub fn onedrive(name: &str, user: &str) -> Site {
        Site::new(name, "onedrive", TomlTable::new().with("user", user))
    }

    /// The destination folder, below the library's or the OneDrive's root.
    pub fn folder(mut self, folder: &str) -> Site {
        self.destination.set("folder", folder.into());
        self
    }

    /// `copy_mode`: `"server"` (the tenant copies) or `"stream"` (downloaded, uploaded again).
    pub fn copy_mode(mut self, mode: &str) -> Site {
        self.copy_mode = Some(mode.to_owned());
        self
    }

    pub fn source(mut self, source: Source) -> Site {
        self.source = Some(source);
        self
    }

    fn to_table(&self) -> TomlTable {
        let mut table = TomlTable::new()
            .with("name", self.name.as_str())
            .with("workload", self.workload);
        if let Some(mode) = &self.copy_mode {
            table.set("copy_mode", mode.as_str().into());
        }
        table.set("destination", self.destination.clone().into());
        if let Some(source) = &self.source {
            table.set("source", source.0.clone().into());
        }
        table
    }
}

fn library(site_url: &str) -> TomlTable {
    TomlTable::new()
        .with("site", site_url)
        .with("library", "Documents")
}

/// A site's `source`: generated files, a folder on disk, or a drive read through Graph.
#[derive(Debug, Clone)]
pub struct Source(TomlTable);

impl Source {
    /// `files` generated files (`kind = "synthetic"`), at the top level unless [`Source::tree`]
    /// says otherwise.
    pub fn synthetic(files: u32) -> Source {
        Source(
            TomlTable::new()
                .with("kind", "synthetic")
                .with("files", files),
        )
    }

    /// Synthetic files spread over folders `depth` levels deep, `fan_out` per folder.
    pub fn tree(self, depth: u32, fan_out: u32) -> Source {
        Source(self.0.with("depth", depth).with("fan_out", fan_out))
    }

    /// The seed synthetic files are drawn from.
    pub fn seed(self, seed: u64) -> Source {
        Source(self.0.with("seed", seed))
    }

    /// The sizes of synthetic files.
    pub fn size(self, size: Size) -> Source {
        Source(self.0.with("size", size.0))
    }

    /// The files below `path` on disk (`kind = "folder"`); a relative path is read from the
    /// scenario file's folder.
    pub fn folder(path: impl AsRef<Path>) -> Source {
        let path = path.as_ref().to_str().expect("a UTF-8 path").to_owned();
        Source(TomlTable::new().with("kind", "folder").with("path", path))
    }

    /// A folder of a SharePoint library, read through Graph (`kind = "graph-drive"`).
    pub fn library_folder(site_url: &str, library: &str, folder: &str) -> Source {
        Source(
            TomlTable::new()
                .with("kind", "graph-drive")
                .with("site_url", site_url)
                .with("library", library)
                .with("folder", folder),
        )
    }

    /// A folder of `user`'s OneDrive, read through Graph (`kind = "graph-drive"`).
    pub fn onedrive_folder(user: &str, folder: &str) -> Source {
        Source(
            TomlTable::new()
                .with("kind", "graph-drive")
                .with("user", user)
                .with("folder", folder),
        )
    }

    /// What a graph-drive source's drive holds when the simulated tenant starts (its `seed`).
    pub fn seeded_with(self, content: Source) -> Source {
        Source(self.0.with("seed", content.0))
    }

    /// A graph-drive source read with an app of its own: the names of the variables holding
    /// its tenant, client id and secret.
    pub fn credentials_from(
        self,
        tenant_id_env: &str,
        client_id_env: &str,
        secret_env: &str,
    ) -> Source {
        Source(
            self.0.with(
                "credentials",
                TomlTable::new()
                    .with("tenant_id_env", tenant_id_env)
                    .with("client_id_env", client_id_env)
                    .with("client_secret_env", secret_env),
            ),
        )
    }
}

/// The sizes of synthetic files (`size = { distribution = ... }`).
#[derive(Debug, Clone)]
pub struct Size(TomlTable);

impl Size {
    /// Every file `value` (`"1KiB"`).
    pub fn fixed(value: &str) -> Size {
        Size(
            TomlTable::new()
                .with("distribution", "fixed")
                .with("value", value),
        )
    }

    /// Sizes drawn evenly from `min` to `max`.
    pub fn uniform(min: &str, max: &str) -> Size {
        Size(
            TomlTable::new()
                .with("distribution", "uniform")
                .with("min", min)
                .with("max", max),
        )
    }
}

/// Writes `text` to `dir/file_name` as it is and returns the file's path: for a test whose
/// point is the text itself (a fixture edited, a message about a key).
pub fn write_scenario(dir: &Path, file_name: &str, text: &str) -> PathBuf {
    let path = dir.join(file_name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}
