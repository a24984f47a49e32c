"""Generate a synthetic but realistic explainer project of N articles and N pages.

Each article has about 650 words in six paragraphs; each article has ten
facts quoting it; each of the N narrative pages cites ten facts. The same
text is also written as N plain Markdown pages with ten footnotes each, the
input the peer generators build.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("government law court city office rights group statement police protest report minister council "
         "security freedom press election vote member staff region decision board public policy response "
         "official action review history support campaign pressure research education union activist market "
         "change future local foreign national international agency charity leader question answer evidence "
         "series budget school health water energy transport housing economy trade border company worker").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng: random.Random, words: int = 108) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(9, 18)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out)


def article(i: int) -> tuple[str, list[str]]:
    """Return an article's title and its six paragraphs, with a unique tag in each paragraph."""
    rng = random.Random(i)
    paras = [f"Report {i} part {k} says {paragraph(rng)}" for k in range(6)]
    return f"Synthetic article number {i}", paras


def quote_of(paras: list[str], k: int) -> str:
    """Return a quote unique to paragraph k: its tag and the next few words."""
    words = paras[k % 6].split()
    start = 0 if k < 6 else 4
    return " ".join(words[start:start + 9]) if k < 6 else f"Report {words[1]} part {k % 6} says " + " ".join(words[5:9])


def write_project(target: Path, n: int) -> dict:
    """Write the project (ours) and the plain Markdown pages (for peers) under `target`."""
    if target.exists():
        shutil.rmtree(target)
    ours = target / "ours"
    for part in ("build.py", "templates", "assets", "explainer"):
        src = ROOT / part
        (shutil.copytree(src, ours / part, ignore=shutil.ignore_patterns("__pycache__"))
         if src.is_dir() else (ours.mkdir(parents=True, exist_ok=True), shutil.copy2(src, ours / part)))
    for folder in ("seeds", "content/facts", "content/pages"):
        (ours / folder).mkdir(parents=True, exist_ok=True)
    plain = target / "markdown"
    plain.mkdir(parents=True)
    sources_yaml = ["# generated"]
    for i in range(n):
        title, paras = article(i)
        (ours / f"seeds/a{i:05d}.txt").write_text(f"{title}\n\nBy Writer {i % 97}\n\n" + "\n\n".join(paras) + "\n")
        sources_yaml.append(f"- seed: a{i:05d}.txt\n  articles:\n    - id: a{i:05d}\n      outlet: Outlet {i % 50}\n"
                            f"      date: 2021-{1 + i % 12:02d}-{1 + i % 28:02d}")
        facts = []
        for k in range(10):
            other = (i + 1) % n
            cites = [(f"a{i:05d}", quote_of(paras, k))]
            if k == 0 and n > 1:
                cites.append((f"a{other:05d}", quote_of(article(other)[1], 3)))
            lines = [f"- id: f{i:05d}-{k}", f"  topic: {('law', 'closure', 'reactions')[k % 3]}",
                     f"  claim: Fact {k} of article {i} says that {sentence(random.Random(i * 10 + k), 12)}"]
            if k == 0 and i % 10 == 0:   # one dated event per ten articles: a timeline of N/10 events
                lines.append(f"  date: {2019 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}")
            lines.append("  citations:")
            lines += [f"    - source: {s}\n      quote: \"{q}\"" for s, q in cites]
            facts.append("\n".join(lines))
        (ours / f"content/facts/f{i:05d}.yaml").write_text("\n\n".join(facts) + "\n")
        rng = random.Random(-i - 1)
        body, plain_body, notes = [], [], []
        for p in range(6):
            text = paragraph(rng, 100)
            refs = [k for k in range(10) if k % 6 == p]
            body.append(text + "".join(f" [@f{i:05d}-{k}]" for k in refs))
            plain_body.append(text + "".join(f"[^{k + 1}]" for k in refs))
        for k in range(10):
            notes.append(f"[^{k + 1}]: “{quote_of(paras, k)}”, Writer {i % 97}, Outlet {i % 50}.")
        (ours / f"content/pages/p{i:05d}.md").write_text(
            f"---\ntitle: Page {i}\ndescription: Synthetic page {i}.\n---\n" + "\n\n".join(body) + "\n")
        (plain / f"p{i:05d}.md").write_text(
            f"---\ntitle: Page {i}\ndate: 2021-01-01\n---\n\n" + "\n\n".join(plain_body) + "\n\n" + "\n".join(notes) + "\n")
    (ours / "content/sources.yaml").write_text("\n".join(sources_yaml) + "\n")
    (ours / "content/pages/index.md").write_text(
        "---\ntitle: Synthetic explainer\norder: 1\n---\nAn overview [@f00000-0].\n")
    (ours / "content/site.yaml").write_text(
        "title: Synthetic\ndescription: A synthetic explainer.\nlanguage: en\npublisher: Bench\nlicence: CC BY 4.0\n"
        "updated: 2021-12-31\nsummary: A summary [@f00000-1].\n"
        "topics:\n  - {id: law, title: Law}\n  - {id: closure, title: Closure}\n  - {id: reactions, title: Reactions}\n")
    disputes = [f"- id: d{j}\n  question: Question {j}?\n  facts: [f{j:05d}-1]\n  accounts:\n"
                f"    - {{source: a{j:05d}, quote: \"{quote_of(article(j)[1], 1)}\"}}\n"
                f"    - {{source: a{j:05d}, quote: \"{quote_of(article(j)[1], 2)}\"}}\n  note: Generated."
                for j in range(0, n, 100)]
    (ours / "content/disputes.yaml").write_text("\n".join(disputes) + "\n")
    _age(target)
    return {"ours": ours, "markdown": plain}


def _age(folder: Path, seconds: int = 60) -> None:
    """Date the generated files a minute back, as an editor's files are between saves.

    A file saved within two seconds of a build is never trusted as unchanged (see stamp.py),
    so files written just now would make every rebuild a full one.
    """
    past = time.time_ns() - seconds * 1_000_000_000
    for path in folder.rglob("*"):
        os.utime(path, ns=(past, past))
