//! Running the real binary with a clean environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The bundled rule set, loaded once for all the tests that use the library.
pub fn bundled() -> &'static boundcheck::rules::RuleSet {
    static RULES: std::sync::OnceLock<boundcheck::rules::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| boundcheck::rules::RuleSet::bundled().expect("bundled rules load"))
}

/// Answers from `(question, value)` pairs, read as the command line reads them.
pub fn answers(
    rules: &boundcheck::rules::RuleSet,
    pairs: &[(&str, &str)],
) -> boundcheck::answer::Answers {
    let mut a = boundcheck::answer::Answers::new();
    for (id, v) in pairs {
        let q = rules
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        a.set(id, q.parse_answer(v).unwrap_or_else(|e| panic!("{e}")));
    }
    a
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
        .env("BOUNDCHECK_CONFIG", "")
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
    /// Asserts a bad-input exit: code 2, one clear message, no panic or backtrace.
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

/// A scenario with neutral answers for a current client's logistics text.
pub const LOGISTICS: &str = "\
answers:
  imminent_risk: no
  client_status: current
  contact: message
  initiated_by: client
  purpose: logistics
  channel_approved: yes
  after_hours: no
  frequency: occasional
  personal_interest: no
  client_vulnerability: no
  therapist_depleted: no
  policy_covers: yes
";
