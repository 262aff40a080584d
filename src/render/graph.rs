//! `rules graph`: the decision flow as a Mermaid flowchart or Graphviz DOT.
//! Questions are boxes (their prompt, and their id), findings are rounded and
//! filled in their level's colour (the colours of the slides), and every
//! finding says its level in words too; arrows to the next question are
//! solid, arrows to a finding dotted.

use std::collections::HashMap;
use std::fmt::Write as _;

use boundcheck_rules::graph::{Graph, Node, Style};
use boundcheck_rules::level::Level;
use boundcheck_rules::model::RuleSet;

/// A level's fill, its border, and the text colour on it.
fn colours(level: Level) -> (&'static str, &'static str, &'static str) {
    match level {
        Level::Proceed => ("#d4edd6", "#1b6e20", "#111111"),
        Level::Safeguards => ("#d2e9f3", "#0a5a78", "#111111"),
        Level::Consult => ("#fbe5b0", "#8a5a00", "#111111"),
        Level::Decline => ("#fbd6c2", "#b03a00", "#111111"),
        Level::Prohibited => ("#f7ccd4", "#a4001d", "#111111"),
        Level::Emergency => ("#6d0019", "#000000", "#ffffff"),
    }
}

/// Each node's name in the diagram, from its id in the rule files (so a
/// diagram stays the same when other rules change), made of letters, digits
/// and `_`, each once.
fn names(rules: &RuleSet, g: &Graph) -> HashMap<Node, String> {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    let mut out: HashMap<Node, String> = HashMap::new();
    for &n in &g.nodes {
        let base = match n {
            Node::Question(q) => format!("q_{}", clean(&rules.questions[q].id)),
            Node::Finding(f) => format!("f_{}", clean(&rules.findings[f].id)),
            Node::Result(_) => "result".to_string(),
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.values().any(|v| *v == name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.insert(n, name);
    }
    out
}

/// A node's text, in lines; a question's prompt wrapped to `wrap` columns
/// (Mermaid wraps text itself: 0 leaves it to it).
fn text(rules: &RuleSet, n: Node, wrap: usize) -> Vec<String> {
    match n {
        Node::Question(q) => {
            let question = &rules.questions[q];
            let mut lines = if wrap == 0 {
                vec![question.prompt.clone()]
            } else {
                super::wrap_lines(&question.prompt, wrap, "", "")
            };
            lines.push(format!("({})", question.id));
            lines
        }
        Node::Finding(f) => {
            let finding = &rules.findings[f];
            vec![format!("⚑ {}", finding.level.label()), finding.id.clone()]
        }
        Node::Result(level) => vec!["Recommendation:".into(), level.label().into()],
    }
}

fn level_of(rules: &RuleSet, n: Node) -> Option<Level> {
    match n {
        Node::Finding(f) => Some(rules.findings[f].level),
        Node::Result(l) => Some(l),
        Node::Question(_) => None,
    }
}

/// Text inside a quoted Mermaid label: its own entity codes for the
/// characters Mermaid would read as syntax or markup.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

pub fn mermaid(rules: &RuleSet, g: &Graph) -> String {
    let names = names(rules, g);
    let id = |n: Node| names[&n].clone();
    let mut out = String::from("flowchart TD\n");
    for &n in &g.nodes {
        let label = text(rules, n, 0)
            .iter()
            .map(|l| mermaid_text(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let shape = match n {
            Node::Question(_) => format!("[\"{label}\"]"),
            Node::Finding(_) => format!("([\"{label}\"])"),
            Node::Result(_) => format!("{{{{\"{label}\"}}}}"),
        };
        let _ = writeln!(out, "  {}{shape}", id(n));
    }
    for e in &g.edges {
        let arrow = match e.style {
            Style::Next | Style::Opens => "-->",
            Style::Fires => "-.->",
        };
        match &e.label {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "  {} {arrow}|\"{}\"| {}",
                    id(e.from),
                    mermaid_text(l),
                    id(e.to)
                );
            }
            None => {
                let _ = writeln!(out, "  {} {arrow} {}", id(e.from), id(e.to));
            }
        }
    }
    for level in Level::ALL {
        let members: Vec<String> = g
            .nodes
            .iter()
            .filter(|&&n| level_of(rules, n) == Some(level))
            .map(|&n| id(n))
            .collect();
        if members.is_empty() {
            continue;
        }
        let (fill, stroke, color) = colours(level);
        let _ = writeln!(
            out,
            "  classDef {} fill:{fill},stroke:{stroke},stroke-width:3px,color:{color}",
            level.id()
        );
        let _ = writeln!(out, "  class {} {}", members.join(","), level.id());
    }
    out
}

/// Text inside a quoted DOT string.
fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn dot(rules: &RuleSet, g: &Graph) -> String {
    let names = names(rules, g);
    let id = |n: Node| names[&n].clone();
    let mut out = String::from(
        "digraph boundcheck {\n  rankdir=TB;\n  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for &n in &g.nodes {
        let label = text(rules, n, 32)
            .iter()
            .map(|l| dot_text(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let style = match level_of(rules, n) {
            Some(level) => {
                let (fill, stroke, color) = colours(level);
                let shape = if matches!(n, Node::Result(_)) {
                    "hexagon"
                } else {
                    "box"
                };
                format!(", shape={shape}, style=\"rounded,filled\", fillcolor=\"{fill}\", color=\"{stroke}\", penwidth=2, fontcolor=\"{color}\"")
            }
            None => String::new(),
        };
        let _ = writeln!(out, "  {} [label=\"{label}\"{style}];", id(n));
    }
    for e in &g.edges {
        let mut attrs = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label=\"{}\"", dot_text(l)));
        }
        if e.style == Style::Fires {
            attrs.push("style=dashed".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  {} -> {}{attrs};", id(e.from), id(e.to));
    }
    out.push_str("}\n");
    out
}
