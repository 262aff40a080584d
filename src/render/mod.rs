//! Renderers: functions of an [`Assessment`], each showing the same facts.

pub mod json;
pub mod markdown;
pub mod text;

use crate::engine::{Assessment, Change};
use crate::level::Level;
use crate::rules::RuleSet;

/// What the recommendation asks of the clinician, in one line.
pub fn meaning(level: Level) -> &'static str {
    match level {
        Level::Proceed => "This is within ordinary practice.",
        Level::Safeguards => "This is acceptable if you take the safeguards below.",
        Level::Consult => {
            "Hold off until you have talked it through with a supervisor or a trusted colleague."
        }
        Level::Decline => "Don't do it. Set the boundary kindly, and talk it over in session if you are still meeting.",
        Level::Prohibited => "Your ethics code forbids this. Don't go ahead.",
        Level::Emergency => {
            "Someone may be in danger. Your emergency protocol comes before anything else."
        }
    }
}

/// Changes worth showing a person: those to questions not marked `what_if:
/// false` in the rules (such as the emergency question, or the kind of contact,
/// which describe another situation rather than another judgement of this
/// one). JSON lists them all.
pub fn notable_changes<'a>(rules: &RuleSet, a: &'a Assessment<'_>) -> Vec<&'a Change> {
    a.what_would_change
        .iter()
        .filter(|c| rules.question(&c.question).is_none_or(|q| q.what_if))
        .collect()
}

/// "question: answer" pairs, joined, for "triggered by" lines.
pub fn pairs(answers: &crate::answer::Answers) -> String {
    answers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
/// Today's date where the clinician is (local time), as YYYY-MM-DD: a note
/// written late in the evening must not carry tomorrow's date.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_date((secs + utc_offset(secs)).div_euclid(86_400))
}

/// Seconds east of UTC at `secs`, from the system's time zone (TZ, /etc/localtime).
#[cfg(unix)]
#[allow(clippy::useless_conversion)] // tm_gmtoff is a C long: i64 here, i32 on some targets
fn utc_offset(secs: i64) -> i64 {
    let t = secs as libc::time_t;
    // SAFETY: localtime_r writes only into `tm`, which lives on this stack frame,
    // and reads only `t`; both pointers are valid for the call.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if ok {
        i64::from(tm.tm_gmtoff)
    } else {
        0
    }
}

#[cfg(not(unix))]
fn utc_offset(_secs: i64) -> i64 {
    0
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Wraps text to `width` columns, each line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        if !out.is_empty() {
            out.push('\n');
        }
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty()
                && indent.len() + line.chars().count() + 1 + word.chars().count() > width
            {
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_785), "2026-11-28");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn today_is_a_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert_eq!(&d[4..5], "-");
    }

    #[test]
    fn wraps_at_width() {
        assert_eq!(wrap("one two three", 9, "  "), "  one two\n  three\n");
    }
}
