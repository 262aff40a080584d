//! Reading rule and scenario files from disk, with limits: regular files only,
//! at most 1 MiB, UTF-8 text; directories listed without following links.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Origin;

/// Rule and scenario files are small; anything larger is a mistake or an attack
/// and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One rule file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    pub origin: Origin,
    pub text: Cow<'static, str>,
}

fn name_of(path: &Path) -> String {
    path.display().to_string()
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`], or says why not.
/// Symbolic links are followed for a file named directly; what it holds is
/// never quoted back.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = name_of(path);
    let meta = std::fs::metadata(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound if std::fs::symlink_metadata(path).is_ok() => {
                "this is a symbolic link to a file that does not exist".to_string()
            }
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot read it: {}", crate::text::one_line(&e.to_string())),
        };
        Diagnostic::error(&name, why)
    })?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            &name,
            "this is a directory; a file is expected here",
        ));
    }
    if !meta.is_file() {
        // A FIFO or a device would block, or never end.
        return Err(Diagnostic::error(
            &name,
            "this is not a regular file (a pipe or a device?); rule and scenario files are plain YAML files",
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
        .map_err(|e| {
            Diagnostic::error(
                &name,
                format!("cannot read it: {}", crate::text::one_line(&e.to_string())),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            format!("the file is larger than {} KiB", MAX_FILE_BYTES / 1024),
        ));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            &name,
            "this looks like binary data, not YAML text; rule and scenario files are plain YAML text",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        let mut d = Diagnostic::error(
            &name,
            "this is not UTF-8 text; rule and scenario files are plain YAML text, saved as UTF-8",
        );
        d.pos = Some(crate::yaml::Pos { line, column });
        d
    })?;
    Ok(text)
}

/// The YAML files in `dir` and below, sorted, hidden ones left out; links are
/// not followed, so a link cannot loop or reach outside. Entries that look
/// like YAML files but are not regular files are returned too, for the caller
/// to report (they fail when read).
pub fn yaml_files_under(dir: &Path, recursive: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(if recursive { 64 } else { 1 })
        .sort_by_file_name();
    let mut iter = walker.into_iter();
    while let Some(entry) = iter.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.depth() == 0 => {
                return Err(Diagnostic::error(
                    &name_of(dir),
                    format!(
                        "cannot read the directory: {}",
                        crate::text::one_line(&e.to_string())
                    ),
                ));
            }
            Err(e) => {
                // An unreadable subdirectory is reported as a failed entry, not a stop.
                if let Some(p) = e.path() {
                    out.push(p.to_path_buf());
                }
                continue;
            }
        };
        let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            if entry.file_type().is_dir() {
                iter.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p.to_path_buf());
        }
    }
    Ok(out)
}

/// The overlay files at `paths` (files or directories of rule files), read.
pub fn overlay_sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            match yaml_files_under(path, false) {
                Ok(f) if f.is_empty() => {
                    errors.push(Diagnostic::error(
                        &name_of(path),
                        "no rule files here (files ending in .yaml or .yml)",
                    ));
                    continue;
                }
                Ok(f) => f,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for f in files {
            match read_text(&f) {
                Ok(text) => sources.push(Source {
                    origin: Origin::Path(f),
                    text: Cow::Owned(text),
                }),
                Err(d) => errors.push(d),
            }
        }
    }
    (sources, errors)
}
