//! A value kept in its encoded form until it is first read. The bundled rule
//! set is a snapshot built into the program; what its findings say (the
//! reasons, safeguards, replies, references: most of its bytes) is decoded
//! only for the findings a run shows.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{DeserializeOwned, Error as _, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub struct Packed<T> {
    /// The encoded value (empty when it was made decoded).
    bytes: &'static [u8],
    value: OnceLock<T>,
}

impl<T> Packed<T> {
    /// A value that is decoded already.
    pub fn new(value: T) -> Packed<T> {
        let cell = OnceLock::new();
        let _ = cell.set(value);
        Packed {
            bytes: &[],
            value: cell,
        }
    }
}

impl<T: DeserializeOwned> Packed<T> {
    /// The value, decoded on first use.
    pub fn get(&self) -> &T {
        self.value.get_or_init(|| {
            // The bytes are the program's own, written by its build and read
            // whole once by the tests: they decode, or the binary is damaged.
            postcard::from_bytes(self.bytes)
                .expect("the rule snapshot in this build is damaged; rebuild boundcheck")
        })
    }
}

impl<T: Clone> Clone for Packed<T> {
    fn clone(&self) -> Self {
        Packed {
            bytes: self.bytes,
            value: self.value.clone(),
        }
    }
}

impl<T: DeserializeOwned + fmt::Debug> fmt::Debug for Packed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// Encoded as the bytes of the value, so that reading it back is only
/// borrowing them.
impl<T: Serialize + DeserializeOwned> Serialize for Packed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = postcard::to_allocvec(self.get()).map_err(serde::ser::Error::custom)?;
        s.serialize_bytes(&bytes)
    }
}

/// Read from bytes that live as long as the program (the built-in snapshot).
impl<'de: 'static, T> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = &'de [u8];
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("borrowed bytes")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                v: &'de [u8],
            ) -> Result<Self::Value, E> {
                Ok(v)
            }
            fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
                Err(E::custom(
                    "packed values are read in place, from bytes that are kept",
                ))
            }
        }
        let bytes = d.deserialize_bytes(Bytes)?;
        if bytes.is_empty() {
            return Err(D::Error::custom("an empty packed value"));
        }
        Ok(Packed {
            bytes,
            value: OnceLock::new(),
        })
    }
}
