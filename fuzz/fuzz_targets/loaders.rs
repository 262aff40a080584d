//! Feeds arbitrary bytes to the scenario loader and, as an overlay, to the rule
//! loader: either may refuse the input, neither may panic or hang.
#![no_main]

use boundcheck::rules::load::{self, Source};
use boundcheck::rules::model::Origin;
use boundcheck::rules::{RuleSet, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    let bundled = RULES.get_or_init(|| boundcheck::bundled().expect("bundled rules load"));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Scenario::parse("fuzz.yaml", text, bundled);
    // The question bank alone as the base keeps each run cheap; the fuzzed
    // file is checked against it as an overlay would be.
    let mut sources = load::bundled_sources();
    sources.truncate(1);
    sources.push(Source { origin: Origin::Path("fuzz.yaml".into()), text: text.to_string().into() });
    let _ = load::check(sources);
});
