//! The terminal edge: asking questions (arrow-key lists, or plain numbered
//! prompts), reading keys, and leaving the terminal whole however the process
//! ends — Ctrl-C, SIGTERM, SIGHUP.

mod dialog;
pub mod keys;
mod plain;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

pub use dialog::TermAsker;
pub use plain::PlainAsker;

use crate::exit::{Exit, Signal, STOPPED};

/// Whether prompts can be shown: they draw on, and read keys through, the terminal on stderr.
pub fn is_terminal() -> bool {
    std::io::stderr().is_terminal() && std::io::stdin().is_terminal()
}

/// The asker for this terminal: plain prompts with `--plain` or `TERM=dumb`,
/// arrow-key lists otherwise.
pub fn asker() -> Box<dyn crate::session::Asker> {
    let look = crate::output::look();
    if look.plain {
        Box::new(PlainAsker::new())
    } else {
        Box::new(TermAsker::new(look.color_err))
    }
}

#[cfg(unix)]
static SAVED_MODE: OnceLock<libc::termios> = OnceLock::new();
static STOPPING: AtomicBool = AtomicBool::new(false);
/// Held while the stop message is written, so no thread exits half-way through it.
static STOP_LOCK: Mutex<()> = Mutex::new(());
/// The last SIGTERM or SIGHUP received, set inside the signal handler itself,
/// so that a read it interrupts knows why.
static RECEIVED: OnceLock<std::sync::Arc<std::sync::atomic::AtomicUsize>> = OnceLock::new();
/// A temporary file to remove if the process is stopped while it exists.
static TEMPORARY: Mutex<Option<std::path::PathBuf>> = Mutex::new(None);

pub fn set_temporary(path: Option<std::path::PathBuf>) {
    if let Ok(mut t) = TEMPORARY.lock() {
        *t = path;
    }
}

/// What a stop says instead of "nothing was saved", when something was kept
/// before it (practice's progress). Sanitised by the caller.
static STOP_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

pub fn set_stop_message(text: Option<String>) {
    if let Ok(mut m) = STOP_MESSAGE.lock() {
        *m = text;
    }
}

/// Runs `f` with stops held back: a Ctrl-C, SIGTERM or SIGHUP that arrives
/// meanwhile takes effect when it is done (for a write that must be whole).
pub fn unstoppable<T>(f: impl FnOnce() -> T) -> T {
    let _held = STOP_LOCK.lock();
    f()
}

/// Puts the terminal back as it was: cursor shown, echo and line mode on.
pub fn restore() {
    #[cfg(unix)]
    if let Some(mode) = SAVED_MODE.get() {
        // SAFETY: tcsetattr reads the termios we saved from this same fd.
        unsafe {
            libc::tcsetattr(libc::STDERR_FILENO, libc::TCSANOW, mode);
        }
    }
    // Plain mode never hid the cursor, and promises no escape sequences at all.
    if !crate::output::look().plain {
        let mut e = std::io::stderr();
        let _ = e.write_all(b"\x1b[?25h");
        let _ = e.flush();
    }
}

/// Set when the process has been stopped (SIGTSTP) and resumed since the last look.
static RESUMED: AtomicBool = AtomicBool::new(false);
/// The same, for the signal thread: console answers a wait cut short by the stop
/// with a SIGINT of its own, which is forgiven once.
static RESUMED_SIGINT: AtomicBool = AtomicBool::new(false);
/// The thread that reads keys.
static MAIN_THREAD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether a stop and `fg` interrupted the last read (then it is read again).
pub fn resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

/// Set when the window has been resized since the last look (teach only).
static RESIZED: AtomicBool = AtomicBool::new(false);

/// Whether the window was resized while a key was awaited (then the screen is
/// drawn again at its new size).
pub fn resized() -> bool {
    RESIZED.swap(false, Ordering::SeqCst)
}

/// For teach, whose screens fill the window: a resize (a projector plugged in)
/// redraws the screen at once rather than at the next key.
pub fn watch_resizes() {
    #[cfg(unix)]
    {
        static ONCE: OnceLock<()> = OnceLock::new();
        ONCE.get_or_init(|| {
            // SAFETY: the handler only compares a thread id and stores a flag.
            let _ = unsafe {
                signal_hook::low_level::register(signal_hook::consts::SIGWINCH, || {
                    if libc::pthread_self() as usize == MAIN_THREAD.load(Ordering::SeqCst) {
                        RESIZED.store(true, Ordering::SeqCst);
                    }
                })
            };
        });
    }
}

/// Remembers the terminal's mode and installs the one handler for Ctrl-C,
/// SIGTERM and SIGHUP: restore the terminal, remove any temporary file, say
/// so, and exit 130, 143 or 129.
pub fn install_signals() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        #[cfg(unix)]
        if std::io::stderr().is_terminal() {
            // SAFETY: tcgetattr writes into a termios we own; the fd is stderr.
            let mut mode: libc::termios = unsafe { std::mem::zeroed() };
            if unsafe { libc::tcgetattr(libc::STDERR_FILENO, &mut mode) } == 0 {
                let _ = SAVED_MODE.set(mode);
            }
        }
        // Ctrl-Z: the terminal as it was before we changed it while stopped (the
        // shell needs its echo and cursor), and ours again once `fg` resumes us,
        // so that a prompt waiting for a key still gets keys, not echoed escapes.
        #[cfg(unix)]
        // SAFETY: pthread_self has no preconditions.
        MAIN_THREAD.store(unsafe { libc::pthread_self() } as usize, Ordering::SeqCst);
        #[cfg(unix)]
        if SAVED_MODE.get().is_some() {
            // SAFETY: the handler calls only async-signal-safe functions
            // (tcgetattr, tcsetattr, write, and signal-hook's emulation of the
            // default stop), and reads a OnceLock that was set before.
            let _ = unsafe {
                signal_hook::low_level::register(signal_hook::consts::SIGTSTP, || {
                    let mut ours: libc::termios = std::mem::zeroed();
                    let had = libc::tcgetattr(libc::STDERR_FILENO, &mut ours) == 0;
                    if let Some(mode) = SAVED_MODE.get() {
                        libc::tcsetattr(libc::STDERR_FILENO, libc::TCSANOW, mode);
                    }
                    if !crate::output::look().plain {
                        let show = b"\x1b[?25h";
                        libc::write(libc::STDERR_FILENO, show.as_ptr().cast(), show.len());
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(
                        signal_hook::consts::SIGTSTP,
                    );
                    // Resumed: a read this interrupted (only the main thread reads
                    // keys) is tried again, not taken for Ctrl-C.
                    if had {
                        libc::tcsetattr(libc::STDERR_FILENO, libc::TCSANOW, &ours);
                    }
                    if libc::pthread_self() as usize == MAIN_THREAD.load(Ordering::SeqCst) {
                        RESUMED.store(true, Ordering::SeqCst);
                        RESUMED_SIGINT.store(true, Ordering::SeqCst);
                    }
                })
            };
        }
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let received = RECEIVED.get_or_init(Default::default).clone();
            for sig in [SIGTERM, SIGHUP] {
                let _ = signal_hook::flag::register_usize(sig, received.clone(), sig as usize);
            }
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            {
                let spawned = std::thread::Builder::new()
                    .name("signals".into())
                    .spawn(move || {
                        let mut signals = signals.forever();
                        let first = loop {
                            match signals.next() {
                                Some(SIGINT) if RESUMED_SIGINT.swap(false, Ordering::SeqCst) => {}
                                other => break other,
                            }
                        };
                        if let Some(sig) = first {
                            // console answers a read interrupted by SIGTERM with a
                            // SIGINT of its own: the signal that came first decides.
                            let exit = signalled().unwrap_or(match sig {
                                SIGTERM => Exit::Terminated(Signal::Term),
                                SIGHUP => Exit::Terminated(Signal::Hup),
                                _ => Exit::Interrupted,
                            });
                            stop(exit);
                        }
                    });
                drop(spawned);
            }
        }
    });
}

/// Ends the process now, leaving the terminal whole (the one place that exits
/// outside `main`).
pub fn stop(exit: Exit) -> ! {
    announce_stop();
    std::process::exit(i32::from(exit.code()))
}

/// How the process must end if a SIGTERM or SIGHUP arrived (an interrupted
/// read is then not a Ctrl-C).
pub fn signalled() -> Option<Exit> {
    #[cfg(unix)]
    {
        let sig = RECEIVED.get()?.load(Ordering::SeqCst) as i32;
        match sig {
            signal_hook::consts::SIGTERM => return Some(Exit::Terminated(Signal::Term)),
            signal_hook::consts::SIGHUP => return Some(Exit::Terminated(Signal::Hup)),
            _ => {}
        }
    }
    None
}

/// Says "Stopped" once and restores the terminal (whichever thread gets here first).
pub fn announce_stop() {
    let _held = STOP_LOCK.lock();
    if !STOPPING.swap(true, Ordering::SeqCst) {
        if let Ok(t) = TEMPORARY.lock() {
            if let Some(p) = t.as_ref() {
                let _ = std::fs::remove_file(p);
            }
        }
        restore();
        let message = STOP_MESSAGE.lock().ok().and_then(|m| m.clone());
        let mut e = std::io::stderr();
        let _ = writeln!(e, "\n{}", message.as_deref().unwrap_or(STOPPED));
        let _ = e.flush();
    }
}
