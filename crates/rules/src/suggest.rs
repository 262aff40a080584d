//! "Did you mean" suggestions for near misses.

/// The closest candidate, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    if word.len() > 200 {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|c| {
            let lc = c.to_lowercase();
            let d = strsim::damerau_levenshtein(&word, &lc);
            // A close spelling, or a long enough start of the word (`dual_relationz`).
            let shared = word
                .chars()
                .zip(lc.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let prefix = shared >= 6 && shared * 10 >= word.chars().count() * 8;
            ((d <= 2.max(c.len() / 4) && d < c.len()) || prefix).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}
