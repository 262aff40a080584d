//! `boundcheck rules`: list, show, validate, export, schema — for rule authors.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use boundcheck_rules::diagnostic::{BadFiles, Diagnostic};
use boundcheck_rules::model::RuleSet;
use boundcheck_rules::text::one_line;
use boundcheck_rules::{analysis, engine, load, Scenario};

use super::Context;
use crate::cli::{GraphFormat, RulesAction, RulesArgs, SchemaKind};
use crate::exit::{Exit, Reported};

/// A schema as an editor reads it: pretty JSON, ending in a newline.
fn schema_text(schema: serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

pub fn run(ctx: &Context, args: RulesArgs, flag_rules: bool) -> Result<Exit> {
    let width = crate::output::look().width;
    match args.action {
        RulesAction::List => crate::output::out(&crate::render::rules::list(ctx.rules()?, width))?,
        RulesAction::Show { id } => {
            let rules = ctx.rules()?;
            match crate::render::rules::show(rules, &id, width) {
                Some(text) => crate::output::out(&text)?,
                None => return Err(no_such_id(rules, &id)),
            }
        }
        RulesAction::Validate {
            paths,
            strict,
            examples,
        } => {
            // With no PATH, the overlays the config file or --rules name.
            let mut all = if flag_rules || paths.is_empty() {
                ctx.overlays.clone()
            } else {
                Vec::new()
            };
            all.extend(paths);
            return validate(ctx, &all, strict, examples.as_deref());
        }
        RulesAction::Verify { paths } => {
            let base = ctx.rules()?;
            let owned;
            let rules = if paths.is_empty() {
                base
            } else {
                owned = load::with_overlays(base, &paths)?;
                &owned
            };
            let report = boundcheck_rules::verify::verify(rules);
            crate::output::out(&crate::render::rules::verification(rules, &report, width))?;
            return Ok(if report.broken.is_empty() {
                Exit::Done
            } else {
                Exit::Failures
            });
        }
        RulesAction::Impact { paths, examples } => {
            let before = ctx.rules()?;
            let after = load::with_overlays(before, &paths)?;
            let files =
                boundcheck_rules::scenario::files(&examples).map_err(|d| BadFiles(vec![d]))?;
            let mut base = before.sheet();
            super::apply_code(before, None, &ctx.config, &mut base)?;
            let mut base_after = after.sheet();
            super::apply_code(&after, None, &ctx.config, &mut base_after)?;
            let changes = impact(before, &after, &base, &base_after, &files);
            crate::output::out(&crate::render::rules::impact(&changes, files.len()))?;
            if changes.iter().any(|c| c.before.is_err()) {
                return Ok(Exit::BadInput);
            }
        }
        RulesAction::Export { dir, force, format } => {
            let rules = ctx.rules()?;
            let d = one_line(&dir.display().to_string());
            match format {
                crate::cli::ExportFormat::Yaml => {
                    export(rules, &dir, force)?;
                    crate::output::notice(&format!(
                        "Wrote {} rule files and their schemas to {d}. Edit them, check them with `boundcheck rules validate {d}`, and use them with `boundcheck assess --rules {d}`.\n",
                        rules.files.len()
                    ));
                }
                crate::cli::ExportFormat::Fhir => {
                    prepare_dir(&dir, force)?;
                    crate::save::write_in(
                        &dir,
                        "questionnaire.json",
                        &crate::render::fhir::text(&crate::render::fhir::questionnaire(rules)),
                        Some(0o644),
                    )?;
                    crate::output::notice(&format!("Wrote the question bank as a FHIR R4 Questionnaire to {d}/questionnaire.json.\n"));
                }
            }
        }
        RulesAction::Schema { of } => {
            let rules = ctx.rules()?;
            crate::output::out(&schema_text(match of {
                SchemaKind::Rules => boundcheck_rules::schema::rules_schema(rules),
                SchemaKind::Scenario => boundcheck_rules::schema::scenario_schema(rules),
            }))?
        }
        RulesAction::Graph {
            id,
            scenario,
            format,
        } => {
            let rules = ctx.rules()?;
            let g = graph(ctx, rules, id.as_deref(), scenario.as_deref())?;
            crate::output::out(&match format {
                GraphFormat::Mermaid => crate::render::graph::mermaid(rules, &g),
                GraphFormat::Dot => crate::render::graph::dot(rules, &g),
            })?;
        }
    }
    Ok(Exit::Done)
}

/// The graph to draw: the whole set, around an id, or one scenario's path.
fn graph(
    ctx: &Context,
    rules: &RuleSet,
    id: Option<&str>,
    scenario: Option<&Path>,
) -> Result<boundcheck_rules::graph::Graph> {
    use boundcheck_rules::graph::{self, Around};
    if let Some(file) = scenario {
        let s = Scenario::load(file, rules)?;
        let mut supplied = rules.sheet();
        super::apply_code(rules, None, &ctx.config, &mut supplied)?;
        for &(q, v) in &s.answers {
            supplied[q] = Some(v);
        }
        let walked = crate::session::unattended(
            rules,
            &supplied,
            crate::exit::MissingFrom::Scenario(file.display().to_string()),
        )?;
        return Ok(graph::path(rules, &walked));
    }
    let Some(id) = id else {
        return Ok(graph::whole(rules));
    };
    match Around::find(rules, id) {
        Some(what) => Ok(graph::around(rules, what)),
        None => Err(no_such_id(rules, id)),
    }
}

/// `rules show` or `rules graph` given an id that names nothing, with the nearest one.
fn no_such_id(rules: &RuleSet, id: &str) -> anyhow::Error {
    let all = rules
        .rationales
        .iter()
        .map(|r| r.id.as_str())
        .chain(rules.findings.iter().map(|f| f.id.as_str()))
        .chain(rules.questions.iter().map(|q| q.id.as_str()));
    anyhow!(
        "`{}` is not a rationale, question or finding{}; `boundcheck rules list` shows them all",
        boundcheck_rules::text::excerpt(id, 60),
        boundcheck_rules::suggest::did_you_mean(id, all)
    )
}

/// For each scenario file, its result without and with the overlay, where they differ.
fn impact(
    before: &RuleSet,
    after: &RuleSet,
    base: &boundcheck_rules::Sheet,
    base_after: &boundcheck_rules::Sheet,
    files: &[PathBuf],
) -> Vec<crate::render::rules::Impact> {
    // The walk with answers at hand, as the level and the findings it fires.
    let walk = |rules: &RuleSet,
                supplied: &boundcheck_rules::Sheet|
     -> Result<(boundcheck_rules::Level, Vec<String>), String> {
        let w = crate::session::unattended(rules, supplied, crate::exit::MissingFrom::NoTerminal)
            .map_err(|m| crate::exit::Missing::in_a_scenario(&m.ids))?;
        Ok((
            engine::level(rules, &w.sheet),
            engine::fired(rules, &w.sheet)
                .into_iter()
                .map(|i| rules.findings[i].id.clone())
                .collect(),
        ))
    };
    files
        .iter()
        .filter_map(|f| {
            // Read once, with the rules as they were (its `expect` is not what
            // is measured), then the same answers given to the edited rules.
            let s = match Scenario::load(f, before) {
                Ok(s) => s,
                Err(e) => {
                    let why =
                        e.0.first()
                            .map(|d| match d.pos {
                                Some(p) => {
                                    format!("line {}, column {}: {}", p.line, p.column, d.message)
                                }
                                None => d.message.clone(),
                            })
                            .unwrap_or_default();
                    return Some(crate::render::rules::Impact {
                        file: f.display().to_string(),
                        before: Err(why.clone()),
                        after: Err(why),
                    });
                }
            };
            let mut supplied = base.clone();
            let mut supplied_after = base_after.clone();
            let mut lost = None;
            for &(q, v) in &s.answers {
                supplied[q] = Some(v);
                let question = &before.questions[q];
                let answer = question.answer(v);
                match after
                    .question_index(&question.id)
                    .and_then(|aq| after.questions[aq].value_of(&answer).map(|av| (aq, av)))
                {
                    Some((aq, av)) => supplied_after[aq] = Some(av),
                    None => {
                        lost = Some(format!(
                            "`{}: {answer}` is no longer an answer",
                            question.id
                        ))
                    }
                }
            }
            let b = walk(before, &supplied);
            let a = match lost {
                Some(why) => Err(why),
                None => walk(after, &supplied_after),
            };
            (b != a || b.is_err()).then(|| crate::render::rules::Impact {
                file: f.display().to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// Validates `paths` as an overlay on the bundled set, reporting every problem on stderr.
fn validate(
    ctx: &Context,
    paths: &[PathBuf],
    strict: bool,
    examples: Option<&Path>,
) -> Result<Exit> {
    let (overlays, mut diags) = load::sources::overlay_sources(paths);
    let mut sources = load::bundled_sources();
    sources.extend(overlays);
    let (set, built) = load::check(sources);
    // Warnings about bundled files are for the bundled set's own validation.
    diags.extend(
        built
            .into_iter()
            .filter(|d| d.is_error() || paths.is_empty() || !d.file.starts_with("bundled:")),
    );
    let mut coverage = None;
    if let Some(set) = &set {
        diags.extend(warnings(set, paths.is_empty()));
        if let Some(dir) = examples {
            let (fired, warns) = unexercised(ctx, set, dir)?;
            coverage = Some((fired, set.findings.len()));
            diags.extend(warns);
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warns = diags.len() - errors;
    crate::output::error_text(&crate::render::rules::validation(
        &diags,
        set.as_ref(),
        coverage,
    ));
    let failed = errors > 0 || (strict && warns > 0);
    Err(Reported(if failed { Exit::BadInput } else { Exit::Done }).into())
}

/// Findings that can never fire, and questions never worth asking. Only the
/// files the author gave are warned about, unless validating the bundled set.
fn warnings(set: &RuleSet, bundled_only: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mine = |file: usize| bundled_only || !set.files[file].origin.is_bundled();
    let place = |file: usize, path: boundcheck_rules::yaml::Path, msg: String| {
        let f = &set.files[file];
        Diagnostic::warning(&f.origin.name(), msg).at_path(
            &f.text,
            &path,
            boundcheck_rules::yaml::Part::Value,
        )
    };
    for (fi, f) in set
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| mine(f.file))
    {
        if !analysis::can_fire(set, fi) {
            let at = index_path(set, f.file, "findings", &f.id);
            out.push(place(f.file, at, format!("the finding `{}` can never fire: no answers that can be asked together meet `when: {}`", f.id, f.when.describe(set))));
        }
    }
    for (qi, q) in set
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| mine(q.file))
    {
        let gates = set.questions_gated_by(qi).next().is_some();
        if !gates && !analysis::ever_matters(set, qi) {
            let at = index_path(set, q.file, "questions", &q.id);
            out.push(place(
                q.file,
                at,
                format!(
                    "no finding can use the answer to `{}` where it is asked, so it is never asked",
                    q.id
                ),
            ));
        }
    }
    out
}

/// The path of the list item with this id in a file (for placing a warning).
fn index_path(set: &RuleSet, file: usize, list: &str, id: &str) -> boundcheck_rules::yaml::Path {
    let text: &str = &set.files[file].text;
    let node: boundcheck_rules::yaml::Node =
        boundcheck_rules::yaml::from_str(text).unwrap_or(boundcheck_rules::yaml::Node::Null);
    let root = boundcheck_rules::yaml::Path::root();
    if let boundcheck_rules::yaml::Node::Map(entries) = &node {
        for (k, v) in entries {
            if k.as_str() == Some(list) {
                if let boundcheck_rules::yaml::Node::Seq(items) = v {
                    for (i, item) in items.iter().enumerate() {
                        if let boundcheck_rules::yaml::Node::Map(e) = item {
                            if e.iter()
                                .any(|(k, v)| k.as_str() == Some("id") && v.as_str() == Some(id))
                            {
                                return root.key(list).index(i).key("id");
                            }
                        }
                    }
                }
            }
        }
    }
    root
}

/// The findings no scenario in `dir` makes fire (walks that end with missing
/// answers do not count), as warnings; and how many did fire.
fn unexercised(ctx: &Context, set: &RuleSet, dir: &Path) -> Result<(usize, Vec<Diagnostic>)> {
    let files = boundcheck_rules::scenario::files(dir).map_err(|d| BadFiles(vec![d]))?;
    let mut base = set.sheet();
    super::apply_code(set, None, &ctx.config, &mut base)?;
    let mut fired = vec![false; set.findings.len()];
    let mut warns: Vec<Diagnostic> = Vec::new();
    for f in &files {
        // A scenario that cannot run exercises nothing: said, not skipped.
        let name = one_line(&f.display().to_string());
        let s = match Scenario::load(f, set) {
            Ok(s) => s,
            Err(e) => {
                let why = e.0.first().map(|d| d.message.clone()).unwrap_or_default();
                warns.push(Diagnostic::warning(
                    &name,
                    format!("this scenario cannot run, so it exercises no finding: {why}"),
                ));
                continue;
            }
        };
        let mut supplied = base.clone();
        for &(q, v) in &s.answers {
            supplied[q] = Some(v);
        }
        let w = match crate::session::unattended(
            set,
            &supplied,
            crate::exit::MissingFrom::NoTerminal,
        ) {
            Ok(w) => w,
            Err(m) => {
                warns.push(Diagnostic::warning(
                    &name,
                    format!(
                        "this scenario cannot run, so it exercises no finding: {}",
                        crate::exit::Missing::in_a_scenario(&m.ids)
                    ),
                ));
                continue;
            }
        };
        for i in engine::fired(set, &w.sheet) {
            fired[i] = true;
        }
    }
    let d = one_line(&dir.display().to_string());
    let mut in_file = vec![0usize; set.files.len()];
    for (i, f) in set.findings.iter().enumerate() {
        // Its place: the `id` of the k-th finding of its file.
        let k = in_file[f.file];
        in_file[f.file] += 1;
        if fired[i] {
            continue;
        }
        let file = &set.files[f.file];
        let mut w = Diagnostic::warning(
            &file.origin.name(),
            format!("no scenario in {d} makes `{}` fire", f.id),
        );
        let at = boundcheck_rules::yaml::Path::root()
            .key("findings")
            .index(k)
            .key("id");
        if let Some(pos) =
            boundcheck_rules::yaml::locate(&file.text, &at, boundcheck_rules::yaml::Part::Value)
        {
            w = w.at(&file.text, pos);
        }
        warns.push(w);
    }
    Ok((fired.iter().filter(|x| **x).count(), warns))
}

/// Writes the active rule files to `dir`, each with a header saying how to use
/// it, and the schemas. Never writes through a symbolic link or into a pipe.
pub fn export(rules: &RuleSet, dir: &Path, force: bool) -> Result<()> {
    prepare_dir(dir, force)?;
    let d = one_line(&dir.display().to_string());
    let mut written: Vec<(String, String)> = Vec::new();
    for f in &rules.files {
        let name = match &f.origin {
            boundcheck_rules::model::Origin::Bundled(n) => n.to_string(),
            boundcheck_rules::model::Origin::Path(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("{}.yaml", f.id)),
        };
        let header = format!(
            "# yaml-language-server: $schema=./rules.schema.json\n# Exported from boundcheck {}. Edit freely, then use: boundcheck assess --rules {d}\n# A file whose id matches a bundled file replaces it whole; check with: boundcheck rules validate {d}\n",
            env!("CARGO_PKG_VERSION")
        );
        let body: String = f
            .text
            .lines()
            .filter(|l| !l.starts_with("# yaml-language-server:"))
            .map(|l| format!("{l}\n"))
            .collect();
        written.push((name, format!("{header}{body}")));
    }
    written.push((
        "rules.schema.json".into(),
        schema_text(boundcheck_rules::schema::rules_schema(rules)),
    ));
    written.push((
        "scenario.schema.json".into(),
        schema_text(boundcheck_rules::schema::scenario_schema(rules)),
    ));
    // Every name checked first, so that nothing is written when one cannot be.
    for (name, _) in &written {
        crate::save::check_in(dir, name)?;
    }
    for (name, text) in &written {
        // Rule files are for sharing: readable by others, as the user's other files are.
        crate::save::write_in(dir, name, text, Some(0o644))?;
    }
    Ok(())
}

/// Checks an export directory (a real directory, empty unless `force`), creating it if needed.
fn prepare_dir(dir: &Path, force: bool) -> Result<()> {
    let d = one_line(&dir.display().to_string());
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            bail!("{d}: this is a symbolic link; export into a real directory")
        }
        Ok(m) if !m.is_dir() => bail!("{d}: this is a file; export needs a directory"),
        Ok(_) => {
            let non_empty = std::fs::read_dir(dir)
                .map_err(|e| anyhow::anyhow!("{d}: cannot read it: {e}"))?
                .next()
                .is_some();
            if non_empty && !force {
                bail!("{d}: the directory is not empty; add --force to write into it (files of the same name are replaced)");
            }
        }
        Err(_) => std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("{d}: cannot create it: {e}"))?,
    }
    Ok(())
}
