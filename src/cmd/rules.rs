//! `boundcheck rules`: list, show, validate, export, schema — for rule authors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use colored::Colorize;

use crate::cli::{RulesAction, RulesArgs, SchemaKind};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::rules::{self, Origin, RuleSet, BUNDLED};
use crate::scenario::Scenario;

pub const RULES_SCHEMA: &str = include_str!("../../rules/schema/rules.schema.json");
pub const SCENARIO_SCHEMA: &str = include_str!("../../rules/schema/scenario.schema.json");

pub fn run(args: RulesArgs) -> Result<ExitCode> {
    let config = crate::config::load()?;
    match args.action {
        RulesAction::List => {
            let rules = super::load_rules(&args.rules, &config)?;
            crate::print(&list(&rules))?;
        }
        RulesAction::Show { id } => {
            let rules = super::load_rules(&args.rules, &config)?;
            crate::print(&show(&rules, &id)?)?;
        }
        RulesAction::Validate {
            paths,
            strict,
            examples,
        } => {
            let mut all = args.rules.rules.clone();
            all.extend(paths);
            return validate(&all, strict, examples.as_deref());
        }
        RulesAction::Export { dir, force } => {
            export(&dir, force)?;
            eprintln!(
                "Wrote {} rule files to {}. Edit them, check them with `boundcheck rules validate {}`, and use them with `boundcheck assess --rules {}`.",
                BUNDLED.len(),
                dir.display(),
                dir.display(),
                dir.display()
            );
        }
        RulesAction::Schema { of } => crate::print(match of {
            SchemaKind::Rules => RULES_SCHEMA,
            SchemaKind::Scenario => SCENARIO_SCHEMA,
        })?,
    }
    Ok(ExitCode::SUCCESS)
}

fn origin_mark(rules: &RuleSet, file: usize) -> String {
    match &rules.files[file].origin {
        Origin::Bundled(_) => "bundled".to_string(),
        Origin::Path(p) => p.display().to_string(),
    }
}

pub fn list(rules: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        "Rationales and their findings".bold().underline()
    );
    for r in &rules.rationales {
        let _ = writeln!(
            out,
            "{} {} {}",
            r.id.bold(),
            r.title,
            format!("({})", origin_mark(rules, r.file)).dimmed()
        );
        for f in rules.findings.iter().filter(|f| f.rationale == r.id) {
            let _ = writeln!(out, "  {:<11} {}", f.level.id(), f.id);
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        "Questions, in the order asked".bold().underline()
    );
    for q in &rules.questions {
        let when = q.asked_when();
        let _ = writeln!(
            out,
            "  {:<22} {} {}",
            q.id,
            when.dimmed(),
            format!("({})", origin_mark(rules, q.file)).dimmed()
        );
    }
    out
}

pub fn show(rules: &RuleSet, id: &str) -> Result<String> {
    let mut out = String::new();
    if let Some(r) = rules.rationale(id) {
        let _ = writeln!(
            out,
            "{} — rationale `{}` ({})\n",
            r.title.bold(),
            r.id,
            origin_mark(rules, r.file)
        );
        out.push_str(&crate::render::wrap(&r.about, 78, ""));
        let _ = writeln!(out, "\nFindings:");
        for f in rules.findings.iter().filter(|f| f.rationale == r.id) {
            let _ = writeln!(
                out,
                "  {:<11} {}  when {}",
                f.level.id(),
                f.id,
                f.when.describe()
            );
        }
        return Ok(out);
    }
    if let Some(f) = rules.finding(id) {
        let _ = writeln!(
            out,
            "{} — finding in `{}` ({})",
            f.id.bold(),
            f.rationale,
            origin_mark(rules, f.file)
        );
        let _ = writeln!(out, "Level: {} ({})", f.level.label(), f.level);
        let _ = writeln!(out, "Fires when: {}\n", f.when.describe());
        let _ = writeln!(out, "Because:");
        out.push_str(&crate::render::wrap(&f.because, 78, "  "));
        if !f.safeguards.is_empty() {
            let _ = writeln!(out, "\nSafeguards:");
            for s in &f.safeguards {
                let _ = write!(
                    out,
                    "  - {}",
                    crate::render::wrap(s, 78, "    ").trim_start()
                );
            }
        }
        if let Some(r) = &f.reply {
            let _ = writeln!(out, "\nSuggested reply:");
            out.push_str(&crate::render::wrap(r, 78, "  "));
        }
        if !f.references.is_empty() {
            let _ = writeln!(out, "\nReferences: {}", f.references.join(", "));
        }
        let _ = writeln!(
            out,
            "\nRefers to questions: {}",
            f.when.questions().join(", ")
        );
        return Ok(out);
    }
    if let Some(q) = rules.question(id) {
        let _ = writeln!(
            out,
            "{} — question ({})",
            q.id.bold(),
            origin_mark(rules, q.file)
        );
        let _ = writeln!(out, "{}", q.prompt);
        if let Some(h) = &q.help {
            out.push_str(&crate::render::wrap(h, 78, "  "));
        }
        let _ = writeln!(out, "Asked: {}", q.asked_when());
        let _ = writeln!(out, "Answers: {}", q.allowed());
        for c in &q.choices {
            let _ = writeln!(out, "  {:<18} {}", c.value, c.label);
        }
        if let Some(d) = &q.default {
            let _ = writeln!(out, "Default: {d}");
        }
        let used: Vec<&str> = rules
            .findings_naming(&q.id)
            .map(|f| f.id.as_str())
            .collect();
        let gates: Vec<&str> = rules
            .questions_gated_by(&q.id)
            .map(|o| o.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "Used by findings: {}",
            if used.is_empty() {
                "none".into()
            } else {
                used.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "Decides whether these are asked: {}",
            if gates.is_empty() {
                "none".into()
            } else {
                gates.join(", ")
            }
        );
        return Ok(out);
    }
    let all = rules
        .rationales
        .iter()
        .map(|r| r.id.as_str())
        .chain(rules.findings.iter().map(|f| f.id.as_str()))
        .chain(rules.questions.iter().map(|q| q.id.as_str()));
    bail!(
        "`{id}` is not a rationale, finding or question{}; `boundcheck rules list` shows them all",
        crate::suggest::did_you_mean(id, all)
    )
}

/// Validates `paths` as an overlay on the bundled set, printing every problem.
pub fn validate(paths: &[PathBuf], strict: bool, examples: Option<&Path>) -> Result<ExitCode> {
    let (sources, mut diags) = rules::sources(paths);
    let (set, build_diags) = rules::build(sources, BUNDLED.len());
    diags.extend(build_diags);
    if let Some(set) = &set {
        diags.extend(warnings(set, paths.is_empty()));
        if let Some(dir) = examples {
            diags.extend(unexercised(set, dir)?);
        }
    }
    let errors = diags.iter().filter(|d| !d.warning).count();
    let warns = diags.len() - errors;
    let mut out = String::new();
    for d in &diags {
        let _ = writeln!(out, "{}", d.render());
    }
    match &set {
        Some(s) if errors == 0 => {
            let _ = writeln!(
                out,
                "{} files, {} questions, {} findings: {} errors, {} warnings",
                s.files.len(),
                s.questions.len(),
                s.findings.len(),
                errors,
                warns
            );
        }
        _ => {
            let _ = writeln!(out, "{errors} errors, {warns} warnings");
        }
    }
    if errors > 0 {
        eprint!("{out}");
        return Ok(ExitCode::from(2));
    }
    crate::print(&out)?;
    Ok(if strict && warns > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Findings that can never hold, and questions nothing uses. Only files the
/// author gave are warned about, unless validating the bundled set alone.
fn warnings(set: &RuleSet, bundled_only: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mine = |file: usize| bundled_only || matches!(set.files[file].origin, Origin::Path(_));
    // Answer combinations tried in all, across findings: about a second's work.
    let mut budget = 300_000;
    for f in set.findings.iter().filter(|f| mine(f.file)) {
        if !can_hold(set, f, &mut budget) {
            let file = &set.files[f.file];
            out.push(
                Diagnostic::warning(&file.origin.name(), format!("the finding `{}` can never fire: no answers that can be asked together meet `when: {}`", f.id, f.when.describe()))
                    .near(&file.text, crate::diagnostic::find_entry(&file.text, "id", &f.id, 1)),
            );
        }
    }
    for q in set.questions.iter().filter(|q| mine(q.file)) {
        let used = set.findings_naming(&q.id).next().is_some()
            || set.questions_gated_by(&q.id).next().is_some();
        if !used {
            let file = &set.files[q.file];
            out.push(
                Diagnostic::warning(
                    &file.origin.name(),
                    format!(
                        "no finding uses the question `{}`, so asking it changes nothing",
                        q.id
                    ),
                )
                .near(
                    &file.text,
                    crate::diagnostic::find_entry(&file.text, "id", &q.id, 1),
                ),
            );
        }
    }
    out
}

/// Whether some walk-consistent set of answers makes the finding fire: tries
/// every combination of the questions its condition names and the questions
/// that decide whether those are asked (bounded; unbounded cases count as able).
fn can_hold(set: &RuleSet, f: &rules::Finding, budget: &mut usize) -> bool {
    let mut ids: Vec<String> = f.when.questions().iter().map(|s| s.to_string()).collect();
    let mut i = 0;
    while i < ids.len() {
        if let Some(q) = set.question(&ids[i]) {
            for dep in q.ask_when.questions() {
                if !ids.iter().any(|x| x == dep) {
                    ids.push(dep.to_string());
                }
            }
        }
        i += 1;
    }
    let domains: Vec<(String, Vec<crate::answer::Answer>)> = ids
        .iter()
        .filter_map(|id| set.question(id))
        .map(|q| {
            let values = match q.kind {
                rules::Kind::Number => {
                    // One value in each stretch the rules tell apart.
                    let mut v = engine::boundary_values(set, q);
                    v.insert(0, q.min);
                    v.dedup();
                    v.into_iter().map(crate::answer::Answer::Number).collect()
                }
                _ => q
                    .values()
                    .into_iter()
                    .map(crate::answer::Answer::choice)
                    .collect(),
            };
            (q.id.clone(), values)
        })
        .collect();
    let total = domains
        .iter()
        .try_fold(1usize, |n, (_, v)| n.checked_mul(v.len().max(1)));
    // Past the budget the answer is unknown, and unknown counts as able: a
    // warning must never be wrong, and validation must stay quick.
    match total {
        Some(n) if n <= *budget => *budget -= n,
        _ => return true,
    }
    let mut idx = vec![0usize; domains.len()];
    loop {
        let mut given = crate::answer::Answers::new();
        for (d, &k) in domains.iter().zip(&idx) {
            given.set(&d.0, d.1[k].clone());
        }
        let w = engine::walk(set, &given);
        if f.when.holds(&w.asked) {
            return true;
        }
        // next combination
        let mut pos = 0;
        loop {
            if pos == idx.len() {
                return false;
            }
            idx[pos] += 1;
            if idx[pos] < domains[pos].1.len() {
                break;
            }
            idx[pos] = 0;
            pos += 1;
        }
    }
}

fn unexercised(set: &RuleSet, dir: &Path) -> Result<Vec<Diagnostic>> {
    let files = crate::files::yaml_files_under(dir)
        .with_context(|| format!("{}: cannot read the examples directory", dir.display()))?;
    let mut fired: Vec<String> = Vec::new();
    for f in &files {
        let Ok(s) = Scenario::load(f, set) else {
            continue;
        };
        let w = engine::walk(set, &s.answers);
        let (_, found) = engine::evaluate(set, &w.asked);
        fired.extend(found.iter().map(|x| x.finding.id.clone()));
    }
    Ok(set
        .findings
        .iter()
        .filter(|f| !fired.contains(&f.id))
        .map(|f| {
            let file = &set.files[f.file];
            Diagnostic::warning(
                &file.origin.name(),
                format!("no scenario in {} makes `{}` fire", dir.display(), f.id),
            )
            .near(
                &file.text,
                crate::diagnostic::find_entry(&file.text, "id", &f.id, 1),
            )
        })
        .collect())
}

/// Writes the bundled rule files to `dir`, each with a header saying how to use it.
pub fn export(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "{}: this is a file; export needs a directory",
                dir.display()
            );
        }
        let non_empty = std::fs::read_dir(dir)
            .with_context(|| format!("{}: cannot read it", dir.display()))?
            .next()
            .is_some();
        if non_empty && !force {
            bail!("{}: the directory is not empty; add --force to write into it (files of the same name are replaced)", dir.display());
        }
    } else {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create it", dir.display()))?;
    }
    for (name, text) in BUNDLED {
        let header = format!(
            "# Exported from boundcheck {}. Edit freely, then use: boundcheck assess --rules {}\n# A file whose id matches a bundled file replaces it whole; check with: boundcheck rules validate {}\n# yaml-language-server: $schema=./rules.schema.json\n",
            env!("CARGO_PKG_VERSION"),
            dir.display(),
            dir.display()
        );
        let path = dir.join(name);
        std::fs::write(&path, format!("{header}{text}"))
            .with_context(|| format!("{}: cannot write it", path.display()))?;
    }
    let schema = dir.join("rules.schema.json");
    std::fs::write(&schema, RULES_SCHEMA)
        .with_context(|| format!("{}: cannot write it", schema.display()))?;
    Ok(())
}
