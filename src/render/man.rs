//! Man pages, generated from the clap definition: one for `boundcheck` and
//! one for every subcommand, each with the sections clap_mangen draws
//! (name, synopsis, description, options, subcommands) and those it cannot
//! know: examples, exit status, environment, files, see also.

use clap_mangen::roff::{bold, roman, Roff};

/// Every page: (file name, roff), the program's first, then each
/// subcommand's, depth first, in the order of `--help`.
pub fn pages(cmd: &clap::Command) -> Vec<(String, String)> {
    let mut cmd = cmd.clone().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, None, &mut out);
    out
}

/// The page of the subcommand named by `path` (empty: the program's own).
pub fn page<'a>(
    cmd: &clap::Command,
    path: impl IntoIterator<Item = &'a String>,
) -> Result<String, String> {
    let path: Vec<&String> = path.into_iter().collect();
    let mut cmd = cmd.clone().disable_help_subcommand(true);
    cmd.build();
    let mut at = &cmd;
    let mut parent = None;
    for (i, name) in path.iter().enumerate() {
        let Some(sub) = at.get_subcommands().find(|s| {
            s.get_name() == name.as_str() || s.get_all_aliases().any(|a| a == name.as_str())
        }) else {
            let known: Vec<&str> = at
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| s.get_name())
                .collect();
            let under = if i == 0 {
                "boundcheck".to_string()
            } else {
                let names: Vec<&str> = path[..i].iter().map(|s| s.as_str()).collect();
                format!("boundcheck {}", names.join(" "))
            };
            return Err(format!(
                "`{under}` has no subcommand `{}`; its pages are for {}",
                boundcheck_rules::text::excerpt(name, 40),
                boundcheck_rules::model::or_list(&known)
            ));
        };
        parent = Some(at);
        at = sub;
    }
    Ok(render(at, parent))
}

fn collect<'a>(
    cmd: &'a clap::Command,
    parent: Option<&'a clap::Command>,
    out: &mut Vec<(String, String)>,
) {
    out.push((format!("{}.1", display(cmd)), render(cmd, parent)));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, Some(cmd), out);
    }
}

/// `boundcheck-rules-verify`, as clap names a built subcommand.
fn display(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

fn render(cmd: &clap::Command, parent: Option<&clap::Command>) -> String {
    let man = clap_mangen::Man::new(cmd.clone())
        .title(display(cmd).to_uppercase())
        .manual("boundcheck manual")
        .source(format!("boundcheck {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = man.render_title(&mut buf);
    let _ = man.render_name_section(&mut buf);
    let _ = man.render_synopsis_section(&mut buf);
    let _ = man.render_description_section(&mut buf);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut buf);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        let _ = man.render_subcommands_section(&mut buf);
    }
    let mut roff = Roff::new();
    notes_and_examples(&mut roff, cmd);
    exit_status(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, cmd, parent);
    let _ = roff.to_writer(&mut buf);
    ascii(&String::from_utf8_lossy(&buf))
}

/// Every character beyond ASCII as groff's `\[uXXXX]`, so the page reads the
/// same whatever the input encoding man assumes.
fn ascii(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// The long help after the options: its prose as NOTES, the lines after
/// "Examples:" as EXAMPLES, kept as typed.
fn notes_and_examples(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) else {
        return;
    };
    let text = text.to_string();
    let (notes, examples) = match text.split_once("Examples:") {
        Some((n, e)) => (n.trim(), e),
        None => (text.trim(), ""),
    };
    // The top-level after-help names the exit codes: EXIT STATUS says them.
    let notes: Vec<&str> = notes
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.contains("Exit codes:"))
        .collect();
    if !notes.is_empty() {
        roff.control("SH", ["NOTES"]);
        for (i, p) in notes.iter().enumerate() {
            if i > 0 {
                roff.control("PP", []);
            }
            roff.text([roman(p.replace('\n', " "))]);
        }
    }
    let lines: Vec<&str> = examples
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !lines.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for l in lines {
            roff.control("TP", []);
            roff.text([bold(l)]);
        }
    }
}

fn item(roff: &mut Roff, term: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(term)]);
    roff.text([roman(text)]);
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    item(roff, "0", "Done: a recommendation was given, a class ended with q, or what was asked for was printed.");
    item(roff, "1", "check found a scenario whose result is not what it expects, or rules verify found a broken property.");
    item(roff, "2", "Bad input: a rule, scenario or config file, an argument, or a file that could not be read or written. The message names the file, line and column.");
    item(
        roff,
        "130",
        "Interrupted by Ctrl-C (or Esc at the first question); nothing half-written is left.",
    );
    item(
        roff,
        "143, 129",
        "Stopped by SIGTERM or SIGHUP; the terminal is restored.",
    );
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    item(
        roff,
        "BOUNDCHECK_CONFIG",
        "The config file to read, unless --config or --no-config is given.",
    );
    item(
        roff,
        "NO_COLOR",
        "When set and not empty, no colour (unless --color always).",
    );
    item(roff, "CLICOLOR_FORCE", "When set and not 0, colour even when the output is not a terminal (unless --color never or NO_COLOR).");
    item(roff, "TERM", "dumb turns on --plain: one line per prompt, numbered answers, no colour or cursor movement.");
    item(roff, "COMPLETE", "Set by the script of boundcheck completions when the shell asks for completions; not for use by hand.");
    item(roff, "XDG_CONFIG_HOME, XDG_DATA_HOME", "Where the config file and practice progress live on Linux and other free systems (default ~/.config and ~/.local/share).");
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    item(
        roff,
        "$XDG_CONFIG_HOME/boundcheck/config.yaml",
        "The config file on Linux; on macOS ~/Library/Application Support/boundcheck/config.yaml; on Windows %APPDATA%\\boundcheck\\config\\config.yaml. It may set code: (the ethics code of your practice) and rules: (rule files laid over the bundled set, relative to the file). An empty file is fine.",
    );
    item(
        roff,
        "$XDG_DATA_HOME/boundcheck/practice/",
        "Practice progress, one file per scenario directory and rule set, readable by you only; on macOS ~/Library/Application Support/boundcheck/practice, on Windows %APPDATA%\\boundcheck\\data\\practice.",
    );
}

fn see_also(roff: &mut Roff, cmd: &clap::Command, parent: Option<&clap::Command>) {
    let mut names: Vec<String> = parent.map(display).into_iter().collect();
    names.extend(
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(display),
    );
    if names.is_empty() {
        return;
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut inline = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            inline.push(roman(", "));
        }
        inline.push(bold(n.as_str()));
        inline.push(roman("(1)"));
    }
    roff.text(inline);
}
