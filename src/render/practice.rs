//! Practice in words: the questions practice asks of its own (the prediction,
//! what next, resume), each scenario's header and comparison, the score, the
//! end-of-run summary, the messages about kept progress, and the report a
//! supervisor can read. The comparison itself is computed in
//! `boundcheck_rules::practice`; this only puts it into words.

use std::fmt::Write as _;

use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Choice, Kind, Question};
use boundcheck_rules::practice::{Attempt, Had, KeyIssue, Reason, Row, Side, Verdict};
use boundcheck_rules::Scenario;
use colored::Colorize;

use super::{count, in_level_color, wrap};

fn choice_question(id: &str, prompt: &str, help: &str, labels: Vec<String>) -> Question {
    Question {
        id: id.into(),
        prompt: prompt.into(),
        short: None,
        help: Some(help.into()),
        kind: Kind::Choice,
        choices: labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| Choice {
                value: i.to_string(),
                label,
            })
            .collect(),
        min: 0,
        max: 0,
        unit: None,
        ask_when: boundcheck_rules::condition::Condition::Always,
        default: None,
        what_if: false,
        hedge: None,
        private: false,
        file: 0,
    }
}

/// The prediction, asked like any other question (its answers in the order of [`Level::ALL`]).
pub fn prediction_question() -> Question {
    choice_question(
        "prediction",
        "What do you expect the recommendation to be?",
        "Choose before you see the result.",
        Level::ALL.iter().map(|l| l.label().to_string()).collect(),
    )
}

/// Between scenarios: go on (answer 0), or stop for now (answer 1).
pub fn next_question(next: usize, of: usize, title: &str) -> Question {
    choice_question(
        "next",
        "What next?",
        "Your progress is kept either way; Esc goes back to the scenario you just finished.",
        vec![
            format!("Go on to scenario {next} of {of}: {title}"),
            "Stop here for now (your progress is kept)".to_string(),
        ],
    )
}

/// At the start, when the last run was left part-way: resume (answer 0) or start again (answer 1).
pub fn resume_question(done: usize, of: usize, started: &str, next_title: &str) -> Question {
    // "2026-12-01 20:14 +01:00" → "2026-12-01 20:14"
    let begun = started.get(..16).unwrap_or(started);
    choice_question(
        "resume",
        &format!(
            "You stopped here last time after {done} of {of} scenarios (a run begun {begun}). Go on where you stopped?"
        ),
        "Starting again keeps your earlier results for --missed.",
        vec![
            format!("Resume at scenario {} of {of}: {next_title}", done + 1),
            "Start again from the first scenario".to_string(),
        ],
    )
}

/// What the trainee reads before the questions of a scenario.
pub struct Header<'a> {
    pub scenario: &'a Scenario,
    pub number: usize,
    pub of: usize,
    /// Shown again after going back to it.
    pub again: bool,
    /// The ethics code the scenario names (it is given, not asked), in words.
    pub code: Option<String>,
    /// The key that goes back: "Esc", or "b" at plain prompts.
    pub back_key: &'a str,
}

pub fn header(h: &Header<'_>, width: usize) -> String {
    let mut out = String::new();
    let title = h
        .scenario
        .title
        .clone()
        .unwrap_or_else(|| "Scenario".into());
    let place = if h.of > 1 {
        format!("Scenario {} of {} · ", h.number, h.of)
    } else {
        String::new()
    };
    let head = format!("{place}{title}");
    let _ = writeln!(out);
    for l in super::wrap_lines(&head, width, "", "") {
        let _ = writeln!(out, "{}", l.bold());
    }
    let _ = writeln!(out, "{}", "─".repeat(head.chars().count().min(width)));
    if let Some(v) = &h.scenario.vignette {
        out.push_str(&wrap(v, width, "", ""));
    }
    if let Some(c) = &h.code {
        out.push_str(&wrap(
            &format!("The ethics code in this scenario: {c}."),
            width,
            "\n",
            "",
        ));
    }
    let how = if h.again {
        format!(
            "Back to this scenario: your answers are kept; {} goes back through them.",
            h.back_key
        )
    } else if h.number > 1 {
        format!(
            "Answer as you see the situation ({} at the first question goes back to the previous scenario).",
            h.back_key
        )
    } else {
        "Answer as you see the situation.".to_string()
    };
    out.push_str(&wrap(&how, width, "\n", ""));
    out.push('\n');
    out
}

/// A finding named the way people read it.
fn named(r: &Reason) -> String {
    format!("{} ({})", r.rationale, r.level.label())
}

/// A missed key issue: a finding by its concern and level and, since one concern
/// has many findings, the first sentence of what it says.
fn key_issue(k: &KeyIssue) -> String {
    match k {
        KeyIssue::Finding(r) => {
            let first = r.because.split_inclusive(". ").next().unwrap_or("").trim();
            if first.is_empty() {
                named(r)
            } else {
                format!(
                    "“{}” ({}, {})",
                    boundcheck_rules::text::excerpt(first.trim_end_matches('.'), 90),
                    r.rationale,
                    r.level.label()
                )
            }
        }
        KeyIssue::Rationale(title) => title.clone(),
    }
}

fn key_issues(a: &Attempt) -> String {
    a.missed
        .iter()
        .map(key_issue)
        .collect::<Vec<_>>()
        .join("; ")
}

fn expected_words(a: &Attempt) -> String {
    if a.expected.0 == a.expected.1 {
        a.expected.0.label().to_string()
    } else {
        format!("from {} to {}", a.expected.0.label(), a.expected.1.label())
    }
}

/// Label and value in aligned columns, the value wrapped under itself.
fn column(label: &str, value: &str, at: usize, indent: &str, width: usize) -> String {
    let first = format!("{indent}{label:<at$}");
    let rest = " ".repeat(indent.len() + at);
    wrap(value, width, &first, &rest)
}

/// The three results side by side, the verdict, and the agreement count.
fn verdict(a: &Attempt, width: usize) -> String {
    let mut t = String::new();
    let at = 24;
    let lines = [
        (
            "Your prediction",
            a.prediction,
            a.prediction.label().to_string(),
        ),
        (
            "Your answers lead to",
            a.mine.recommendation,
            a.mine.recommendation.label().to_string(),
        ),
    ];
    for (label, level, text) in lines {
        let _ = writeln!(t, "{label:<at$}{}", in_level_color(&text, level));
    }
    t.push_str(&column(
        "The scenario expects",
        &expected_words(a),
        at,
        "",
        width,
    ));
    t.push('\n');
    t.push_str(&wrap(&said(a), width, "", "  "));
    if !a.prediction_right() && !a.missed.is_empty() {
        let also = format!(
            "  You also missed the key issue: on your answers, {} did not come up.",
            key_issues(a)
        );
        t.push_str(&wrap(&also, width, "", "  "));
    }
    t.push('\n');
    t.push_str(&wrap(&agreement(a), width, "", ""));
    t
}

/// The verdict in one sentence, marked ✓, ◐ or ✗.
fn said(a: &Attempt) -> String {
    match a.verdict() {
        Verdict::Right if a.names_key_issues => format!(
            "{} Right: your prediction is in the expected range, and your answers found the key issues.",
            "✓".green()
        ),
        Verdict::Right => format!(
            "{} Right: your prediction is in the expected range.",
            "✓".green()
        ),
        Verdict::MissedKeyIssue => format!(
            "{} Right level, missed the key issue: on your answers, {} did not come up.",
            "◐".yellow(),
            key_issues(a)
        ),
        Verdict::Close => format!(
            "{} Close: your prediction is one level from the expected range.",
            "◐".yellow()
        ),
        Verdict::Wrong => format!(
            "{} Your prediction is outside the expected range.",
            "✗".red()
        ),
    }
}

/// "You and the scenario were both asked 10 questions, and answered 8 of them alike."
fn agreement(a: &Attempt) -> String {
    let mut s = if a.both_asked == 0 {
        "You and the scenario were not asked any question in common.".to_string()
    } else {
        format!(
            "You and the scenario were both asked {}, and answered {} of them alike.",
            count(a.both_asked, "question", "questions"),
            a.agreed
        )
    };
    if a.only_mine > 0 {
        let _ = write!(
            s,
            " Your answers led to {} that the scenario's did not.",
            count(a.only_mine, "more question", "more questions")
        );
    }
    if a.only_script > 0 {
        let _ = write!(
            s,
            " The scenario's answers led to {} that yours did not.",
            count(a.only_script, "question", "questions")
        );
    }
    s
}

/// "Had you answered “Often” (the scenario's answer), your result would move from A to B."
fn had_words(had: &Had, answer: &str, from: Level) -> String {
    let lead = format!("Had you answered “{answer}” (the scenario's answer), your result would");
    match had {
        Had::Moves(to) => format!("{lead} move from {} to {}.", from.label(), to.label()),
        Had::Reasons { added, dropped } => {
            // Two findings of one rationale at one level read alike: leave such pairs out.
            let (a, d): (Vec<String>, Vec<String>) = (
                added.iter().map(named).collect(),
                dropped.iter().map(named).collect(),
            );
            let a: Vec<&String> = a.iter().filter(|x| !d.contains(x)).collect();
            let d: Vec<&String> = d
                .iter()
                .filter(|x| !added.iter().any(|r| named(r) == **x))
                .collect();
            let mut parts = Vec::new();
            if !a.is_empty() {
                parts.push(format!("it would bring in {}", join(&a)));
            }
            if !d.is_empty() {
                parts.push(format!("it would no longer raise {}", join(&d)));
            }
            if parts.is_empty() {
                return format!(
                    "{lead} stay at {}, for much the same reasons, put a little differently.",
                    from.label()
                );
            }
            format!(
                "{lead} stay at {}, for other reasons: {}.",
                from.label(),
                parts.join("; ")
            )
        }
        Had::Same => format!("{lead} stay at {}, for the same reasons.", from.label()),
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// "(not asked: your answer on kind of contact led elsewhere)"
fn not_asked(whose: &str, led_away_by: Option<&str>) -> String {
    match led_away_by {
        Some(name) => format!("(not asked: {whose} answer on {name} led elsewhere)"),
        None => format!("(not asked on {whose} answers)"),
    }
}

fn row(r: &Row, from: Level, width: usize) -> String {
    let mut t = String::new();
    t.push_str(&wrap(&r.prompt, width, "\n  ", "  "));
    let at = 10;
    let mine = r
        .mine
        .clone()
        .unwrap_or_else(|| not_asked("your", r.led_away_by.as_deref()));
    let script = r
        .script
        .clone()
        .unwrap_or_else(|| not_asked("the scenario's", r.led_away_by.as_deref()));
    t.push_str(&column("You", &mine, at, "    ", width));
    t.push_str(&column("Scenario", &script, at, "    ", width));
    if let (Some(had), Some(answer)) = (&r.had, &r.script) {
        t.push_str(&wrap(&had_words(had, answer, from), width, "    ", "    "));
    }
    if r.key {
        t.push_str(&wrap(
            &format!(
                "{}The key issue you missed turns on this answer.",
                super::flag().yellow()
            ),
            width,
            "    ",
            "    ",
        ));
    }
    if let Some(n) = &r.note {
        t.push_str(&wrap(
            &format!("Why the scenario answers so: {n}"),
            width,
            "    ",
            "    ",
        ));
    }
    t
}

fn side_words(side: Side) -> &'static str {
    match side {
        Side::Both => "Both",
        Side::Mine => "Yours only",
        Side::Script => "Scenario's only",
    }
}

/// The findings on each side, each with why, and the answers that raised it
/// where only one side has it.
fn reasons(a: &Attempt, width: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "\n{}", "The reasons, yours and the scenario's".bold());
    if a.reasons.is_empty() {
        let _ = writeln!(
            t,
            "  No rule raised a concern, on your answers or the scenario's."
        );
        return t;
    }
    let at = 17;
    let rest = " ".repeat(2 + at);
    for (side, r) in &a.reasons {
        let key = a
            .missed
            .iter()
            .any(|k| matches!(k, KeyIssue::Finding(f) if f.id == r.id));
        let head = format!(
            "{} · {}{}",
            r.rationale,
            r.level.label(),
            if key { " · the key issue" } else { "" }
        );
        let head = column(side_words(*side), &head, at, "  ", width);
        // The level's words in its colour, once wrapped (colour never carries the meaning alone).
        let label = r.level.label();
        match head.find(label) {
            Some(i) => {
                t.push_str(&head[..i]);
                let _ = write!(t, "{}", in_level_color(label, r.level));
                t.push_str(&head[i + label.len()..]);
            }
            None => t.push_str(&head),
        }
        t.push_str(&wrap(&r.because, width, &rest, &rest));
        if *side != Side::Both && !r.triggered_by.is_empty() {
            let whose = if *side == Side::Mine {
                "your"
            } else {
                "the scenario's"
            };
            let answers: Vec<String> = r
                .triggered_by
                .iter()
                .map(|(label, name)| {
                    format!(
                        "{name}: {}",
                        super::text::lower_first(super::text::brief(label))
                    )
                })
                .collect();
            let line = format!("On {whose} answers — {}.", answers.join("; "));
            for l in super::wrap_lines(&line, width, &rest, &rest) {
                let _ = writeln!(t, "{}", l.dimmed());
            }
        }
    }
    t
}

/// What the trainee reads after predicting: the results, where the answers
/// differ and what that did, the reasons on each side, the discussion.
pub fn comparison(a: &Attempt, width: usize) -> String {
    let mut t = String::from("\n");
    t.push_str(&verdict(a, width));
    let differing: Vec<&Row> = a.rows.iter().filter(|r| r.differs()).collect();
    if differing.is_empty() {
        let _ = writeln!(t, "\nYou answered every question as the scenario does.");
    } else {
        let _ = writeln!(t, "\n{}", "Where your answers differ".bold());
        for r in differing {
            t.push_str(&row(r, a.mine.recommendation, width));
        }
    }
    t.push_str(&reasons(a, width));
    if let Some(d) = &a.discussion {
        let _ = writeln!(t, "\n{}", "For discussion".bold());
        t.push_str(&wrap(d, width, "  ", "  "));
    }
    // Longer than a screen: the verdict again at the foot, where the eye is when
    // the next question comes (the top has scrolled away).
    if t.lines().count() > 20 {
        let _ = writeln!(t, "\n{}", "In short".bold());
        t.push_str(&wrap(
            &format!(
                "{} You predicted {}; the scenario expects {}.",
                said(a),
                a.prediction.label(),
                expected_words(a)
            ),
            width,
            "  ",
            "    ",
        ));
    }
    t
}

pub fn running_score(attempts: &[Attempt]) -> String {
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    let again = attempts.iter().filter(|a| a.to_retry()).count();
    let again = match again {
        0 => "nothing to look at again yet".to_string(),
        n => format!("{n} to look at again"),
    };
    format!(
        "\nSo far: {right} of {} in the expected range; {again}.\n",
        count(attempts.len(), "prediction", "predictions"),
    )
}

/// Why a scenario is on the list to look at again.
fn why_again(a: &Attempt) -> String {
    let mut s = if a.prediction_right() {
        "Right level, missed the key issue".to_string()
    } else {
        format!(
            "You predicted {}; the scenario expects {}",
            a.prediction.label(),
            expected_words(a)
        )
    };
    if !a.missed.is_empty() {
        let _ = write!(
            s,
            "{}: {}",
            if a.prediction_right() { "" } else { "; missed" },
            key_issues(a)
        );
    }
    s.push('.');
    s
}

/// The end of a run (or of a sitting): the counts, what to look at again, and how to retry.
pub fn summary(attempts: &[Attempt], of: usize, retry: &str, width: usize) -> String {
    let mut out = String::new();
    let n = attempts.len();
    let head = if n == of {
        format!("End of the run: {}", count(n, "scenario", "scenarios"))
    } else {
        format!("So far in this run: {n} of {of} scenarios finished")
    };
    let _ = writeln!(out, "\n{}", head.bold());
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    let led = attempts.iter().filter(|a| a.answers_in_range()).count();
    let keyed: Vec<&Attempt> = attempts.iter().filter(|a| a.names_key_issues).collect();
    let at = 40;
    out.push_str(&column(
        "Predictions in the expected range",
        &format!("{right} of {n}"),
        at,
        "  ",
        width,
    ));
    out.push_str(&column(
        "Your answers led to an expected result",
        &format!("{led} of {n}"),
        at,
        "  ",
        width,
    ));
    if !keyed.is_empty() {
        let found = keyed.iter().filter(|a| a.missed.is_empty()).count();
        out.push_str(&column(
            "Key issues found on your answers",
            &format!("{found} of {} (the scenarios that name them)", keyed.len()),
            at,
            "  ",
            width,
        ));
    }
    let again: Vec<(usize, &Attempt)> = attempts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.to_retry())
        .collect();
    if again.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            "Nothing to look at again: every prediction was in range, and your answers found every key issue.",
            width,
            "",
            "",
        ));
        return out;
    }
    let _ = writeln!(out, "\n{}", "To look at again".bold());
    for (i, a) in &again {
        let num = format!("{}. ", i + 1);
        let pad = " ".repeat(2 + num.len());
        out.push_str(&wrap(&a.title, width, &format!("  {num}"), &pad));
        out.push_str(&wrap(&why_again(a), width, &pad, &pad));
    }
    out.push_str(&wrap(
        &format!("Practise these again with: {retry}"),
        width,
        "\n",
        "  ",
    ));
    out
}

/// A command line word, quoted for a shell when it needs it.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@~".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What Ctrl-C says once progress is kept.
pub fn stopped_with_progress(done: usize, of: usize, again: &str, width: usize) -> String {
    let text = format!(
        "Stopped. Nothing new was saved; your progress is kept ({done} of {of} scenarios finished). `{again}` offers to resume at scenario {}.",
        done + 1
    );
    wrap(&text, width, "", "").trim_end().to_string()
}

/// What Ctrl-C says before anything is finished in this sitting, when earlier progress is kept.
pub fn stopped_earlier_kept() -> String {
    "Stopped. Nothing new was saved; your earlier progress here is kept.".to_string()
}

/// After "Stop here for now".
pub fn stopped_for_now(done: usize, of: usize, again: &str, width: usize) -> String {
    wrap(
        &format!(
            "Your progress is kept ({done} of {of} scenarios finished). Next time, `{again}` offers to resume at scenario {}.",
            done + 1
        ),
        width,
        "\n",
        "",
    )
}

/// Why progress cannot be kept this time.
pub fn progress_not_kept(problem: &str, width: usize) -> String {
    wrap(
        &format!("Note: your progress cannot be kept this time ({problem}); this run cannot be resumed later."),
        width,
        "",
        "  ",
    )
}

/// Progress kept with other rules, which cannot be resumed with these.
pub fn kept_with_other_rules(version: &str, width: usize) -> String {
    wrap(
        &format!("Note: your earlier progress here was recorded with other rules (boundcheck {version}); it is kept for those rules, and these start afresh."),
        width,
        "",
        "  ",
    )
}

pub fn nothing_to_resume(width: usize) -> String {
    wrap(
        "There is no unfinished run here to resume; starting from the first scenario.",
        width,
        "",
        "",
    )
}

/// A new run while an unfinished one is kept.
pub fn new_run_replaces(done: usize, of: usize, width: usize) -> String {
    wrap(
        &format!("This starts a new run. Once you finish a scenario of it, the unfinished run ({done} of {of} done) is no longer offered to resume; your results are kept for --missed."),
        width,
        "",
        "  ",
    )
}

pub fn nothing_missed(practised: usize, width: usize) -> String {
    let text = if practised == 0 {
        "Nothing to retry: you have not finished any of these scenarios yet with these rules. Practise them first; the ones you miss can then be retried with --missed.".to_string()
    } else {
        format!(
            "Nothing to retry: of the {} you have finished here, none was missed the last time you did it.",
            count(practised, "scenario", "scenarios")
        )
    };
    wrap(&text, width, "", "")
}

pub fn no_such_tag(asked: &[String], known: &[String]) -> String {
    let hint = asked
        .iter()
        .map(|t| boundcheck_rules::suggest::did_you_mean(t, known.iter().map(String::as_str)))
        .find(|h| !h.is_empty())
        .unwrap_or_default();
    let asked = asked.join(", ");
    if known.is_empty() {
        format!("no scenario here is tagged {asked}, and none has `tags:`; leave out --tag")
    } else {
        format!(
            "no scenario here is tagged {asked}{hint}; the tags are {}",
            known.join(", ")
        )
    }
}

pub fn saved(path: &str, finished: bool) -> String {
    format!(
        "Saved your practice report{} to {} (readable by you only).\n",
        if finished { "" } else { " so far" },
        boundcheck_rules::text::one_line(path)
    )
}

/// What the report says about the run as a whole.
pub struct ReportHead<'a> {
    /// The directory or file practised, as given.
    pub practised: &'a str,
    /// How many scenarios the run takes.
    pub of: usize,
    /// The ethics code given with --code or the config file, in words.
    pub code: Option<String>,
}

fn md(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(s: &str) -> String {
    md(s).replace('|', "\\|")
}

/// Text as a Markdown block quote, paragraphs kept.
fn quote(s: &str) -> String {
    s.split("\n\n")
        .map(md)
        .filter(|p| !p.is_empty())
        .map(|p| format!("> {p}"))
        .collect::<Vec<_>>()
        .join("\n>\n")
}

/// The report a supervisor reads (Markdown).
pub fn report(attempts: &[Attempt], head: &ReportHead<'_>) -> String {
    let (_, when) = super::now_local();
    let mut out = String::new();
    let n = attempts.len();
    let _ = writeln!(out, "# Practice report\n");
    let _ = writeln!(out, "- Date: {when}");
    let _ = writeln!(
        out,
        "- Scenarios: `{}`, {n} of {} practised{}",
        head.practised,
        head.of,
        if n < head.of {
            " (the run is not finished)"
        } else {
            ""
        }
    );
    if let Some(a) = attempts.first() {
        let _ = writeln!(
            out,
            "- Rule set: boundcheck {}, digest `{}`",
            a.mine.version, a.mine.digest
        );
    }
    if let Some(c) = &head.code {
        let _ = writeln!(out, "- Ethics code: {}", md(c));
    }
    let right = attempts.iter().filter(|a| a.prediction_right()).count();
    let led = attempts.iter().filter(|a| a.answers_in_range()).count();
    let again = attempts.iter().filter(|a| a.to_retry()).count();
    let _ = writeln!(out, "- Predictions in the expected range: {right} of {n}");
    let _ = writeln!(
        out,
        "- The trainee's answers led to an expected result: {led} of {n}"
    );
    let _ = writeln!(out, "- To look at again: {again} of {n}\n");
    let _ = writeln!(
        out,
        "| # | Scenario | Prediction | Expected | From the trainee's answers | Result |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (i, a) in attempts.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&a.title),
            a.prediction.label(),
            expected_words(a),
            a.mine.recommendation.label(),
            result_words(a)
        );
    }
    for (i, a) in attempts.iter().enumerate() {
        out.push_str(&report_scenario(i + 1, a));
    }
    out
}

fn result_words(a: &Attempt) -> &'static str {
    match a.verdict() {
        Verdict::Right => "right",
        Verdict::MissedKeyIssue => "right level, missed the key issue",
        Verdict::Close => "one level off",
        Verdict::Wrong => "outside the range",
    }
}

fn report_scenario(number: usize, a: &Attempt) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## {number}. {}\n", md(&a.title));
    if let Some(v) = &a.vignette {
        let _ = writeln!(out, "{}\n", quote(v));
    }
    let _ = writeln!(
        out,
        "- Prediction: {} ({})",
        a.prediction.label(),
        result_words(a)
    );
    let _ = writeln!(out, "- Expected: {}", expected_words(a));
    let _ = writeln!(
        out,
        "- From the trainee's answers: {}",
        a.mine.recommendation.label()
    );
    let _ = writeln!(
        out,
        "- From the scenario's answers: {}",
        a.script.recommendation.label()
    );
    let _ = writeln!(
        out,
        "- {}",
        agreement(a)
            .replace("You and the scenario", "The trainee and the scenario")
            .replace("Your answers", "The trainee's answers")
            .replace("yours did not", "the trainee's did not")
    );
    let _ = writeln!(out, "\n### Answers\n");
    let _ = writeln!(out, "| Question | Trainee | Scenario |\n|---|---|---|");
    for r in &a.rows {
        let shown = |s: &Option<String>| {
            s.as_deref()
                .map(cell)
                .unwrap_or_else(|| "(not asked)".into())
        };
        let mark = if r.differs() { " **≠**" } else { "" };
        let _ = writeln!(
            out,
            "| {}{mark} | {} | {} |",
            cell(&r.prompt),
            if r.given {
                "(given)".to_string()
            } else {
                shown(&r.mine)
            },
            shown(&r.script)
        );
    }
    let notes: Vec<String> = a
        .rows
        .iter()
        .filter(|r| r.differs())
        .filter_map(|r| {
            let mut parts = Vec::new();
            if let (Some(had), Some(answer)) = (&r.had, &r.script) {
                parts.push(
                    had_words(had, answer, a.mine.recommendation)
                        .replace("Had you answered", "Had the trainee answered")
                        .replace("your result", "the result"),
                );
            }
            if r.key {
                parts.push("The key issue turns on this answer.".into());
            }
            if let Some(n) = &r.note {
                parts.push(format!("Why the scenario answers so: {n}"));
            }
            (!parts.is_empty()).then(|| format!("- *{}* {}", md(&r.prompt), md(&parts.join(" "))))
        })
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\nWhere the answers differ:\n");
        for n in notes {
            let _ = writeln!(out, "{n}");
        }
    }
    out.push_str(&report_reasons(a));
    if let Some(d) = &a.discussion {
        let _ = writeln!(
            out,
            "\n### For discussion (from the scenario)\n\n{}",
            quote(d)
        );
    }
    let _ = writeln!(
        out,
        "\n### Reflection\n\n*Where did your reading of the case differ from the scenario's, and why?*\n\n\n\n*What would you do, and what would you take to supervision?*\n\n\n"
    );
    out
}

fn report_reasons(a: &Attempt) -> String {
    let mut out = String::from("\n### Findings\n\n");
    let groups = [
        (
            Side::Both,
            "Fired on both the trainee's and the scenario's answers",
        ),
        (Side::Mine, "Fired only on the trainee's answers"),
        (Side::Script, "Missed: fired only on the scenario's answers"),
    ];
    if a.reasons.is_empty() {
        out.push_str("No rule raised a concern, on either side's answers.\n");
    }
    for (side, title) in groups {
        let these: Vec<&Reason> = a
            .reasons
            .iter()
            .filter(|(s, _)| *s == side)
            .map(|(_, r)| r)
            .collect();
        if these.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}:\n");
        for r in these {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                md(&r.rationale),
                r.level.label(),
                md(&r.because)
            );
        }
        out.push('\n');
    }
    if !a.missed.is_empty() {
        let _ = writeln!(
            out,
            "Key issues the scenario expects that did not come up on the trainee's answers:\n"
        );
        for k in &a.missed {
            let _ = writeln!(out, "- {}", md(&key_issue(k)));
        }
    }
    let mut out = out.trim_end().to_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("examples/"), "examples/");
        assert_eq!(shell_word("my cases"), "'my cases'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    #[test]
    fn the_prediction_lists_the_six_levels_in_order() {
        let q = prediction_question();
        let labels: Vec<&str> = q.choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, Level::ALL.map(Level::label));
    }
}
