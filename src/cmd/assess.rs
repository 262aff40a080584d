//! `boundcheck assess`: the consultation itself.

use anyhow::Result;

use super::Context;
use crate::cli::{AssessArgs, Format};
use crate::exit::{Exit, Interrupted, MissingFrom};
use crate::render;
use crate::session::{self, Mode, Outcome, Walk};

const INTRO: &str = "A few questions about the contact you are considering.\nNo names or identifying details are asked, and nothing leaves this computer.\n";

pub fn run(ctx: &Context, args: AssessArgs) -> Result<Exit> {
    let rules = ctx.rules()?;
    // Checked before anything is asked, so nobody answers in vain.
    let save = match &args.save {
        Some(path) => Some(crate::save::prepare(path, args.force)?),
        None => None,
    };
    let mut supplied = rules.sheet();
    super::apply_code(rules, args.code.as_deref(), &ctx.config, &mut supplied)?;
    if let Some(path) = &args.scenario {
        let s = boundcheck_rules::Scenario::load(path, rules)?;
        for &(q, v) in &s.answers {
            supplied[q] = Some(v);
        }
    }
    super::apply_sets(rules, &args.set, &mut supplied)?;

    let assessment = if let Some(path) = &args.scenario {
        let walked = session::unattended(
            rules,
            &supplied,
            MissingFrom::Scenario(path.display().to_string()),
        )?;
        boundcheck_rules::engine::assess(rules, &supplied, &walked)
    } else if crate::term::is_terminal()
        || (crate::output::look().plain && std::io::IsTerminal::is_terminal(&std::io::stdin()))
    {
        crate::term::install_signals();
        crate::output::notice(&if crate::output::look().color_err {
            console::style(INTRO).dim().to_string()
        } else {
            INTRO.to_string()
        });
        let mut walk = Walk::new(rules, supplied);
        let mut asker = crate::term::asker();
        let mode = Mode {
            take_supplied: true,
            back_to_asked: true,
        };
        if session::run(&mut walk, asker.as_mut(), &mut session::Plain, mode)?
            == Outcome::BackPastStart
        {
            return Err(Interrupted.into());
        }
        crate::output::notice("\n");
        walk.assessment()
    } else {
        let walked = session::unattended(rules, &supplied, MissingFrom::NoTerminal)?;
        boundcheck_rules::engine::assess(rules, &supplied, &walked)
    };

    let width = crate::output::look().width;
    // The clock and the time zone are read only for what shows a date.
    let output = match args.format {
        Format::Text => render::text::assessment(&assessment, width),
        Format::Json => render::json::assessment(&assessment),
        Format::Markdown => render::markdown::assessment(&assessment, &render::now_local().1),
        Format::Fhir => render::fhir::text(&render::fhir::response(
            rules,
            &assessment,
            &render::now_fhir(),
        )),
    };
    // The result first: a failed save must never lose it.
    crate::output::out(&output)?;
    if let (Some(save), Some(path)) = (save, &args.save) {
        save.write(&render::scenario::saved(
            &assessment,
            &render::now_local().0,
        ))?;
        let p = boundcheck_rules::text::one_line(&path.display().to_string());
        crate::output::notice(&format!("Saved to {p} (readable by you only). Replay it with: boundcheck assess --scenario {p}\n"));
    }
    Ok(Exit::Done)
}
