//! Loads and checks the bundled rules with the rule crate, once, at build time,
//! fills their P11 tables and stores the result for start-up. A bundled set
//! that does not check fails the build, with its diagnostics.

fn main() {
    println!("cargo::rerun-if-changed=rules");
    let set = match boundcheck_rules::load::bundled_from_yaml() {
        Ok(set) => set,
        Err(bad) => {
            for d in &bad.0 {
                eprintln!("{}", d.render());
            }
            panic!("the bundled rules in rules/ do not check ({} problems above); fix them to build boundcheck", bad.0.len());
        }
    };
    let snapshot = boundcheck_rules::bundled::to_snapshot(&set)
        .unwrap_or_else(|e| panic!("cannot snapshot the bundled rules: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("bundled.postcard");
    std::fs::write(out, snapshot).expect("write the rule snapshot");
}
