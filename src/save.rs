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
