//! The files for a class (`teach --export`): a student handout and an answer
//! key in Markdown, and one self-contained page of HTML slides — the
//! colleague's slides.css and slides.js embedded, nothing fetched.

use std::fmt::Write as _;
use std::path::Path;

use boundcheck_rules::condition::Condition;
use boundcheck_rules::engine::{self, Assessment, Walked};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::{Kind, Question, RuleSet, Sheet};
use boundcheck_rules::Scenario;

use super::meaning;

const CSS: &str = include_str!("slides.css");
const JS: &str = include_str!("slides.js");

fn title_of(s: &Scenario) -> String {
    s.title.clone().unwrap_or_else(|| "Scenario".into())
}

/// Paragraphs of a text from a file: split at blank lines, each on one line.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Text from a file, safe inside Markdown: on one line, and the characters
/// that would start emphasis, code, links or HTML escaped.
fn md(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one.len());
    for c in one.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_paragraphs(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| md(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn number_range(q: &Question) -> String {
    format!(
        "a whole number from {} to {}{}",
        q.min,
        q.max,
        q.unit
            .as_deref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default()
    )
}

/// For students: the vignette, the questions the script's walk asks with
/// boxes to tick (no answers), a prediction, room for notes.
pub fn handout(rules: &RuleSet, s: &Scenario, walked: &Walked) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&title_of(s)));
    let _ = writeln!(
        out,
        "_Read the situation, answer each question as you would, then predict the recommendation._\n"
    );
    if let Some(v) = &s.vignette {
        let _ = writeln!(out, "## The situation\n\n{}\n", md_paragraphs(v));
    }
    let _ = writeln!(out, "## Questions\n");
    // The questions every case starts with, as well as the ones this case raises:
    // a list that stopped where the script's walk stops (at the first question,
    // for an emergency) would give the answer away.
    let listed: Vec<usize> = (0..rules.questions.len())
        .filter(|&q| {
            walked.order.contains(&q) || matches!(rules.questions[q].ask_when, Condition::Always)
        })
        .collect();
    for (i, &q) in listed.iter().enumerate() {
        let question = &rules.questions[q];
        let number = format!("{}. ", i + 1);
        // Continuation lines line up with the text after the number (CommonMark).
        let indent = " ".repeat(number.len());
        let _ = writeln!(out, "{number}**{}**\n", md(&question.prompt));
        if question.kind == Kind::Number {
            let _ = writeln!(
                out,
                "{indent}Your answer: ____________ ({})\n",
                md(&number_range(question))
            );
            continue;
        }
        for c in &question.choices {
            let _ = writeln!(out, "{indent}- [ ] {}", md(&c.label));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "_Depending on your answers, other questions may come up, and some of these may not._\n"
    );
    let _ = writeln!(
        out,
        "## Your prediction\n\nWhich recommendation do you expect?\n"
    );
    for l in Level::ALL {
        let _ = writeln!(out, "- [ ] {}", l.label());
    }
    let _ = writeln!(
        out,
        "\n## Notes\n\n_Why? What would change your mind?_\n\n\n"
    );
    out
}

/// For the teacher: the scripted answers (with the scenario's notes), the
/// findings, the recommendation and what to do, what would change it (for a
/// live what-if), the discussion, the references.
pub fn key(rules: &RuleSet, s: &Scenario, supplied: &Sheet, walked: &Walked) -> String {
    let a = engine::assess(rules, supplied, walked);
    let mut out = String::new();
    let _ = writeln!(out, "# {} — answer key\n", md(&title_of(s)));
    let _ = writeln!(
        out,
        "_For the teacher. Rule set: boundcheck {}, digest `{}`._\n",
        a.version, a.digest
    );
    if let Some(v) = &s.vignette {
        let _ = writeln!(out, "## The situation\n\n{}\n", md_paragraphs(v));
    }
    let _ = writeln!(out, "## The script's answers\n");
    for (i, &q) in walked.order.iter().enumerate() {
        let question = &rules.questions[q];
        let Some(v) = walked.sheet[q] else { continue };
        let _ = writeln!(
            out,
            "{}. {} — **{}**",
            i + 1,
            md(&question.prompt),
            md(&question.label(v))
        );
        if let Some(n) = s.note(q) {
            let _ = writeln!(out, "   - _Why:_ {}", md(n));
        }
    }
    let _ = writeln!(
        out,
        "\n## Recommendation\n\n**{}.** {}\n",
        a.recommendation.label(),
        meaning(a.recommendation)
    );
    if let Some(e) = s.expect.as_ref().filter(|e| e.has_level()) {
        let _ = writeln!(out, "The scenario expects: {}.\n", expected(e));
    }
    key_findings(&mut out, &a);
    if let Some(d) = &s.discussion {
        let _ = writeln!(out, "## For discussion\n\n{}\n", md_paragraphs(d));
    }
    if !a.references.is_empty() {
        let _ = writeln!(
            out,
            "## References\n\n{}\n",
            md(&super::text::references(&a.references))
        );
    }
    out
}

/// What a scenario's `expect:` accepts, in the levels' labels.
fn expected(e: &boundcheck_rules::Expect) -> String {
    match e.range() {
        (lo, hi) if lo == hi => lo.label().to_string(),
        (lo, Level::Emergency) => format!("at least {}", lo.label()),
        (Level::Proceed, hi) => format!("at most {}", hi.label()),
        (lo, hi) => format!("from {} to {}", lo.label(), hi.label()),
    }
}

fn key_findings(out: &mut String, a: &Assessment) {
    let _ = writeln!(out, "## Why\n");
    if a.findings.is_empty() {
        let _ = writeln!(out, "No rule raised a concern with these answers.\n");
    }
    for f in &a.findings {
        let because: Vec<String> = f
            .triggered_by
            .iter()
            .map(|t| {
                format!(
                    "“{}” ({})",
                    md(&t.label),
                    md(t.prompt.trim_end_matches('?'))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "- **{} — {}** (`{}`): {}",
            f.level.label(),
            md(&f.rationale_title),
            f.id,
            md(&f.because)
        );
        if !because.is_empty() {
            let _ = writeln!(out, "  - _Triggered by:_ {}", because.join("; "));
        }
    }
    out.push('\n');
    for (title, items) in [("What to do", &a.todo), ("Also", &a.also)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        for t in items {
            let _ = writeln!(out, "- [ ] {}", md(&t.text));
        }
        out.push('\n');
    }
    if let Some(reply) = &a.reply {
        let _ = writeln!(out, "## Words you could use\n\n> {}\n", md(reply));
    }
    let changes: Vec<_> = a.what_would_change.iter().filter(|c| c.what_if).collect();
    if !changes.is_empty() {
        let _ = writeln!(
            out,
            "## What would change the recommendation (ideas for a what-if)\n"
        );
        for c in changes {
            let _ = writeln!(
                out,
                "- Answering “{}” to “{}”: {}",
                md(&c.label),
                md(&c.prompt),
                c.recommendation.label()
            );
        }
        out.push('\n');
    } else {
        // Said, not left out: that nothing single moves it is worth a discussion too.
        let _ = writeln!(
            out,
            "## What would change the recommendation\n\nNo other single answer to the questions a what-if may change would give a different recommendation.\n"
        );
    }
}

/// Text from a file, safe inside HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn level_class(l: Level) -> String {
    format!("level-{}", l.id())
}

/// About how much text fits on a 1280×720 slide at the deck's type size.
const SLIDE_TEXT: usize = 600;
/// The discussion's type is larger.
const DISCUSSION_TEXT: usize = 480;

/// Pieces of text in groups that each fit on a slide (a piece longer than
/// that on its own is split at sentences).
fn fitting(pieces: Vec<String>, budget: usize) -> Vec<Vec<String>> {
    let mut split = Vec::new();
    for p in pieces {
        if p.chars().count() <= budget {
            split.push(p);
            continue;
        }
        let mut part = String::new();
        for sentence in p.split_inclusive(". ") {
            if !part.is_empty() && part.chars().count() + sentence.chars().count() > budget {
                split.push(std::mem::take(&mut part).trim_end().to_string());
            }
            part.push_str(sentence);
        }
        if !part.trim().is_empty() {
            split.push(part.trim_end().to_string());
        }
    }
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut size = 0;
    for p in split {
        // Each piece starts a new line or box: count that space too.
        let n = p.chars().count() + 60;
        match groups.last_mut() {
            Some(g) if size + n <= budget => {
                g.push(p);
                size += n;
            }
            _ => {
                groups.push(vec![p]);
                size = n;
            }
        }
    }
    groups
}

/// One page of slides: the title and vignette; each question (the script's
/// answer, and the findings it settles, revealed by a key); the class's vote
/// and the recommendation; why; what to do; what would change; the discussion.
/// Long text goes on as many slides as it needs.
pub fn html(rules: &RuleSet, s: &Scenario, supplied: &Sheet, walked: &Walked) -> String {
    let a = engine::assess(rules, supplied, walked);
    let mut slides: Vec<String> = Vec::new();
    let title = format!("<h1>{}</h1>", esc(&title_of(s)));
    let vignette = s.vignette.as_deref().map(paragraphs).unwrap_or_default();
    let short = vignette.iter().map(|p| p.chars().count()).sum::<usize>() <= SLIDE_TEXT / 2;
    if short {
        slides.push(slide(
            "title",
            &format!("{title}\n{}", vignette_div(&vignette)),
        ));
    } else {
        slides.push(slide("title", &title));
        for group in fitting(vignette, SLIDE_TEXT) {
            slides.push(slide("vignette", &vignette_div(&group)));
        }
    }
    slides.extend(question_slides(rules, s, walked));
    slides.push(slide("recommendation", &recommendation_slide(&a)));
    slides.extend(result_slides(&a, s));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"boundcheck {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main id=\"deck\">\n{}\n</main>\n<nav id=\"progress\" aria-live=\"polite\"></nav>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title_of(s)),
        slides.join("\n")
    );
    out
}

fn vignette_div(paras: &[String]) -> String {
    if paras.is_empty() {
        return String::new();
    }
    let body: Vec<String> = paras.iter().map(|p| format!("<p>{}</p>", esc(p))).collect();
    format!("<div class=\"vignette\">\n{}\n</div>", body.join("\n"))
}

fn slide(kind: &str, body: &str) -> String {
    format!("<section class=\"slide\" data-kind=\"{kind}\">\n{body}\n</section>")
}

fn question_slides(rules: &RuleSet, s: &Scenario, walked: &Walked) -> Vec<String> {
    let mut out = Vec::new();
    let mut sheet = rules.sheet();
    let total = walked.order.len();
    let mut before: Vec<usize> = Vec::new();
    for (i, &q) in walked.order.iter().enumerate() {
        let question = &rules.questions[q];
        let Some(v) = walked.sheet[q] else { continue };
        sheet[q] = Some(v);
        let chars: usize = question
            .choices
            .iter()
            .map(|c| c.label.chars().count())
            .sum();
        let many = match question.choices.len() {
            n if n > 9 => " many lots",
            n if n > 4 || chars > 150 => " many",
            _ => "",
        };
        let mut body = format!(
            "<p class=\"step\">Question {} of {total}</p>\n<h2>{}</h2>\n<ul class=\"choices{many}\">\n",
            i + 1,
            esc(&question.prompt)
        );
        if question.kind == Kind::Number {
            let _ = writeln!(body, "<li>{}</li>", esc(&number_range(question)));
        } else {
            for c in &question.choices {
                let _ = writeln!(body, "<li>{}</li>", esc(&c.label));
            }
        }
        let _ = write!(
            body,
            "</ul>\n<p class=\"answer reveal\">→ {}</p>\n<div class=\"findings\">\n",
            esc(&question.label(v))
        );
        if let Some(n) = s.note(q) {
            let _ = writeln!(body, "<p class=\"why\">Why: {}</p>", esc(n));
        }
        // The findings this answer settles (all of them come again under Why).
        let settled = engine::settled(rules, &sheet, q + 1);
        for &f in settled.iter().filter(|f| !before.contains(f)) {
            let finding = &rules.findings[f];
            let _ = writeln!(
                body,
                "<p class=\"finding {}\">⚑ {} — {}</p>",
                level_class(finding.level),
                finding.level.label(),
                esc(&rules.rationale_of(finding).title)
            );
        }
        body.push_str("</div>");
        before = settled;
        out.push(slide("question", &body));
    }
    out
}

fn recommendation_slide(a: &Assessment) -> String {
    let mut body = String::from(
        "<p class=\"step\">The recommendation</p>\n<h2>What does the class predict?</h2>\n<ul class=\"choices many\">\n",
    );
    for l in Level::ALL {
        let _ = writeln!(body, "<li>{}</li>", l.label());
    }
    let _ = write!(
        body,
        "</ul>\n<div class=\"reveal\">\n<h2 class=\"{}\">{}</h2>\n<p class=\"meaning\">{}</p>\n</div>",
        level_class(a.recommendation),
        a.recommendation.label(),
        esc(meaning(a.recommendation))
    );
    body
}

/// Slides of a heading and items, as many as the items need.
/// Each item is (its text, for measuring; its HTML), and `around` the
/// element the items of one slide go in (`("", "")` for none).
fn listed(
    kind: &str,
    (step, heading): (&str, &str),
    items: Vec<(String, String)>,
    around: (&str, &str),
    budget: usize,
) -> Vec<String> {
    let texts: Vec<String> = items.iter().map(|(t, _)| t.clone()).collect();
    let mut out = Vec::new();
    let mut at = 0;
    for group in fitting(texts, budget) {
        let mut body = format!(
            "<p class=\"step\">{step}</p>\n<h2>{heading}</h2>\n{}",
            around.0
        );
        for _ in &group {
            if let Some((_, html)) = items.get(at) {
                body.push_str(html);
                body.push('\n');
            }
            at += 1;
        }
        body.push_str(around.1);
        out.push(slide(kind, body.trim_end()));
    }
    out
}

fn result_slides(a: &Assessment, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let findings: Vec<(String, String)> = a
        .findings
        .iter()
        .map(|f| {
            let html = format!(
                "<div class=\"finding {}\"><strong>⚑ {} — {}</strong><br>{}</div>",
                level_class(f.level),
                f.level.label(),
                esc(&f.rationale_title),
                esc(&f.because)
            );
            (format!("{} {}", f.rationale_title, f.because), html)
        })
        .collect();
    if findings.is_empty() {
        let none = "<p>No rule raised a concern with these answers.</p>";
        out.push(slide(
            "why",
            &format!("<p class=\"step\">Why</p>\n<h2>The findings</h2>\n{none}"),
        ));
    }
    out.extend(listed(
        "why",
        ("Why", "The findings"),
        findings,
        ("", ""),
        520,
    ));
    if !a.todo.is_empty() {
        let items = a
            .todo
            .iter()
            .map(|t| (t.text.clone(), format!("<li>{}</li>", esc(&t.text))))
            .collect();
        let ul = ("<ul class=\"todo\">\n", "</ul>");
        out.extend(listed(
            "todo",
            ("The recommendation", "What to do"),
            items,
            ul,
            600,
        ));
    }
    if let Some(r) = &a.reply {
        out.push(slide(
            "reply",
            &format!(
                "<p class=\"step\">What to do</p>\n<h2>Words you could use</h2>\n<p>{}</p>",
                esc(r)
            ),
        ));
    }
    // One item per question, with each answer that would change the result.
    let mut changes: Vec<(String, String)> = Vec::new();
    let mut asked: Vec<&str> = Vec::new();
    for c in a.what_would_change.iter().filter(|c| c.what_if) {
        if asked.contains(&c.question.as_str()) {
            continue;
        }
        asked.push(&c.question);
        let alternatives: Vec<&engine::Change> = a
            .what_would_change
            .iter()
            .filter(|x| x.question == c.question)
            .collect();
        let text = alternatives
            .iter()
            .fold(c.prompt.clone(), |t, x| t + " " + &x.label);
        let answers: Vec<String> = alternatives
            .iter()
            .map(|x| {
                format!(
                    "<em>{}</em> → <strong>{}</strong>",
                    esc(&x.label),
                    x.recommendation.label()
                )
            })
            .collect();
        let html = format!("<p>{}<br>{}</p>", esc(&c.prompt), answers.join("; "));
        changes.push((text, html));
    }
    let heading = ("What if", "What would change the recommendation");
    out.extend(listed("what-if", heading, changes, ("", ""), 420));
    if let Some(d) = &s.discussion {
        let items = paragraphs(d)
            .into_iter()
            .flat_map(|p| fitting(vec![p], DISCUSSION_TEXT).into_iter().flatten())
            .map(|p| (p.clone(), format!("<p>{}</p>", esc(&p))))
            .collect();
        let heading = ("Discussion", "For discussion");
        out.extend(listed(
            "discussion",
            heading,
            items,
            ("", ""),
            DISCUSSION_TEXT,
        ));
    }
    out
}

/// What `teach --export` says it wrote.
pub fn exported(dir: &Path, files: &[(String, String)]) -> String {
    let d = boundcheck_rules::text::one_line(&dir.display().to_string());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let shown = if names.len() > 6 {
        format!("{}, … {}", names[..3].join(", "), names[names.len() - 1])
    } else {
        names.join(", ")
    };
    let html = if names.iter().any(|n| n.ends_with(".html")) {
        " Open a .html page in a browser for the slides: → or a clicker goes on, ← back; it needs no network, and prints as a handout of the deck."
    } else {
        ""
    };
    format!(
        "Wrote {} to {d}: {shown}.{html}\n",
        super::count(files.len(), "file", "files")
    )
}
