"""Time rebuilds after one saved fact, through the preview server's own code path.

Usage: python bench/incremental.py PROJECT RUNS     prints one JSON line
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(sys.argv[1]).resolve()))

from explainer.pipeline import Builder  # noqa: E402  (the project's own engine)
from explainer.write import sync_site  # noqa: E402


def edit_times(builder: Builder, out: Path, file: Path, old: str, runs: int) -> list[float]:
    """Change one fact's claim `runs` times; return each save-to-written time."""
    original = file.read_text()
    times = []
    try:
        for run in range(runs):
            file.write_text(original.replace(old, f"{old}Edit {run} ", 1))
            started = time.perf_counter()
            built = builder.build([file])
            sync_site(built.outputs, out, only=built.changed)
            times.append(time.perf_counter() - started)
            gc.freeze()   # as the preview server does after each build
    finally:
        file.write_text(original)
        builder.build([file])
    return times


def main() -> None:
    project, runs = Path(sys.argv[1]).resolve(), int(sys.argv[2])
    builder = Builder(project, hash_assets=False)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        sync_site(builder.build().outputs, out)
        gc.freeze()
        facts = sorted((project / "content/facts").glob("*.yaml"))
        middle = facts[len(facts) // 2 + 1]     # an article whose facts are undated
        dated = facts[len(facts) // 2 - len(facts) // 2 % 10]
        undated = edit_times(builder, out, middle, "claim: Fact 3 ", runs)
        dated_times = edit_times(builder, out, dated, "claim: Fact 0 ", max(3, runs // 2))
    print(json.dumps({"one_fact": statistics.median(undated), "one_dated_fact": statistics.median(dated_times)}))


if __name__ == "__main__":
    main()
