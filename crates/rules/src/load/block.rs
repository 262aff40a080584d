//! Reading blocks of `key: value` lines from a parsed document, reporting every
//! problem at once: unknown and repeated keys, missing keys, wrong kinds of value.

use crate::condition::scalar_text;
use crate::diagnostic::Problem;
use crate::suggest::did_you_mean;
use crate::text::excerpt;
use crate::yaml::{Node, Part, Path};

/// A block whose keys were checked against the ones allowed.
pub struct Block<'a> {
    pub path: Path,
    entries: Vec<(String, &'a Node)>,
    /// What the block is, for messages: "a finding", "the file".
    what: &'a str,
    /// Keys an unknown key was probably meant to be (already reported).
    misspelt: Vec<String>,
}

/// Reads `node` as a block with keys from `allowed`; unknown keys get a
/// did-you-mean, repeated keys are reported where they repeat.
pub fn block<'a>(
    node: &'a Node,
    path: &Path,
    what: &'a str,
    allowed: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<Block<'a>> {
    block_with(node, path, what, allowed, &[], problems)
}

/// [`block`], also accepting `tolerated` keys quietly (they were reported already).
pub fn block_with<'a>(
    node: &'a Node,
    path: &Path,
    what: &'a str,
    allowed: &[&str],
    tolerated: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<Block<'a>> {
    let Node::Map(map) = node else {
        problems.push(Problem::new(
            path,
            Part::Value,
            format!(
                "{what} is a block of `key: value` lines, but here it is {}",
                describe(node)
            ),
        ));
        return None;
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut entries = Vec::new();
    let mut misspelt = Vec::new();
    for (k, v) in map {
        let key = scalar_text(k).unwrap_or_default();
        let n = seen.entry(key.clone()).or_insert(0);
        let kp = path.key_again(&key, *n);
        *n += 1;
        if *n > 1 {
            problems.push(
                Problem::new(
                    &kp,
                    Part::Key,
                    format!(
                        "`{}` appears twice in {what} (a duplicate key)",
                        excerpt(&key, 40)
                    ),
                )
                .help("each key may appear once in a block; keep one and remove the other"),
            );
            continue;
        }
        if tolerated.contains(&key.as_str()) {
            entries.push((key, v));
            continue;
        }
        if !allowed.contains(&key.as_str()) {
            if let Some(c) = crate::suggest::closest(&key, allowed.iter().copied()) {
                misspelt.push(c.to_string());
            }
            let hint = did_you_mean(&key, allowed.iter().copied());
            problems.push(
                Problem::new(
                    &kp,
                    Part::Key,
                    format!("`{}` is not a key of {what}{hint}", excerpt(&key, 40)),
                )
                .help(format!("{what} may have: {}", allowed.join(", "))),
            );
            continue;
        }
        entries.push((key, v));
    }
    Some(Block {
        path: path.clone(),
        entries,
        what,
        misspelt,
    })
}

/// "a list", "the text `abc`", for messages about a value of the wrong kind.
pub fn describe(node: &Node) -> String {
    match node {
        Node::Str(s) => format!("the text `{}`", excerpt(s, 40)),
        Node::Int(n) => format!("the number {n}"),
        Node::Float(x) => format!("the number {x}"),
        Node::Bool(b) => format!("`{b}`"),
        other => other.kind().to_string(),
    }
}

impl<'a> Block<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn at(&self, key: &str) -> Path {
        self.path.key(key)
    }

    /// A key that must be there; reported at the block when it is not.
    pub fn require(&self, key: &str, hint: &str, problems: &mut Vec<Problem>) -> Option<&'a Node> {
        let v = self.get(key);
        // A misspelling of it was reported already: one message is enough.
        if v.is_none() && !self.misspelt.iter().any(|m| m == key) {
            let mut p = Problem::new(
                &self.path,
                Part::Value,
                format!("{} needs `{key}:`{hint}", self.what),
            );
            p.help = Some(format!(
                "add a line `{key}: …` indented like the other keys of {}",
                self.what
            ));
            problems.push(p);
        }
        v
    }

    /// A text value. Numbers and booleans are not texts here: `id: 12` is a mistake.
    pub fn text(&self, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
        let v = self.get(key)?;
        match v {
            Node::Str(s) => Some(s.clone()),
            Node::Null => {
                problems.push(Problem::new(
                    &self.at(key),
                    Part::Key,
                    format!("`{key}:` is empty; give it a text"),
                ));
                None
            }
            other => {
                let mut p = Problem::new(
                    &self.at(key),
                    Part::Value,
                    format!("`{key}:` takes a text, not {}", describe(other)),
                );
                if matches!(other, Node::Map(_)) {
                    p.help = Some("a colon followed by a space inside a sentence starts a new key; put the sentence in quotes, or write `>` after the colon and the sentence on the next lines".into());
                }
                problems.push(p);
                None
            }
        }
    }

    /// A required text.
    pub fn required_text(
        &self,
        key: &str,
        hint: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<String> {
        self.require(key, hint, problems)?;
        self.text(key, problems)
    }

    pub fn boolean(&self, key: &str, problems: &mut Vec<Problem>) -> Option<bool> {
        match self.get(key)? {
            Node::Bool(b) => Some(*b),
            Node::Str(s) if s == "yes" => Some(true),
            Node::Str(s) if s == "no" => Some(false),
            other => {
                problems.push(Problem::new(
                    &self.at(key),
                    Part::Value,
                    format!("`{key}:` takes true or false, not {}", describe(other)),
                ));
                None
            }
        }
    }

    pub fn integer(&self, key: &str, problems: &mut Vec<Problem>) -> Option<i64> {
        match self.get(key)? {
            Node::Int(n) => Some(*n),
            other => {
                problems.push(Problem::new(
                    &self.at(key),
                    Part::Value,
                    format!("`{key}:` takes a whole number, not {}", describe(other)),
                ));
                None
            }
        }
    }

    /// A list (a single value is not taken for a list of one: the file says what it means).
    pub fn list(&self, key: &str, problems: &mut Vec<Problem>) -> Vec<(Path, &'a Node)> {
        match self.get(key) {
            None | Some(Node::Null) => Vec::new(),
            Some(Node::Seq(items)) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (self.at(key).index(i), n))
                .collect(),
            Some(other) => {
                problems.push(
                    Problem::new(
                        &self.at(key),
                        Part::Value,
                        format!("`{key}:` takes a list, not {}", describe(other)),
                    )
                    .help("write each item on its own line starting with `- `, or as `[a, b]`"),
                );
                Vec::new()
            }
        }
    }

    /// A list of texts (ids, references).
    pub fn texts(&self, key: &str, problems: &mut Vec<Problem>) -> Vec<(Path, String)> {
        let mut out = Vec::new();
        for (p, n) in self.list(key, problems) {
            match scalar_text(n) {
                Some(s) if !matches!(n, Node::Bool(_)) => out.push((p, s)),
                _ => problems.push(Problem::new(
                    &p,
                    Part::Value,
                    format!("each item of `{key}:` is a text, not {}", describe(n)),
                )),
            }
        }
        out
    }
}
