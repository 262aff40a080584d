//! `boundcheck check`: runs scenario files that carry `expect:`, like a test runner.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;
use serde::Serialize;

use crate::answer::Answers;
use crate::cli::{CheckArgs, CheckFormat};
use crate::engine;
use crate::level::Level;
use crate::rules::RuleSet;
use crate::scenario::Scenario;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub file: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_findings: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_rationales: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip)]
    pub level_ok: bool,
}

impl Outcome {
    fn new(file: &Path, status: Status) -> Outcome {
        Outcome {
            file: file.display().to_string(),
            status,
            title: None,
            recommendation: None,
            expected: None,
            missing_findings: Vec::new(),
            missing_rationales: Vec::new(),
            error: None,
            level_ok: false,
        }
    }

    /// What went wrong, in one line.
    pub fn problem(&self) -> String {
        if let Some(e) = &self.error {
            return e.replace('\n', " ");
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
}

/// Checks one scenario file against its `expect:`. `base` holds answers that
/// the scenario's own override (the config file's ethics code).
pub fn check_file(rules: &RuleSet, base: &Answers, path: &Path) -> Outcome {
    let scenario = match Scenario::load(path, rules) {
        Ok(s) => s,
        Err(e) => {
            let mut o = Outcome::new(path, Status::Fail);
            // One line per scenario: the problems without their source lines.
            let problems: Vec<String> = e.0.iter().map(|d| d.to_string()).collect();
            o.error = Some(problems.join("; "));
            return o;
        }
    };
    let Some(expect) = &scenario.expect else {
        let mut o = Outcome::new(path, Status::Skip);
        o.title = scenario.title;
        return o;
    };
    let mut o = Outcome::new(path, Status::Fail);
    o.title = scenario.title.clone();
    o.expected = expect.describe_range();
    let walk = engine::walk(rules, &base.overlaid(&scenario.answers));
    if !walk.missing.is_empty() {
        o.error = Some(format!(
            "no answer for {} (asked, but not in `answers`)",
            walk.missing.join(", ")
        ));
        return o;
    }
    let (level, fired) = engine::evaluate(rules, &walk.asked);
    o.recommendation = Some(level);
    o.missing_findings = expect
        .findings
        .iter()
        .filter(|id| !fired.iter().any(|f| &f.finding.id == *id))
        .cloned()
        .collect();
    o.missing_rationales = expect
        .rationales
        .iter()
        .filter(|r| !fired.iter().any(|f| &f.finding.rationale == *r))
        .cloned()
        .collect();
    o.level_ok = expect.accepts(level);
    if o.level_ok && o.missing_findings.is_empty() && o.missing_rationales.is_empty() {
        o.status = Status::Pass;
    }
    o
}

/// The scenario files named by `paths`; directories are walked. A path that
/// cannot be read becomes a failed outcome.
pub fn scenario_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Outcome>) {
    let mut files = Vec::new();
    let mut broken = Vec::new();
    for p in paths {
        if p.is_dir() {
            match crate::files::yaml_files_under(p) {
                Ok(found) => files.extend(found),
                Err(e) => {
                    let mut o = Outcome::new(p, Status::Fail);
                    o.error = Some(format!("{}: cannot read the directory: {e}", p.display()));
                    broken.push(o);
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    (files, broken)
}

/// Checks files on as many threads as the machine has cores, keeping their order.
pub fn check_all(rules: &RuleSet, base: &Answers, files: &[PathBuf]) -> Vec<Outcome> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || files.len() < 64 {
        return files.iter().map(|f| check_file(rules, base, f)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|f| check_file(rules, base, f))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

#[derive(Serialize)]
struct Summary<'a> {
    results: &'a [Outcome],
    passed: usize,
    failed: usize,
    skipped: usize,
}

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let config = crate::config::load()?;
    let rules = super::load_rules(&args.rules, &config)?;
    let (files, mut outcomes) = scenario_paths(&args.paths);
    if files.is_empty() && outcomes.is_empty() {
        anyhow::bail!(
            "no scenario files (ending in .yaml or .yml) in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let base = super::code_answer(&rules, config.code.as_deref());
    outcomes.extend(check_all(&rules, &base, &files));
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    let (passed, failed, skipped) = (
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Skip),
    );

    let text = match args.format {
        CheckFormat::Json => {
            let mut s = serde_json::to_string_pretty(&Summary {
                results: &outcomes,
                passed,
                failed,
                skipped,
            })?;
            s.push('\n');
            s
        }
        CheckFormat::Text => {
            let mut s = String::new();
            for o in &outcomes {
                let line = match o.status {
                    Status::Pass => format!("{} {}", "PASS".green(), o.file),
                    Status::Skip => format!("{} {} (no expect:)", "SKIP".dimmed(), o.file),
                    Status::Fail => format!("{} {}: {}", "FAIL".red().bold(), o.file, o.problem()),
                };
                s.push_str(&line);
                s.push('\n');
            }
            s.push_str(&format!("{passed} passed, {failed} failed"));
            if skipped > 0 {
                s.push_str(&format!(", {skipped} skipped"));
            }
            s.push('\n');
            s
        }
    };
    crate::print(&text)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
