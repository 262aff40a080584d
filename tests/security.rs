//! Untrusted files never take over a terminal or leak a secret; a save never
//! loses the result; broken directory entries are failed scenarios; full and
//! closed streams and thread limits are survived. All on the real binary.

use std::path::Path;

use crate::common::*;

/// What a terminal must never receive from a file: C0 controls but newline and
/// tab, DEL, C1, bidi controls and invisible characters.
fn assert_no_control(what: &str, text: &str) {
    for (i, c) in text.char_indices() {
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{2060}' | '\u{feff}');
        assert!(
            !bad,
            "{what}: a raw U+{:04X} at byte {i}: {text:?}",
            c as u32
        );
    }
}

/// The payloads, as YAML escapes in a double-quoted string.
const PAYLOADS: &[(&str, &str)] = &[
    ("title", r#"\e]0;PWNED\a"#),
    ("OSC 52 clipboard", r#"\e]52;c;cm0gLXJmIH4=\a"#),
    (
        "OSC 8 link",
        r#"\e]8;;https://example.com\e\\click\e]8;;\e\\"#,
    ),
    ("clear screen", r#"\e[2J\e[H"#),
    ("C1 CSI", r#"\u009b2J"#),
    ("bell and backspace", r#"ok\a\b\b"#),
    ("carriage return", r#"safe\rEVIL"#),
    ("bidi override", r#"\u202eevil"#),
    ("zero-width space", r#"a\u200bb"#),
    ("DEL", r#"x\x7fy"#),
];

fn scenario_with(field: &str, payload: &str) -> String {
    let quoted = format!("\"{payload}\"");
    match field {
        "title" | "vignette" | "discussion" => format!("{field}: {quoted}\n{LOGISTICS}"),
        "tag" => format!("tags: [{quoted}]\n{LOGISTICS}"),
        "note" => format!("{LOGISTICS}notes:\n  contact: {quoted}\n"),
        "answer" => LOGISTICS.replace("contact: message", &format!("contact: {quoted}")),
        "key" => LOGISTICS.replace("  contact: message", &format!("  {quoted}: message")),
        _ => unreachable!(),
    }
}

fn rule_file_with(field: &str, payload: &str) -> String {
    let q = format!("\"{payload}\"");
    let finding = |because: &str, safeguard: &str, reply: &str, reference: &str| {
        format!("id: mine\ntitle: Mine\nfindings:\n  - id: a\n    level: consult\n    when: {{contact: gift}}\n    because: {because}\n    safeguards: [{safeguard}]\n    reply: {reply}\n    references: [{reference}]\n")
    };
    match field {
        "because" => finding(&q, "S", "R", "APA 3.05"),
        "safeguard" => finding("B", &q, "R", "APA 3.05"),
        "reply" => finding("B", "S", &q, "APA 3.05"),
        "reference" => finding("B", "S", "R", &q),
        "title" => format!("id: mine\ntitle: {q}\nfindings: []\n"),
        "about" => format!("id: mine\nabout: {q}\nfindings: []\n"),
        "prompt" | "help" | "label" => {
            let (prompt, help, label) = match field {
                "prompt" => (q.as_str(), "H", "L"),
                "help" => ("P", q.as_str(), "L"),
                _ => ("P", "H", q.as_str()),
            };
            format!("id: mine\nquestions:\n  - id: extra\n    prompt: {prompt}\n    help: {help}\n    kind: choice\n    answers:\n      one: {label}\n      two: Two\n    default: one\nfindings:\n  - id: a\n    level: consult\n    when: {{extra: two}}\n    because: B.\n    reply: R.\n")
        }
        _ => unreachable!(),
    }
}

#[test]
fn escapes_in_any_field_of_a_scenario_are_refused_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    for field in [
        "title",
        "vignette",
        "discussion",
        "tag",
        "note",
        "answer",
        "key",
    ] {
        for (what, payload) in PAYLOADS {
            let f = write(dir.path(), "s.yaml", &scenario_with(field, payload));
            for args in [
                vec!["assess", "--scenario"],
                vec!["check"],
                vec!["teach", "--no-pause"],
            ] {
                let mut a = args.clone();
                a.push(f.to_str().unwrap());
                let r = run(&a);
                assert!(
                    r.code == 2 || r.code == 1,
                    "{field}/{what} via {args:?}: refused\n{}{}",
                    r.stdout,
                    r.stderr
                );
                assert_no_control(&format!("{field}/{what} stdout"), &r.stdout);
                assert_no_control(&format!("{field}/{what} stderr"), &r.stderr);
                let said = format!("{}{}", r.stdout, r.stderr);
                assert!(
                    said.contains("s.yaml:"),
                    "{field}/{what}: the file and line are named: {said}"
                );
            }
        }
    }
}

#[test]
fn escapes_in_any_field_of_a_rule_file_are_refused_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    for field in [
        "because",
        "safeguard",
        "reply",
        "reference",
        "title",
        "about",
        "prompt",
        "help",
        "label",
    ] {
        for (what, payload) in PAYLOADS {
            let f = write(dir.path(), "mine.yaml", &rule_file_with(field, payload));
            for args in [
                vec!["rules", "validate"],
                vec!["rules", "list", "--rules"],
                vec![
                    "assess",
                    "--scenario",
                    "examples/01-reschedule-text.yaml",
                    "--rules",
                ],
            ] {
                let mut a = args.clone();
                a.push(f.to_str().unwrap());
                let r = run(&a);
                r.bad_input();
                assert_no_control(&format!("{field}/{what}"), &r.stderr);
                r.says(&["mine.yaml:", "could control a terminal"]);
            }
        }
    }
}

#[test]
fn names_and_arguments_with_escapes_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;PWNED\u{7}.yaml";
    write(
        dir.path(),
        name,
        &format!("{LOGISTICS}expect:\n  recommendation: consult\n"),
    );
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_no_control("a file name in check", &r.stdout);
    r.shows(&["evil\\e]0;PWNED\\a.yaml"]);
    let r = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_no_control("a file name in JSON", &r.stdout);

    // A newline in --set must not forge a second `error:` line.
    let r = run(&["assess", "--set", "contact=gift\nerror: all is well"]);
    r.bad_input();
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_no_control("--set", &r.stderr);
    // A huge value is quoted short.
    let long = format!("contact={}", "x".repeat(100_000));
    let r = run(&["assess", "--set", &long]);
    r.bad_input();
    assert!(r.stderr.len() < 1_000, "{} bytes", r.stderr.len());
    // The config file's code.
    let cfg = write(dir.path(), "config.yaml", "code: \"apa\\e[2J\"\n");
    let r = run_cmd(cmd().env("BOUNDCHECK_CONFIG", &cfg).args([
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
    ]));
    r.bad_input();
    assert_no_control("config code", &r.stderr);
    // A path argument.
    let r = run(&["assess", "--scenario", "no\u{1b}[2Jsuch.yaml"]);
    r.bad_input();
    assert_no_control("a path argument", &r.stderr);
}

#[cfg(unix)]
#[test]
fn a_link_to_a_secret_never_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = [
        ("key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n", "b3BlbnNzaC1rZXktdjE"),
        ("credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n", "wJalrXUtnFEMI"),
        ("dotenv", "DATABASE_PASSWORD=correct-horse-battery-staple\nAPI_TOKEN=tok_live_123456\n", "correct-horse"),
        ("yaml secrets", "password: correct-horse-battery-staple\ntoken: tok_live_123456\n", "correct-horse"),
    ];
    for (what, secret, tell) in secrets {
        let target = write(dir.path(), &format!("{what}.txt"), secret);
        let link = dir.path().join("innocent.yaml");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let l = link.to_str().unwrap();
        for args in [
            vec!["check", l],
            vec!["check", l, "--format", "json"],
            vec!["rules", "validate", l],
            vec![
                "assess",
                "--scenario",
                "examples/01-reschedule-text.yaml",
                "--rules",
                l,
            ],
            vec!["assess", "--scenario", l],
            vec!["--config", l, "rules", "list"],
        ] {
            let r = run(&args);
            assert!(r.code == 1 || r.code == 2, "{what} via {args:?}");
            let said = format!("{}{}", r.stdout, r.stderr);
            assert!(
                !said.contains(tell),
                "{what} via {args:?} printed the secret:\n{said}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn broken_entries_in_a_directory_are_failed_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a-good.yaml",
        &format!("{LOGISTICS}expect:\n  recommendation: proceed\n"),
    );
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.yaml"),
        dir.path().join("b-dangling.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("c-loop.yaml"),
        dir.path().join("c-loop.yaml"),
    )
    .unwrap();
    let fifo = dir.path().join("d-pipe.yaml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    r.shows(&[
        "b-dangling.yaml",
        "c-loop.yaml",
        "d-pipe.yaml",
        "1 passed, 3 failed",
    ]);
}

#[cfg(unix)]
#[test]
fn saves_refuse_what_is_not_a_regular_file_and_check_the_directory_first() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = "examples/01-reschedule-text.yaml";
    let fifo = dir.path().join("pipe.yaml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for force in [false, true] {
        let mut args = vec![
            "assess",
            "--scenario",
            scenario,
            "--save",
            fifo.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        run(&args).bad_input().says(&["not a regular file"]);
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like());
    }
    run(&[
        "assess",
        "--scenario",
        scenario,
        "--save",
        "/dev/null",
        "--force",
    ])
    .bad_input()
    .says(&["not a regular file"]);
    run(&[
        "assess",
        "--scenario",
        scenario,
        "--save",
        dir.path().to_str().unwrap(),
    ])
    .bad_input()
    .says(&["directory"]);
    // A dangling link is refused before anything is asked, in words.
    let dangling = dir.path().join("dangling.yaml");
    std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
    run(&[
        "assess",
        "--scenario",
        scenario,
        "--save",
        dangling.to_str().unwrap(),
    ])
    .bad_input()
    .says(&["symbolic link to nothing"]);
    // A name as long as a file system allows still saves (the temporary name is short).
    let long = dir.path().join(format!("{}.yaml", "n".repeat(245)));
    run(&[
        "assess",
        "--scenario",
        scenario,
        "--save",
        long.to_str().unwrap(),
    ])
    .ok();
    assert!(long.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_written_is_found_before_anything_is_asked() {
    if !unprivileged_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    chmod(&ro, 0o555);
    chmod(dir.path(), 0o755);
    let target = ro.join("x.yaml");
    let r = as_nobody(&[
        "assess",
        "--set",
        "imminent_risk=no",
        "--save",
        target.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("no terminal"),
        "refused before asking: {}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_still_shows_the_recommendation() {
    // A file-size limit makes the write fail as a full disk does; the
    // recommendation is printed, the temporary file removed, and the process
    // is not killed by SIGXFSZ.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("limited.yaml");
    let script = format!(
        "ulimit -f 0; exec '{}' assess --scenario examples/01-reschedule-text.yaml --save '{}'",
        bin(),
        target.display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(root())
        .env("HOME", "/nonexistent-home")
        .env("BOUNDCHECK_CONFIG", "")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|l| l.starts_with("Proceed")),
        "the result is shown: {stdout}"
    );
    assert!(stderr.contains("could not save"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers.is_empty(),
        "nothing half-written, no temporary file: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_full_or_closed_stderr_never_panics() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let r = run_cmd(cmd().args(["assess", "--set", "contact=gfit"]).stderr(full));
    assert_eq!(r.code, 2);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("x.yaml");
    let r = run_cmd(
        cmd()
            .args([
                "assess",
                "--scenario",
                "examples/01-reschedule-text.yaml",
                "--save",
                saved.to_str().unwrap(),
            ])
            .stderr(full),
    );
    assert_eq!(
        r.code, 0,
        "a successful save's notice may be lost, not the save"
    );
    assert!(saved.exists());
    // --help to a full stdout is an error.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let r = run_cmd(cmd().arg("--help").stdout(full));
    assert_ne!(r.code, 0, "a failed write of --help is not success");
}

#[cfg(target_os = "linux")]
#[test]
fn saves_work_where_the_file_system_has_no_hard_links() {
    // A seccomp filter makes link, linkat and renameat2 fail, as FAT and some
    // network shares do (an LD_PRELOAD shim would not see raw system calls).
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("saved.yaml");
    let mut c = cmd();
    c.args([
        "assess",
        "--scenario",
        "examples/04-late-night-text-running-on-empty.yaml",
        "--save",
        target.to_str().unwrap(),
    ]);
    // SAFETY: the closure runs in the child between fork and exec and only
    // calls prctl, which is async-signal-safe.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut c, no_links_filter);
    }
    let r = run_cmd(&mut c);
    r.ok();
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("record:"));
    // Still no overwrite without --force.
    let mut again = cmd();
    again.args([
        "assess",
        "--scenario",
        "examples/01-reschedule-text.yaml",
        "--save",
        target.to_str().unwrap(),
    ]);
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut again, no_links_filter);
    }
    run_cmd(&mut again).bad_input().says(&["--force"]);
}

#[cfg(target_os = "linux")]
fn no_links_filter() -> std::io::Result<()> {
    use libc::{sock_filter, sock_fprog, BPF_ABS, BPF_JEQ, BPF_JMP, BPF_K, BPF_LD, BPF_RET, BPF_W};
    const RET_ALLOW: u32 = 0x7fff_0000;
    const RET_ERRNO: u32 = 0x0005_0000;
    let stmt = |code: u32, k: u32| sock_filter {
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    };
    let jeq = |k: i64, jt: u8| sock_filter {
        code: (BPF_JMP | BPF_JEQ | BPF_K) as u16,
        jt,
        jf: 0,
        k: k as u32,
    };
    let filter = [
        stmt(BPF_LD | BPF_W | BPF_ABS, 0), // seccomp_data.nr
        jeq(libc::SYS_link, 3),
        jeq(libc::SYS_linkat, 2),
        jeq(libc::SYS_renameat2, 1),
        stmt(BPF_RET | BPF_K, RET_ALLOW),
        stmt(BPF_RET | BPF_K, RET_ERRNO | libc::EPERM as u32),
    ];
    let prog = sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_ptr() as *mut sock_filter,
    };
    // SAFETY: prctl with valid arguments; `prog` outlives the call.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &prog as *const sock_fprog,
            ) != 0
        {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn check_under_a_thread_limit_checks_every_file_on_one_thread() {
    if !unprivileged_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100 {
        write(
            dir.path(),
            &format!("s{i:03}.yaml"),
            &format!("{LOGISTICS}expect:\n  recommendation: proceed\n"),
        );
    }
    chmod(dir.path(), 0o755);
    let r = run_cmd(
        std::process::Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "prlimit",
                "--nproc=1",
                bin(),
                "check",
                dir.path().to_str().unwrap(),
            ])
            .current_dir(root())
            .env_clear()
            .env("HOME", "/nonexistent-home"),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.lines().last(), Some("100 passed, 0 failed"));
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// Whether tests can run the binary as an unprivileged user (root, with setpriv and prlimit).
fn unprivileged_available() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    root && ["setpriv", "prlimit"].iter().all(|t| {
        std::process::Command::new(t)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn as_nobody(args: &[&str]) -> Run {
    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin()])
        .args(args)
        .current_dir(root())
        .env_clear()
        .env("HOME", "/nonexistent-home");
    run_cmd(&mut c)
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
}

#[cfg(unix)]
#[test]
fn export_with_force_writes_nothing_when_one_name_is_a_link() {
    // A schema file that is a link is found before any rule file is written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    let outside = write(dir.path(), "outside.txt", "keep me\n");
    std::os::unix::fs::symlink(&outside, out.join("rules.schema.json")).unwrap();
    let r = run(&["rules", "export", out.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}/rules.schema.json: this is a symbolic link; export never writes through one (remove it first)\n",
            out.display()
        )
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from("rules.schema.json")]);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me\n");
}
