//! Loading and checking rule files, in phases: each file parsed and read into
//! raw types; files assembled (an overlay replaces the bundled file of the same
//! id); questions; their conditions and defaults; rationales and findings;
//! invariants. Every problem is reported, each at the text that caused it.

pub mod block;
mod findings;
mod questions;
pub mod raw;
pub mod sources;

use std::borrow::Cow;
use std::path::PathBuf;

pub use findings::{BANK_ID, MAX_SAFEGUARDS};
pub use questions::valid_id;
use raw::RawFile;
pub use sources::{read_text, yaml_files_under, Source, MAX_FILE_BYTES};

use crate::bundled::BUNDLED;
use crate::diagnostic::{BadFiles, Diagnostic, Problem, MAX_ERRORS};
use crate::level::Level;
use crate::model::{Origin, RuleFile, RuleSet};
use crate::suggest::did_you_mean;
use crate::text::{describe_char, first_unsafe};
use crate::yaml::{self, Node, Pos};

/// The bundled files as sources.
pub fn bundled_sources() -> Vec<Source> {
    BUNDLED
        .iter()
        .map(|(name, text)| Source {
            origin: Origin::Bundled(name),
            text: Cow::Borrowed(*text),
        })
        .collect()
}

/// The bundled rules, parsed and checked from their YAML (build.rs and tests).
pub fn bundled_from_yaml() -> Result<RuleSet, BadFiles> {
    let (set, diags) = check(bundled_sources());
    finish(set, diags)
}

/// The bundled rules with the overlays at `paths` laid over them.
pub fn with_overlays(bundled: &RuleSet, paths: &[PathBuf]) -> Result<RuleSet, BadFiles> {
    if paths.is_empty() {
        return Ok(bundled.clone());
    }
    let (overlays, errors) = sources::overlay_sources(paths);
    if !errors.is_empty() {
        return Err(BadFiles(errors));
    }
    let mut all = bundled_sources();
    all.extend(overlays);
    let (set, diags) = check(all);
    let mut set = finish(set, diags)?;
    // Overlays that change what the rules say make a custom rule set.
    if set.digest != bundled.digest {
        set.version.push_str("+custom");
    }
    Ok(set)
}

fn finish(set: Option<RuleSet>, diags: Vec<Diagnostic>) -> Result<RuleSet, BadFiles> {
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    match set {
        Some(set) if errors.is_empty() => Ok(set),
        _ => Err(BadFiles(errors)),
    }
}

/// A file read into raw types, or the problems that stopped it.
struct Parsed {
    source: Source,
    raw: Option<RawFile>,
    diags: Vec<Diagnostic>,
}

/// Parses one source: unsafe characters, YAML syntax, then the raw reading.
fn parse(source: Source) -> Parsed {
    let name = source.origin.name();
    let text: &str = &source.text;
    let mut diags = before_parsing(&name, text);
    if !diags.is_empty() {
        return Parsed {
            source,
            raw: None,
            diags,
        };
    }
    let node: Node = match yaml::from_str(text) {
        Ok(n) => n,
        Err(e) => {
            diags.push(syntax_diagnostic(&name, text, &e));
            return Parsed {
                source,
                raw: None,
                diags,
            };
        }
    };
    let mut problems = unsafe_values(&node);
    if !problems.is_empty() {
        diags.extend(Problem::place_all(problems, &name, text));
        return Parsed {
            source,
            raw: None,
            diags,
        };
    }
    let raw = raw::read_file(&node, &mut problems);
    diags.extend(Problem::place_all(
        problems.into_iter().take(MAX_ERRORS),
        &name,
        text,
    ));
    Parsed { source, raw, diags }
}

/// Flow lists and blocks (`[`, `{`) nested deeper than this are refused before
/// the YAML parser sees them: no rule or scenario file nests more than a few
/// levels, and the parser's time grows with the square of the depth.
const MAX_FLOW_DEPTH: usize = 200;

/// What is refused before the YAML parser sees the text: control, bidi and
/// zero-width characters, where they are (text from files must never be able
/// to steer a terminal), and flow nesting deeper than any real file's.
pub fn before_parsing(name: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = unsafe_characters(name, text);
    if out.is_empty() {
        out.extend(too_deep(name, text));
    }
    out
}

/// The first `[` or `{` that opens more than [`MAX_FLOW_DEPTH`] levels. Quotes
/// and comments are not told apart: brackets in prose close again, and only a
/// file built to do harm leaves two hundred open.
fn too_deep(name: &str, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    for (at, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let line = text[..at].matches('\n').count() + 1;
                    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    let column = text[start..at].chars().count() + 1;
                    return Some(
                        Diagnostic::error(
                            name,
                            format!("the file nests lists and blocks more than {MAX_FLOW_DEPTH} deep here, far more than a rule or scenario file needs"),
                        )
                        .at(text, Pos { line, column })
                        .help("write lists as `- item` lines and blocks as `key: value` lines"),
                    );
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Control, bidi and zero-width characters are refused where they are: text
/// from files must never be able to steer a terminal.
fn unsafe_characters(name: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !crate::text::has_unsafe(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        let line_text = if i == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        let skip = line.chars().count() - line_text.chars().count();
        if let Some((col, c)) = first_unsafe(line_text) {
            out.push(
                Diagnostic::error(name, format!("this line holds {}, which could control a terminal or hide what the text says", describe_char(c)))
                    .at(text, Pos { line: i + 1, column: col + skip + 1 })
                    .help("remove it; write plain text (YAML escapes such as \\e or \\u202e are refused too)"),
            );
            if out.len() >= 5 {
                break;
            }
        }
    }
    if out.is_empty() && text.contains('\r') {
        // A carriage return inside a line (not a Windows line ending).
        for (i, line) in text.split('\n').enumerate() {
            if let Some(col) = line.trim_end_matches('\r').find('\r') {
                out.push(Diagnostic::error(name, "this line holds a carriage return (CR) in the middle, which can hide what comes before it").at(text, Pos { line: i + 1, column: line[..col].chars().count() + 1 }));
                break;
            }
        }
    }
    out
}

/// Control, bidi and zero-width characters written as YAML escapes (`"\e]0;…"`)
/// are as dangerous as raw ones: every key and text of the document is checked.
pub fn unsafe_values(node: &Node) -> Vec<Problem> {
    fn walk(node: &Node, path: &crate::yaml::Path, out: &mut Vec<Problem>) {
        if out.len() >= 5 {
            return;
        }
        match node {
            Node::Str(s) => {
                if let Some((_, c)) = first_unsafe(s) {
                    out.push(
                        Problem::new(path, crate::yaml::Part::Value, format!("this text holds {}, which could control a terminal or hide what the text says", describe_char(c)))
                            .help("remove it (YAML escapes such as \\e, \\x1b or \\u202e are refused too); write plain text"),
                    );
                }
            }
            Node::Seq(items) => {
                for (i, n) in items.iter().enumerate() {
                    walk(n, &path.index(i), out);
                }
            }
            Node::Map(entries) => {
                for (k, v) in entries {
                    let key = crate::condition::scalar_text(k).unwrap_or_default();
                    if let Some((_, c)) = first_unsafe(&key) {
                        out.push(Problem::new(
                            &path.key(&key),
                            crate::yaml::Part::Key,
                            format!("this key holds {}", describe_char(c)),
                        ));
                        continue;
                    }
                    walk(v, &path.key(&key), out);
                }
            }
            _ => {}
        }
    }
    /// The same question without building the path to every value: most
    /// files hold nothing unsafe, and then no path is needed.
    fn any(node: &Node) -> bool {
        match node {
            Node::Str(s) => crate::text::has_unsafe(s),
            Node::Seq(items) => items.iter().any(any),
            // Only a string key can hold a character (the others are numbers
            // and true or false).
            Node::Map(entries) => entries
                .iter()
                .any(|(k, v)| matches!(k, Node::Str(k) if crate::text::has_unsafe(k)) || any(v)),
            _ => false,
        }
    }
    let mut out = Vec::new();
    if any(node) {
        walk(node, &crate::yaml::Path::root(), &mut out);
    }
    out
}

/// The keys of the config file (read by the binary, recognised here too).
pub const CONFIG_KEYS: &[&str] = &["code", "rules"];

/// Whether a text looks like one of boundcheck's own YAML files (its first
/// line of content is a `key:` of theirs). A file that does not (a private key
/// reached through a link, say) is never quoted back, not even a line of it.
pub fn looks_like_ours(text: &str) -> bool {
    // The top-level keys of a rule file, a scenario and the config file.
    let keys = raw::FILE_KEYS
        .iter()
        .chain(crate::scenario::SCENARIO_KEYS)
        .chain(CONFIG_KEYS);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---");
    first.is_none_or(|l| {
        keys.clone().any(|k| {
            l.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    })
}

/// A YAML syntax error, with its likely cause.
pub fn syntax_diagnostic(name: &str, text: &str, e: &yaml::Error) -> Diagnostic {
    let msg = yaml::message(e);
    let pos = yaml::location(e).map(|(line, column)| Pos { line, column });
    if !looks_like_ours(text) {
        // Not one of our files (a key or a password reached through a link?):
        // say so, and quote nothing of it.
        return Diagnostic::error(name, "this is not a boundcheck file: it does not start with a rule or scenario key such as `id:` or `answers:` (its content is not shown)");
    }
    let (message, help, pos) = explain_syntax(&msg, text, pos);
    let mut d = Diagnostic::error(name, message);
    if let Some(h) = help {
        d = d.help(h);
    }
    match pos {
        Some(p) => d.at(text, p),
        None => d,
    }
}

/// Turns the parser's words into the cause a rule author can act on.
fn explain_syntax(
    msg: &str,
    text: &str,
    pos: Option<Pos>,
) -> (String, Option<String>, Option<Pos>) {
    let lines: Vec<&str> = text.lines().collect();
    let line_at = |p: Option<Pos>| {
        p.and_then(|p| lines.get(p.line.saturating_sub(1)).copied())
            .unwrap_or("")
    };
    if msg.contains("more than one document") {
        // The parser gives no place: the second document starts at the first
        // `---` (or `...`) line after some content.
        let mut seen_content = false;
        let at = lines.iter().position(|l| {
            let marker = l.starts_with("---") || l.starts_with("...");
            let hit = marker && seen_content;
            if !marker && !l.trim().is_empty() && !l.trim_start().starts_with('#') {
                seen_content = true;
            }
            hit
        });
        return (
            "a file holds one YAML document, but this one has a second (a line with ---)".into(),
            Some("remove the `---` line, or split the file in two".into()),
            pos.or(at.map(|i| Pos {
                line: i + 1,
                column: 1,
            })),
        );
    }
    if msg.contains("mapping values are not allowed") {
        return (
            "a colon followed by a space inside this line starts a new key where none can start".into(),
            Some("if it is a sentence, put it in quotes (\"…\"), or write `>` after the key and the sentence on the next lines, indented".into()),
            pos,
        );
    }
    if msg.contains("could not find expected ':'") {
        // The parser notices on the next line; the cause is usually a missing
        // space after a colon on an earlier one (`level:safeguards`).
        let upto = pos.map(|p| p.line).unwrap_or(lines.len()).min(lines.len());
        for l in (0..upto).rev() {
            let t = lines[l];
            if let Some(c) = colon_without_space(t) {
                return (
                    format!(
                        "`{}` needs a space after the colon",
                        crate::text::excerpt(t.trim(), 40)
                    ),
                    Some("write `key: value`, with a space after the colon".into()),
                    Some(Pos {
                        line: l + 1,
                        column: c + 2,
                    }),
                );
            }
        }
        return (
            "a line here is not a `key: value` line".into(),
            Some("check for a missing colon, or a missing space after one".into()),
            pos,
        );
    }
    if msg.contains("did not find expected key")
        || msg.contains("did not find expected '-' indicator")
        || msg.contains("block sequence entries are not allowed")
    {
        return (
            "the indentation here does not match the lines above".into(),
            Some("every key of a block starts in the same column, and list items (`- `) line up; check this line and the one above it for a space too many or too few".into()),
            pos,
        );
    }
    if msg.contains("found character that cannot start any token") && line_at(pos).contains('\t') {
        return (
            "a tab is used for indentation here".into(),
            Some("YAML is indented with spaces only; replace the tab with spaces".into()),
            pos,
        );
    }
    if msg.contains("recursion limit") {
        return (
            "the file nests blocks and lists too deeply to be a rule or scenario file".into(),
            None,
            pos,
        );
    }
    if msg.contains("repetition limit") || msg.contains("alias") {
        return (
            "the file repeats aliases (*name) too often to be a rule or scenario file".into(),
            Some("rule and scenario files need no anchors or aliases".into()),
            pos,
        );
    }
    (
        format!("this is not valid YAML: {}", crate::text::excerpt(msg, 120)),
        None,
        pos,
    )
}

/// The column (0-based, in characters) of a colon directly followed by a
/// letter in a `key:value` line, outside quotes and comments.
fn colon_without_space(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.chars().count() - t.chars().count();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let lead = lead
        + if line.trim_start().starts_with("- ") {
            2
        } else {
            0
        };
    if t.starts_with('#') || t.starts_with('"') || t.starts_with('\'') {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let key_end = chars
        .iter()
        .position(|c| !(c.is_alphanumeric() || *c == '_' || *c == '-'))?;
    (key_end > 0
        && chars.get(key_end) == Some(&':')
        && chars.get(key_end + 1).is_some_and(|c| c.is_alphanumeric()))
    .then_some(lead + key_end)
}

/// Parses and checks every source, later files with the same id replacing
/// earlier ones. Returns the set (if it could be built) and every diagnostic,
/// warnings included.
pub fn check(sources: Vec<Source>) -> (Option<RuleSet>, Vec<Diagnostic>) {
    let parsed: Vec<Parsed> = sources.into_iter().map(parse).collect();
    let mut diags: Vec<Diagnostic> = parsed.iter().flat_map(|p| p.diags.clone()).collect();
    if parsed.iter().any(|p| p.raw.is_none()) || diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let (files, raws, mut assembly) = assemble(parsed);
    let names: Vec<String> = files.iter().map(|f| f.origin.name()).collect();
    let mut problems: Vec<Vec<Problem>> = vec![Vec::new(); raws.len()];
    let core: Vec<(String, Vec<String>)> = core_bank();
    let bank_replaced = files
        .iter()
        .any(|f| f.id == BANK_ID && !f.origin.is_bundled());

    let (mut questions, links) = questions::collect(&raws, &mut problems);
    if bank_replaced {
        if let Some(d) = partial_bank(&files, &raws, &questions, &core) {
            assembly.push(d);
        }
    }
    questions::conditions(&raws, &links, &mut questions, &core, &mut problems);
    let (rationales, findings) = findings::collect(&raws, &names, &questions, &mut problems);
    let invariants = findings::invariants(&raws, &questions, &rationales, &mut problems);

    diags.extend(assembly);
    let partial = diags
        .iter()
        .any(|d| d.message.contains("replaces the whole question bank"));
    for (fi, list) in problems.into_iter().enumerate() {
        // With a partial bank, the bundled files' complaints about missing
        // questions follow from it: the author cannot edit those files.
        if partial && files[fi].origin.is_bundled() {
            continue;
        }
        let text: &str = &files[fi].text;
        diags.extend(Problem::place_all(
            list.into_iter().take(MAX_ERRORS),
            &names[fi],
            text,
        ));
    }
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let emergencies = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.level == Level::Emergency)
        .map(|(i, _)| i)
        .collect();
    let mut by_level: Vec<usize> = (0..findings.len()).collect();
    by_level.sort_by_key(|&i| std::cmp::Reverse(findings[i].level));
    let gates = findings.iter().map(|f| f.when.gate()).collect();
    let ask_gates = questions.iter().map(|q| q.ask_when.gate()).collect();
    let mut set = RuleSet {
        files,
        questions,
        rationales,
        findings,
        invariants: crate::packed::Packed::new(invariants),
        emergencies,
        by_level,
        gates,
        ask_gates,
        boundaries: Vec::new(),
        tables: Default::default(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        digest: String::new(),
    };
    set.boundaries = (0..set.questions.len())
        .map(|q| match set.questions[q].kind {
            crate::model::Kind::Number => set.compute_boundary_values(q),
            _ => Vec::new(),
        })
        .collect();
    set.digest = crate::bundled::digest(&set);
    set.tables = crate::tables::Tables::lazy(&set);
    (Some(set), diags)
}

/// The bundled bank's questions and their answer values, from the text
/// (without checking it: the bundled set is checked at build time).
fn core_bank() -> Vec<(String, Vec<String>)> {
    let Ok(node) = yaml::from_str::<Node>(BUNDLED[0].1) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let Some(raw) = raw::read_file(&node, &mut problems) else {
        return Vec::new();
    };
    raw.questions
        .iter()
        .map(|q| {
            let mut values: Vec<String> = q
                .answers
                .iter()
                .flat_map(|l| l.0.iter().map(|(_, v, _)| v.clone()))
                .collect();
            if values.is_empty() {
                values = vec!["yes".into(), "no".into(), "unsure".into()];
            }
            (q.id.clone(), values)
        })
        .collect()
}

/// Files in order: the bundled ones, each replaced in place by an overlay of
/// the same id; new ids after them. A new id close to a bundled one is most
/// likely a misspelling.
fn assemble(parsed: Vec<Parsed>) -> (Vec<RuleFile>, Vec<RawFile>, Vec<Diagnostic>) {
    let mut files: Vec<RuleFile> = Vec::new();
    let mut raws: Vec<RawFile> = Vec::new();
    let mut diags = Vec::new();
    let bundled_ids: Vec<String> = parsed
        .iter()
        .filter(|p| p.source.origin.is_bundled())
        .filter_map(|p| p.raw.as_ref().map(|r| r.id.clone()))
        .collect();
    for p in parsed {
        let Some(raw) = p.raw else { continue };
        let file = RuleFile {
            id: raw.id.clone(),
            origin: p.source.origin.clone(),
            text: p.source.text.clone(),
        };
        if let Some(at) = files.iter().position(|f| f.id == raw.id) {
            files[at] = file;
            raws[at] = raw;
            continue;
        }
        if !p.source.origin.is_bundled() && !valid_id(&raw.id, false) {
            let d = Problem::new(
                &raw.id_at,
                crate::yaml::Part::Value,
                format!(
                    "`{}` cannot be a file id: use lower-case letters, digits and _",
                    crate::text::excerpt(&raw.id, 40)
                ),
            );
            diags.push(d.place(&file.origin.name(), &file.text));
        } else if !p.source.origin.is_bundled() {
            let hint = did_you_mean(&raw.id, bundled_ids.iter().map(String::as_str));
            if !hint.is_empty() {
                let d = Problem::new(&raw.id_at, crate::yaml::Part::Value, format!("`{}` is not the id of a bundled file, so this file would be added beside the bundled one rather than replace it{hint}", raw.id))
                    .help("to replace a bundled file, use its id exactly (`boundcheck rules list` shows them); to add a new rationale, choose an id that is not so close to an existing one");
                diags.push(d.place(&file.origin.name(), &file.text));
                continue;
            }
        }
        files.push(file);
        raws.push(raw);
    }
    (files, raws, diags)
}

/// An overlay bank that leaves out core questions: one message, at its id.
fn partial_bank(
    files: &[RuleFile],
    raws: &[RawFile],
    questions: &[crate::model::Question],
    core: &[(String, Vec<String>)],
) -> Option<Diagnostic> {
    let missing: Vec<&str> = core
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| !questions.iter().any(|q| q.id == *id))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let fi = files.iter().position(|f| f.id == BANK_ID)?;
    let shown: Vec<&str> = missing.iter().take(12).copied().collect();
    let more = if missing.len() > shown.len() {
        format!(" and {} more", missing.len() - shown.len())
    } else {
        String::new()
    };
    let p = Problem::new(&raws[fi].id_at, crate::yaml::Part::Value, format!("a file with `id: questions` replaces the whole question bank, and these core questions are missing from it: {}{more}", shown.join(", ")))
        .help("start from the full bank (`boundcheck rules export DIR`) and add your question to it, or put your question in a rationale file of your own, with a `default`");
    Some(p.place(&files[fi].origin.name(), &files[fi].text))
}
