//! Shell completion: the shell asks the program itself (clap_complete's
//! dynamic completion, `COMPLETE=bash boundcheck`), so ids and answer values
//! come from the rules in force — the bundled set with the config file's
//! overlays — not from a script frozen at install time.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use boundcheck_rules::model::{Kind, RuleSet};
use boundcheck_rules::text::one_line;
use clap::CommandFactory as _;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
use clap_complete::{CompleteEnv, Shell};

/// The variable that turns a run into a completion request.
pub const VAR: &str = "COMPLETE";

/// Answers a completion request when the shell made one; `None` otherwise.
pub fn respond(args: &[OsString]) -> Option<Result<(), clap::Error>> {
    std::env::var_os(VAR).filter(|v| !v.is_empty() && v != "0")?;
    let cwd = std::env::current_dir().ok();
    match CompleteEnv::with_factory(crate::cli::Cli::command)
        .var(VAR)
        .try_complete(args.iter().cloned(), cwd.as_deref())
    {
        Ok(true) => Some(Ok(())),
        Ok(false) => None,
        Err(e) => Some(Err(e)),
    }
}

/// The script a shell sources to complete by asking `program`.
pub fn registration(shell: Shell, program: &OsStr) -> String {
    let adapter: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Elvish => &Elvish,
        Shell::Fish => &Fish,
        Shell::PowerShell => &Powershell,
        _ => &Zsh,
    };
    // Found on PATH: call it by name, so an upgrade is picked up; else by
    // its full path, so the script works from any directory.
    let program = Path::new(program);
    let completer = if program.components().count() > 1 {
        std::env::current_dir()
            .map(|d| d.join(program))
            .unwrap_or_else(|_| program.to_path_buf())
    } else {
        program.to_path_buf()
    };
    if shell == Shell::Bash {
        return bash(&completer.to_string_lossy());
    }
    let mut buf = Vec::new();
    let _ = adapter.write_registration(
        VAR,
        "boundcheck",
        "boundcheck",
        &completer.to_string_lossy(),
        &mut buf,
    );
    String::from_utf8_lossy(&buf).into_owned()
}

/// Bash splits `--set contact=gi` into three words at the `=` (its
/// COMP_WORDBREAKS), so clap's script never sees the answer being typed.
/// This one, speaking the same protocol, takes the words from the line as
/// typed and gives bash back only the part after its own split.
fn bash(completer: &str) -> String {
    let quoted = format!("'{}'", completer.replace('\'', r"'\''"));
    BASH.replace("COMPLETER", &quoted)
}

const BASH: &str = r#"# boundcheck completion for bash: `source <(boundcheck completions bash)`
_boundcheck() {
    local IFS=$'\013'
    local line="${COMP_LINE:0:COMP_POINT}"
    local -a words
    IFS=$' \t\n' read -ra words <<< "$line"
    if [[ -z "$line" || "$line" =~ [[:space:]]$ ]]; then
        words+=("")
    fi
    local cur="${words[${#words[@]}-1]}"
    local prefix="${cur%"$2"}"
    local space
    if compopt +o nospace 2> /dev/null; then
        space=false
    else
        space=true
    fi
    local -a reply
    reply=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$(( ${#words[@]} - 1 ))" \
        _CLAP_COMPLETE_COMP_TYPE="${COMP_TYPE}" \
        _CLAP_COMPLETE_SPACE="$space" \
        COMPLETE="bash" \
        COMPLETER -- "${words[@]}" \
    ) ) || { unset COMPREPLY; return; }
    COMPREPLY=( "${reply[@]#"$prefix"}" )
    if [[ $space == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _boundcheck boundcheck
else
    complete -o nospace -o bashdefault -F _boundcheck boundcheck
fi
"#;

/// The rules completion draws on: bundled, with the config file's overlays
/// when they load (a broken overlay completes from the bundled set alone).
fn rules() -> Option<&'static RuleSet> {
    let bundled = crate::bundled_static().ok()?;
    let overlays = crate::config::load(None, false)
        .map(|c| c.rules)
        .unwrap_or_default();
    if overlays.is_empty() {
        return Some(bundled);
    }
    match boundcheck_rules::load::with_overlays(bundled, &overlays) {
        Ok(set) => Some(Box::leak(Box::new(set))),
        Err(_) => Some(bundled),
    }
}

fn candidate(value: &str, help: &str) -> CompletionCandidate {
    CompletionCandidate::new(one_line(value)).help(Some(one_line(help).into()))
}

fn starting(current: &OsStr) -> String {
    current.to_string_lossy().into_owned()
}

/// `rules show` and `rules graph`: question, finding and rationale ids.
pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(r) = rules() else { return vec![] };
    let start = starting(current);
    let questions = r.questions.iter().map(|q| (&q.id, q.name().to_string()));
    let findings = r.findings.iter().map(|f| {
        (
            &f.id,
            format!("{} ({})", r.rationale_of(f).title, f.level.id()),
        )
    });
    let rationales = r.rationales.iter().map(|x| (&x.id, x.title.clone()));
    questions
        .chain(findings)
        .chain(rationales)
        .filter(|(id, _)| id.starts_with(&start))
        .map(|(id, help)| candidate(id, &help))
        .collect()
}

/// `--set ID=VALUE`: the question ids, then that question's answers.
pub fn sets(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(r) = rules() else { return vec![] };
    let start = starting(current);
    match start.split_once('=') {
        None => r
            .questions
            .iter()
            .filter(|q| q.id.starts_with(&start))
            .map(|q| candidate(&format!("{}=", q.id), q.name()))
            .collect(),
        Some((id, value)) => {
            let Some(q) = r.question(id) else {
                return vec![];
            };
            if q.kind == Kind::Number {
                return vec![];
            }
            q.choices
                .iter()
                .filter(|c| c.value.starts_with(value))
                .map(|c| candidate(&format!("{id}={}", c.value), &c.label))
                .collect()
        }
    }
}

/// `--code`: the answers of the ethics-code question.
pub fn codes(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(r) = rules() else { return vec![] };
    let start = starting(current);
    let Some(q) = r.question(boundcheck_rules::engine::CODE_QUESTION) else {
        return vec![];
    };
    q.choices
        .iter()
        .filter(|c| c.value.starts_with(&start))
        .map(|c| candidate(&c.value, &c.label))
        .collect()
}

/// `man COMMAND SUBCOMMAND`: the subcommands (0), or those of `rules` (1).
pub struct Pages(pub usize);

impl clap_complete::engine::ValueCompleter for Pages {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        let start = starting(current);
        let cli = crate::cli::Cli::command();
        let level = match self.0 {
            0 => Some(&cli),
            _ => cli.find_subcommand("rules"),
        };
        level
            .into_iter()
            .flat_map(|c| c.get_subcommands())
            .filter(|s| !s.is_hide_set() && s.get_name().starts_with(&start))
            .map(|s| {
                let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
                candidate(s.get_name(), &about)
            })
            .collect()
    }
}
