//! What every test file shares: the bundled rules, the neutral-answer fixture,
//! the real binary with a clean environment, and one pseudo-terminal helper.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use boundcheck::rules::engine::{self, Assessment};
use boundcheck::rules::{Level, RuleSet, Sheet};

/// The bundled rule set (from the build-time snapshot), loaded once.
pub fn bundled() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| boundcheck::bundled().expect("the bundled rules decode"))
}

/// SPEC's neutral answers: the declared default; otherwise `no`, except these.
const NEUTRAL_EXCEPT: &[(&str, &str)] = &[
    ("channel_approved", "yes"),
    ("policy_covers", "yes"),
    ("frequency", "none"),
    ("initiated_by", "client"),
    ("purpose", "logistics"),
    ("gift_value", "token"),
    ("ethics_code", "apa"),
    // Facts with no neutral answer, for fixtures (SPEC: "a fixture answers them").
    ("client_status", "current"),
    ("contact", "message"),
    ("months_since_end", "36"),
];

/// Answers from `(question, value)` pairs, read as the command line reads them.
pub fn sheet(rules: &RuleSet, pairs: &[(&str, &str)]) -> Sheet {
    let mut s = rules.sheet();
    for (id, v) in pairs {
        let q = rules
            .question_index(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        s[q] = Some(
            rules.questions[q]
                .parse_value(v)
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    s
}

/// Every question answered neutrally, then `changes` on top. Questions that
/// are not asked ignore their answers.
pub fn neutral(rules: &RuleSet, changes: &[(&str, &str)]) -> Sheet {
    let mut s = rules.sheet();
    for (q, question) in rules.questions.iter().enumerate() {
        let value = NEUTRAL_EXCEPT
            .iter()
            .find(|(id, _)| *id == question.id)
            .and_then(|(_, v)| question.parse_value(v).ok())
            .or(question.default)
            .or_else(|| question.parse_value("no").ok())
            .or_else(|| question.all_choices().next());
        s[q] = value;
    }
    for (id, v) in changes {
        let q = rules
            .question_index(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        s[q] = Some(
            rules.questions[q]
                .parse_value(v)
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    s
}

/// The assessment of neutral answers with `changes`, on the bundled rules.
pub fn assess(changes: &[(&str, &str)]) -> Assessment {
    let rules = bundled();
    engine::assess_given(rules, &neutral(rules, changes)).unwrap_or_else(|missing| {
        let ids: Vec<&str> = missing
            .iter()
            .map(|&q| rules.questions[q].id.as_str())
            .collect();
        panic!("no answer for {ids:?}")
    })
}

pub fn level(changes: &[(&str, &str)]) -> Level {
    assess(changes).recommendation
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_boundcheck")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary with an environment that does not depend on the developer's shell.
pub fn cmd() -> Command {
    let mut c = Command::new(bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent-home")
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .env("XDG_DATA_HOME", "/nonexistent-data")
        .env("RUST_BACKTRACE", "1")
        .current_dir(root())
        .stdin(Stdio::null());
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    run_cmd(cmd().args(args))
}

pub fn run_cmd(c: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("the binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

impl Run {
    /// A bad-input exit: code 2, one clear message, no panic or backtrace, nothing on stdout.
    pub fn bad_input(&self) -> &Self {
        assert_eq!(
            self.code, 2,
            "expected exit 2\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        assert!(
            !self.stderr.contains("stack backtrace"),
            "backtrace: {}",
            self.stderr
        );
        assert!(!self.stderr.trim().is_empty(), "no message on stderr");
        assert!(
            self.stdout.is_empty(),
            "nothing on stdout for bad input: {}",
            self.stdout
        );
        self
    }

    /// Asserts that stderr says each of `parts`, naming the one it does not.
    pub fn says(&self, parts: &[&str]) -> &Self {
        for part in parts {
            assert!(
                self.stderr.contains(part),
                "stderr lacks {part:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts that stdout shows each of `parts`, naming the one it does not.
    pub fn shows(&self, parts: &[&str]) -> &Self {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "stdout lacks {part:?}:\n{}",
                self.stdout
            );
        }
        self
    }

    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected exit 0\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A scenario of neutral answers for a current client's logistics text.
pub const LOGISTICS: &str = "\
answers:
  imminent_risk: no
  client_status: current
  contact: message
  initiated_by: client
  purpose: logistics
  channel_approved: yes
  after_hours: no
  frequency: none
  personal_interest: no
  client_vulnerability: no
  therapist_depleted: no
  policy_covers: yes
";

// ---- The real prompts through a pseudo-terminal ----

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
/// The marker of the selected item (dialoguer's plain theme, as NO_COLOR gives).
pub const LIST_DRAWN: &str = "> ";

pub struct Pty {
    pub session: expectrl::session::OsSession,
    /// Everything read so far.
    pub seen: String,
}

/// The binary in a pseudo-terminal of `cols`×`rows`, with a clean environment and `env` on top.
pub fn spawn_pty(args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Pty {
    let mut c = Command::new(bin());
    c.args(args)
        .current_dir(root())
        .env_clear()
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("HOME", "/nonexistent-home")
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .env("XDG_DATA_HOME", "/nonexistent-data")
        .env("RUST_BACKTRACE", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    let mut session = expectrl::Session::spawn(c).expect("spawn in a pty");
    session
        .get_process_mut()
        .set_window_size(size.0, size.1)
        .expect("set the window size");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    Pty {
        session,
        seen: String::new(),
    }
}

impl Pty {
    /// Waits until `text` appears (never sleeps a fixed time).
    pub fn wait_for(&mut self, text: &str) {
        use expectrl::Expect;
        match self.session.expect(text) {
            // All bytes up to the end of the match (the text before it, and it).
            Ok(found) => self
                .seen
                .push_str(&String::from_utf8_lossy(found.as_bytes())),
            Err(e) => panic!("waiting for {text:?}: {e}\nseen so far:\n{}", self.seen),
        }
    }

    pub fn send(&mut self, keys: &str) {
        use expectrl::Expect;
        self.session.send(keys).expect("send keys");
    }

    /// Waits for `prompt`, then presses Down `downs` times and Enter.
    pub fn pick(&mut self, prompt: &str, downs: usize) {
        self.wait_for(prompt);
        // The list is drawn after the prompt: wait for its selection marker.
        self.wait_for(LIST_DRAWN);
        let keys = DOWN.repeat(downs) + ENTER;
        self.send(&keys);
    }

    /// Waits until question `id`'s list is on screen.
    pub fn wait_question(&mut self, id: &str) {
        let q = bundled()
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        let prompt: String = q.prompt.chars().take(30).collect();
        self.wait_for(&prompt);
        self.wait_for(LIST_DRAWN);
    }

    /// Answers question `id` with `value` (SPEC's stable ids): waits for its
    /// prompt and moves to the answer from where the list starts (the default, or the first).
    pub fn answer(&mut self, id: &str, value: &str) {
        let rules = bundled();
        let q = rules
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        let target = q
            .choice_index(value)
            .unwrap_or_else(|| panic!("{id} has no answer {value}")) as i32;
        let start = match q.default {
            Some(boundcheck::rules::Value::Choice(i)) => i as i32,
            _ => 0,
        };
        let prompt: String = q.prompt.chars().take(30).collect();
        self.wait_for(&prompt);
        self.wait_for(LIST_DRAWN);
        let moves = if target >= start {
            DOWN.repeat((target - start) as usize)
        } else {
            UP.repeat((start - target) as usize)
        };
        self.send(&(moves + ENTER));
    }

    /// The rest of the output and the exit code (or 128 + the signal).
    pub fn finish(mut self) -> (String, i32) {
        let mut out = Vec::new();
        let _ = std::io::Read::read_to_end(&mut self.session, &mut out);
        self.seen.push_str(&String::from_utf8_lossy(&out));
        let status = self.session.get_process().wait().expect("the child ends");
        let code = match status {
            expectrl::process::unix::WaitStatus::Exited(_, code) => code,
            expectrl::process::unix::WaitStatus::Signaled(_, sig, _) => 128 + sig as i32,
            other => panic!("unexpected wait status {other:?}"),
        };
        (self.seen, code)
    }
}

/// The cursor was hidden for a list at some point, and shown again after it.
pub fn assert_cursor_restored(output: &str) {
    let hidden = output.rfind("\x1b[?25l");
    let shown = output.rfind("\x1b[?25h");
    assert!(
        shown.is_some() && shown > hidden,
        "cursor restored: {output:?}"
    );
}
