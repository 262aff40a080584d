use boundcheck_rules::*;
fn main() {
    let set = load::bundled_from_yaml().unwrap();
    let snap = bundled::to_snapshot(&set).unwrap();
    let set = bundled::from_snapshot(&snap).unwrap();
    let mut asked_total = 0;
    let mut n = 0;
    for entry in std::fs::read_dir("../../examples").unwrap() {
        let p = entry.unwrap().path();
        let s = match Scenario::load(&p, &set) {
            Ok(s) => s,
            Err(e) => {
                println!("{e}");
                continue;
            }
        };
        let sup = s.supplied(&set);
        let w = engine::walk(&set, &sup);
        let full: Vec<&str> = s
            .answers
            .iter()
            .map(|(q, _)| set.questions[*q].id.as_str())
            .collect();
        let asked: Vec<&str> = w
            .order
            .iter()
            .map(|q| set.questions[*q].id.as_str())
            .collect();
        let skipped: Vec<&&str> = full.iter().filter(|x| !asked.contains(x)).collect();
        let lvl = engine::level(&set, &w.sheet);
        let t = std::time::Instant::now();
        let a = engine::assess(&set, &sup, &w);
        let el = t.elapsed();
        asked_total += asked.len();
        n += 1;
        println!(
            "{:45} {:10} asked {:2} skipped {:?} missing {:?} wwc {} in {:?}",
            p.file_name().unwrap().to_string_lossy(),
            lvl.id(),
            asked.len(),
            skipped,
            w.missing,
            a.what_would_change.len(),
            el
        );
    }
    println!("mean asked {}", asked_total as f64 / n as f64);
}
