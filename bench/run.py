"""Benchmark the build against Hugo, Eleventy, Pelican and MkDocs on one synthetic corpus.

    python bench/run.py [--sizes 100,1000,4000] [--runs 5] [--install-peers] [--no-peers]

Prints a table and writes it as JSON to bench/results/latest.json. Times are
medians of whole-process runs on this machine; memory is the peak resident
size of the largest process of our cold build. "cold" is a whole build with
no cache, the output folder as the last build left it, for every tool (for
ours, with the record of its files' digests beside it: see write.replacing);
"first" is ours into no output folder at all.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import peers  # noqa: E402
from generate import write_project  # noqa: E402


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run a command; return its wall time in seconds and its peak memory in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def median_run(cmd, runs, cwd=None, before=None, warmup: int = 0) -> tuple[float, int]:
    """Return the median time and the largest memory of `runs` runs, after `warmup` untimed ones."""
    for _ in range(warmup):
        if before:
            before()
        timed(cmd, cwd)
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(cmd, cwd))
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def in_turns(commands: dict[str, tuple], runs: int) -> dict[str, tuple[float, int]]:
    """Time each command `runs` times, in turns: one run of each, then again. `commands` maps a
    name to (command, folder, step before each run or None, untimed runs first). Return each one's
    median time and largest memory.

    Taken in turns, a host that slows down or speeds up over the minutes of a
    run weighs on every tool alike, and the ratios hold. (On this one, each
    tool's time moved by a fifth between runs minutes apart.)
    """
    for command, cwd, before, warmup in commands.values():
        for _ in range(warmup):
            if before:
                before()
            timed(command, cwd)
    results: dict[str, list] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd, before, _) in commands.items():
            if before:
                before()
            results[name].append(timed(command, cwd))
    return {name: (statistics.median(t for t, _ in times), max(m for _, m in times)) for name, times in results.items()}


def byte_compile(engine: Path) -> None:
    """Compile the engine's modules as pip compiles every peer's when it installs them.

    Python writes the compiled files itself on a first run, unless told not to
    (PYTHONDONTWRITEBYTECODE, which some machines set): then every run of ours
    would compile 5,000 lines afresh, some 0.1 s no peer pays.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(engine)], check=True, stdout=subprocess.DEVNULL)


def bench_size(n: int, runs: int, with_peers: bool, work: Path) -> dict:
    """Measure ours and each peer at one corpus size."""
    paths = write_project(work / f"n{n}", n)
    ours = paths["ours"]
    byte_compile(ours / "explainer")
    out = work / f"n{n}" / "dist"
    build = [sys.executable, "build.py", "--out", str(out)]

    def forget() -> None:
        """Make the next build cold: no stamp of the last build, no compiled templates. The output
        stays as the last build left it, as it does for every peer (each does with it what it
        does when run again: Hugo, Pelican and Eleventy write over it, MkDocs empties it first)."""
        (out.parent / f".{out.name}.stamp.json").unlink(missing_ok=True)
        shutil.rmtree(ours / ".cache", ignore_errors=True)

    def empty() -> None:
        """Make the next build a first one: no output either, nor the spare the build writes over."""
        forget()
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / f".{out.name}.spare", ignore_errors=True)

    row = {"n": n}
    prepared = peers.prepare(paths["markdown"], work / f"n{n}" / "peers") if with_peers else []
    found = [peer for peer in prepared if isinstance(peer, peers.Peer)]
    # Cold for every tool alike: no cache, the output as the run before left it. Ours builds twice
    # first: one build leaves the output, the next the spare it writes over.
    cold = in_turns({"ours": (build, ours, forget, 2),
                     **{peer.name: (peer.command, peer.output.parent, None, 1) for peer in found}}, runs)
    row["cold"], row["memory_mb"] = cold["ours"]
    row["cold_empty"], _ = median_run(build, runs, ours, before=empty)
    row["unchanged"], _ = median_run(build, runs, ours)
    fact = subprocess.run([sys.executable, str(BENCH / "incremental.py"), str(ours), str(max(runs, 5))],
                          capture_output=True, text=True, check=True)
    row.update(json.loads(fact.stdout))
    row["peers"] = {}
    for peer in prepared:
        if not isinstance(peer, peers.Peer):
            row["peers"][peer[0]] = {"missing": peer[1]}
            continue
        wall, memory = cold[peer.name]
        row["peers"][peer.name] = {"version": peer.version, "cold": wall, "memory_mb": memory,
                                   "problem": peers.check(peer, n), "ratio": row["cold"] / wall}
    return row


def bench_real_site(runs: int, work: Path) -> dict:
    """Time whole cold builds of this project's own explainer, interpreter start included."""
    out = work / "real-site"
    byte_compile(BENCH.parent / "explainer")

    def forget() -> None:
        (out.parent / f".{out.name}.stamp.json").unlink(missing_ok=True)

    wall, memory = median_run([sys.executable, "build.py", "--out", str(out)], runs, BENCH.parent, before=forget,
                              warmup=2)
    return {"cold": wall, "memory_mb": memory}


def print_table(rows: list[dict]) -> None:
    print(f"\n{'N':>6} {'cold s':>8} {'first s':>8} {'unchanged s':>12} {'one fact ms':>12} {'dated fact ms':>14} "
          f"{'memory MB':>10}")
    for r in rows:
        print(f"{r['n']:>6} {r['cold']:>8.2f} {r['cold_empty']:>8.2f} {r['unchanged']:>12.3f} "
              f"{r['one_fact'] * 1000:>12.1f} {r['one_dated_fact'] * 1000:>14.1f} {r['memory_mb']:>10}")
    print(f"\n{'N':>6} {'peer':<10} {'version':<10} {'cold s':>8} {'ours / peer':>12}  note")
    for r in rows:
        for name, p in r["peers"].items():
            if "missing" in p:
                print(f"{r['n']:>6} {name:<10} {'-':<10} {'-':>8} {'-':>12}  {p['missing']}")
            else:
                print(f"{r['n']:>6} {name:<10} {p['version'][:10]:<10} {p['cold']:>8.2f} {p['ratio']:>12.2f}  "
                      f"{p['problem'] or 'ok'}")
    if len(rows) > 1 and rows[-1]["n"] > rows[0]["n"]:
        a, b = rows[-2], rows[-1]
        print(f"\ngrowth {a['n']} -> {b['n']} ({b['n'] / a['n']:.0f}x): time {b['cold'] / a['cold']:.2f}x, "
              f"memory {b['memory_mb'] / a['memory_mb']:.2f}x")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,4000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true", help="measure our build only")
    parser.add_argument("--install-peers", action="store_true", help="install Hugo, Pelican, MkDocs and Eleventy first")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "latest.json")
    args = parser.parse_args(argv)
    if args.install_peers:
        peers.install()
    rows = []
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as scratch:
        real = bench_real_site(max(args.runs, 5), Path(scratch))
        for n in (int(s) for s in args.sizes.split(",")):
            runs = args.runs if n < 4000 else max(3, args.runs // 2)
            print(f"N = {n} ...", flush=True)
            rows.append(bench_size(n, runs, not args.no_peers, Path(scratch)))
    print_table(rows)
    print(f"\nthe real site: {real['cold']:.3f} s for a whole cold build, {real['memory_mb']} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                                     "real_site": real, "rows": rows}, indent=1) + "\n")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
