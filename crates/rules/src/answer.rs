//! Answers: one value per question id, kept in the order they were given.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// One answer: a choice value (`yes`, `gift`, …) or a whole number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answer {
    Choice(String),
    Number(i64),
}

impl Answer {
    pub fn choice(value: &str) -> Answer {
        Answer::Choice(value.to_string())
    }

    pub fn as_choice(&self) -> Option<&str> {
        match self {
            Answer::Choice(c) => Some(c),
            Answer::Number(_) => None,
        }
    }

    pub fn as_number(&self) -> Option<i64> {
        match self {
            Answer::Number(n) => Some(*n),
            Answer::Choice(_) => None,
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Choice(c) => f.write_str(c),
            Answer::Number(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Choice(c) => s.serialize_str(c),
            Answer::Number(n) => s.serialize_i64(*n),
        }
    }
}

/// Question id → answer, in insertion order. Small (at most a few dozen), so a
/// vector is both simplest and fastest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    entries: Vec<(String, Answer)>,
}

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.entries.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Sets an answer, replacing an earlier one for the same question in place.
    pub fn set(&mut self, id: &str, answer: Answer) {
        match self.entries.iter_mut().find(|(k, _)| k == id) {
            Some(entry) => entry.1 = answer,
            None => self.entries.push((id.to_string(), answer)),
        }
    }

    /// Keeps only the first `len` answers.
    pub fn truncate(&mut self, len: usize) {
        self.entries.truncate(len);
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// `self` with every answer of `over` laid on top (`over` wins).
    pub fn overlaid(&self, over: &Answers) -> Answers {
        let mut out = self.clone();
        for (k, v) in over.iter() {
            out.set(k, v.clone());
        }
        out
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
