//! Builds the bundled rule set once, at build time, with the program's own
//! loader, and stores it for start-up (see src/bundled.rs and BENCHMARKS.md).
//! The YAML text is still compiled in, for `rules export`, digests and messages.
#![allow(dead_code)]

#[path = "src/answer.rs"]
mod answer;
#[path = "src/condition.rs"]
mod condition;
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[path = "src/files.rs"]
mod files;
#[path = "src/level.rs"]
mod level;
#[path = "src/rules.rs"]
mod rules;
#[path = "src/suggest.rs"]
mod suggest;
#[path = "src/yaml.rs"]
mod yaml;

/// No snapshot yet while building one.
mod bundled {
    pub static SNAPSHOT: &[u8] = &[];
}

fn main() {
    println!("cargo::rerun-if-changed=rules");
    for (name, _) in rules::BUNDLED {
        println!("cargo::rerun-if-changed=rules/{name}");
    }
    for module in [
        "answer",
        "condition",
        "diagnostic",
        "files",
        "level",
        "rules",
        "suggest",
        "yaml",
    ] {
        println!("cargo::rerun-if-changed=src/{module}.rs");
    }
    // A bundled set with errors leaves the snapshot empty: the program then
    // reads the YAML and reports the errors with file and line.
    let snapshot = rules::RuleSet::bundled_from_yaml()
        .ok()
        .and_then(|set| set.to_snapshot())
        .unwrap_or_default();
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.postcard");
    std::fs::write(out, snapshot).expect("write the rule snapshot");
}
