//! What Graph does when an upload, a folder or a copy meets a name that is already taken. A
//! Graph concept rather than a scenario one: the scenario chooses it (`[engine] conflict`), the
//! client sends it, and the simulated tenant honours it, so it lives below all three.

/// Graph's `@microsoft.graph.conflictBehavior`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictBehavior {
    /// Refuse; the item fails as `name-conflict`.
    Fail,
    /// Overwrite the existing file.
    Replace,
    /// Store under a new name with a numeric suffix.
    Rename,
}

impl ConflictBehavior {
    /// The value Graph expects.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictBehavior::Fail => "fail",
            ConflictBehavior::Replace => "replace",
            ConflictBehavior::Rename => "rename",
        }
    }
}
