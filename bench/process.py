#!/usr/bin/env python3
"""Whole-process benchmarks for boundcheck (see BENCHMARKS.md).

  cargo build --release && python3 bench/process.py [--rounds N] [--files N]

1. `assess --scenario … --format json` against a bare process start (/bin/true),
   interleaved in one run, as the ratio of medians (budget: 3x or less).
2. `check` over a generated corpus of scenario files, as scenarios per second
   (budget: 5,000/s or more).
3. Peak memory (maximum resident set) of `assess` (budget: 16 MB or less).
Only the Python standard library is used.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "release", "boundcheck")
scenario = os.path.join(root, "examples", "05-frequent-texts-strong-attachment.yaml")


DEVNULL = os.open(os.devnull, os.O_WRONLY)


def run(cmd):
    """Wall time of one run and its exit code (and an RSS figure that Linux
    inflates with Python's own, kept across exec: see peak_rss)."""
    start = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, DEVNULL, 1), (os.POSIX_SPAWN_DUP2, DEVNULL, 2)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def peak_rss_mb(cmd):
    """Peak RSS from GNU time (Debian package `time`): a small C parent, so the
    figure is the program's own and not Python's carried across exec."""
    if not os.path.exists("/usr/bin/time"):
        return None
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--files", type=int, default=10000)
    args = ap.parse_args()
    if not os.path.exists(binary):
        sys.exit("build first: cargo build --release")

    assess = [binary, "assess", "--scenario", scenario, "--format", "json"]
    bare, full = [], []
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        bare.append(run(["/bin/true"])[0])
        t, _, code = run(assess)
        assert code == 0, "assess failed"
        full.append(t)
    mb, mf = statistics.median(bare), statistics.median(full)
    print(f"start-up: /bin/true {mb*1e3:.2f} ms, assess {mf*1e3:.2f} ms (medians of {args.rounds}), ratio {mf/mb:.2f}x (budget 3x)")
    mem = peak_rss_mb(assess)
    print(f"memory: assess peak RSS {mem:.1f} MB (budget 16 MB)" if mem else "memory: install GNU time (apt-get install time) to measure")

    examples = sorted(f for f in os.listdir(os.path.join(root, "examples")) if f.endswith(".yaml"))
    corpus = tempfile.mkdtemp(prefix="boundcheck-bench-")
    try:
        for i in range(args.files):
            src = os.path.join(root, "examples", examples[i % len(examples)])
            shutil.copyfile(src, os.path.join(corpus, f"s{i:05}.yaml"))
        check = [binary, "check", corpus]
        times = []
        for _ in range(5):
            t, _, code = run(check)
            assert code == 0, "check failed on the corpus"
            times.append(t)
        mc = statistics.median(times)
        cmem = peak_rss_mb(check)
        print(f"check: {args.files} scenario files in {mc*1e3:.0f} ms (median of 5): {args.files/mc:,.0f} scenarios/s (budget 5,000/s); peak RSS {cmem or 0:.1f} MB")
    finally:
        shutil.rmtree(corpus)


if __name__ == "__main__":
    main()
