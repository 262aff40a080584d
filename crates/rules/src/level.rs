//! The six recommendation levels, least to most serious (stable ids and labels).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A recommendation level: proceed, safeguards, consult, decline, prohibited or emergency.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Proceed,
    Safeguards,
    Consult,
    Decline,
    Prohibited,
    Emergency,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Proceed,
        Level::Safeguards,
        Level::Consult,
        Level::Decline,
        Level::Prohibited,
        Level::Emergency,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Level::Proceed => "proceed",
            Level::Safeguards => "safeguards",
            Level::Consult => "consult",
            Level::Decline => "decline",
            Level::Prohibited => "prohibited",
            Level::Emergency => "emergency",
        }
    }

    /// The label people see (stable).
    pub fn label(self) -> &'static str {
        match self {
            Level::Proceed => "Proceed",
            Level::Safeguards => "Proceed with safeguards",
            Level::Consult => "Consult before acting",
            Level::Decline => "Decline, and address it in session",
            Level::Prohibited => "Do not proceed: prohibited",
            Level::Emergency => "Follow your emergency protocol now",
        }
    }

    pub fn ids() -> String {
        Level::ALL.map(Level::id).join(", ")
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL.into_iter().find(|l| l.id() == s).ok_or_else(|| {
            let hint = crate::suggest::did_you_mean(s, Level::ALL.map(Level::id));
            format!(
                "`{s}` is not a level{hint}; the levels are {}",
                Level::ids()
            )
        })
    }
}
