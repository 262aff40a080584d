//! Teach's screens, each one window high and wide like a slide: the title and
//! vignette, one screen per step (the question, the answers so far in brief,
//! the findings so far), the class's prediction, the recommendation on a
//! screen of its own, why and what to do, the discussion, the what-if
//! choosers and summary; and the printed walk-through (`--no-pause`).

use std::fmt::Write as _;

use boundcheck_rules::engine::{self, Walked};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Kind, Question, RuleSet, Sheet, Value};
use boundcheck_rules::Scenario;
use colored::Colorize;

use super::screen::{fit, keys_line, pages, Cut, Part, Window};
use super::{in_level_color, level_label, meaning, wrap, wrap_lines};
use crate::session::{Comparison, Walk};

/// What every screen of a scenario shares.
#[derive(Debug, Clone, Copy)]
pub struct Lesson<'a> {
    pub scenario: &'a Scenario,
    /// This scenario's number and how many there are.
    pub position: (usize, usize),
    pub window: Window,
    /// `--vote`: answers and the recommendation hidden until revealed.
    pub vote: bool,
}

pub const FORWARD: &str = "Enter/→: next";
pub const BACK: &str = "←/Esc: back";
pub const QUIT: &str = "q: quit";

fn title_of(s: &Scenario) -> String {
    s.title.clone().unwrap_or_else(|| "Scenario".into())
}

/// "imminent_risk" as "Imminent risk": a question's short name, for the brief lists.
pub fn short_name(q: &Question) -> String {
    let words = q.id.replace(['_', '-'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => words,
    }
}

/// The title and a rule with a note at its right end ("question 3 of 12").
fn head(l: &Lesson<'_>, note: &str) -> Vec<String> {
    let width = l.window.width;
    let mut out: Vec<String> = wrap_lines(&title_of(l.scenario), width, "", "")
        .into_iter()
        .take(2)
        .map(|t| t.bold().to_string())
        .collect();
    let note_width = console::measure_text_width(note);
    if plain() {
        // A screen reader reads a rule of ─ as eighty characters: say the note instead.
        if !note.is_empty() {
            out.push(note.to_string());
        }
    } else if note.is_empty() || note_width + 6 > width {
        out.push("─".repeat(width));
    } else {
        out.push(format!("{} {note} ──", "─".repeat(width - note_width - 4)));
    }
    out
}

fn keys(items: &[&str], width: usize) -> Vec<String> {
    if plain() {
        // Keys by name, no arrows, read as one sentence.
        let named: Vec<String> = items
            .iter()
            .map(|i| i.replace("Enter/→", "Enter").replace("←/Esc", "Esc"))
            .collect();
        return wrap_lines(&format!("Keys: {}.", named.join(", ")), width, "", "");
    }
    keys_line(items, width)
        .into_iter()
        .map(|l| l.dimmed().to_string())
        .collect()
}

fn plain() -> bool {
    crate::output::look().plain
}

/// A rule across the window, or nothing in plain mode.
fn rule(c: char, width: usize) -> Option<String> {
    (!plain()).then(|| c.to_string().repeat(width))
}

fn dim_lines(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| l.dimmed().to_string()).collect()
}

fn page_keys(first: &str, back: bool, extra: &[&str]) -> impl Fn(usize, usize) -> Vec<String> {
    let first = first.to_string();
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    move |i, n| {
        let mut items: Vec<String> = Vec::new();
        if n > 1 {
            items.push(format!("page {} of {n}", i + 1));
        }
        items.push(if i + 1 < n {
            "Enter/→: more".to_string()
        } else {
            first.clone()
        });
        if back || i > 0 {
            items.push(BACK.to_string());
        }
        items.extend(extra.iter().cloned());
        items
    }
}

fn paged(
    l: &Lesson<'_>,
    head: Vec<String>,
    body: Vec<String>,
    foot: impl Fn(usize, usize) -> Vec<String>,
) -> Vec<Vec<String>> {
    let width = l.window.width;
    let foot = move |i: usize, n: usize| {
        let items = foot(i, n);
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        keys(&refs, width)
    };
    pages(&head, &body, &foot, l.window.height)
}

/// The title screen with the vignette (more pages if it is long).
pub fn title(l: &Lesson<'_>, first_of_all: bool) -> Vec<Vec<String>> {
    let (n, of) = l.position;
    let width = l.window.width;
    let note = if of > 1 {
        format!("scenario {n} of {of}")
    } else {
        String::new()
    };
    let mut top = Vec::new();
    if !note.is_empty() {
        top.push(note.dimmed().to_string());
    }
    top.extend(rule('═', width));
    top.extend(
        wrap_lines(&title_of(l.scenario).to_uppercase(), width, "  ", "  ")
            .into_iter()
            .map(|t| t.bold().to_string()),
    );
    top.extend(rule('═', width));
    top.push(String::new());
    let mut body = match &l.scenario.vignette {
        Some(v) => wrap_lines(v, width, "  ", "  "),
        None => Vec::new(),
    };
    if l.vote {
        body.push(String::new());
        body.extend(dim_lines(wrap_lines(
            "Vote: each scripted answer, and the recommendation, stays hidden until Enter reveals it.",
            width,
            "  ",
            "  ",
        )));
    }
    paged(
        l,
        top,
        body,
        page_keys("Enter/→: begin", !first_of_all, &["?: keys", QUIT]),
    )
}

/// The vignette again, over a step (`v`).
pub fn vignette(l: &Lesson<'_>) -> Vec<Vec<String>> {
    let body = match &l.scenario.vignette {
        Some(v) => wrap_lines(v, l.window.width, "", ""),
        None => vec!["This scenario has no vignette.".to_string()],
    };
    paged(l, head(l, "the vignette"), body, |i, n| {
        let mut items = Vec::new();
        if n > 1 {
            items.push(format!("page {} of {n}", i + 1));
        }
        items.push(if i + 1 < n {
            "Enter/→: more".to_string()
        } else {
            "Enter/→: back to the question".to_string()
        });
        items.push("Esc/v: back to the question".to_string());
        items.push(QUIT.to_string());
        items
    })
}

/// The answers before this step, in brief ("Contact: A gift · …"), with
/// what-if changes marked.
fn so_far(walk: &Walk<'_>, upto: usize, width: usize) -> Vec<String> {
    let rules = walk.rules();
    let entries: Vec<String> = walk.steps()[..upto]
        .iter()
        .map(|st| {
            let q = &rules.questions[st.q];
            let script = walk.start()[st.q].or(q.default);
            let mark = match script {
                Some(v) if v == st.value => "",
                Some(_) => " (what if)",
                None => " (asked live)",
            };
            format!("{}: {}{mark}", short_name(q), q.label(st.value))
        })
        .collect();
    if entries.is_empty() {
        return Vec::new();
    }
    dim_lines(wrap_lines(
        &format!(
            "So far: {}",
            entries.join(if plain() { "; " } else { " · " })
        ),
        width,
        "",
        "  ",
    ))
}

/// A question's answers as a list, `marked` with ● (the answer shown) and
/// the rest with ○; the index of the marked line, for scrolling.
fn choices(
    q: &Question,
    marked: Option<Value>,
    script: Option<Value>,
    width: usize,
) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut at = 0;
    for (i, c) in q.choices.iter().enumerate() {
        let v = Some(Value::Choice(i as u8));
        let on = marked == v;
        if on {
            at = lines.len();
        }
        let label = if v == script && !on {
            format!("{}  (the script)", c.label)
        } else {
            c.label.clone()
        };
        let wrapped = if plain() {
            // Numbered, and the answer said in words rather than by a filled circle.
            let number = format!("  {}. ", i + 1);
            let label = if on {
                format!("{label} (the answer)")
            } else {
                label
            };
            wrap_lines(&label, width, &number, &" ".repeat(number.len()))
        } else {
            wrap_lines(&label, width, if on { "  ● " } else { "  ○ " }, "    ")
        };
        lines.extend(
            wrapped
                .into_iter()
                .map(|l| if on { l.bold().to_string() } else { l }),
        );
    }
    (lines, at)
}

/// The findings settled so far, a line for each level and rationale (with how
/// many findings share it), those new at this step marked. Under `--vote` the
/// levels stay hidden until the class has predicted the recommendation.
fn findings_so_far(
    rules: &RuleSet,
    now: &[usize],
    before: &[usize],
    width: usize,
    levels: bool,
) -> Vec<String> {
    let mut lines = vec!["Findings so far".bold().to_string()];
    if now.is_empty() {
        lines.push("  none yet".dimmed().to_string());
    }
    // (level, if shown; rationale) → how many findings, and whether one is new.
    let mut groups: Vec<(Option<boundcheck_rules::Level>, usize, usize, bool)> = Vec::new();
    for &i in now {
        let f = &rules.findings[i];
        let level = levels.then_some(f.level);
        let new = !before.contains(&i);
        match groups
            .iter_mut()
            .find(|(l, r, _, _)| *l == level && *r == f.rationale)
        {
            Some(g) => {
                g.2 += 1;
                g.3 |= new;
            }
            None => groups.push((level, f.rationale, 1, new)),
        }
    }
    for (level, r, n, new) in groups {
        let mark = match (new, crate::output::look().plain) {
            (false, _) => "",
            (true, false) => "  · new",
            (true, true) => " (new)",
        };
        let many = if n > 1 {
            format!(" ({n} findings)")
        } else {
            String::new()
        };
        let title = &rules.rationales[r].title;
        let line = match level {
            Some(l) => format!("{}{} — {title}{many}{mark}", super::flag(), l.label()),
            None => format!("{}{title}{many}{mark}", super::flag()),
        };
        for l in wrap_lines(&line, width, "  ", "    ") {
            lines.push(match level {
                Some(lv) => in_level_color(&l, lv).to_string(),
                None => l,
            });
        }
    }
    lines
}

/// One step: the question just answered by the script (hidden under `--vote`
/// until revealed), the answers before it in brief, the findings so far.
pub fn step(l: &Lesson<'_>, walk: &Walk<'_>, revealed: bool, notice: Option<&str>) -> Vec<String> {
    let rules = walk.rules();
    let width = l.window.width;
    let steps = walk.steps();
    let Some(last) = steps.last() else {
        return Vec::new();
    };
    let q = &rules.questions[last.q];
    let note = format!("question {} of {}", steps.len(), walk.planned());
    let mut before = walk.clone();
    before.back(false);
    let settled_before = before.settled();
    let settled = if revealed {
        walk.settled()
    } else {
        settled_before.clone()
    };
    let question = wrap_lines(&format!("{}. {}", steps.len(), q.prompt), width, "", "   ")
        .into_iter()
        .map(|x| x.bold().to_string())
        .collect();
    let script = walk.start()[last.q].or(q.default);
    let what_if = (revealed && script != Some(last.value)).then_some(script);
    let answer = match q.kind {
        Kind::Number if revealed => (
            vec![format!("  → {}", q.label(last.value)).bold().to_string()],
            0,
        ),
        Kind::Number => (vec![format!("  → ? ({})", q.allowed())], 0),
        _ => choices(q, revealed.then_some(last.value), what_if.flatten(), width),
    };
    let mut parts = vec![
        Part::new(notice_lines(notice, width), 0),
        Part::new(so_far(walk, steps.len() - 1, width), 4)
            .cut(Cut::Head("  …".dimmed().to_string())),
        Part::new(question, 0).gap(),
        Part::new(answer.0, 1).cut(Cut::Around(answer.1)),
    ];
    if let Some(script) = what_if {
        let text = match script {
            Some(v) => format!("What if: the script answers “{}”.", q.label(v)),
            None => "Asked live: the script does not answer this.".to_string(),
        };
        parts.push(Part::new(wrap_lines(&text, width, "  ", "  "), 1));
    } else if revealed {
        if let Some(n) = l.scenario.note(last.q) {
            let why = dim_lines(wrap_lines(&format!("Why: {n}"), width, "    ", "    "));
            parts.push(Part::new(why, 2).cut(Cut::Tail("    …".into())));
        }
    } else {
        let vote = "The class votes; Enter reveals the script's answer.";
        parts.push(Part::new(dim_lines(wrap_lines(vote, width, "  ", "  ")), 2).gap());
    }
    parts.push(
        Part::new(
            findings_so_far(rules, &settled, &settled_before, width, !l.vote),
            3,
        )
        .gap()
        .cut(Cut::Tail("  … more with the result".dimmed().to_string())),
    );
    let forward = if revealed { FORWARD } else { "Enter/→: show" };
    let foot = keys(
        &[
            forward,
            BACK,
            "c: what if",
            "v: vignette",
            "r: reset",
            "?: keys",
            QUIT,
        ],
        width,
    );
    fit(head(l, &note), parts, foot, l.window.height)
}

fn notice_lines(notice: Option<&str>, width: usize) -> Vec<String> {
    notice
        .map(|n| {
            wrap_lines(n, width, "", "")
                .into_iter()
                .map(|x| x.reversed().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The class's prediction (`--vote`): the six levels to choose from.
pub fn prediction(l: &Lesson<'_>, cursor: usize) -> Vec<String> {
    let width = l.window.width;
    let mut items = Vec::new();
    let mut at = 0;
    let labels = Level::ALL
        .iter()
        .map(|lv| lv.label().to_string())
        .chain(["No prediction this time".to_string()]);
    for (i, label) in labels.enumerate() {
        if i == cursor {
            at = items.len();
        }
        let first = if i == cursor {
            format!("❯ {}. ", i + 1)
        } else {
            format!("  {}. ", i + 1)
        };
        let lines = wrap_lines(&label, width, &first, "     ");
        items.extend(
            lines
                .into_iter()
                .map(|x| if i == cursor { x.bold().to_string() } else { x }),
        );
    }
    let ask = wrap_lines(
        "What does the class predict? Take a vote, then choose the level most of the class chose.",
        width,
        "",
        "",
    );
    let parts = vec![
        Part::new(ask, 0),
        Part::new(items, 1).gap().cut(Cut::Around(at)),
    ];
    let foot = keys(
        &["↑/↓: choose", "1–7 or Enter: this one", BACK, QUIT],
        width,
    );
    fit(head(l, "the class predicts"), parts, foot, l.window.height)
}

/// The prediction beside the result, in words.
pub fn predicted(p: Level, result: Level) -> String {
    let steps = match (result as i32 - p as i32).unsigned_abs() {
        1 => "one level",
        2 => "two levels",
        3 => "three levels",
        4 => "four levels",
        _ => "five levels",
    };
    match p.cmp(&result) {
        std::cmp::Ordering::Equal => {
            format!("The class predicted {}: the same as the rules.", p.label())
        }
        std::cmp::Ordering::Less => format!(
            "The class predicted {}: {steps} less serious than the rules.",
            p.label()
        ),
        std::cmp::Ordering::Greater => format!(
            "The class predicted {}: {steps} more serious than the rules.",
            p.label()
        ),
    }
}

/// What the result screen shows besides the walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// `--vote`: whether the recommendation has been revealed yet.
    pub revealed: bool,
    pub prediction: Option<Level>,
    /// Whether any answer was changed since the script (or the last reset).
    pub changed: bool,
    /// A word for the presenter ("Reset to the script."), shown once.
    pub notice: Option<&'static str>,
}

/// The recommendation, on a screen of its own: the level and what it asks,
/// the class's prediction beside it, the what-if summary, the findings in one
/// line each; the rest follows on the next screens.
pub fn result(l: &Lesson<'_>, walk: &Walk<'_>, shown: Shown) -> Vec<String> {
    let rules = walk.rules();
    let width = l.window.width;
    let a = walk.assessment();
    let mut parts = vec![Part::new(notice_lines(shown.notice, width), 0)];
    if !shown.revealed {
        let mut lines = vec!["The recommendation".bold().to_string()];
        lines.extend(wrap_lines(
            "Hidden until you reveal it, so the class can commit first.",
            width,
            "",
            "",
        ));
        parts.push(Part::new(lines, 0));
        let p = match shown.prediction {
            Some(p) => format!("The class predicts: {}.", p.label()),
            None => "No prediction was made.".to_string(),
        };
        parts.push(Part::new(wrap_lines(&p, width, "", ""), 1).gap());
        let foot = keys(
            &["Enter/→: show", BACK, "c: what if", "r: reset", QUIT],
            width,
        );
        return fit(head(l, "the recommendation"), parts, foot, l.window.height);
    }
    let mut top = vec![
        "The recommendation".dimmed().to_string(),
        format!("▶ {}", level_label(a.recommendation)),
    ];
    top.extend(wrap_lines(meaning(a.recommendation), width, "  ", "  "));
    parts.push(Part::new(top, 0));
    if let Some(p) = shown.prediction {
        let line = predicted(p, a.recommendation);
        parts.push(Part::new(wrap_lines(&line, width, "", ""), 1).gap());
    }
    let summary = what_if(rules, &walk.compared_with_start(), shown.changed, width);
    parts.push(
        Part::new(summary, 2)
            .gap()
            .cut(Cut::Tail("  …".to_string())),
    );
    let mut why = vec!["Why".bold().to_string()];
    if a.findings.is_empty() {
        why.push("  No rule raised a concern with these answers.".to_string());
    }
    for f in &a.findings {
        let line = format!(
            "{}{} — {}",
            super::flag(),
            f.level.label(),
            f.rationale_title
        );
        for x in wrap_lines(&line, width, "  ", "    ") {
            why.push(in_level_color(&x, f.level).to_string());
        }
    }
    parts.push(Part::new(why, 3).gap().cut(Cut::Tail(
        "  … the rest on the next screen".dimmed().to_string(),
    )));
    let foot = keys(
        &[
            "Enter/→: why, what to do",
            BACK,
            "c: what if",
            "r: reset",
            "?: keys",
            QUIT,
        ],
        width,
    );
    fit(head(l, "the recommendation"), parts, foot, l.window.height)
}

/// After the recommendation: each finding in full, what to do, words to use.
pub fn details(l: &Lesson<'_>, walk: &Walk<'_>, has_discussion: bool) -> Vec<Vec<String>> {
    let width = l.window.width;
    let a = walk.assessment();
    let mut body = Vec::new();
    for f in &a.findings {
        body.extend(super::text::finding(f, width).lines().map(str::to_string));
        body.push(String::new());
    }
    for (title, items) in [("What to do", &a.todo), ("Also", &a.also)] {
        if items.is_empty() {
            continue;
        }
        body.push(title.bold().to_string());
        for t in items {
            body.extend(wrap_lines(&t.text, width, "  [ ] ", "      "));
        }
        body.push(String::new());
    }
    if let Some(reply) = &a.reply {
        body.push("Words you could use".bold().to_string());
        body.extend(wrap_lines(reply, width, "  ", "  "));
        body.push(String::new());
    }
    let changes: Vec<_> = a.what_would_change.iter().filter(|c| c.what_if).collect();
    if !changes.is_empty() {
        body.push("What would change it (for a what-if: c)".bold().to_string());
        for c in changes {
            let line = format!("“{}” {}: {}", c.prompt, c.label, c.recommendation.label());
            body.extend(wrap_lines(&line, width, "  ", "    "));
        }
    }
    let last = if has_discussion {
        "Enter/→: the discussion"
    } else if l.position.0 < l.position.1 {
        "Enter/→: next scenario"
    } else {
        "Enter/→: end"
    };
    let note = format!("why: {}", a.recommendation.label());
    paged(
        l,
        head(l, &note),
        body,
        page_keys(last, true, &["c: what if", QUIT]),
    )
}

/// The teaching notes, after the result.
pub fn discussion(l: &Lesson<'_>) -> Vec<Vec<String>> {
    let body = match &l.scenario.discussion {
        Some(d) => wrap_lines(d, l.window.width, "", ""),
        None => Vec::new(),
    };
    let last = if l.position.0 < l.position.1 {
        "Enter/→: next scenario"
    } else {
        "Enter/→: end"
    };
    paged(
        l,
        head(l, "for discussion"),
        body,
        page_keys(last, true, &["c: what if", QUIT]),
    )
}

/// How the answers now differ from the script, and which change moved the
/// result, in words; "no net change" when every answer is the script's again.
pub fn what_if(rules: &RuleSet, c: &Comparison, changed: bool, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if c.differences.is_empty() {
        if changed {
            out.push("What if".bold().to_string());
            out.extend(wrap_lines(
                &format!(
                    "No net change: every answer is the script's again, and so is the result ({}).",
                    c.scripted.label()
                ),
                width,
                "  ",
                "  ",
            ));
        }
        return out;
    }
    out.push("What if".bold().to_string());
    let describe = |d: &crate::session::Difference| {
        let q = &rules.questions[d.q];
        match d.script {
            Some(s) => format!("“{}” {} → {}", q.prompt, q.label(s), q.label(d.now)),
            None => format!("“{}” answered live: {}", q.prompt, q.label(d.now)),
        }
    };
    if let [d] = c.differences.as_slice() {
        let effect = if c.now == c.scripted {
            format!("the result stays {}.", c.scripted.label())
        } else {
            format!(
                "this moved the result from {} to {}.",
                c.scripted.label(),
                c.now.label()
            )
        };
        out.extend(wrap_lines(
            &format!("{}: {effect}", describe(d)),
            width,
            "  ",
            "    ",
        ));
        return out;
    }
    let moved: Vec<bool> = c
        .differences
        .iter()
        .map(|d| c.now != c.scripted && d.without != c.now)
        .collect();
    for (d, &m) in c.differences.iter().zip(&moved) {
        let mark = if m { " — this moved the result" } else { "" };
        out.extend(wrap_lines(
            &format!("• {}{mark}", describe(d)),
            width,
            "  ",
            "    ",
        ));
    }
    let close = if c.now == c.scripted {
        format!(
            "The result is the same as with the script: {}.",
            c.scripted.label()
        )
    } else if moved.iter().any(|m| *m) {
        format!(
            "With the script: {}. Now: {}.",
            c.scripted.label(),
            c.now.label()
        )
    } else {
        format!(
            "No single change did it: together they moved the result from {} to {}.",
            c.scripted.label(),
            c.now.label()
        )
    };
    out.extend(wrap_lines(&close, width, "  ", "  "));
    out
}

/// A question asked on screen: a what-if change, or one the change opened
/// that the script does not answer. `cursor` is the choice under the cursor.
pub fn asking(
    l: &Lesson<'_>,
    q: &Question,
    heading: &str,
    script: Option<Value>,
    now: Option<Value>,
    cursor: usize,
) -> Vec<String> {
    let width = l.window.width;
    let mut lines = Vec::new();
    let mut at = 0;
    for (i, c) in q.choices.iter().enumerate() {
        let v = Some(Value::Choice(i as u8));
        let mut label = c.label.clone();
        if v == script {
            label.push_str("  (the script)");
        } else if v == now {
            label.push_str("  (now)");
        }
        if i == cursor {
            at = lines.len();
        }
        let first = format!("{} {}. ", if i == cursor { "❯" } else { " " }, i + 1);
        let wrapped = wrap_lines(&label, width, &first, "     ");
        lines.extend(wrapped.into_iter().map(
            |x| {
                if i == cursor {
                    x.bold().to_string()
                } else {
                    x
                }
            },
        ));
    }
    let parts = vec![
        Part::new(wrap_lines(heading, width, "", ""), 1),
        Part::new(
            wrap_lines(&q.prompt, width, "", "")
                .into_iter()
                .map(|x| x.bold().to_string())
                .collect(),
            0,
        )
        .gap(),
        Part::new(
            dim_lines(
                q.help
                    .as_deref()
                    .map(|h| wrap_lines(h, width, "", ""))
                    .unwrap_or_default(),
            ),
            3,
        ),
        Part::new(lines, 0).gap().cut(Cut::Around(at)),
    ];
    let foot = keys(
        &[
            "↑/↓ or a number: choose",
            "Enter: this answer",
            "Esc: keep it",
            QUIT,
        ],
        width,
    );
    fit(head(l, "what if"), parts, foot, l.window.height)
}

/// A number question asked on screen: what is typed so far, and any problem.
pub fn typing(
    l: &Lesson<'_>,
    q: &Question,
    heading: &str,
    typed: &str,
    problem: Option<&str>,
) -> Vec<String> {
    let width = l.window.width;
    let range = format!(
        "({}–{}{})",
        q.min,
        q.max,
        q.unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default()
    );
    let mut entry = vec![format!("❯ {typed}_").bold().to_string()];
    if let Some(p) = problem {
        entry.extend(wrap_lines(p, width, "  ", "  "));
    }
    let parts = vec![
        Part::new(wrap_lines(heading, width, "", ""), 1),
        Part::new(
            wrap_lines(&format!("{} {range}", q.prompt), width, "", "")
                .into_iter()
                .map(|x| x.bold().to_string())
                .collect(),
            0,
        )
        .gap(),
        Part::new(entry, 0).gap(),
    ];
    let foot = keys(&["digits, then Enter", "Esc: keep it", QUIT], width);
    fit(head(l, "what if"), parts, foot, l.window.height)
}

/// After the result, which answer to change: the questions asked, each with
/// its answer now.
pub fn pick_question(l: &Lesson<'_>, walk: &Walk<'_>, cursor: usize) -> Vec<String> {
    let rules = walk.rules();
    let width = l.window.width;
    let mut lines = Vec::new();
    let mut at = 0;
    for (i, st) in walk.steps().iter().enumerate() {
        let q = &rules.questions[st.q];
        if i == cursor {
            at = lines.len();
        }
        let first = if i == cursor { "❯ " } else { "  " };
        let text = format!("{}. {} — {}", i + 1, q.prompt, q.label(st.value));
        let wrapped = wrap_lines(&text, width, first, "     ");
        lines.extend(wrapped.into_iter().map(
            |x| {
                if i == cursor {
                    x.bold().to_string()
                } else {
                    x
                }
            },
        ));
    }
    let parts = vec![
        Part::new(
            wrap_lines("What if… which answer would you change?", width, "", ""),
            0,
        ),
        Part::new(lines, 0).gap().cut(Cut::Around(at)),
    ];
    let foot = keys(
        &["↑/↓: choose", "Enter: change this one", "Esc: back", QUIT],
        width,
    );
    fit(head(l, "what if"), parts, foot, l.window.height)
}

/// After the last scenario: the class can end, or go back.
pub fn the_end(l: &Lesson<'_>) -> Vec<String> {
    let width = l.window.width;
    let (_, of) = l.position;
    let text = if of > 1 {
        format!("That was the last of {of} scenarios.")
    } else {
        "That was the scenario.".to_string()
    };
    let parts = vec![Part::new(wrap_lines(&text, width, "", ""), 0)];
    let foot = keys(&["Enter/→: end the class", BACK, QUIT], width);
    fit(head(l, "the end"), parts, foot, l.window.height)
}

/// Every key, on a screen of its own (`?`).
pub fn help(l: &Lesson<'_>) -> Vec<String> {
    let width = l.window.width;
    let rows = [
        (
            "Enter, Space, →, PageDown",
            "next (under --vote: reveal first)",
        ),
        ("←, PageUp, Backspace, Esc", "back (Esc is never forward)"),
        (
            "c",
            "what if: change the answer on screen (after the result: choose which)",
        ),
        ("r", "reset every answer to the script"),
        ("v", "show the vignette again"),
        ("?", "these keys"),
        ("q", "end the class"),
        ("Ctrl-C", "stop at once"),
    ];
    let mut body = Vec::new();
    for (k, what) in rows {
        body.extend(wrap_lines(&format!("{k}: {what}"), width, "  ", "      "));
    }
    let parts = vec![Part::new(body, 0).cut(Cut::Tail("  …".into()))];
    let foot = keys(&["any other key: back", QUIT], width);
    fit(head(l, "keys"), parts, foot, l.window.height)
}

/// The whole walk-through at once (`--no-pause`): a handout-like text.
pub fn walkthrough(
    rules: &RuleSet,
    s: &Scenario,
    supplied: &Sheet,
    walked: &Walked,
    (n, of): (usize, usize),
    width: usize,
) -> String {
    let mut out = String::new();
    if of > 1 {
        let _ = writeln!(out, "\nScenario {n} of {of}");
    }
    // A heading between two rules (in plain mode, the heading alone).
    let banner = |text: &str| -> String {
        match rule('═', width) {
            Some(r) => format!("{r}\n{}{r}\n", wrap(text, width, "  ", "  ")),
            None => wrap(text, width, "  ", "  "),
        }
    };
    out.push_str(&banner(&title_of(s).to_uppercase()));
    out.push('\n');
    if let Some(v) = &s.vignette {
        out.push_str(&wrap(v, width, "  ", "  "));
        out.push('\n');
    }
    let mut sheet = rules.sheet();
    let mut shown: Vec<usize> = Vec::new();
    for (i, &q) in walked.order.iter().enumerate() {
        let question = &rules.questions[q];
        let Some(v) = walked.sheet[q] else { continue };
        sheet[q] = Some(v);
        // Everything under a question lines up with its text, after "10. " too.
        let under = " ".repeat(2 + format!("{}. ", i + 1).len());
        let answer = if plain() {
            format!("Answer: {}", question.label(v))
        } else {
            format!("→ {}", question.label(v))
        };
        out.push_str(&wrap(
            &format!("{}. {}", i + 1, question.prompt),
            width,
            "  ",
            &under,
        ));
        out.push_str(&wrap(&answer, width, &under, &format!("{under}  ")));
        for f in engine::settled(rules, &sheet, q + 1) {
            if shown.contains(&f) {
                continue;
            }
            shown.push(f);
            let finding = &rules.findings[f];
            let line = format!(
                "{}{} — {}",
                super::flag(),
                finding.level.label(),
                rules.rationale_of(finding).title
            );
            for l in wrap_lines(&line, width, &under, &format!("{under}  ")) {
                let _ = writeln!(out, "{}", in_level_color(&l, finding.level));
            }
        }
    }
    let a = engine::assess(rules, supplied, walked);
    let _ = writeln!(out, "\n{}", banner("RECOMMENDATION"));
    for line in super::text::assessment(&a, width.saturating_sub(2)).lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(d) = &s.discussion {
        let _ = writeln!(out, "\n{}", banner("FOR DISCUSSION"));
        out.push_str(&wrap(d, width, "  ", "  "));
    }
    out
}
