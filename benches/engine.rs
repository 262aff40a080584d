//! `cargo bench`: rule loading (bundled, and synthetic sets of 10, 100 and 1,000
//! rationale files), one evaluation, what would change, and parsing a scenario.
//! Whole-process figures (start-up ratio, `check` rate, memory) are in
//! `bench/process.py`; both are described in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use boundcheck::rules::{engine, load, Scenario};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SCENARIO: &str = include_str!("../examples/05-frequent-texts-strong-attachment.yaml");

/// Writes `n` rationale files of three findings each, in the shape authors write.
fn synthetic_rules(dir: &Path, n: usize) {
    for i in 0..n {
        let text = format!(
            "id: policy_{i}\ntitle: Practice policy {i}\nabout: A local rule.\nfindings:\n\
             \x20 - id: p{i}-gift\n    level: safeguards\n    when:\n      contact: [gift, invitation]\n      cultural_meaning: {{not: yes}}\n    because: Our practice notes every gift.\n    safeguards: [Note it in the record.]\n\
             \x20 - id: p{i}-late\n    level: consult\n    when:\n      all:\n        - after_hours: yes\n        - any: [{{frequency: frequent}}, {{client_vulnerability: yes}}]\n    because: Late contact with this client needs a second view.\n\
             \x20 - id: p{i}-former\n    level: decline\n    when:\n      client_status: former\n      months_since_end: {{under: 12}}\n      contact: social\n    because: Too soon after the ending.\n"
        );
        std::fs::write(dir.join(format!("policy_{i:04}.yaml")), text).unwrap();
    }
}

fn loading(c: &mut Criterion) {
    c.bench_function("load bundled rules (build-time snapshot)", |b| {
        b.iter(|| boundcheck::bundled().unwrap())
    });
    c.bench_function("load bundled rules (parse and check the YAML)", |b| {
        b.iter(|| load::bundled_from_yaml().unwrap())
    });
    let mut group = c.benchmark_group("load synthetic rule files");
    group.sample_size(20);
    for n in [10usize, 100, 1000] {
        let dir = tempfile::tempdir().unwrap();
        synthetic_rules(dir.path(), n);
        let paths = vec![dir.path().to_path_buf()];
        let bundled = boundcheck::bundled().unwrap();
        assert_eq!(
            load::with_overlays(&bundled, &paths)
                .unwrap()
                .findings
                .len()
                - bundled.findings.len(),
            3 * n
        );
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &paths, |b, p| {
            b.iter(|| load::with_overlays(&bundled, p).unwrap())
        });
    }
    group.finish();
}

fn engine_and_scenarios(c: &mut Criterion) {
    let rules = boundcheck::bundled().unwrap();
    let scenario = Scenario::parse("bench.yaml", SCENARIO, &rules).unwrap();
    let supplied = scenario.supplied(&rules);
    let walk = engine::walk(&rules, &supplied);
    assert!(walk.missing.is_empty());
    c.bench_function("parse a scenario", |b| {
        b.iter(|| Scenario::parse("bench.yaml", black_box(SCENARIO), &rules).unwrap())
    });
    c.bench_function("walk the questions (P11 included)", |b| {
        b.iter(|| engine::walk(&rules, black_box(&supplied)))
    });
    c.bench_function("evaluate findings", |b| {
        b.iter(|| engine::level(&rules, black_box(&walk.sheet)))
    });
    let level = engine::level(&rules, &walk.sheet);
    c.bench_function("what would change", |b| {
        b.iter(|| engine::what_would_change(&rules, black_box(&supplied), &walk, level))
    });
    c.bench_function("the whole assessment", |b| {
        b.iter(|| engine::assess(&rules, black_box(&supplied), &walk))
    });
}

criterion_group!(benches, loading, engine_and_scenarios);
criterion_main!(benches);
