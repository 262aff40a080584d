//! `boundcheck check`: runs scenario files that carry `expect:`, like a test runner.

use boundcheck_rules::diagnostic::BadFiles;
use std::path::{Path, PathBuf};

use anyhow::Result;
use boundcheck_rules::model::{RuleSet, Sheet};
use boundcheck_rules::{engine, Scenario};

use super::Context;
use crate::cli::{CheckArgs, CheckFormat};
use crate::exit::Exit;
use crate::render::check::{describe_range, Outcome, Status};

/// Checks one scenario file against its `expect:`. `base` holds answers the
/// scenario's own override (the config file's ethics code).
pub fn check_file(rules: &RuleSet, base: &Sheet, path: &Path) -> Outcome {
    let name = path.display().to_string();
    let scenario = match Scenario::load(path, rules) {
        Ok(s) => s,
        Err(e) => {
            let mut o = Outcome::new(&name, Status::Fail);
            // One line per scenario: the problems without their source lines.
            o.error = Some(
                e.0.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            return o;
        }
    };
    let Some(expect) = &scenario.expect else {
        let mut o = Outcome::new(&name, Status::Skip);
        o.title = scenario.title;
        return o;
    };
    let mut o = Outcome::new(&name, Status::Fail);
    o.title = scenario.title.clone();
    o.expected = describe_range(expect);
    let mut supplied = base.clone();
    for &(q, v) in &scenario.answers {
        supplied[q] = Some(v);
    }
    let walked =
        match crate::session::unattended(rules, &supplied, crate::exit::MissingFrom::NoTerminal) {
            Ok(w) => w,
            Err(m) => {
                o.error = Some(crate::exit::Missing::in_a_scenario(&m.ids));
                return o;
            }
        };
    let fired = engine::fired(rules, &walked.sheet);
    let level = engine::level(rules, &walked.sheet);
    o.recommendation = Some(level);
    o.missing_findings = expect
        .findings
        .iter()
        .filter(|id| !fired.iter().any(|&f| rules.findings[f].answers_to(id)))
        .cloned()
        .collect();
    o.missing_rationales = expect
        .rationales
        .iter()
        .filter(|r| {
            !fired
                .iter()
                .any(|&f| &rules.rationale_of(&rules.findings[f]).id == *r)
        })
        .cloned()
        .collect();
    o.level_ok = expect.accepts(level);
    if o.level_ok && o.missing_findings.is_empty() && o.missing_rationales.is_empty() {
        o.status = Status::Pass;
    }
    o
}

/// Checks one file, turning a panic into a failed scenario rather than a lost one.
fn check_guarded(rules: &RuleSet, base: &Sheet, path: &Path) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_file(rules, base, path)
    }))
    .unwrap_or_else(|_| {
        let mut o = Outcome::new(&path.display().to_string(), Status::Fail);
        o.error = Some(
            "boundcheck failed while checking this file (an internal error); please report it"
                .into(),
        );
        o
    })
}

/// A slice of the files and the thread checking it, if one could be started.
type Part<'s, 'f> = (
    &'f [PathBuf],
    Option<std::thread::ScopedJoinHandle<'s, Vec<Outcome>>>,
);

/// Checks files on two threads when there are many, keeping their order; on
/// one thread when threads cannot be started. Every file given is reported.
pub fn check_all(rules: &RuleSet, base: &Sheet, files: &[PathBuf]) -> Vec<Outcome> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || files.len() < 64 {
        return files
            .iter()
            .map(|f| check_guarded(rules, base, f))
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<Part<'_, '_>> = files
            .chunks(chunk)
            .map(|part| {
                let handle = std::thread::Builder::new()
                    .spawn_scoped(s, move || {
                        part.iter().map(|f| check_guarded(rules, base, f)).collect()
                    })
                    .ok();
                (part, handle)
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|(part, handle)| match handle.map(|h| h.join()) {
                Some(Ok(outcomes)) if outcomes.len() == part.len() => outcomes,
                // Not started, or lost: check this part here.
                _ => part.iter().map(|f| check_guarded(rules, base, f)).collect(),
            })
            .collect()
    })
}

pub fn run(ctx: &Context, args: CheckArgs) -> Result<Exit> {
    let rules = ctx.rules()?;
    let mut base = rules.sheet();
    super::apply_code(rules, None, &ctx.config, &mut base)?;
    let mut files = Vec::new();
    let mut outcomes = Vec::new();
    for p in &args.paths {
        match boundcheck_rules::scenario::files(p) {
            Ok(found) => files.extend(found),
            Err(d) if p.is_dir() => return Err(BadFiles(vec![d]).into()),
            Err(d) => {
                let mut o = Outcome::new(&p.display().to_string(), Status::Fail);
                o.error = Some(d.to_string());
                outcomes.push(o);
            }
        }
    }
    outcomes.extend(check_all(rules, &base, &files));
    let text = match args.format {
        CheckFormat::Json => crate::render::check::json(&outcomes),
        CheckFormat::Text => crate::render::check::text(&outcomes),
    };
    crate::output::out(&text)?;
    Ok(if outcomes.iter().any(|o| o.status == Status::Fail) {
        Exit::Failures
    } else {
        Exit::Done
    })
}
