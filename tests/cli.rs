//! At home in the terminal: plain prompts for screen readers, one colour
//! decision, man pages, completions that know the rules, config and streams.

use crate::common::*;

/// The number a plain prompt takes for `value` of question `id`.
fn number(id: &str, value: &str) -> String {
    let q = bundled().question(id).unwrap();
    (usize::from(q.choice_index(value).unwrap()) + 1).to_string()
}

/// The logistics text, with `imminent_risk` and `client_status` left to ask.
fn plain_assess(flags: &[&str], env: &[(&str, &str)]) -> Pty {
    let mut args = vec!["assess"];
    args.extend_from_slice(flags);
    let sets = [
        "contact=message",
        "initiated_by=client",
        "purpose=logistics",
        "channel_approved=yes",
        "after_hours=no",
        "frequency=none",
        "personal_interest=no",
        "client_vulnerability=no",
        "therapist_depleted=no",
        "policy_covers=yes",
    ];
    for s in &sets {
        args.push("--set");
        args.push(s);
    }
    spawn_pty(&args, env, (80, 24))
}

/// The first words of a question's prompt (the rest may be wrapped).
fn opening(id: &str) -> String {
    bundled()
        .question(id)
        .unwrap()
        .prompt
        .chars()
        .take(30)
        .collect()
}

fn no_escape_byte(out: &str, what: &str) {
    if let Some(i) = out.find('\x1b') {
        let from = out[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{what}: an escape sequence at byte {i}: {:?}\nwhole output:\n{out}",
            &out[from..(i + 10).min(out.len())]
        );
    }
}

#[test]
fn plain_prompts_are_lines_of_text_with_numbered_answers_and_no_escape_at_all() {
    // --plain in a colour terminal (NO_COLOR unset), and TERM=dumb without it.
    for (flags, env) in [
        (
            &["--plain"][..],
            &[("TERM", "xterm-256color"), ("NO_COLOR", "")][..],
        ),
        (&[][..], &[("TERM", "dumb"), ("NO_COLOR", "")][..]),
    ] {
        let what = format!("{flags:?} {env:?}");
        let mut p = plain_assess(flags, env);
        let risk = bundled().question("imminent_risk").unwrap();
        p.wait_for(&opening("imminent_risk"));
        p.wait_for("Type the number of your answer, b to go back, ? for help.");
        for (i, c) in risk.choices.iter().enumerate() {
            assert!(
                p.seen.contains(&format!(
                    "  {}. {}",
                    i + 1,
                    c.label.chars().take(40).collect::<String>()
                )),
                "{what}: answer {} numbered:\n{}",
                i + 1,
                p.seen
            );
        }
        p.wait_for("Answer: ");
        // Help, then a wrong number, then the answer.
        p.send("?\r");
        p.wait_for("Answer: ");
        p.send("9\r");
        p.wait_for("Answer: ");
        p.send(&format!("{}\r", number("imminent_risk", "no")));
        p.wait_for(&opening("client_status"));
        p.wait_for("Answer: ");
        // Back to the first question, whose earlier answer is Enter's default.
        p.send("b\r");
        p.wait_for(&format!("or Enter for {}.", number("imminent_risk", "no")));
        p.wait_for("Answer: ");
        p.send("\r");
        p.wait_for(&opening("client_status"));
        p.wait_for("Answer: ");
        p.send(&format!("{}\r", number("client_status", "current")));
        p.wait_for("Proceed");
        let (out, code) = p.finish();
        assert_eq!(code, 0, "{what}: {out}");
        no_escape_byte(&out, &what);
        assert!(out.contains("Words you could use"), "{what}: {out}");
        // Every line fits the 80 columns, the help that `?` printed too.
        let long: Vec<&str> = out
            .lines()
            // The test's terminal does not echo what is typed, so the help
            // follows the prompt on its line; a real one puts it on the next.
            .map(|l| l.trim_end_matches('\r'))
            .map(|l| l.strip_prefix("Answer: ").unwrap_or(l))
            .filter(|l| l.chars().count() > 80)
            .collect();
        assert!(long.is_empty(), "{what}: {long:#?}");
        // Read aloud: numbered steps, words, no marks a screen reader spells out.
        assert!(out.contains("What to do\r\n  1. "), "{what}: {out}");
        for mark in ["⚑", "[ ]", "→", " · "] {
            assert!(
                !out.contains(mark),
                "{what}: {mark:?} in plain output:\n{out}"
            );
        }
    }
}

#[test]
fn plain_teach_reads_as_lines_of_text_with_every_answer_and_no_escape() {
    // A class followed with a screen reader: nothing cut to the window (the
    // kinds of contact all listed), answers numbered, keys by name, no rules.
    let mut p = spawn_pty(
        &[
            "teach",
            "--plain",
            "examples/09-chance-encounter-supermarket.yaml",
        ],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "")],
        (80, 24),
    );
    p.wait_for("Keys: Enter: begin, ?: keys, q: quit.");
    for _ in 0..3 {
        p.send("\r");
    }
    p.wait_for("question 3 of 9");
    p.wait_for("Keys: Enter: next, Esc: back");
    p.send("q");
    let (out, code) = p.finish();
    assert_eq!(code, 0, "{out}");
    no_escape_byte(&out, "teach --plain");
    let contact = bundled().question("contact").unwrap();
    let last = contact.choices.len();
    assert!(
        out.contains("  5. A chance meeting in public (the answer)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("  {last}. Contact you don't want")),
        "every answer listed:\n{out}"
    );
    assert!(
        out.contains("So far: Imminent risk: No, nothing in it suggests any risk; Client status"),
        "{out}"
    );
    for mark in ["═", "─", "●", "○", "→", "↓ more", " · "] {
        assert!(!out.contains(mark), "{mark:?} in plain teach:\n{out}");
    }
}

#[test]
fn color_never_reaches_clap_s_own_errors_and_help_in_a_terminal() {
    let env = [("TERM", "xterm-256color"), ("NO_COLOR", "")];
    for args in [
        &["--color", "never", "assess", "--bogus"][..],
        &["--color=never", "rules", "shw"][..],
        &["--plain", "assess", "--bogus"][..],
        &["--color", "never", "assess", "--help"][..],
    ] {
        let p = spawn_pty(args, &env, (80, 24));
        let (out, code) = p.finish();
        let what = format!("{args:?}");
        no_escape_byte(&out, &what);
        assert!(code == 2 || code == 0, "{what}: {code}");
        if code == 2 {
            assert!(out.contains("error:"), "{what}: {out}");
            assert_eq!(out.matches("error:").count(), 1, "{what}: one error: {out}");
        }
    }
    // And colour is what a terminal gets when nothing says otherwise.
    let (out, _) = spawn_pty(&["assess", "--bogus"], &env, (80, 24)).finish();
    assert!(
        out.contains("\x1b["),
        "clap's error is coloured by default: {out}"
    );
}

#[test]
fn an_argument_never_reaches_the_terminal_as_an_escape_sequence_through_clap() {
    // clap quotes what it was given; in colour and without, nothing of it is raw.
    for color in ["always", "never"] {
        let r = run(&[
            "--color",
            color,
            "completions",
            "b\u{1b}]2;PWNED\u{7}\u{202e}\u{200b}x\r",
        ]);
        assert_eq!(r.code, 2, "{color}");
        let expected = "invalid value 'b\\u{202e}\\u{200b}x\\r' for '<SHELL>'\n  \
                        [possible values: bash, elvish, fish, powershell, zsh]\n\n\
                        For more information, try '--help'.\n";
        let prefix = if color == "always" {
            "\u{1b}[1;31merror:\u{1b}[0m "
        } else {
            "error: "
        };
        assert_eq!(r.stderr, format!("{prefix}{expected}"), "{color}");
    }
}

/// Runs the real bash completion script on `line`, with the words bash
/// would hand it (split at `=` too, as COMP_WORDBREAKS does), and returns
/// what it offers.
fn bash_complete(line: &str) -> Vec<String> {
    let script = r#"source <("$BIN" completions bash) || exit 9
COMP_LINE="$LINE"; COMP_POINT=${#LINE}; COMP_TYPE=9
read -ra COMP_WORDS <<< "${LINE//=/ = }"
[[ "$LINE" =~ [[:space:]]$ ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
cur="${COMP_WORDS[COMP_CWORD]}"
[[ "$cur" == "=" ]] && cur=""
_boundcheck boundcheck "$cur" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let mut bash = std::process::Command::new("bash");
    bash.args(["--norc", "--noprofile", "-c", script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent-home")
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .env("BIN", bin())
        .env("LINE", line)
        .current_dir(root());
    let r = run_cmd(&mut bash);
    assert_eq!(r.code, 0, "bash: {}", r.stderr);
    r.stdout.lines().map(str::to_string).collect()
}

#[test]
fn completion_offers_the_ids_and_answers_of_the_rules() {
    let rules = bundled();
    // `rules show gif<TAB>`: every id that starts so, questions first.
    let expected: Vec<String> = rules
        .questions
        .iter()
        .map(|q| q.id.clone())
        .chain(rules.findings.iter().map(|f| f.id.clone()))
        .chain(rules.rationales.iter().map(|r| r.id.clone()))
        .filter(|id| id.starts_with("gif"))
        .collect();
    assert!(expected.iter().any(|id| id.starts_with("gift-")));
    assert_eq!(bash_complete("boundcheck rules show gif"), expected);
    assert_eq!(
        bash_complete("boundcheck rules graph dependen"),
        vec!["dependency"]
    );
    // `--set`: the question ids, then the answers of the one named; bash
    // gets back only what follows its split at `=`.
    assert_eq!(
        bash_complete("boundcheck assess --set contac"),
        vec!["contact="]
    );
    assert_eq!(
        bash_complete("boundcheck assess --set contact=gi"),
        vec!["gift"]
    );
    let values: Vec<String> = rules
        .question("client_status")
        .unwrap()
        .values()
        .map(str::to_string)
        .collect();
    assert_eq!(
        bash_complete("boundcheck assess --set client_status="),
        values
    );
    assert_eq!(
        bash_complete("boundcheck practice examples --code a"),
        vec!["apa", "aca", "aamft"]
    );
    assert_eq!(bash_complete("boundcheck man rules ver"), vec!["verify"]);
    // Files where a file is wanted.
    assert_eq!(
        bash_complete("boundcheck assess --scenario examples/05-"),
        vec!["examples/05-frequent-texts-strong-attachment.yaml"]
    );

    // The other shells ask by the same protocol; fish shows the help too.
    let fish = run_cmd(cmd().env("COMPLETE", "fish").args([
        "--",
        "boundcheck",
        "rules",
        "show",
        "gift-mod",
    ]));
    fish.ok();
    let first = fish.stdout.lines().next().unwrap_or_default();
    let f = rules.finding("gift-modest").unwrap();
    assert_eq!(
        first,
        format!(
            "gift-modest\t{} ({})",
            rules.rationale_of(f).title,
            f.level.id()
        )
    );
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        r.ok();
        assert!(r.stdout.contains("COMPLETE"), "{shell}: {}", r.stdout);
        assert!(r.stdout.contains(bin()), "{shell} calls this binary");
    }
    run(&["completions", "tcsh"]).bad_input();
}

#[test]
fn a_man_page_for_every_subcommand_with_environment_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let r = run(&["man", "--dir", out.to_str().unwrap()]);
    r.ok();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for page in [
        "boundcheck.1",
        "boundcheck-assess.1",
        "boundcheck-practice.1",
        "boundcheck-teach.1",
        "boundcheck-check.1",
        "boundcheck-rules.1",
        "boundcheck-rules-verify.1",
        "boundcheck-rules-show.1",
        "boundcheck-completions.1",
        "boundcheck-man.1",
    ] {
        assert!(names.iter().any(|n| n == page), "{page} in {names:?}");
    }
    let man = which("man");
    for name in &names {
        let path = out.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.is_ascii(), "{name}: groff reads it in any locale");
        for section in [
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"EXIT STATUS\"",
            ".SH OPTIONS",
        ] {
            assert!(text.contains(section), "{name} has {section}");
        }
        if let Some(man) = &man {
            let shown = std::process::Command::new(man)
                .args(["-l", path.to_str().unwrap()])
                .env("MANPAGER", "cat")
                .env("MANWIDTH", "80")
                .env("MAN_KEEP_FORMATTING", "")
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&shown.stdout);
            let stderr = String::from_utf8_lossy(&shown.stderr);
            assert!(shown.status.success(), "man -l {name}: {stderr}");
            assert!(stderr.trim().is_empty(), "man -l {name} warns: {stderr}");
            assert!(stdout.contains("ENVIRONMENT") && stdout.contains("BOUNDCHECK_CONFIG"));
        }
    }
    // One page on stdout, by the words one types.
    let verify = run(&["man", "rules", "verify"]);
    verify.ok();
    assert!(verify.stdout.contains(".TH BOUNDCHECK-RULES-VERIFY 1"));
    assert!(verify
        .stdout
        .contains("boundcheck rules verify my\\-rules/"));
    run(&["man", "rules", "verfy"])
        .bad_input()
        .says(&["`boundcheck rules` has no subcommand `verfy`", "verify"]);
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

#[test]
fn an_empty_config_file_is_harmless_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["", "\n", "# nothing yet\n", "---\n"] {
        let cfg = write(dir.path(), "config.yaml", text);
        for args in [
            &["rules", "list"][..],
            &["rules", "validate"][..],
            &["rules", "schema", "rules"][..],
            &["check", "examples/01-reschedule-text.yaml"][..],
            &["assess", "--scenario", "examples/01-reschedule-text.yaml"][..],
        ] {
            let r = run_cmd(cmd().env("BOUNDCHECK_CONFIG", &cfg).args(args));
            assert_eq!(r.code, 0, "{text:?} {args:?}: {}", r.stderr);
        }
    }
    // A malformed one: one message, where and what.
    let cfg = write(dir.path(), "config.yaml", "code aca\n");
    let r = run_cmd(cmd().env("BOUNDCHECK_CONFIG", &cfg).args(["rules", "list"]));
    r.bad_input();
    assert_eq!(r.stderr.matches("error").count(), 1, "{}", r.stderr);
    r.says(&["config.yaml (the config file):1:1", "code: apa"]);
    // A code the rules do not know: at its place in the file, like any other problem.
    let cfg = write(dir.path(), "config.yaml", "# mine\ncode: apaa\n");
    let r = run_cmd(
        cmd()
            .env("BOUNDCHECK_CONFIG", &cfg)
            .args(["check", "examples/01-reschedule-text.yaml"]),
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "{} (the config file):2:7: error: `apaa` is not an ethics code these rules know (did you mean `apa`?); the codes are apa, aca, nasw, aamft, bacp, crpo or other\n",
            cfg.display()
        )
    );
}

#[test]
fn help_to_a_full_disk_is_an_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else { return };
    for args in [&["--help"][..], &["man"][..], &["rules", "list"][..]] {
        let r = run_cmd(cmd().args(args).stdout(full.try_clone().unwrap()));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn rust_version_is_the_highest_that_a_locked_dependency_needs() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let version = |p: &serde_json::Value| -> Option<(u32, u32, u32)> {
        let mut parts = p["rust_version"]
            .as_str()?
            .split('.')
            .map(|n| n.parse().unwrap());
        Some((
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        ))
    };
    let packages = meta["packages"].as_array().unwrap();
    let (needed, by) = packages
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap()))
        .filter_map(|p| Some((version(p)?, p["name"].as_str()?.to_string())))
        .max()
        .expect("some dependency declares a rust-version");
    for p in packages
        .iter()
        .filter(|p| members.contains(&p["id"].as_str().unwrap()))
    {
        assert_eq!(
            version(p),
            Some(needed),
            "{}: rust-version should be {needed:?}, as {by} needs",
            p["name"]
        );
    }
}
