//! Contract 10, enforced: every import in `src/` points down the pipeline.
//!
//! The allowed imports between top-level modules are written once, as the table between the
//! `layers:begin` and `layers:end` markers of `docs/ARCHITECTURE.md`; this test reads that
//! table, so the map and the check cannot drift. It then reads every source file of the crate
//! (following `mod` declarations from `src/lib.rs`, `#[path]` included), resolves each `crate::`,
//! `super::` and `self::` path (in `use` declarations and inline alike) to the module it names —
//! through a module's named re-exports to the file that defines the item — and fails, naming the
//! file and line, on:
//!
//! - an import of a top-level module that the table does not allow;
//! - a circle among the files of one folder (a module's own file and its children);
//! - a glob re-export (`pub use x::*`), which hides where names come from.
//!
//! The reader is deliberately small: a lexer that skips comments, strings and character
//! literals, and a parser for use-trees. It needs no crate, so the check is as portable as the
//! code it checks.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A module path from the crate root: `["sim", "routes"]`.
type ModPath = Vec<String>;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    PathSep,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Lexed {
    token: Token,
    line: usize,
}

/// Splits Rust source into identifiers, `::`, string literals and single punctuation,
/// dropping comments, character literals, lifetimes and numbers.
fn lex(source: &str) -> Vec<Lexed> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let n = chars.len();
    let count_lines = |from: usize, to: usize, chars: &[char]| -> usize {
        chars[from..to.min(chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count()
    };
    while i < n {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && i + 1 < n && chars[i + 1] == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && i + 1 < n && chars[i + 1] == '*' {
            let start = i;
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && i + 1 < n && chars[i + 1] == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && i + 1 < n && chars[i + 1] == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count_lines(start, i, &chars);
        } else if c == '"' {
            let start = i;
            i += 1;
            let mut text = String::new();
            while i < n && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if i < n {
                    text.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            line += count_lines(start, i, &chars);
            out.push(Lexed {
                token: Token::Str(text),
                line: line - count_lines(start, i, &chars),
            });
        } else if (c == 'r' || c == 'b' || c == 'c') && raw_string_start(&chars, i).is_some() {
            let (hashes, body_start) = raw_string_start(&chars, i).unwrap_or((0, i));
            let start = i;
            i = body_start;
            let mut text = String::new();
            'raw: while i < n {
                if chars[i] == '"' {
                    let closing = (1..=hashes).all(|k| i + k < n && chars[i + k] == '#');
                    if closing {
                        i += 1 + hashes;
                        break 'raw;
                    }
                }
                text.push(chars[i]);
                i += 1;
            }
            let first_line = line;
            line += count_lines(start, i, &chars);
            out.push(Lexed {
                token: Token::Str(text),
                line: first_line,
            });
        } else if c == 'b' && i + 1 < n && (chars[i + 1] == '"' || chars[i + 1] == '\'') {
            // b"..." / b'.': skip the prefix; the literal is handled on the next turn.
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if i + 1 < n && chars[i + 1] == '\\' {
                i += 2;
                while i < n && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if i + 2 < n && chars[i + 2] == '\'' {
                i += 3;
            } else {
                i += 1;
                while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                if chars[i] == '.' && i + 1 < n && chars[i + 1] == '.' {
                    break;
                }
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            if c == 'r' && i + 1 < n && chars[i + 1] == '#' {
                i += 2;
            }
            let word_start = i;
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Lexed {
                token: Token::Ident(chars[word_start..i].iter().collect()),
                line,
            });
        } else if c == ':' && i + 1 < n && chars[i + 1] == ':' {
            out.push(Lexed {
                token: Token::PathSep,
                line,
            });
            i += 2;
        } else {
            out.push(Lexed {
                token: Token::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br"`, `br##"`, `cr"`: the number of hashes and where the body starts.
fn raw_string_start(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mut i = at;
    if chars[i] == 'b' || chars[i] == 'c' {
        i += 1;
    }
    if i >= chars.len() || chars[i] != 'r' {
        return None;
    }
    i += 1;
    let mut hashes = 0;
    while i < chars.len() && chars[i] == '#' {
        hashes += 1;
        i += 1;
    }
    (i < chars.len() && chars[i] == '"').then_some((hashes, i + 1))
}

/// One path a file names: `crate::scan::Finding` at line 12.
#[derive(Debug, Clone)]
struct Reference {
    line: usize,
    /// The module the path is written in (the file's module, or an inline module inside it).
    scope: ModPath,
    segments: Vec<String>,
    /// Part of a `pub use` (a re-export, not a use of the item).
    reexport: bool,
    glob: bool,
}

/// What one source file declares and names.
#[derive(Debug, Default)]
struct FileFacts {
    /// `mod x;` declarations: (name, `#[path]` value, the scope they are declared in).
    child_mods: Vec<(String, Option<String>, ModPath)>,
    /// Inline `mod x { ... }` blocks (their scope paths).
    inline_mods: BTreeSet<ModPath>,
    references: Vec<Reference>,
}

/// Expands a use-tree starting at `tokens[*i]` into full paths, each with its glob flag and
/// the name it binds (the last segment, or the `as` alias).
fn parse_use_tree(
    tokens: &[Lexed],
    i: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, bool, usize)>,
) {
    let mut path: Vec<String> = prefix.to_vec();
    let line = tokens.get(*i).map(|t| t.line).unwrap_or(0);
    loop {
        match tokens.get(*i).map(|t| &t.token) {
            Some(Token::Ident(word)) => {
                path.push(word.clone());
                *i += 1;
                match tokens.get(*i).map(|t| &t.token) {
                    Some(Token::PathSep) => {
                        *i += 1;
                        continue;
                    }
                    Some(Token::Ident(kw)) if kw == "as" => {
                        *i += 2; // `as alias`
                        out.push((path, false, line));
                        return;
                    }
                    _ => {
                        out.push((path, false, line));
                        return;
                    }
                }
            }
            Some(Token::Punct('*')) => {
                *i += 1;
                out.push((path, true, line));
                return;
            }
            Some(Token::Punct('{')) => {
                *i += 1;
                loop {
                    match tokens.get(*i).map(|t| &t.token) {
                        Some(Token::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Token::Punct(',')) => *i += 1,
                        None => return,
                        _ => parse_use_tree(tokens, i, &path, out),
                    }
                }
            }
            Some(Token::PathSep) => {
                // A leading `::` (extern crate path).
                *i += 1;
            }
            _ => {
                out.push((path, false, line));
                return;
            }
        }
    }
}

fn read_facts(source: &str, scope: &ModPath) -> FileFacts {
    let tokens = lex(source);
    let mut facts = FileFacts::default();
    // Open braces, and which of them opened an inline module.
    let mut braces: Vec<Option<String>> = Vec::new();
    let mut scope_now = scope.clone();
    let mut pending_path: Option<String> = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i].token;
        match token {
            Token::Punct('#') => {
                // #[path = "x.rs"]
                if let (
                    Some(Token::Punct('[')),
                    Some(Token::Ident(attr)),
                    Some(Token::Punct('=')),
                    Some(Token::Str(value)),
                ) = (
                    tokens.get(i + 1).map(|t| &t.token),
                    tokens.get(i + 2).map(|t| &t.token),
                    tokens.get(i + 3).map(|t| &t.token),
                    tokens.get(i + 4).map(|t| &t.token),
                ) && attr == "path"
                {
                    pending_path = Some(value.clone());
                }
                i += 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let Some(Token::Ident(name)) = tokens.get(i + 1).map(|t| &t.token) {
                    match tokens.get(i + 2).map(|t| &t.token) {
                        Some(Token::Punct(';')) => {
                            facts.child_mods.push((
                                name.clone(),
                                pending_path.take(),
                                scope_now.clone(),
                            ));
                            i += 3;
                            continue;
                        }
                        Some(Token::Punct('{')) => {
                            scope_now.push(name.clone());
                            facts.inline_mods.insert(scope_now.clone());
                            braces.push(Some(name.clone()));
                            pending_path = None;
                            i += 3;
                            continue;
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
            Token::Punct('{') => {
                braces.push(None);
                i += 1;
            }
            Token::Punct('}') => {
                if let Some(Some(_)) = braces.pop() {
                    scope_now.pop();
                }
                i += 1;
            }
            Token::Ident(word) if word == "use" => {
                let reexport = is_pub_before(&tokens, i);
                i += 1;
                let mut paths = Vec::new();
                parse_use_tree(&tokens, &mut i, &[], &mut paths);
                for (segments, glob, line) in paths {
                    facts.references.push(Reference {
                        line,
                        scope: scope_now.clone(),
                        segments,
                        reexport,
                        glob,
                    });
                }
            }
            Token::Ident(word) => {
                // An inline path: `crate::a::b`, `super::x`, `child::f()`; resolved later
                // (`std::`, `Self::` and `Type::` name nothing of the crate). The first segment
                // of a path only: `a::b::c` is one path, not three. `pub(super)` has no `::`.
                let continues = i > 0 && tokens[i - 1].token == Token::PathSep;
                // `pub(in crate::a)` names a visibility, not something used.
                let visibility = i >= 3
                    && tokens[i - 1].token == Token::Ident("in".into())
                    && tokens[i - 2].token == Token::Punct('(')
                    && tokens[i - 3].token == Token::Ident("pub".into());
                if !continues
                    && !visibility
                    && tokens.get(i + 1).map(|t| &t.token) == Some(&Token::PathSep)
                {
                    let line = tokens[i].line;
                    let mut segments = vec![word.clone()];
                    let mut j = i + 1;
                    while tokens.get(j).map(|t| &t.token) == Some(&Token::PathSep) {
                        match tokens.get(j + 1).map(|t| &t.token) {
                            Some(Token::Ident(next)) => {
                                segments.push(next.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    facts.references.push(Reference {
                        line,
                        scope: scope_now.clone(),
                        segments,
                        reexport: false,
                        glob: false,
                    });
                    i = j;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    facts
}

/// Whether the `use` at `at` is preceded by `pub` or `pub(crate)` / `pub(super)`.
fn is_pub_before(tokens: &[Lexed], at: usize) -> bool {
    match at.checked_sub(1).map(|k| &tokens[k].token) {
        Some(Token::Ident(word)) if word == "pub" => true,
        Some(Token::Punct(')')) => {
            let mut k = at - 1;
            while k > 0 && tokens[k].token != Token::Punct('(') {
                k -= 1;
            }
            k > 0 && tokens[k - 1].token == Token::Ident("pub".into())
        }
        _ => false,
    }
}

/// A module that has a file of its own.
#[derive(Debug)]
struct FileModule {
    file: PathBuf,
    facts: FileFacts,
}

/// The crate as the compiler sees it: every file module by its path.
#[derive(Debug, Default)]
struct CrateTree {
    files: BTreeMap<ModPath, FileModule>,
    /// Every module, file or inline, with the file module that holds it.
    modules: BTreeMap<ModPath, ModPath>,
}

impl CrateTree {
    fn load(root_file: &Path) -> Result<CrateTree, String> {
        let mut tree = CrateTree::default();
        let mut queue = vec![(Vec::<String>::new(), root_file.to_path_buf(), true)];
        while let Some((path, file, owns_dir)) = queue.pop() {
            let source = std::fs::read_to_string(&file)
                .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
            let facts = read_facts(&source, &path);
            let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
            // Where `mod x;` files live: beside a mod.rs/lib.rs, or in a folder named after a
            // non-mod.rs file.
            let child_dir = if owns_dir {
                dir.clone()
            } else {
                dir.join(file.file_stem().unwrap_or_default())
            };
            for (name, attr, scope) in &facts.child_mods {
                let mut child_path = scope.clone();
                child_path.push(name.clone());
                let inline_rel: PathBuf = scope[path.len()..].iter().collect();
                let (child_file, child_owns) = match attr {
                    Some(rel) if scope.len() == path.len() => {
                        (dir.join(rel), rel.ends_with("mod.rs"))
                    }
                    Some(rel) => (
                        child_dir.join(&inline_rel).join(rel),
                        rel.ends_with("mod.rs"),
                    ),
                    None => {
                        let base = child_dir.join(&inline_rel);
                        let flat = base.join(format!("{name}.rs"));
                        if flat.exists() {
                            (flat, false)
                        } else {
                            (base.join(name).join("mod.rs"), true)
                        }
                    }
                };
                queue.push((child_path, child_file, child_owns));
            }
            for inline in &facts.inline_mods {
                tree.modules.insert(inline.clone(), path.clone());
            }
            tree.modules.insert(path.clone(), path.clone());
            tree.files.insert(path, FileModule { file, facts });
        }
        Ok(tree)
    }

    fn is_module(&self, path: &ModPath) -> bool {
        self.modules.contains_key(path)
    }

    /// The file module holding `module` (itself, or the file of an inline module).
    fn file_of(&self, module: &ModPath) -> ModPath {
        self.modules
            .get(module)
            .cloned()
            .unwrap_or_else(|| module.clone())
    }

    /// Resolves a path written in `scope` to the module that defines what it names, following
    /// named re-exports. `None` for paths outside the crate (std, other crates, locals).
    fn resolve(&self, scope: &ModPath, segments: &[String], depth: usize) -> Option<ModPath> {
        let (mut at, rest): (ModPath, &[String]) = match segments.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &segments[1..]),
            Some("self") => (scope.clone(), &segments[1..]),
            Some("super") => {
                let mut at = scope.clone();
                let mut k = 0;
                while segments.get(k).map(String::as_str) == Some("super") {
                    at.pop();
                    k += 1;
                }
                (at, &segments[k..])
            }
            Some(first) => {
                // A path relative to the scope (2018 edition): a child module of it.
                let mut child = scope.clone();
                child.push(first.to_string());
                if self.is_module(&child) {
                    (scope.clone(), segments)
                } else {
                    return None;
                }
            }
            None => return None,
        };
        for segment in rest {
            let mut next = at.clone();
            next.push(segment.clone());
            if self.is_module(&next) {
                at = next;
                continue;
            }
            // An item of `at`: defined there, or re-exported from elsewhere by name.
            if depth < 8
                && let Some(target) = self.reexport_target(&at, segment, depth)
            {
                return Some(target);
            }
            return Some(at);
        }
        Some(at)
    }

    /// Where a module's named re-export `pub use ...::name` points.
    fn reexport_target(&self, module: &ModPath, name: &str, depth: usize) -> Option<ModPath> {
        let file = self.files.get(&self.file_of(module))?;
        file.facts
            .references
            .iter()
            .filter(|r| r.reexport && !r.glob && &r.scope == module)
            .find(|r| r.segments.last().map(String::as_str) == Some(name))
            .and_then(|r| self.resolve(module, &r.segments, depth + 1))
            .filter(|target| target != module)
    }
}

/// The allowed imports of each top-level module, from the doc's table.
#[derive(Debug)]
struct Layers {
    allowed: BTreeMap<String, BTreeSet<String>>,
    order: Vec<String>,
}

impl Layers {
    /// Reads the markdown table between `<!-- layers:begin -->` and `<!-- layers:end -->`:
    /// rows `| `module` | `a`, `b` | ... |`, with `—` for none.
    fn from_doc(doc: &str) -> Result<Layers, String> {
        let begin = doc
            .find("<!-- layers:begin -->")
            .ok_or("docs/ARCHITECTURE.md has no `<!-- layers:begin -->` marker")?;
        let end = doc[begin..]
            .find("<!-- layers:end -->")
            .ok_or("docs/ARCHITECTURE.md has no `<!-- layers:end -->` marker")?;
        let mut layers = Layers {
            allowed: BTreeMap::new(),
            order: Vec::new(),
        };
        for row in doc[begin..begin + end].lines() {
            let cells: Vec<&str> = row
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if cells.len() < 2 || !cells[0].starts_with('`') {
                continue;
            }
            let module = cells[0].trim_matches('`').to_string();
            let allowed: BTreeSet<String> = cells[1]
                .split(',')
                .map(|name| name.trim().trim_matches('`').to_string())
                .filter(|name| !name.is_empty() && name != "—" && name != "-")
                .collect();
            layers.order.push(module.clone());
            layers.allowed.insert(module, allowed);
        }
        if layers.order.is_empty() {
            return Err("the layers table in docs/ARCHITECTURE.md has no rows".into());
        }
        // The table must itself point one way: each module imports only modules above it.
        for (k, module) in layers.order.iter().enumerate() {
            for imported in &layers.allowed[module] {
                if !layers.order[..k].contains(imported) {
                    return Err(format!(
                        "layers table: `{module}` may import `{imported}`, which is not listed above it"
                    ));
                }
            }
        }
        Ok(layers)
    }
}

/// What the check found.
#[derive(Debug, Default)]
struct Findings {
    violations: Vec<String>,
    /// Top-level module → the top-level modules it imports.
    top_level: BTreeMap<String, BTreeSet<String>>,
    /// Folder → (file → files it imports), among that folder's own file and children.
    folders: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

fn display(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// The name of `module`'s node inside `folder`: the child of `folder` that holds it, or
/// `(self)` for the folder's own file.
fn node_in(folder: &ModPath, module: &ModPath) -> String {
    match module.get(folder.len()) {
        Some(child) => child.clone(),
        None => "(own file)".into(),
    }
}

fn check(root_file: &Path, layers: &Layers, crate_root: &Path) -> Result<Findings, String> {
    let tree = CrateTree::load(root_file)?;
    let mut findings = Findings::default();
    for (module, file) in &tree.files {
        let shown = file
            .file
            .strip_prefix(crate_root)
            .unwrap_or(&file.file)
            .display()
            .to_string();
        if let Some(top) = module.first()
            && !layers.allowed.contains_key(top)
        {
            findings.violations.push(format!(
                "{shown}: top-level module `{top}` is not in the layers table of docs/ARCHITECTURE.md"
            ));
        }
        for reference in &file.facts.references {
            if reference.reexport && reference.glob {
                findings.violations.push(format!(
                    "{shown}:{}: glob re-export `pub use {}::*` hides where names come from; name them",
                    reference.line,
                    reference.segments.join("::")
                ));
            }
            let Some(target) = tree.resolve(&reference.scope, &reference.segments, 0) else {
                continue;
            };
            let target = tree.file_of(&target);
            let source = module.clone();
            // Top level.
            match (source.first(), target.first()) {
                (Some(from), Some(to)) if from != to => {
                    findings
                        .top_level
                        .entry(from.clone())
                        .or_default()
                        .insert(to.clone());
                    let allowed = layers.allowed.get(from).is_some_and(|set| set.contains(to));
                    if !allowed {
                        findings.violations.push(format!(
                            "{shown}:{}: `{from}` imports `{to}` (`{}`), against the layers of docs/ARCHITECTURE.md",
                            reference.line,
                            reference.segments.join("::")
                        ));
                    }
                }
                _ => {}
            }
            // Inside folders: the deepest folder both sit in.
            if reference.reexport {
                continue;
            }
            let common = source
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common == 0 {
                continue;
            }
            let folder: ModPath = source[..common].to_vec();
            let (from, to) = (node_in(&folder, &source), node_in(&folder, &target));
            if from != to {
                findings
                    .folders
                    .entry(display(&folder))
                    .or_default()
                    .entry(from)
                    .or_default()
                    .insert(to);
            }
        }
    }
    for circle in circles(&findings.top_level) {
        findings.violations.push(format!(
            "circle among top-level modules: {} import each other",
            circle.join(", ")
        ));
    }
    for (folder, edges) in &findings.folders {
        for circle in circles(edges) {
            findings.violations.push(format!(
                "circle inside `{folder}`: {} import each other",
                circle.join(", ")
            ));
        }
    }
    Ok(findings)
}

/// Every circle in a directed graph, as its strongly connected components of more than one
/// node (Tarjan's algorithm), each listed in order.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, node: &'a str) {
        let n = walk.index.len();
        walk.index.insert(node, n);
        walk.low.insert(node, n);
        walk.stack.push(node);
        walk.on_stack.insert(node);
        let edges = walk.edges;
        for next in edges.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !walk.index.contains_key(next) {
                visit(walk, next);
                let low = walk.low[node].min(walk.low[next]);
                walk.low.insert(node, low);
            } else if walk.on_stack.contains(next) {
                let low = walk.low[node].min(walk.index[next]);
                walk.low.insert(node, low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut component = Vec::new();
            while let Some(top) = walk.stack.pop() {
                walk.on_stack.remove(top);
                component.push(top.to_string());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                walk.found.push(component);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !walk.index.contains_key(node.as_str()) {
            visit(&mut walk, node);
        }
    }
    walk.found.sort();
    walk.found
}

fn describe(findings: &Findings) -> String {
    let mut text = String::from("top-level imports:\n");
    for (module, imports) in &findings.top_level {
        let list: Vec<&str> = imports.iter().map(String::as_str).collect();
        let _ = writeln!(text, "  {module} -> {}", list.join(", "));
    }
    text.push_str("inside folders:\n");
    for (folder, edges) in &findings.folders {
        let _ = writeln!(text, "  {folder}/");
        for (from, to) in edges {
            let list: Vec<&str> = to.iter().map(String::as_str).collect();
            let _ = writeln!(text, "    {from} -> {}", list.join(", "));
        }
    }
    text
}

#[test]
fn every_import_in_src_points_down_the_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md"))
        .expect("docs/ARCHITECTURE.md holds the layers table");
    let layers = Layers::from_doc(&doc).unwrap_or_else(|e| panic!("{e}"));
    let findings = check(&root.join("src/lib.rs"), &layers, root).unwrap_or_else(|e| panic!("{e}"));
    // The graph, for anyone reading the test's output (`cargo test layering -- --nocapture`).
    println!("{}", describe(&findings));
    assert!(
        findings.violations.is_empty(),
        "imports against the layering:\n{}",
        findings.violations.join("\n")
    );
    // Guard against a reader that silently finds nothing.
    assert!(
        findings.top_level.len() >= 5,
        "too few modules read: {findings:?}"
    );
}

/// The check itself can fail: a planted wrong-way import, a circle inside a folder and a glob
/// re-export, in a small crate written to a temporary folder.
#[test]
fn the_check_names_a_wrong_way_import_a_circle_and_a_glob() {
    let dir = std::env::temp_dir().join(format!("pilotbench-layering-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files: &[(&str, &str)] = &[
        ("src/lib.rs", "pub mod low;\npub mod high;\n"),
        (
            "src/low.rs",
            "//! crate::high in a comment is not an import\npub mod a;\npub mod b;\npub use a::*;\nconst S: &str = \"crate::high::X\";\n",
        ),
        // The planted wrong-way import: low imports high (a.rs); b.rs only names high in a
        // visibility, which is not an import.
        (
            "src/low/a.rs",
            "use super::b::Thing;\npub fn f() -> u8 { crate::high::value() }\n",
        ),
        (
            "src/low/b.rs",
            "pub struct Thing;\npub fn g() { super::a::f(); }\npub(in crate::high) fn h() {}\n",
        ),
        (
            "src/high/mod.rs",
            "mod inner;\npub use inner::value;\nuse crate::low::b::Thing;\n",
        ),
        (
            "src/high/inner.rs",
            "#[cfg(test)]\n#[path = \"inner_tests.rs\"]\nmod tests;\npub fn value() -> u8 { 1 }\n",
        ),
        ("src/high/inner_tests.rs", "use super::value;\n"),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let layers = Layers::from_doc(
        "<!-- layers:begin -->\n| module | may import |\n|---|---|\n| `low` | — |\n| `high` | `low` |\n<!-- layers:end -->",
    )
    .unwrap();
    let findings = check(&dir.join("src/lib.rs"), &layers, &dir).unwrap();
    let all = findings.violations.join("\n");
    assert!(
        all.contains("src/low/a.rs:2: `low` imports `high`"),
        "the wrong-way import is named with file and line:\n{all}"
    );
    assert!(
        all.contains("circle inside `low`: a, b import each other"),
        "the circle a ↔ b is found:\n{all}"
    );
    assert!(
        all.contains("src/low.rs:4: glob re-export"),
        "the glob is named:\n{all}"
    );
    assert!(
        all.contains("circle among top-level modules: high, low import each other"),
        "the wrong-way import closes a circle at the top level:\n{all}"
    );
    assert_eq!(
        findings.violations.len(),
        4,
        "nothing else is reported:\n{all}"
    );
    // high → low is allowed and seen; the comment and the string are not imports.
    assert_eq!(
        findings.top_level["high"],
        BTreeSet::from(["low".to_string()])
    );
    // The #[path] test file was found and its `super` resolved inside `high`.
    assert!(
        findings
            .folders
            .get("high")
            .is_none_or(|edges| !edges.contains_key("(own file)"))
    );
    // A table that points upward is refused.
    let upward = Layers::from_doc(
        "<!-- layers:begin -->\n| `low` | `high` |\n| `high` | — |\n<!-- layers:end -->",
    );
    assert!(upward.is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
