//! The one module that names the YAML library. serde_yaml is no longer maintained
//! upstream; to move to a maintained fork, change the `use` line below.

use serde::de::DeserializeOwned;
use serde::Serialize;

use serde_yaml as backend;

pub type Value = backend::Value;
pub type Mapping = backend::Mapping;
pub type Error = backend::Error;

/// Parses one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    backend::from_str(text)
}

/// Turns a parsed value into a typed one (used after a first, untyped pass).
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    backend::from_value(value)
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
    if text.contains("invalid type: map, expected a string") {
        return format!(
            "{text} (a colon followed by a space inside a sentence starts a new key; put the sentence in quotes, or use a comma or dash)"
        );
    }
    text
}
