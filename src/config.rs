//! The optional config file: a default ethics code and default rule overlays.
//! `--config FILE`, else `$BOUNDCHECK_CONFIG`, else the platform's config
//! directory; `--no-config` ignores it; an empty file is no configuration.

use std::path::{Path, PathBuf};

use anyhow::Result;
use boundcheck_rules::condition::scalar_text;
use boundcheck_rules::diagnostic::{BadFiles, Diagnostic};
use boundcheck_rules::load::block::block;
use boundcheck_rules::yaml::{self, Node, Path as DocPath};

#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The file it came from, for messages.
    pub file: Option<PathBuf>,
    pub code: Option<String>,
    /// Where `code:`'s value is in the file (line, column), for messages.
    pub code_at: Option<(usize, usize)>,
    pub rules: Vec<PathBuf>,
}

/// Where the config file is: the flag, the variable, the platform's place.
/// The first two must exist; the last may not.
fn locate(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("BOUNDCHECK_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    let dirs = directories::ProjectDirs::from("", "", "boundcheck")?;
    Some((dirs.config_dir().join("config.yaml"), false))
}

pub fn load(flag: Option<&Path>, ignore: bool) -> Result<Config> {
    if ignore {
        return Ok(Config::default());
    }
    let Some((path, required)) = locate(flag) else {
        return Ok(Config::default());
    };
    if !required && !path.exists() {
        return Ok(Config::default());
    }
    let name = format!("{} (the config file)", path.display());
    let text = boundcheck_rules::load::read_text(&path).map_err(|mut d| {
        d.file = name.clone();
        BadFiles(vec![d])
    })?;
    parse(&path, &name, &text)
}

fn parse(path: &Path, name: &str, text: &str) -> Result<Config> {
    let unsafe_chars = boundcheck_rules::load::before_parsing(name, text);
    if !unsafe_chars.is_empty() {
        return Err(BadFiles(unsafe_chars).into());
    }
    let node: Node = yaml::from_str(text).map_err(|e| {
        BadFiles(vec![boundcheck_rules::load::syntax_diagnostic(
            name, text, &e,
        )])
    })?;
    let mut config = Config {
        file: Some(path.to_path_buf()),
        ..Config::default()
    };
    if node == Node::Null {
        // Empty, or comments only: no configuration.
        return Ok(config);
    }
    let mut problems = boundcheck_rules::load::unsafe_values(&node);
    let root = DocPath::root();
    if !matches!(node, Node::Map(_)) {
        let help = "write `code: apa` (with a space after the colon), and `rules:` followed by a list of paths";
        // A config file with a colon missing is shown where it goes wrong; any
        // other file is not quoted back: it may be anything (a `.env` of
        // passwords named by mistake).
        let meant = matches!(&node, Node::Str(t) if t.split_whitespace().next().is_some_and(|w| w == "code" || w == "rules"));
        let d = if meant {
            Diagnostic::error(name, "the config file is a block of `key: value` lines: `code: apa` and `rules: [my-rules]`")
                .help(help)
                .at(text, boundcheck_rules::yaml::Pos { line: 1, column: 1 })
        } else {
            Diagnostic::error(name, format!("this is not a config file: it holds {} (its content is not shown); a config file is a block of `key: value` lines: `code: apa` and `rules: [my-rules]`", node.kind()))
                .help(help)
        };
        return Err(BadFiles(vec![d]).into());
    }
    if let Some(b) = block(
        &node,
        &root,
        "the config file",
        boundcheck_rules::load::CONFIG_KEYS,
        &mut problems,
    ) {
        config.code = b
            .get("code")
            .and_then(scalar_text)
            .map(|c| c.trim().to_lowercase());
        config.code_at = config
            .code
            .as_ref()
            .and_then(|_| {
                yaml::locate(text, &root.key("code"), boundcheck_rules::yaml::Part::Value)
            })
            .map(|p| (p.line, p.column));
        let dir = path.parent().unwrap_or(Path::new("."));
        let list = match b.get("rules") {
            Some(Node::Str(s)) => vec![s.clone()],
            _ => b
                .texts("rules", &mut problems)
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
        };
        config.rules = list
            .into_iter()
            .map(PathBuf::from)
            .map(|r| if r.is_relative() { dir.join(r) } else { r })
            .collect();
    }
    if !problems.is_empty() {
        return Err(BadFiles(boundcheck_rules::diagnostic::Problem::place_all(
            problems, name, text,
        ))
        .into());
    }
    Ok(config)
}
