"""The benchmark runs end to end at N = 100 (a smoke test: no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_benchmark_runs_and_reports_every_peer(tmp_path):
    report = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "bench/run.py", "--sizes", "100", "--runs", "1", "--json", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["real_site"]["cold"] > 0 and result["real_site"]["memory_mb"] > 0
    [row] = result["rows"]
    assert row["n"] == 100
    for measure in ("cold", "cold_empty", "unchanged", "one_fact", "one_dated_fact", "memory_mb"):
        assert row[measure] > 0, measure
    assert set(row["peers"]) == {"Hugo", "Eleventy", "Pelican", "MkDocs"}   # each measured or reported missing
    for name, peer in row["peers"].items():
        assert "missing" in peer or peer["problem"] is None, (name, peer)
    assert "ours / peer" in done.stdout
    assert "the real site:" in done.stdout


def test_tools_are_timed_in_turns_so_that_a_host_drifting_weighs_on_each_alike(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from run import in_turns

    log = tmp_path / "log"

    def command(name):
        return [sys.executable, "-c", f"open({str(log)!r}, 'a').write({name!r})"]

    before = []
    times = in_turns({"a": (command("a"), tmp_path, lambda: before.append("a"), 1),
                      "b": (command("b"), tmp_path, None, 0)}, runs=2)
    assert log.read_text() == "a" + "ab" * 2   # the untimed run first, then one of each, twice
    assert before == ["a"] * 3                 # the step before every run of its command, untimed ones too
    assert set(times) == {"a", "b"} and all(t > 0 and m > 0 for t, m in times.values())
