//! Feeds arbitrary bytes to the scenario loader and, as an overlay, to the rule
//! loader: either may refuse the input, neither may panic or hang.
#![no_main]

use boundcheck::rules::{self, Origin, RuleSet};
use boundcheck::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    let bundled = RULES.get_or_init(|| RuleSet::bundled().expect("bundled rules load"));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Scenario::parse("fuzz.yaml", text, bundled);
    // The question bank alone as the base keeps each run cheap; the fuzzed
    // file is checked against it as an overlay would be.
    let (bank, bank_text) = rules::BUNDLED[0];
    let sources = vec![
        (Origin::Bundled(bank), bank_text.to_string()),
        (Origin::Path("fuzz.yaml".into()), text.to_string()),
    ];
    let _ = rules::build(sources, 1);
});
