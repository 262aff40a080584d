//! The one module that names the YAML library. serde_yaml is no longer maintained
//! upstream; to move to a maintained fork, change the `use` line below.

use serde::de::DeserializeOwned;
use serde::Serialize;

use serde_yaml as backend;

pub type Error = backend::Error;

/// Parses one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    backend::from_str(text)
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
    let text = match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    if text.contains("more than one document") {
        return "a file holds one YAML document, but this one has a second (a line with ---)"
            .to_string();
    }
    if let Some(hint) = unknown_field_hint(&text) {
        return format!("{text}{hint}");
    }
    if text.contains("invalid type: map, expected a string") {
        return format!(
            "{text} (a colon followed by a space inside a sentence starts a new key; put the sentence in quotes, or use a comma or dash)"
        );
    }
    text
}

/// "did you mean" for serde's "unknown field `x`, expected one of `a`, `b`".
fn unknown_field_hint(text: &str) -> Option<String> {
    let rest = text.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let closest = crate::suggest::closest(field, candidates)?;
    Some(format!(" (did you mean `{closest}`?)"))
}

/// A parsed YAML value in a shape of our own: order kept, no hashing, no
/// library types leaking out of this module. Conditions, answers and labels
/// are read into it, then checked with the user's context.
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
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        // A set, not a scan: a hostile file may hold tens of thousands of keys.
        let mut seen = std::collections::HashSet::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            if !seen.insert(format!("{k:?}")) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key `{k}`: each key may appear once in a block"
                )));
            }
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
