//! The bundled rule files, compiled in; the snapshot build.rs makes of them;
//! the digest that names a rule set in saved records.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::model::{Origin, RuleSet};

/// The bundled rule files (name, text), in the order they are loaded.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "questions.yaml",
        include_str!("../../../rules/questions.yaml"),
    ),
    (
        "objectivity.yaml",
        include_str!("../../../rules/objectivity.yaml"),
    ),
    (
        "confidentiality.yaml",
        include_str!("../../../rules/confidentiality.yaml"),
    ),
    (
        "dependency.yaml",
        include_str!("../../../rules/dependency.yaml"),
    ),
    (
        "dual_relationships.yaml",
        include_str!("../../../rules/dual_relationships.yaml"),
    ),
    (
        "well_being.yaml",
        include_str!("../../../rules/well_being.yaml"),
    ),
    (
        "ethical_conduct.yaml",
        include_str!("../../../rules/ethical_conduct.yaml"),
    ),
    (
        "emergency.yaml",
        include_str!("../../../rules/emergency.yaml"),
    ),
];

/// The compact binary form of a checked set, its tables filled (for build.rs).
pub fn to_snapshot(set: &RuleSet) -> Result<Vec<u8>, String> {
    let mut set = set.clone();
    let mut tables = std::mem::take(&mut set.tables);
    tables.fill(&set);
    set.tables = tables;
    postcard::to_allocvec(&set).map_err(|e| e.to_string())
}

/// Reads the snapshot back, naming its files again.
pub fn from_snapshot(bytes: &'static [u8]) -> Result<RuleSet, String> {
    let mut set: RuleSet = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
    if set.files.len() != BUNDLED.len() {
        return Err(format!(
            "the snapshot has {} files, not {}",
            set.files.len(),
            BUNDLED.len()
        ));
    }
    for (file, (name, text)) in set.files.iter_mut().zip(BUNDLED) {
        file.origin = Origin::Bundled(name);
        file.text = Cow::Borrowed(text);
    }
    Ok(set)
}

/// A short fingerprint of what the rules say, so a saved record names exactly
/// the rules that produced it. It is taken over the checked rules, not the file
/// text, so comments, layout and file names do not change it: an exported and
/// unchanged directory has the bundled digest. SHA-256, first 64 bits in hex.
pub fn digest(set: &RuleSet) -> String {
    // Each finding as it was always written down, its words in line, so the
    // digest does not depend on how the snapshot keeps them.
    let findings: Vec<_> = set
        .findings
        .iter()
        .map(|f| {
            let w = f.words();
            (
                &f.id,
                &f.replaces,
                f.rationale,
                f.level,
                &f.when,
                &w.because,
                &w.safeguards,
                &w.reply,
                f.no_reply,
                &w.references,
                f.file,
            )
        })
        .collect();
    let content = (&set.questions, &set.rationales, &findings, set.invariants());
    let bytes = postcard::to_allocvec(&content).unwrap_or_default();
    let hash = Sha256::digest(&bytes);
    hash[..8].iter().map(|b| format!("{b:02x}")).collect()
}
