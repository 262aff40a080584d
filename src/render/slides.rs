//! The files for a class (`teach --export`): a student handout and an answer
//! key in Markdown, and one self-contained page of HTML slides — the
//! colleague's slides.css and slides.js embedded, nothing fetched.

use std::fmt::Write as _;
use std::path::Path;

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
    for (i, &q) in walked.order.iter().enumerate() {
        let question = &rules.questions[q];
        let _ = writeln!(out, "{}. **{}**\n", i + 1, md(&question.prompt));
        if question.kind == Kind::Number {
            let _ = writeln!(
                out,
                "   Your answer: ____________ ({})\n",
                md(&number_range(question))
            );
            continue;
        }
        for c in &question.choices {
            let _ = writeln!(out, "   - [ ] {}", md(&c.label));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "_Depending on the answers, other questions may come up; these are the ones this case raises._\n"
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
        if let Some(range) = super::check::describe_range(e) {
            let _ = writeln!(out, "The scenario expects: {range}.\n");
        }
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
                "- “{}” to “{}”: {}",
                md(&c.label),
                md(&c.prompt),
                c.recommendation.label()
            );
        }
        out.push('\n');
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

fn html_paragraphs(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| format!("<p>{}</p>", esc(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn level_class(l: Level) -> String {
    format!("level-{}", l.id())
}

/// One page of slides: the title and vignette; each question (the script's
/// answer, and the findings it settles, revealed by a key); the class's vote
/// and the recommendation; why; what to do; what would change; the discussion.
pub fn html(rules: &RuleSet, s: &Scenario, supplied: &Sheet, walked: &Walked) -> String {
    let a = engine::assess(rules, supplied, walked);
    let mut slides: Vec<String> = Vec::new();
    let mut title = format!("<h1>{}</h1>\n", esc(&title_of(s)));
    if let Some(v) = &s.vignette {
        let _ = write!(
            title,
            "<div class=\"vignette\">\n{}\n</div>",
            html_paragraphs(v)
        );
    }
    slides.push(slide("title", &title));
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
        let mut body = format!(
            "<p class=\"step\">Question {} of {total}</p>\n<h2>{}</h2>\n<ul class=\"choices\">\n",
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
        let settled = engine::settled(rules, &sheet, q + 1);
        for &f in &settled {
            let finding = &rules.findings[f];
            let new = if before.contains(&f) { "" } else { " · new" };
            let _ = writeln!(
                body,
                "<p class=\"finding {}\">⚑ {} — {}{new}</p>",
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
        "<p class=\"step\">The recommendation</p>\n<h2>What does the class predict?</h2>\n<ul class=\"choices\">\n",
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

fn result_slides(a: &Assessment, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let mut why = String::from("<p class=\"step\">Why</p>\n<h2>The findings</h2>\n");
    if a.findings.is_empty() {
        why.push_str("<p>No rule raised a concern with these answers.</p>");
    }
    for f in &a.findings {
        let _ = writeln!(
            why,
            "<div class=\"finding {}\"><strong>⚑ {} — {}</strong><br>{}</div>",
            level_class(f.level),
            f.level.label(),
            esc(&f.rationale_title),
            esc(&f.because)
        );
    }
    out.push(slide("why", why.trim_end()));
    if !a.todo.is_empty() || a.reply.is_some() {
        let mut todo = String::from("<p class=\"step\">What to do</p>\n");
        if !a.todo.is_empty() {
            todo.push_str("<ul class=\"todo\">\n");
            for t in &a.todo {
                let _ = writeln!(todo, "<li>{}</li>", esc(&t.text));
            }
            todo.push_str("</ul>\n");
        }
        if let Some(r) = &a.reply {
            let _ = write!(todo, "<h2>Words you could use</h2>\n<p>{}</p>", esc(r));
        }
        out.push(slide("todo", todo.trim_end()));
    }
    let changes: Vec<_> = a.what_would_change.iter().filter(|c| c.what_if).collect();
    if !changes.is_empty() {
        let mut w = String::from(
            "<p class=\"step\">What if</p>\n<h2>What would change the recommendation</h2>\n<ul>\n",
        );
        for c in changes {
            let _ = writeln!(
                w,
                "<li>“{}” to “{}”: <strong>{}</strong></li>",
                esc(&c.label),
                esc(&c.prompt),
                c.recommendation.label()
            );
        }
        w.push_str("</ul>");
        out.push(slide("what-if", &w));
    }
    if let Some(d) = &s.discussion {
        out.push(slide(
            "discussion",
            &format!("<h2>For discussion</h2>\n{}", html_paragraphs(d)),
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
