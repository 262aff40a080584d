//! The one module that names the YAML library. serde_yaml is no longer maintained
//! upstream; to move to a maintained fork, change the `use` line below. Positions
//! for messages come from a second, position-aware reader of the same text
//! (yaml-rust2), consulted only when there is something to report.

use serde::de::DeserializeOwned;
use serde::Serialize;

use serde_yaml as backend;

pub type Error = backend::Error;

/// Parses one YAML document.
///
/// Aliases (`*name`) repeat what their anchor holds, so a small file can stand
/// for an enormous one. Without them a document cannot hold more values than it
/// has bytes; [`Node`]s are counted as they are built, and a file whose aliases
/// take it past that is refused before it can fill the memory.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let before = BUDGET.replace(text.len() + 64);
    let parsed = backend::from_str(text);
    BUDGET.set(before);
    parsed
}

thread_local! {
    /// How many more values the document being parsed may hold (see [`from_str`]).
    static BUDGET: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// One more value in a list or a block, or the error that ends the parse.
fn spend<E: serde::de::Error>() -> Result<(), E> {
    BUDGET.with(|b| match b.get() {
        0 => Err(E::custom(
            "repetition limit exceeded: its aliases stand for more values than the file has characters",
        )),
        n => {
            b.set(n - 1);
            Ok(())
        }
    })
}

pub fn to_string<T: Serialize>(value: &T) -> Result<String, Error> {
    backend::to_string(value)
}

/// Line and column (both from 1) of a parse error, where the parser knows them.
pub fn location(err: &Error) -> Option<(usize, usize)> {
    err.location().map(|l| (l.line(), l.column()))
}

/// The parser's message without its own " at line L column C" suffix, which we
/// replace by a `file:line:column` prefix.
pub fn message(err: &Error) -> String {
    let text = err.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A parsed YAML value in a shape of our own: order kept, no hashing, no
/// library types leaking out of this module.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not a whole number in range (kept only to be refused).
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Node::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for messages: "a list", "a block", "the number 3".
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "true or false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a block of `key: value` lines",
        }
    }
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Null => f.write_str("nothing"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Int(n) => write!(f, "{n}"),
            Node::Float(x) => write!(f, "{x}"),
            Node::Str(s) => f.write_str(s),
            Node::Seq(_) => f.write_str("a list"),
            Node::Map(_) => f.write_str("a block"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v)
            .map(Node::Int)
            .unwrap_or(Node::Float(v as f64)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            spend()?;
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        // Duplicate keys are kept: the reader of each block reports them with
        // their position, and says what to write instead.
        let mut entries: Vec<(Node, Node)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            spend()?;
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, _data: A) -> Result<Node, A::Error> {
        Err(serde::de::Error::custom(
            "YAML tags (words starting with !) are not used in boundcheck files",
        ))
    }
}

/// One step of a path into a document: a key of a block, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    /// The n-th repetition (from 1) of a key already in the block.
    Again(String, usize),
    Index(usize),
}

/// Where in a document something is: a path of keys and list positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }

    pub fn key(&self, k: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// The `n`-th repetition of `k` in the block (0 is the first occurrence).
    pub fn key_again(&self, k: &str, n: usize) -> Path {
        let mut p = self.clone();
        p.0.push(if n == 0 {
            Seg::Key(k.to_string())
        } else {
            Seg::Again(k.to_string(), n)
        });
        p
    }

    pub fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

/// Which part of an entry a message is about: the key (`becuase:`) or its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Key,
    Value,
}

/// A position in a text: line (from 1) and column (from 1, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Finds the position of a path in `text`, reading it with a position-aware
/// parser. `None` when the text does not parse or the path is not there.
pub fn locate(text: &str, path: &Path, part: Part) -> Option<Pos> {
    locate_all(text, &[(path.clone(), part)]).pop().flatten()
}

/// Finds many paths in one reading of the text (a file with many problems is
/// read once, not once per problem).
pub fn locate_all(text: &str, targets: &[(Path, Part)]) -> Vec<Option<Pos>> {
    use std::collections::HashMap;
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    enum Frame {
        Seq(usize),
        Map {
            expecting_key: bool,
            key: Option<Seg>,
            seen: HashMap<String, usize>,
        },
    }

    /// Walks the events, keeping the path of the node each event starts.
    struct Finder<'t> {
        /// Path → the targets waiting for it, by part.
        wanted: HashMap<Vec<Seg>, Vec<(usize, Part)>>,
        found: Vec<Option<Pos>>,
        stack: Vec<Frame>,
        path: Vec<Seg>,
        /// Targets whose block collection started: its first child gives the line.
        awaiting_child: Vec<usize>,
        _t: std::marker::PhantomData<&'t ()>,
    }

    impl Finder<'_> {
        fn pos(m: &Marker) -> Pos {
            Pos {
                line: m.line(),
                column: m.col() + 1,
            }
        }

        fn hit(&mut self, p: &[Seg], part: Part, m: &Marker) {
            if let Some(list) = self.wanted.get(p) {
                for &(i, want) in list {
                    if want == part && self.found[i].is_none() {
                        self.found[i] = Some(Self::pos(m));
                    }
                }
            }
        }

        fn next_path(&mut self) -> (Vec<Seg>, bool) {
            let mut p = self.path.clone();
            match self.stack.last_mut() {
                Some(Frame::Seq(i)) => {
                    p.push(Seg::Index(*i));
                    *i += 1;
                    (p, false)
                }
                Some(Frame::Map {
                    expecting_key, key, ..
                }) => {
                    if *expecting_key {
                        *expecting_key = false;
                        (p, true)
                    } else {
                        *expecting_key = true;
                        p.push(key.clone().unwrap_or(Seg::Key(String::new())));
                        (p, false)
                    }
                }
                None => (p, false),
            }
        }

        fn settle_children(&mut self, m: &Marker) {
            for i in std::mem::take(&mut self.awaiting_child) {
                if self.found[i].is_none() {
                    self.found[i] = Some(Self::pos(m));
                }
            }
        }
    }

    impl MarkedEventReceiver for Finder<'_> {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            if let Event::Scalar(..)
            | Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Alias(..) = ev
            {
                self.settle_children(&mark);
            }
            match ev {
                Event::Scalar(value, ..) => {
                    let (p, is_key) = self.next_path();
                    if is_key {
                        let mut seg = Seg::Key(value.clone());
                        if let Some(Frame::Map { key, seen, .. }) = self.stack.last_mut() {
                            let n = seen.entry(value.clone()).or_insert(0);
                            if *n > 0 {
                                seg = Seg::Again(value.clone(), *n);
                            }
                            *n += 1;
                            *key = Some(seg.clone());
                        }
                        let mut kp = p;
                        kp.push(seg);
                        self.hit(&kp, Part::Key, &mark);
                    } else {
                        self.hit(&p, Part::Value, &mark);
                    }
                }
                Event::Alias(_) => {
                    let (p, is_key) = self.next_path();
                    if !is_key {
                        self.hit(&p, Part::Value, &mark);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(ev, Event::MappingStart(..));
                    let (p, _) = self.next_path();
                    // A block collection's start mark is unreliable; its first
                    // child (or its end, when empty) gives the line.
                    if let Some(list) = self.wanted.get(&p) {
                        for &(i, part) in list {
                            if part == Part::Value && self.found[i].is_none() {
                                self.awaiting_child.push(i);
                            }
                        }
                    }
                    self.path = p;
                    self.stack.push(if is_map {
                        Frame::Map {
                            expecting_key: true,
                            key: None,
                            seen: HashMap::new(),
                        }
                    } else {
                        Frame::Seq(0)
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    self.settle_children(&mark);
                    self.stack.pop();
                    self.path.pop();
                }
                _ => {}
            }
        }
    }

    let mut wanted: HashMap<Vec<Seg>, Vec<(usize, Part)>> = HashMap::new();
    for (i, (p, part)) in targets.iter().enumerate() {
        wanted.entry(p.0.clone()).or_default().push((i, *part));
    }
    let mut finder = Finder {
        wanted,
        found: vec![None; targets.len()],
        stack: Vec::new(),
        path: Vec::new(),
        awaiting_child: Vec::new(),
        _t: std::marker::PhantomData,
    };
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut finder, false);
    let mut found = finder.found;
    for (i, (p, _)) in targets.iter().enumerate() {
        // The root is the document itself.
        if p.0.is_empty() && found[i].is_none() {
            found[i] = Some(Pos { line: 1, column: 1 });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_values_by_path() {
        let text = "# TODO: check afterhours policy\nid: x\nfindings:\n  - id: a\n    when:\n      afterhours: yes\n";
        let when = Path::root().key("findings").index(0).key("when");
        assert_eq!(
            locate(text, &when.key("afterhours"), Part::Key),
            Some(Pos { line: 6, column: 7 })
        );
        assert_eq!(
            locate(text, &when.key("afterhours"), Part::Value),
            Some(Pos {
                line: 6,
                column: 19
            })
        );
        assert_eq!(locate(text, &when, Part::Value).map(|p| p.line), Some(6));
        assert_eq!(
            locate(text, &Path::root().key("id"), Part::Value),
            Some(Pos { line: 2, column: 5 })
        );
    }

    #[test]
    fn locates_flow_items() {
        let text = "a: [x, yy]\n";
        assert_eq!(
            locate(text, &Path::root().key("a").index(1), Part::Value),
            Some(Pos { line: 1, column: 8 })
        );
    }
}
