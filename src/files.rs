//! Reading the user's rule and scenario files, with limits, and writing saved files safely.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Rule and scenario files are small; anything larger is a mistake or an attack
/// and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`], or says why not.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(
            &name,
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => format!("cannot read it: {e}"),
            },
        )
    })?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            &name,
            "this is a directory; a file is expected here",
        ));
    }
    if !meta.is_file() {
        // A FIFO or a device would block or never end.
        return Err(Diagnostic::error(
            &name,
            "this is not a regular file; rule and scenario files are plain YAML files",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            format!(
                "the file is {} KiB; rule and scenario files may be at most {} KiB",
                meta.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::error(&name, format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            format!("the file is larger than {} KiB", MAX_FILE_BYTES / 1024),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(
            &name,
            "this is not UTF-8 text; rule and scenario files are plain YAML text",
        )
        .at("", line, 1)
    })?;
    if text.contains('\0') {
        return Err(Diagnostic::error(
            &name,
            "this looks like binary data; rule and scenario files are plain YAML text",
        ));
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::error(&name, "the file is empty"));
    }
    Ok(text)
}

/// The YAML files directly inside `dir`, sorted by name.
pub fn yaml_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if is_yaml && !hidden && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Scenario files under `dir`, walked recursively, sorted. Links to
/// directories are not followed, so a link back up cannot loop.
pub fn yaml_files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = yaml_files_in(dir)?;
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    subdirs.sort();
    for d in subdirs {
        out.extend(yaml_files_under(&d)?);
    }
    Ok(out)
}

/// Writes `contents` to `path` atomically (a temporary file in the same
/// directory, then a rename), readable by the owner only. Refuses an existing
/// file unless `force`, and a directory that does not exist.
pub fn write_private(path: &Path, contents: &str, force: bool) -> anyhow::Result<()> {
    use anyhow::Context;
    check_writable(path, force)?;
    let name = path.display();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "boundcheck".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        if force {
            std::fs::rename(&tmp, path)
        } else {
            // A link fails if the name exists, even if it appeared a moment ago.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)
        }
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("{name}: could not save"));
    }
    Ok(())
}

/// Whether `path` could be saved to, checked before any work is done.
pub fn check_writable(path: &Path, force: bool) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "{}: the directory {} does not exist; create it first or choose another place",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        anyhow::bail!(
            "{}: this is a directory; give a file name to save to",
            path.display()
        );
    }
    if path.exists() && !force {
        anyhow::bail!(
            "{}: the file exists already; add --force to replace it",
            path.display()
        );
    }
    Ok(())
}
