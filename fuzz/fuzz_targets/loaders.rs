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
    let mut sources: Vec<(Origin, String)> = rules::BUNDLED
        .iter()
        .map(|(n, t)| (Origin::Bundled(n), t.to_string()))
        .collect();
    sources.push((Origin::Path("fuzz.yaml".into()), text.to_string()));
    let _ = rules::build(sources, rules::BUNDLED.len());
});
