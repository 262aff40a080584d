//! The optional config file: a default ethics code and default rule overlays.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde::Deserialize;

use crate::cli::Code;

#[derive(Debug, Default)]
pub struct Config {
    pub code: Option<String>,
    pub rules: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    code: Option<String>,
    #[serde(default)]
    rules: Vec<PathBuf>,
}

/// `$BOUNDCHECK_CONFIG` (which must exist), else the platform config file if there is one.
fn path() -> Option<(PathBuf, bool)> {
    if let Some(p) = std::env::var_os("BOUNDCHECK_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some((base.join("boundcheck").join("config.yaml"), false))
}

pub fn load() -> Result<Config> {
    let Some((path, required)) = path() else {
        return Ok(Config::default());
    };
    if !required && !path.exists() {
        return Ok(Config::default());
    }
    let text = crate::files::read_text(&path)
        .map_err(|d| anyhow::anyhow!("{} (the config file)", d.render()))?;
    let raw: RawConfig = crate::yaml::from_str(&text).map_err(|e| {
        let d = crate::rules::yaml_diagnostic(&path.display().to_string(), &text, &e);
        anyhow::anyhow!("{} (the config file has `code:` and `rules:`)", d.render())
    })?;
    if let Some(code) = &raw.code {
        use clap::ValueEnum;
        if Code::from_str(code, true).is_err() {
            bail!(
                "{}: `code: {code}` is not a code boundcheck knows; use apa, aca, nasw, aamft or other",
                path.display()
            );
        }
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        code: raw.code.map(|c| c.to_lowercase()),
        rules: raw
            .rules
            .into_iter()
            .map(|r| if r.is_relative() { dir.join(r) } else { r })
            .collect(),
    })
}
