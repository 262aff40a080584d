//! One module per subcommand; each takes its parsed arguments and returns an exit code.

pub mod assess;
pub mod check;
pub mod practice;
pub mod rules;
pub mod teach;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::answer::Answers;
use crate::cli::{Cli, Command, RuleArgs};
use crate::rules::RuleSet;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let color = cli.color;
    match cli.command {
        Command::Assess(args) => assess::run(args, color),
        Command::Practice(args) => practice::run(args, color),
        Command::Teach(args) => teach::run(args, color),
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "boundcheck", &mut buf);
            crate::print(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .context("rendering the man page")?;
            crate::print(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The active rule set: bundled, then the config file's overlays unless
/// `--rules` is given (flags win), then `--rules`.
pub fn load_rules(args: &RuleArgs, config: &crate::config::Config) -> Result<RuleSet> {
    let paths: Vec<PathBuf> = if args.rules.is_empty() {
        config.rules.clone()
    } else {
        args.rules.clone()
    };
    Ok(RuleSet::load(&paths)?)
}

/// Parses `--set ID=VALUE` flags against the rule set.
pub fn parse_sets(rules: &RuleSet, sets: &[String]) -> Result<Answers> {
    let mut answers = Answers::new();
    for s in sets {
        let Some((id, value)) = s.split_once('=') else {
            anyhow::bail!("--set {s}: write it as ID=VALUE, for example --set contact=gift");
        };
        let id = id.trim();
        let q = rules
            .question(id)
            .ok_or_else(|| anyhow::anyhow!("--set {s}: {}", rules.unknown_question(id)))?;
        let a = q
            .parse_answer(value)
            .map_err(|m| anyhow::anyhow!("--set {s}: {m}"))?;
        answers.set(id, a);
    }
    Ok(answers)
}

/// The ethics code from `--code`, else the config file, as a pre-answer.
pub fn code_answer(rules: &RuleSet, code: Option<&str>) -> Answers {
    let mut answers = Answers::new();
    if let (Some(code), Some(q)) = (code, rules.question("ethics_code")) {
        if let Ok(a) = q.parse_answer(code) {
            answers.set("ethics_code", a);
        }
    }
    answers
}
