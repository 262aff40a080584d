//! `check`'s report: a line per scenario, like a test runner, and a summary.

use boundcheck_rules::text::one_line;
use colored::Colorize;
use serde_json::json;

/// The result of checking one scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub file: String,
    pub status: Status,
    pub title: Option<String>,
    pub recommendation: Option<boundcheck_rules::Level>,
    /// "consult", "between safeguards and decline".
    pub expected: Option<String>,
    pub level_ok: bool,
    pub missing_findings: Vec<String>,
    pub missing_rationales: Vec<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

impl Outcome {
    pub fn new(file: &str, status: Status) -> Outcome {
        Outcome {
            file: file.to_string(),
            status,
            title: None,
            recommendation: None,
            expected: None,
            level_ok: false,
            missing_findings: Vec::new(),
            missing_rationales: Vec::new(),
            error: None,
        }
    }

    /// What went wrong, in one line.
    pub fn problem(&self) -> String {
        if let Some(e) = &self.error {
            return one_line(e);
        }
        let mut parts = Vec::new();
        if let (false, Some(exp), Some(got)) = (self.level_ok, &self.expected, self.recommendation)
        {
            parts.push(format!("expected {exp}, got {got}"));
        }
        if !self.missing_findings.is_empty() {
            parts.push(format!(
                "findings that did not fire: {}",
                self.missing_findings.join(", ")
            ));
        }
        if !self.missing_rationales.is_empty() {
            parts.push(format!(
                "rationales not cited: {}",
                self.missing_rationales.join(", ")
            ));
        }
        parts.join("; ")
    }

    fn status_word(&self) -> &'static str {
        match self.status {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// "consult", "at least safeguards", "between safeguards and decline".
pub fn describe_range(e: &boundcheck_rules::Expect) -> Option<String> {
    match (e.recommendation, e.at_least, e.at_most) {
        (Some(l), _, _) => Some(l.id().to_string()),
        (None, Some(a), Some(b)) => Some(format!("between {a} and {b}")),
        (None, Some(a), None) => Some(format!("at least {a}")),
        (None, None, Some(b)) => Some(format!("at most {b}")),
        (None, None, None) => None,
    }
}

fn counts(outcomes: &[Outcome]) -> (usize, usize, usize) {
    let n = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    (n(Status::Pass), n(Status::Fail), n(Status::Skip))
}

pub fn text(outcomes: &[Outcome]) -> String {
    let mut s = String::new();
    for o in outcomes {
        let file = one_line(&o.file);
        let line = match o.status {
            Status::Pass => format!("{} {file}", "PASS".green()),
            Status::Skip => format!("{} {file} (no expect:)", "SKIP".dimmed()),
            Status::Fail => format!("{} {file}: {}", "FAIL".red().bold(), o.problem()),
        };
        s.push_str(&line);
        s.push('\n');
    }
    let (passed, failed, skipped) = counts(outcomes);
    s.push_str(&format!("{passed} passed, {failed} failed"));
    if skipped > 0 {
        s.push_str(&format!(", {skipped} skipped"));
    }
    s.push('\n');
    s
}

pub fn json(outcomes: &[Outcome]) -> String {
    let (passed, failed, skipped) = counts(outcomes);
    let results: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            let mut v = json!({"file": o.file, "status": o.status_word()});
            if let Some(t) = &o.title {
                v["title"] = json!(t);
            }
            if let Some(r) = o.recommendation {
                v["recommendation"] = json!(r.id());
            }
            if let Some(e) = &o.expected {
                v["expected"] = json!(e);
            }
            if !o.missing_findings.is_empty() {
                v["missing_findings"] = json!(o.missing_findings);
            }
            if !o.missing_rationales.is_empty() {
                v["missing_rationales"] = json!(o.missing_rationales);
            }
            if let Some(e) = &o.error {
                v["error"] = json!(e);
            }
            v
        })
        .collect();
    let mut s = serde_json::to_string_pretty(
        &json!({"results": results, "passed": passed, "failed": failed, "skipped": skipped}),
    )
    .unwrap_or_default();
    s.push('\n');
    boundcheck_rules::text::json_safe(s)
}
