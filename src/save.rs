//! Saving a file the user asked for: checked before any question is asked (by
//! creating the temporary file where the target will be), written atomically
//! and readable by the owner only, never over something that is not a regular
//! file, never over an existing file without `--force`, and with or without
//! hard links on the file system underneath.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use boundcheck_rules::text::one_line;

/// A save that has been checked and can be completed.
pub struct Prepared {
    target: PathBuf,
    force: bool,
    tmp: tempfile::NamedTempFile,
}

fn shown(p: &Path) -> String {
    one_line(&p.display().to_string())
}

/// Checks the target and creates the temporary file beside it, so a directory
/// that cannot be written is found before anyone answers twenty questions.
pub fn prepare(target: &Path, force: bool) -> Result<Prepared> {
    let name = shown(target);
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(target) {
            Err(_) => bail!("{name}: this is a symbolic link to nothing; remove it or choose another name"),
            Ok(m) if !m.is_file() => bail!("{name}: this is a link to something that is not a regular file; choose another name"),
            Ok(_) if !force => bail!("{name}: the file exists already; add --force to replace it"),
            Ok(_) => {}
        },
        Ok(meta) if meta.is_dir() => bail!("{name}: this is a directory; give a file name to save to"),
        Ok(meta) if !meta.is_file() => bail!("{name}: this is not a regular file (a pipe or a device?); saving would destroy it, so choose a file name"),
        Ok(_) if !force => bail!("{name}: the file exists already; add --force to replace it"),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => bail!("{name}: cannot check it: {}", one_line(&e.to_string())),
    }
    if !dir.is_dir() {
        bail!(
            "{name}: the directory {} does not exist; create it first or choose another place",
            shown(&dir)
        );
    }
    // A short temporary name fits any file system's limit, whatever the target's length.
    let tmp = tempfile::Builder::new()
        .prefix(".boundcheck-")
        .suffix(".tmp")
        .rand_bytes(8)
        .tempfile_in(&dir)
        .map_err(|e| {
            anyhow::anyhow!(
                "{name}: cannot write in {}: {}",
                shown(&dir),
                one_line(&e.to_string())
            )
        })?;
    crate::term::set_temporary(Some(tmp.path().to_path_buf()));
    Ok(Prepared {
        target: target.to_path_buf(),
        force,
        tmp,
    })
}

impl Prepared {
    /// Writes `contents` and puts the file in place (mode 0600).
    pub fn write(self, contents: &str) -> Result<()> {
        let name = shown(&self.target);
        let Prepared {
            target,
            force,
            mut tmp,
        } = self;
        let result = (|| -> std::io::Result<()> {
            tmp.write_all(contents.as_bytes())?;
            tmp.as_file().sync_all()
        })();
        if let Err(e) = result {
            crate::term::set_temporary(None);
            bail!("{name}: could not save: {}", one_line(&e.to_string()));
        }
        let outcome = if force {
            tmp.persist(&target).map(|_| ()).map_err(|e| e.error)
        } else {
            match tmp.persist_noclobber(&target) {
                Ok(_) => Ok(()),
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(e.error),
                // No hard links and no rename-without-replace here (FAT,
                // some network shares): an exclusive create of the target.
                Err(e) => exclusive_copy(e.file.path(), &target).inspect(|_| drop(e.file)),
            }
        };
        crate::term::set_temporary(None);
        match outcome {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "{name}: the file appeared while you were answering; add --force to replace it"
            ),
            Err(e) => bail!("{name}: could not save: {}", one_line(&e.to_string())),
        }
    }
}

/// Creates `target` (failing if it exists), copies `from` into it, syncs it;
/// removes it again if anything fails.
fn exclusive_copy(from: &Path, target: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(target)?;
    let result = std::fs::read(from)
        .and_then(|bytes| out.write_all(&bytes))
        .and_then(|_| out.sync_all());
    if result.is_err() {
        let _ = std::fs::remove_file(target);
    }
    result
}

/// The directory files are exported to: created if it is missing; never a
/// symbolic link, never a file.
pub fn export_dir(dir: &Path) -> Result<()> {
    let d = shown(dir);
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            bail!("{d}: this is a symbolic link; export into a real directory")
        }
        Ok(m) if !m.is_dir() => bail!("{d}: this is a file; export needs a directory"),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("{d}: cannot create it: {}", one_line(&e.to_string()))),
        Err(e) => bail!("{d}: cannot check it: {}", one_line(&e.to_string())),
    }
}

/// Checks that `name` in `dir` can be written: not a link, not a pipe or
/// anything but a regular file; `Ok(true)` when it exists already.
pub fn check_in(dir: &Path, name: &str) -> Result<bool> {
    let target = dir.join(name);
    let t = shown(&target);
    match std::fs::symlink_metadata(&target) {
        Ok(m) if m.file_type().is_symlink() => {
            bail!("{t}: this is a symbolic link; export never writes through one (remove it first)")
        }
        Ok(m) if !m.is_file() => {
            bail!("{t}: this is not a regular file (a directory, a pipe or a device?); remove it first")
        }
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => bail!("{t}: cannot check it: {}", one_line(&e.to_string())),
    }
}

/// Writes one file in `dir` by a temporary file and a rename (so a reader
/// never sees half of it), refusing a name that is a link, a pipe or anything
/// but a regular file; `mode` sets its permissions (else the owner's only).
pub fn write_in(dir: &Path, name: &str, text: &str, mode: Option<u32>) -> Result<()> {
    let target = dir.join(name);
    let t = shown(&target);
    check_in(dir, name)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".boundcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| anyhow::anyhow!("{t}: cannot write: {e}"))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| anyhow::anyhow!("{t}: cannot write: {e}"))?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| anyhow::anyhow!("{t}: cannot write: {e}"))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.persist(&target)
        .map_err(|e| anyhow::anyhow!("{t}: cannot write: {}", e.error))?;
    Ok(())
}

/// Writes `files` (name, text) into `dir`, readable by all (0644): first
/// checks every one, so that nothing is written when one cannot be, and
/// refuses to replace an existing file without `force`.
pub fn write_all_in(dir: &Path, files: &[(String, String)], force: bool) -> Result<()> {
    export_dir(dir)?;
    let mut existing = Vec::new();
    for (name, _) in files {
        if check_in(dir, name)? {
            existing.push(name.as_str());
        }
    }
    if !existing.is_empty() && !force {
        let more = if existing.len() > 3 {
            format!(" and {} more", existing.len() - 3)
        } else {
            String::new()
        };
        let names: Vec<String> = existing.iter().take(3).map(|n| one_line(n)).collect();
        bail!(
            "{}: {}{more} exist already; add --force to replace them, or choose another --out",
            shown(dir),
            names.join(", ")
        );
    }
    for (name, text) in files {
        write_in(dir, name, text, Some(0o644))?;
    }
    Ok(())
}
