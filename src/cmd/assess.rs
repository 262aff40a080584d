//! `boundcheck assess`: the consultation itself.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::answer::Answers;
use crate::cli::{AssessArgs, ColorChoice, Format};
use crate::engine::{self, Assessment};
use crate::level::Level;
use crate::render;
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::session::{self, Missing};

pub fn run(args: AssessArgs, color: ColorChoice) -> Result<ExitCode> {
    let config = crate::config::load()?;
    let rules = super::load_rules(&args.rules, &config)?;
    if let Some(path) = &args.save {
        // Refuse before asking anything, so nobody answers twenty questions in vain.
        crate::files::check_writable(path, args.force)?;
    }

    let code = args
        .code
        .map(|c| c.id().to_string())
        .or(config.code.clone());
    let mut given = super::code_answer(&rules, code.as_deref());
    let scenario = match &args.scenario {
        Some(path) => Some(Scenario::load(path, &rules)?),
        None => None,
    };
    if let Some(s) = &scenario {
        given = given.overlaid(&s.answers);
    }
    given = given.overlaid(&super::parse_sets(&rules, &args.set)?);

    let asked = if let Some(path) = &args.scenario {
        session::collect_unattended(&rules, &given)
            .map_err(|m| anyhow::anyhow!("{}: {m}", path.display()))?
    } else if crate::prompt::is_terminal() {
        crate::prompt::install_interrupt_handler();
        let colored = crate::use_color(color, std::io::stderr().is_terminal());
        let mut asker = crate::prompt::TermAsker::new(colored);
        asker.say(&intro(colored))?;
        let asked = session::collect(&rules, &given, &mut asker)?;
        asker.say("")?;
        asked
    } else {
        session::collect_unattended(&rules, &given).map_err(|Missing(ids)| {
            anyhow::anyhow!(
                "there is no terminal to ask on, and nothing answers {} ({}); answer with --set ID=VALUE or --scenario FILE",
                if ids.len() == 1 { "this question" } else { "these questions" },
                ids.join(", ")
            )
        })?
    };

    let assessment = engine::assess(&rules, &given, &asked);
    let date = render::today();
    let output = match args.format {
        Format::Text => render::text::render(&rules, &assessment),
        Format::Json => render::json::render(&rules, &assessment),
        Format::Markdown => render::markdown::render(&rules, &assessment, &date),
    };
    if let Some(path) = &args.save {
        let saved = saved_scenario(&rules, &assessment, &date)?;
        crate::files::write_private(path, &saved, args.force)?;
    }
    crate::print(&output)?;
    if let Some(path) = &args.save {
        eprintln!(
            "Saved to {} (readable by you only). Replay it with: boundcheck assess --scenario {}",
            path.display(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn intro(colored: bool) -> String {
    let text = "A few questions about the contact you are considering.\nNo names or identifying details are asked, and nothing leaves this computer.\n";
    if colored {
        format!("{}", console::style(text).dim())
    } else {
        text.to_string()
    }
}

#[derive(Serialize)]
struct Saved<'a> {
    title: String,
    answers: &'a Answers,
    record: Record<'a>,
}

#[derive(Serialize)]
struct Record<'a> {
    date: &'a str,
    recommendation: Level,
    rule_set: render::json::RuleSetId<'a>,
}

/// The assessment as a scenario file: replaying it gives the same recommendation.
pub fn saved_scenario(rules: &RuleSet, a: &Assessment<'_>, date: &str) -> Result<String> {
    let saved = Saved {
        title: format!("Consultation of {date}"),
        answers: &a.answers,
        record: Record {
            date,
            recommendation: a.recommendation,
            rule_set: render::json::RuleSetId {
                version: &rules.version,
                digest: &rules.digest,
            },
        },
    };
    let body = crate::yaml::to_string(&saved)?;
    Ok(format!(
        "# Saved by boundcheck assess on {date}. Replay: boundcheck assess --scenario THIS_FILE\n{body}"
    ))
}
