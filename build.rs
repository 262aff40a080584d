//! Parses the bundled rule files once, at build time, into JSON: reading JSON at
//! start-up is several times faster than parsing the YAML (see BENCHMARKS.md).
//! The YAML text is still compiled in, for `rules export`, digests and messages.

use std::fmt::Write as _;

// The same module the program uses, so the YAML library is still named in one place.
#[allow(dead_code)]
#[path = "src/yaml.rs"]
mod yaml;

fn main() {
    let dir = std::path::Path::new("rules");
    println!("cargo::rerun-if-changed=rules");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut out = String::from("/// The bundled rule files as JSON (name, json), made by build.rs.\npub const BUNDLED_JSON: &[(&str, &str)] = &[\n");
    for name in names {
        let path = dir.join(&name);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        // A broken bundled file is left for the loader to report with its line.
        let Ok(value) = yaml::from_str::<yaml::Value>(&text) else {
            continue;
        };
        let Ok(json) = serde_json::to_string(&value) else {
            continue;
        };
        let _ = writeln!(out, "    ({name:?}, {json:?}),");
    }
    out.push_str("];\n");
    let dest =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled_json.rs");
    std::fs::write(dest, out).expect("write bundled_json.rs");
}
