#!/usr/bin/env python3
"""Whole-process benchmarks for boundcheck (see BENCHMARKS.md).

  cargo build --release && python3 bench/process.py [BINARY] [--against OTHER] [--rounds N] [--files N]

1. `assess --scenario … --format json` against a bare process start (/bin/true),
   interleaved in one run, as the ratio of medians (budget: 2.5x or less); with
   --against, another build of boundcheck interleaved too, for a side-by-side ratio.
2. `check` over a generated corpus of scenario files, as scenarios per second
   (budget: 20,000/s or more).
3. Peak memory (maximum resident set) of `assess` (budget: 8 MB or less).
4. `rules verify` over the bundled rules (budget: 2 s or less).
BINARY defaults to $CARGO_TARGET_DIR/release/boundcheck (else target/release).
Only the Python standard library is used.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
default_binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "release", "boundcheck")
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
    ap.add_argument("binary", nargs="?", default=default_binary)
    ap.add_argument("--against", help="another boundcheck binary, run interleaved for a side-by-side ratio")
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--files", type=int, default=10000)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit("build first: cargo build --release")

    assess = [binary, "assess", "--scenario", scenario, "--format", "json"]
    other = [os.path.abspath(args.against)] + assess[1:] if args.against else None
    bare, full, old = [], [], []
    for _ in range(args.rounds):  # interleaved, so all see the same machine
        bare.append(run(["/bin/true"])[0])
        t, _, code = run(assess)
        assert code == 0, "assess failed"
        full.append(t)
        if other:
            t, _, code = run(other)
            assert code == 0, "assess (--against) failed"
            old.append(t)
    mb, mf = statistics.median(bare), statistics.median(full)
    print(f"start-up: /bin/true {mb*1e3:.2f} ms, assess {mf*1e3:.2f} ms (medians of {args.rounds}), ratio {mf/mb:.2f}x (budget 2.5x)")
    if other:
        mo = statistics.median(old)
        print(f"  --against: {mo*1e3:.2f} ms, ratio {mo/mb:.2f}x; this build takes {mf/mo:.2f}x its time")
    mem = peak_rss_mb(assess)
    print(f"memory: assess peak RSS {mem:.1f} MB (budget 8 MB)" if mem else "memory: install GNU time (apt-get install time) to measure")

    verify = [binary, "rules", "verify"]
    times = []
    for _ in range(3):
        t, _, code = run(verify)
        assert code == 0, "rules verify failed"
        times.append(t)
    print(f"rules verify: {statistics.median(times):.2f} s (median of 3; budget 2 s)")

    examples = sorted(f for f in os.listdir(os.path.join(root, "examples")) if f.endswith(".yaml"))
    corpus = tempfile.mkdtemp(prefix="boundcheck-bench-")
    try:
        for i in range(args.files):
            src = os.path.join(root, "examples", examples[i % len(examples)])
            shutil.copyfile(src, os.path.join(corpus, f"s{i:05}.yaml"))
        check = [binary, "check", corpus]
        times, others = [], []
        for _ in range(5):
            t, _, code = run(check)
            assert code == 0, "check failed on the corpus"
            times.append(t)
            if other:
                t, _, code = run([other[0], "check", corpus])
                assert code == 0, "check (--against) failed on the corpus"
                others.append(t)
        mc = statistics.median(times)
        cmem = peak_rss_mb(check)
        print(f"check: {args.files} scenario files in {mc*1e3:.0f} ms (median of 5): {args.files/mc:,.0f} scenarios/s (budget 20,000/s); peak RSS {cmem or 0:.1f} MB")
        if others:
            mo = statistics.median(others)
            print(f"  --against: {args.files/mo:,.0f} scenarios/s; this build takes {mc/mo:.2f}x its time")
    finally:
        shutil.rmtree(corpus)


if __name__ == "__main__":
    main()
