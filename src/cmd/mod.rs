//! One module per subcommand; each wires sources to the walk or the engine to
//! a renderer, and returns how the process ends.

pub mod assess;
pub mod check;
pub mod practice;
pub mod rules;
pub mod teach;

use std::path::PathBuf;

use anyhow::Result;
use boundcheck_rules::model::{RuleSet, Sheet};
use boundcheck_rules::suggest::did_you_mean;
use boundcheck_rules::text::{excerpt, one_line};
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::exit::Exit;

/// What every command starts from: the config file and the rule overlays.
pub struct Context {
    pub config: Config,
    /// `--rules`, else the config file's `rules:` (flags win).
    pub overlays: Vec<PathBuf>,
}

impl Context {
    /// The active rule set: bundled, with the overlays. It lives until the
    /// process ends, and is never freed: freeing it at exit is work for nobody.
    pub fn rules(&self) -> Result<&'static RuleSet> {
        let bundled = crate::bundled_static().map_err(anyhow::Error::msg)?;
        if self.overlays.is_empty() {
            return Ok(bundled);
        }
        let set = boundcheck_rules::load::with_overlays(bundled, &self.overlays)?;
        Ok(Box::leak(Box::new(set)))
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    let config = crate::config::load(cli.config.as_deref(), cli.no_config)?;
    let overlays = if cli.rules.is_empty() {
        config.rules.clone()
    } else {
        cli.rules.clone()
    };
    let ctx = Context { config, overlays };
    match cli.command {
        Command::Assess(args) => assess::run(&ctx, args),
        Command::Practice(args) => practice::run(&ctx, args),
        Command::Teach(args) => teach::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Rules(args) => rules::run(&ctx, args, !cli.rules.is_empty()),
        Command::Completions { shell } => {
            let program = std::env::args_os()
                .next()
                .unwrap_or_else(|| "boundcheck".into());
            crate::output::out(&crate::complete::registration(shell, &program))?;
            Ok(Exit::Done)
        }
        Command::Man {
            command,
            subcommand,
            dir,
        } => {
            let cli = Cli::command();
            match dir {
                Some(dir) => {
                    let pages = crate::render::man::pages(&cli);
                    crate::save::export_dir(&dir)?;
                    for (name, text) in &pages {
                        crate::save::write_in(&dir, name, text, Some(0o644))?;
                    }
                    crate::output::notice(&format!(
                        "Wrote {} man pages to {}; `man -l {}/boundcheck.1` reads the first.\n",
                        pages.len(),
                        one_line(&dir.display().to_string()),
                        one_line(&dir.display().to_string())
                    ));
                }
                None => {
                    let page = crate::render::man::page(&cli, command.iter().chain(&subcommand))
                        .map_err(anyhow::Error::msg)?;
                    crate::output::out(&page)?;
                }
            }
            Ok(Exit::Done)
        }
    }
}

/// Parses `--set ID=VALUE` flags against the rule set into `sheet`.
pub fn apply_sets(rules: &RuleSet, sets: &[String], sheet: &mut Sheet) -> Result<()> {
    for s in sets {
        let shown = excerpt(s, 60);
        let Some((id, value)) = s.split_once('=') else {
            anyhow::bail!("--set {shown}: write it as ID=VALUE, for example --set contact=gift");
        };
        let id = id.trim();
        let Some(q) = rules.question_index(id) else {
            anyhow::bail!(
                "--set {shown}: {}; `boundcheck rules list` shows the questions",
                rules.unknown_question(id)
            );
        };
        let v = rules.questions[q]
            .parse_value(value)
            .map_err(|m| anyhow::anyhow!("--set {shown}: {m}"))?;
        sheet[q] = Some(v);
    }
    Ok(())
}

/// The ethics code from `--code`, else the config file, as an answer of the
/// code question of the active rule set (codes are data: an overlay may add one).
pub fn apply_code(
    rules: &RuleSet,
    flag: Option<&str>,
    config: &Config,
    sheet: &mut Sheet,
) -> Result<()> {
    let (code, from) = match (flag, &config.code) {
        (Some(c), _) => (c.trim().to_lowercase(), "--code".to_string()),
        (None, Some(c)) => {
            let file = config
                .file
                .as_ref()
                .map(|p| one_line(&p.display().to_string()))
                .unwrap_or_default();
            (c.clone(), format!("`code:` in {file}"))
        }
        (None, None) => return Ok(()),
    };
    let Some(q) = rules.question_index(boundcheck_rules::engine::CODE_QUESTION) else {
        anyhow::bail!(
            "{from}: these rules have no `{}` question to answer",
            boundcheck_rules::engine::CODE_QUESTION
        );
    };
    let question = &rules.questions[q];
    match question.choice_index(&code) {
        Some(i) => {
            sheet[q] = Some(boundcheck_rules::Value::Choice(i));
            Ok(())
        }
        None => {
            let what = format!(
                "`{}` is not an ethics code these rules know{}; the codes are {}",
                excerpt(&code, 40),
                did_you_mean(&code, question.values()),
                question.allowed()
            );
            // From the config file: a diagnostic at its line, as for its other problems.
            if let (None, Some(file), Some((line, column))) = (flag, &config.file, config.code_at) {
                let mut d = boundcheck_rules::diagnostic::Diagnostic::error(
                    &format!(
                        "{} (the config file)",
                        one_line(&file.display().to_string())
                    ),
                    what,
                );
                d.pos = Some(boundcheck_rules::yaml::Pos { line, column });
                return Err(boundcheck_rules::diagnostic::BadFiles(vec![d]).into());
            }
            anyhow::bail!("{from}: {what}")
        }
    }
}
