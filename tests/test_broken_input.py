"""A corpus of broken inputs: each is reported as `path:line: message`, exit 1, dist/ untouched.

Every case is a small change to a copy of the real project. The expected line
is found by the text the change puts there, so the cases survive edits to the
content itself.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import run_build
from explainer.memo import Files, Memo
from explainer.problems import Problems
from explainer.seeds import read_seeds
from explainer.yamlfile import read_yaml_file

LAW = "content/facts/law.yaml"
CLOSURE = "content/facts/closure.yaml"
DISPUTES = "content/disputes.yaml"
LAW_PAGE = "content/pages/law.md"
SEED = "seeds/000_a0887d1137a917e7.txt"


def edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return change


def edit_line(rel: str, start: str, new: Callable[[str], str]) -> Callable[[Path], None]:
    """Change the line that starts with `start` into new(line)."""
    def change(project: Path) -> None:
        path = project / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next(k for k, line in enumerate(lines) if line.startswith(start))
        lines[at] = new(lines[at])
        path.write_text("\n".join(lines), encoding="utf-8")
    return change


def edit_bytes(rel: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / rel
        data = path.read_bytes()
        assert old in data, f"{old!r} not in {rel}"
        path.write_bytes(data.replace(old, new, 1))
    return change


def append(rel: str, extra: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return change


def write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(data)
    return change


def big_seed(project: Path) -> None:
    with open(project / "seeds/huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)   # sparse: 50 MB without writing them


def symlink_out(project: Path) -> None:
    outside = project.parent / "outside.txt"
    outside.write_text("An article\n\nthat lives elsewhere.\n")
    (project / "seeds/linked.txt").symlink_to(outside)


def page_link_out(project: Path) -> None:
    outside = project.parent / "outside.md"
    outside.write_text("---\ntitle: Elsewhere\n---\nText from elsewhere [@nsl-in-force].\n")
    (project / "content/pages/linked.md").symlink_to(outside)


def facts_link_out(project: Path) -> None:
    (project / "content/facts/passwords.yaml").symlink_to("/etc/passwd")


def pages_folder_link_out(project: Path) -> None:
    outside = project.parent / "pages-elsewhere"
    (project / "content/pages").rename(outside)
    (project / "content/pages").symlink_to(outside)


def unreadable_facts(project: Path) -> None:
    # Root can read any file whatever its mode, so a dangling link stands in for an unreadable file.
    (project / "content/facts/gone.yaml").symlink_to(project / "content/facts/missing-target.yaml")


def hidden_file(project: Path) -> Path:
    """A file in a hidden folder of the project, as .git/config is, that links may lead to."""
    (project / ".secrets").mkdir(exist_ok=True)
    (project / ".secrets/token.txt").write_text("A title\n\ntoken ghp_0123456789 is the key\n")
    return project / ".secrets/token.txt"


def chain(*changes):
    def change(project: Path) -> None:
        for c in changes:
            c(project)
    return change


FIRST_FACT = "- id: protests-2019\n  topic: law\n"


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path], None]
    path: str
    message: str            # a regular expression the message must match
    line_text: str = ""     # the expected line is the first one holding this text ('' means line 1)
    status: int = 1


CASES = [
    Case("yaml-tab", edit(LAW, "  topic: law\n", "\ttopic: law\n"), LAW, r"tab character", "\ttopic: law"),
    Case("yaml-bad-indent", edit(LAW, "  topic: law\n  date: \"2019\"", "  topic: law\n    date: \"2019\""), LAW,
         r"YAML syntax error", '    date: "2019"'),
    Case("yaml-unclosed-quote", edit(LAW, 'date: "2019"', 'date: "2019'), LAW, r"never closed|YAML syntax error"),
    Case("yaml-duplicate-key", edit(LAW, FIRST_FACT, FIRST_FACT + "  id: again\n"), LAW,
         r"the key 'id' appears twice", "  id: again"),
    Case("yaml-control-character", edit(LAW, '  topic: law\n', '  topic: law\x01\n'), LAW,
         r"holds the control character U\+0001, which a YAML file cannot hold", "topic: law\x01"),
    Case("claim-not-text", edit(LAW, "  claim: In 2019 Hong Kong", "  claim: [In 2019]\n  old: In 2019 Hong Kong"), LAW,
         r"field 'claim': expected a text, got a list", "claim: [In 2019]"),
    Case("date-not-date", edit(LAW, 'date: "2019"', "date: last spring"), LAW,
         r"field 'date': expected a date as YYYY, YYYY-MM or YYYY-MM-DD", "date: last spring"),
    Case("date-impossible", edit(LAW, 'date: "2019"', "date: 2019-02-30"), LAW,
         r"field 'date': '2019-02-30' is not a real date \(day is out of range for month\)", "date: 2019-02-30"),
    Case("topic-not-id", edit(LAW, FIRST_FACT, "- id: protests-2019\n  topic: 7\n"), LAW,
         r"field 'topic': expected an id", "topic: 7"),
    # YAML reads 12:30 as 750 (minutes in base 60), "no" as false: the message says so, not "got 750".
    Case("label-read-as-a-number", edit(CLOSURE, "- id: not-singled-out\n", "- id: not-singled-out\n  label: 12:30\n"), CLOSURE,
         r"field 'label': expected a text, got a value YAML reads as a number \(750\): put it in double quotes "
         r"to keep it as written", "label: 12:30"),
    Case("claim-read-as-true-false", edit(LAW, "  claim: In 2019 Hong Kong", "  claim: no\n  old: In 2019 Hong Kong"), LAW,
         r"field 'claim': expected a text, got a value YAML reads as true/false \(false\): put it in double quotes",
         "claim: no"),
    Case("citations-not-list", edit(LAW, "  citations:\n    - source: redaction-politics\n      quote: \"which were",
                                    "  citations: redaction-politics\n  x:\n    - source: redaction-politics\n      quote: \"which were"),
         LAW, r"field 'citations': expected a list of entries, got a text", "citations: redaction-politics"),
    Case("order-not-number", edit(LAW_PAGE, "order: 2", "order: second"), LAW_PAGE,
         r"field 'order': expected a whole number", "order: second"),
    Case("missing-claim", edit(LAW, "  claim: In 2019 Hong Kong", "  note: In 2019 Hong Kong"), LAW,
         r"unknown field 'note'|field 'claim' is missing", "note: In 2019"),
    Case("unknown-field", edit(LAW, FIRST_FACT, FIRST_FACT + "  author: me\n"), LAW,
         r"unknown field 'author' in fact \(expected one of: id, topic, claim, date, citations, label\)", "author: me"),
    Case("duplicate-fact-id", edit(CLOSURE, "- id: closure-announced", "- id: protests-2019"), LAW,
         r"fact id 'protests-2019' is used twice \(first in content/facts/closure.yaml:\d+\)", "- id: protests-2019"),
    Case("duplicate-dispute-id", edit(DISPUTES, "- id: who-imposed-law", "- id: regional-office-location  # again"),
         DISPUTES, r"dispute id 'regional-office-location' is used twice", "# again"),
    Case("dispute-id-of-the-page", edit(DISPUTES, "- id: who-imposed-law", "- id: main"), DISPUTES,
         r"dispute id 'main' is taken by the page itself", "- id: main"),
    Case("dispute-id-of-a-question", edit(DISPUTES, "- id: who-imposed-law", "- id: regional-office-location-q"),
         DISPUTES, r"dispute id 'regional-office-location-q' is taken by the question of dispute "
                   r"'regional-office-location'", "- id: regional-office-location-q"),
    Case("site-url-with-a-password", append("content/site.yaml", "site_url: https://editor:secret@example.org/\n"),
         "content/site.yaml", r"field 'site_url': 'https://editor:secret@example.org/' holds a user name or password",
         "site_url:"),
    Case("site-url-port-past-65535", append("content/site.yaml", "site_url: https://example.org:99999/\n"),
         "content/site.yaml", r"has a port that is no number from 1 to 65535", "site_url:"),
    Case("site-url-beyond-ascii", append("content/site.yaml", "site_url: https://owner.github.io/répo/\n"),
         "content/site.yaml", r"holds characters beyond ASCII: write them percent-encoded", "site_url:"),
    Case("language-not-a-tag", edit("content/site.yaml", "language: en", "language: 'en\" onload=x'"), "content/site.yaml",
         r"field 'language': expected a language tag such as en or zh-Hant", "language: 'en"),
    Case("summary-cites-unknown-fact", edit("content/site.yaml", "summary: >-\n", "summary: >-\n  See [@no-such-fact].\n"),
         "content/site.yaml", r"cites unknown fact 'no-such-fact'", "summary:"),
    Case("unknown-source", edit(LAW, "    - source: hkfp\n", "    - source: the-times\n"), LAW,
         r"cites unknown source 'the-times' \(known sources: hkfp, redaction-politics, scmp, unattributed-report\)",
         "- source: the-times"),
    Case("unknown-fact", append(LAW_PAGE, "\nA claim [@no-such-fact].\n"), LAW_PAGE,
         r"cites unknown fact 'no-such-fact'", "[@no-such-fact]"),
    Case("unknown-topic", edit(LAW, FIRST_FACT, "- id: protests-2019\n  topic: weather\n"), LAW,
         r"fact 'protests-2019' has unknown topic 'weather' \(topics: closure, law, reactions\)", "topic: weather"),
    Case("citation-in-a-page-title", edit("content/pages/law.md", "title: The law", "title: The law [@nsl-in-force]"),
         "content/pages/law.md", r"field 'title' cannot cite a fact: only a page's text and the site's summary turn",
         "title: The law [@nsl-in-force]"),
    Case("citation-in-a-fact-claim",
         edit(LAW, "claim: In 2019 Hong Kong saw mass pro-democracy protests,",
              "claim: In 2019 Hong Kong saw mass pro-democracy protests [@nsl-in-force],"), LAW,
         r"field 'claim' cannot cite a fact: only a page's text and the site's summary turn", "[@nsl-in-force],"),
    Case("escaped-control-character-in-a-claim",
         edit(LAW, "claim: In 2019 Hong Kong saw mass pro-democracy protests, triggered by a proposed bill that would "
                   "have allowed extradition to mainland China.",
              'claim: "In 2019 \\e[31m Hong Kong saw mass pro-democracy protests."'), LAW,
         r"field 'claim': holds the control character U\+001B \(written as an escape\), which no reader sees: delete it",
         "claim: \"In 2019"),
    # YAML writes these two for "\v" and "\N": HTML allows them in no page.
    Case("escaped-vertical-tab-in-a-claim", edit(LAW, "claim: In 2019 Hong Kong saw mass pro-democracy protests, triggered "
                                                      "by a proposed bill that would have allowed extradition to mainland China.",
                                                 'claim: "In 2019\\vHong Kong saw mass pro-democracy protests."'), LAW,
         r"field 'claim': holds the control character U\+000B \(written as an escape\)", 'claim: "In 2019'),
    Case("escaped-next-line-in-a-page-title", edit(LAW_PAGE, "title: The law", 'title: "The\\Nlaw"'), LAW_PAGE,
         r"field 'title': holds the control character U\+0085 \(written as an escape\)", 'title: "The'),
    # JSON's way with a character past U+FFFF, two escapes of the halves of a pair, which YAML does not read.
    Case("escaped-halves-of-a-pair-in-a-title", edit(LAW_PAGE, "title: The law", 'title: "The law \\ud83d\\ude00"'),
         LAW_PAGE, r"an escape in double quotes names no character: write the character itself", 'title: "The law'),
    Case("citation-in-a-dispute-question", edit(DISPUTES, "question: Who imposed the National Security Law on Hong Kong?",
                                                "question: Who imposed it [@nsl-in-force]?"), DISPUTES,
         r"field 'question' cannot cite a fact", "question: Who imposed it [@nsl-in-force]?"),
    Case("dispute-of-a-passage-with-itself",
         edit(DISPUTES, '- {source: scmp, quote: "Beijing imposed the national security law in June last year"}',
              '- {source: hkfp, quote: "national security legislation directly into Hong Kong"}'), DISPUTES,
         r"dispute 'who-imposed-law' quotes the same words of 'hkfp' in two accounts",
         'quote: "national security legislation directly into Hong Kong"'),
    Case("dispute-unknown-fact", edit(DISPUTES, "facts: [nsl-imposed-by-beijing", "facts: [nsl-by-beijing"), DISPUTES,
         r"dispute 'who-imposed-law' names unknown fact 'nsl-by-beijing'", "facts: [nsl-by-beijing"),
    Case("empty-quote", edit(LAW, 'quote: "during the 2019 mass protests"', 'quote: ""'), LAW,
         r"field 'quote' is empty", 'quote: ""'),
    Case("ellipsis-only-quote", edit(LAW, 'quote: "during the 2019 mass protests"', 'quote: "..."'), LAW,
         r"empty quote", 'quote: "..."'),
    Case("quote-not-in-source", edit(LAW, "during the 2019 mass protests", "during the 2019 mass riots"), LAW,
         r"quote not found in source 'redaction-politics': \"during the 2019 mass riots\"; "
         r"the closest passage it holds is \".*2019 mass protests", "2019 mass riots"),
    Case("quote-across-paragraphs",
         edit(LAW, 'quote: "during the 2019 mass protests"',
              'quote: "in the region. In the UK, Labour"'), LAW, r"quote not found", "in the region. In the UK"),
    Case("quote-in-other-source", edit(LAW, 'quote: "during the 2019 mass protests"',
                                       'quote: "Beijing imposed the national security law in June last year"'), LAW,
         r"quote not found in source 'redaction-politics'.*the quote is in source 'scmp'", "Beijing imposed the national"),
    Case("ambiguous-quote", edit(LAW, 'quote: "during the 2019 mass protests"', 'quote: "Hong Kong"'), LAW,
         r"the quote occurs \d+ times in source 'redaction-politics' \(p\d+, .*add 'prefix:' or 'suffix:'", 'quote: "Hong Kong"'),
    Case("page-cites-nothing", write_bytes("content/pages/empty.md", b"---\ntitle: Empty\n---\nNo sources here.\n"),
         "content/pages/empty.md", r"the page 'Empty' cites nothing"),
    Case("unclosed-reference", append(LAW_PAGE, "\nA claim [@nsl-in-force.\n"), LAW_PAGE,
         r"a citation '\[@' is never closed", "[@nsl-in-force."),
    Case("malformed-reference", append(LAW_PAGE, "\nA claim [@ nsl in force].\n"), LAW_PAGE,
         r"malformed citation '\[@ nsl in force\]'", "[@ nsl in force]"),
    Case("two-pages-one-url", write_bytes("content/pages/law-again.md",
                                          b"---\ntitle: Again\nslug: law\n---\nText [@nsl-in-force].\n"),
         "content/pages/law.md", r"this page and content/pages/law-again.md are both published at 'law/'"),
    Case("page-takes-reserved-url", write_bytes("content/pages/sources.md", b"---\ntitle: S\n---\nText [@nsl-in-force].\n"),
         "content/pages/sources.md", r"the address 'sources/' is made by the build itself"),
    Case("id-with-slash", edit(LAW, "- id: protests-2019", "- id: protests/2019"), LAW,
         r"'protests/2019' is not a valid id", "- id: protests/2019"),
    Case("id-with-dots", edit(LAW, "- id: protests-2019", "- id: ../protests"), LAW,
         r"'\.\./protests' is not a valid id", "- id: ../protests"),
    Case("id-with-spaces", edit(LAW, "- id: protests-2019", "- id: protests of 2019"), LAW,
         r"'protests of 2019' is not a valid id.*no spaces", "- id: protests of 2019"),
    Case("source-id-with-slash", edit("content/sources.yaml", "- id: hkfp", "- id: hk/fp"), "content/sources.yaml",
         r"'hk/fp' is not a valid id", "- id: hk/fp"),
    Case("source-id-with-final-newline", edit("content/sources.yaml", "- id: hkfp", '- id: "hkfp\\n"'),
         "content/sources.yaml", r"'hkfp\\u000a' is not a valid id", '- id: "hkfp'),
    Case("licence-url-with-final-newline", edit("content/site.yaml", "licence_url: https://creativecommons.org/licenses/by/4.0/",
                                                'licence_url: "https://creativecommons.org/licenses/by/4.0/\\n"'),
         "content/site.yaml", r"field 'licence_url': expected an http\(s\) URL", "licence_url:"),
    Case("page-address-bad", write_bytes("content/pages/bad.md", b"---\ntitle: Bad\nslug: Bad Address\n---\nText [@nsl-in-force].\n"),
         "content/pages/bad.md", r"'Bad Address' cannot be a page address", "slug: Bad Address"),
    Case("drop-pattern-not-a-pattern", edit("content/sources.yaml", "    - id: hkfp\n",
                                            "    - id: hkfp\n      drop: ['^By (']\n"),
         "content/sources.yaml", r"'\^By \(' is not a valid regular expression: missing \)", "drop: ['^By ("),
    Case("drop-pattern-repeated-past-the-engines-count", edit("content/sources.yaml", "    - id: hkfp\n",
                                                              "    - id: hkfp\n      drop: ['a{4294967296}']\n"),
         "content/sources.yaml", r"'a\{4294967296\}' is not a valid regular expression: the repetition number is too large",
         "drop: ['a{"),
    Case("drop-pattern-nested-too-deep", edit("content/sources.yaml", "    - id: hkfp\n",
                                              "    - id: hkfp\n      drop: ['" + "(" * 2000 + "a" + ")" * 2000 + "']\n"),
         "content/sources.yaml", r"'\({77}…' is not a valid regular expression: its brackets are nested too deeply",
         "drop: ['((("),
    Case("drop-pattern-that-never-ends", edit("content/sources.yaml", "    - id: hkfp\n",
                                              "    - id: hkfp\n      drop: ['^(\\w+\\s?)*$']\n"),
         "content/sources.yaml", r"repeats a part that repeats itself", "drop: ['^("),
    Case("drop-pattern-that-repeats-a-choice", edit("content/sources.yaml", "    - id: hkfp\n",
                                                    "    - id: hkfp\n      drop: ['(.|\\s)*!$']\n"),
         "content/sources.yaml", r"repeats a part that repeats itself or offers a choice.*write '\[\\s\\S\]'",
         "drop: ['(."),
    Case("page-lists-nested-too-deep", append(LAW_PAGE, "\n" + "".join("    " * i + "- x\n" for i in range(299))
                                                + "    " * 299 + "- deepest\n"),
         LAW_PAGE, r"lists or quotes are nested too deeply to be read", "- deepest"),
    Case("page-lists-nested-too-deep-on-one-line", append(LAW_PAGE, "\nA paragraph.\n\n" + "- " * 5000 + "deepest\n"),
         LAW_PAGE, r"lists or quotes are nested too deeply to be read", "- - - deepest"),
    Case("page-quotes-nested-too-deep", append(LAW_PAGE, "\nA paragraph.\n\n" + "> " * 600 + "deepest\n"),
         LAW_PAGE, r"lists or quotes are nested too deeply to be read", "> > > deepest"),
    # Python-Markdown mixes up these marks, and would print its placeholder 'klzzwxh:0000' in the page.
    Case("page-marks-markdown-misreads", append(LAW_PAGE, "\nSome *emphasis* first.\n\nThen b___*:b.**/)http://x.org]/*[a](b) "
                                                          "misread [@nsl-in-force].\n\nAnd *more* after.\n"),
         LAW_PAGE, r"Markdown cannot read this text: its marks for emphasis or links \('\*', '_', '\['\) overlap or are "
                   r"left open", "Then b___"),
    Case("claim-marks-markdown-misreads", edit(LAW, "claim: In 2019 Hong Kong", "claim: In 2019 *..**___*[a](b)_____)]* Hong Kong"),
         LAW, r"fact 'protests-2019': Markdown cannot read this text", "claim: In 2019 *..**"),
    Case("dispute-note-marks-markdown-misreads", edit(DISPUTES, "  note: ", "  note: See *..**___*[a](b)_____)]* "),
         DISPUTES, r"dispute '[a-z0-9-]+': Markdown cannot read this text", "note: See *..**"),
    Case("claim-lists-nested-too-deep", edit_line(LAW, "  claim: In 2019 Hong Kong",
                                                  lambda line: "  claim: '" + "- " * 600 + line[len("  claim: "):] + "'"),
         LAW, r"fact 'protests-2019': lists or quotes are nested too deeply to be read", "claim: '- - -"),
    Case("page-too-many-brackets", append(LAW_PAGE, "\nText " + "[" * 20000 + "\n"), LAW_PAGE,
         r"holds 2000\d '\[' in one text, more than 2000", "Text [[["),
    Case("claim-too-many-brackets", edit(LAW, "  claim: In 2019", "  claim: In " + "[" * 5000 + " 2019"), LAW,
         r"fact 'protests-2019': holds 5000 '\[' in one text", "claim: In [[["),
    Case("quote-too-long", edit(LAW, 'quote: "during the 2019 mass protests"',
                                'quote: "during the 2019 mass protests' + " and more" * 300 + '"'), LAW,
         r"field 'quote': a quote of 2729 characters, more than 2000", "quote: \"during the 2019 mass protests and"),
    Case("page-control-character", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020\x1b Beijing"), LAW_PAGE,
         r"holds the control character U\+001B, which no reader sees", "In June 2020\x1b"),
    # Markdown passes a character reference on to the page as it is: "&#27;" is the control character.
    # An id or an address names a folder of the site: a system's names are at most 255 bytes.
    Case("page-address-too-long", edit(LAW_PAGE, "title:", "slug: " + "a" * 300 + "\ntitle:"), LAW_PAGE,
         r"a page address of 300 characters, more than 100", "slug: aaa"),
    Case("source-id-too-long", edit("content/sources.yaml", "    - id: hkfp\n", "    - id: " + "h" * 300 + "\n"),
         "content/sources.yaml", r"field 'id': an id of 300 characters, more than 100", "- id: hhh"),
    Case("page-character-reference", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020&#27; Beijing"), LAW_PAGE,
         r"the character reference '&#27;' stands for the control character U\+001B, which no reader sees and HTML "
         r"does not allow: delete it", "In June 2020&#27;"),
    Case("page-reference-to-no-character", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020&#xD800; Beijing"),
         LAW_PAGE, r"the character reference '&#xD800;' names no character: delete it", "In June 2020&#xD800;"),
    # Browsers read as many zeros before the number as are written.
    Case("page-character-reference-with-zeros", edit(LAW_PAGE, "In June 2020 Beijing",
                                                     "In June 2020&#00000000000000000000027; Beijing"), LAW_PAGE,
         r"the character reference '&#00000000000000000000027;' stands for the control character U\+001B",
         "In June 2020&#000"),
    Case("page-reference-past-any-character", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020&#" + "9" * 5000 + "; Beijing"),
         LAW_PAGE, r"the character reference '&#9{28}…;' names no character: delete it", "In June 2020&#999"),
    Case("claim-reference-to-half-a-pair-with-zeros", edit(LAW, "claim: In 2019 Hong Kong",
                                                           "claim: In 2019&#x000000000000000000000000000d800; Hong Kong"), LAW,
         r"field 'claim': the character reference '&#x000000000000000000000000000d800;' names no character",
         "claim: In 2019&#x"),
    Case("page-noncharacter", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020\ufdd0 Beijing"), LAW_PAGE,
         r"holds the noncharacter U\+FDD0, which no reader sees: delete it", "In June 2020\ufdd0"),
    Case("claim-character-reference", edit(LAW, "claim: In 2019 Hong Kong", "claim: In 2019&#x110000; Hong Kong"), LAW,
         r"field 'claim': the character reference '&#x110000;' names no character: delete it", "claim: In 2019&#x"),
    Case("claim-noncharacter", edit(LAW, "claim: In 2019 Hong Kong", "claim: In 2019\U0001ffff Hong Kong"), LAW,
         r"field 'claim': holds the noncharacter U\+1FFFF, which no reader sees: delete it$", "claim: In 2019\U0001ffff"),
    Case("source-url-port-past-65535", edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n",
                                            "      outlet: Hong Kong Free Press\n      url: https://hongkongfp.com:99999/\n"),
         "content/sources.yaml", r"field 'url': has a port that is no number from 1 to 65535",
         "url: https://hongkongfp.com:99999/"),
    Case("source-url-without-host", edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n",
                                         "      outlet: Hong Kong Free Press\n      url: https:///2021/10/25/\n"),
         "content/sources.yaml", r"field 'url': 'https:///2021/10/25/' names no host: write it as https://host/path",
         "url: https:///2021"),
    Case("source-url-malformed-host", edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n",
                                           "      outlet: Hong Kong Free Press\n      url: https://[oops]/\n"),
         "content/sources.yaml", r"field 'url': 'https://\[oops\]/' is no address a browser could follow",
         "url: https://[oops]/"),
    Case("page-windows-1252-reference", edit(LAW_PAGE, "In June 2020 Beijing", "In June 2020&#150; Beijing"), LAW_PAGE,
         r"the character reference '&#150;' is shown as '–', which HTML does not allow written so: write the "
         r"character itself \('–'\)", "In June 2020&#150;"),
    Case("seed-empty", write_bytes("seeds/empty.txt", b""), "seeds/empty.txt", r"is empty"),
    Case("seed-blank", write_bytes("seeds/blank.txt", b"\n  \n\n"), "seeds/blank.txt", r"is empty"),
    Case("seed-not-utf8", write_bytes("seeds/latin1.txt", "Title\n\nCaf\u00e9 society.\n".encode("latin-1")),
         "seeds/latin1.txt", r"is not UTF-8 text \(byte 0xe9", "Caf"),
    Case("seed-utf16-without-bom", write_bytes("seeds/notepad.txt", "Title\n\nSome text.\n".encode("utf-16-le")),
         "seeds/notepad.txt", r"looks like UTF-16 text without a byte order mark; save it as UTF-8"),
    Case("seed-nul-byte", write_bytes("seeds/binary.txt", b"Title\n\nSome\x00text\n"), "seeds/binary.txt",
         r"holds a NUL byte", "Some"),
    Case("seed-50mb", big_seed, "seeds/huge.txt", r"is 50 MB; a seed must be one article of at most 5 MB"),
    Case("seed-just-too-big", lambda p: open(p / "seeds/big.txt", "wb").truncate(5 * 1024 * 1024 + 1), "seeds/big.txt",
         r"is 5,242,881 bytes; a seed must be one article of at most 5 MB \(5,242,880 bytes\)"),
    Case("seed-link-outside", symlink_out, "seeds/linked.txt", r"is a link to a file outside the project"),
    Case("page-link-outside", page_link_out, "content/pages/linked.md", r"is a link to a file outside the project"),
    Case("pages-folder-link-outside", pages_folder_link_out, "content/pages/law.md",
         r"is a link to a file outside the project"),
    Case("facts-link-outside", facts_link_out, "content/facts/passwords.yaml",
         r"is a link to a file outside the project"),
    Case("seed-link-into-hidden-folder", lambda p: (p / "seeds/token.txt").symlink_to(hidden_file(p)), "seeds/token.txt",
         r"is a link into '\.secrets', a hidden part of the project"),
    Case("asset-link-into-hidden-folder", lambda p: (p / "assets/token.txt").symlink_to(hidden_file(p)),
         "assets/token.txt", r"is a link into '\.secrets', a hidden part of the project"),
    Case("template-link-into-hidden-folder", chain(lambda p: (p / "templates/token.html").symlink_to(hidden_file(p)),
                                                   edit("templates/page.html", "{{ page.title }}",
                                                        "{{ page.title }}{% include 'token.html' %}")),
         "templates/token.html", r"is a link into '\.secrets', a hidden part of the project"),
    Case("facts-link-into-hidden-folder", lambda p: (p / "content/facts/token.yaml").symlink_to(hidden_file(p)),
         "content/facts/token.yaml", r"is a link into '\.secrets', a hidden part of the project"),
    Case("seeds-entry-for-missing-seed", append("content/sources.yaml", "\n- seed: nowhere.txt\n  articles:\n    - id: nowhere\n"),
         "content/sources.yaml", r"seed 'nowhere.txt' is not in seeds/", "- seed: nowhere.txt"),
    Case("seed-article-count", edit("content/sources.yaml", "    - id: scmp\n", "    - id: scmpx\n      title: x\n  x:\n"),
         "content/sources.yaml", r".", ""),
    Case("correction-not-in-source", edit("content/sources.yaml", "headquarters in Beijing", "headquarters in Shanghai"),
         "content/sources.yaml", r"correction of 'unattributed-report': quote not found", "headquarters in Shanghai"),
    Case("template-syntax", edit("templates/page.html", "{% endif %}", "{% endiff %}"), "templates/page.html",
         r"template syntax error", "{% endiff %}"),
    Case("template-raw-never-closed", edit("templates/page.html", "<h1>{{ page.title }}</h1>",
                                           "<h1>{{ page.title }}</h1>{% raw %}"), "templates/page.html",
         r"template syntax error: Missing end of raw directive", "{% raw %}"),
    Case("template-missing-variable", edit("templates/page.html", "{{ page.title }}", "{{ page.subtitle }}"),
         "templates/page.html", r"template names something that does not exist: .*subtitle", "{{ page.subtitle }}"),
    Case("template-missing", edit("explainer/site.py", '"timeline.html"', '"timelines.html"'), "templates",
         r"template 'timelines.html' is missing"),
    Case("template-includes-a-missing-one", edit("templates/base.html", "<main", "{% include 'nope.html' %}<main"),
         "templates/base.html", r"template 'nope.html' is missing", "{% include 'nope.html' %}"),
    Case("template-in-a-folder-names-nothing", chain(
        lambda p: (p / "templates/parts").mkdir(),
        lambda p: (p / "templates/parts/meta.txt").write_text("<p>Updated</p>\n<p>{{ page.subtitle }}</p>\n"),
        edit("templates/page.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1>{% include 'parts/meta.txt' %}")),
         "templates/parts/meta.txt", r"template names something that does not exist: .*subtitle", "{{ page.subtitle }}"),
    Case("template-empty", lambda p: (p / "templates/base.html").write_text(""), "templates/page.html",
         r"makes an empty page"),
    Case("unreadable-file", unreadable_facts, "content/facts/gone.yaml", r"cannot be read"),
    Case("javascript-link", append(LAW_PAGE, "\n[click](javascript:alert(1)) [@nsl-in-force]\n"), LAW_PAGE,
         r"link to 'javascript:alert\(1\)' is not allowed"),
    Case("settings-missing-title", edit("content/site.yaml", "title: Why", "name: Why"), "content/site.yaml",
         r"unknown field 'name'|field 'title' is missing"),
    Case("front-matter-unclosed", write_bytes("content/pages/open.md", b"---\ntitle: Open\nNo end.\n"),
         "content/pages/open.md", r"front matter is never closed"),
    Case("facts-not-a-list", write_bytes("content/facts/map.yaml", b"id: x\ntopic: law\n"), "content/facts/map.yaml",
         r"expected a list of entries"),
    Case("yaml-alias-loop", append(LAW, "\n- &loop {id: looped, topic: law, claim: c, citations: [*loop]}\n"), LAW,
         r"an alias \(\*name\) refers to the entry that contains it", "&loop"),
    Case("settings-not-utf8", lambda p: (p / "content/site.yaml").write_bytes(
        (p / "content/site.yaml").read_bytes() + b"# caf\xe9\n"), "content/site.yaml", r"is not UTF-8 text"),
    Case("page-not-utf8", edit_bytes(LAW_PAGE, b"In June 2020 Beijing", b"In J\xe9une 2020 Beijing"), LAW_PAGE,
         r"is not UTF-8 text \(byte 0xe9", "une 2020 Beijing"),
    Case("facts-not-utf8", edit_bytes(LAW, b"30 June 2020.", b"30 J\xe9une 2020."), LAW, r"is not UTF-8 text", "une 2020."),
    Case("yaml-nested-too-deep", edit(LAW, "- id: protests-2019", "- id: " + "[" * 3000 + "]" * 3000), LAW,
         r"values are nested more than 100 levels deep", "[[["),
    Case("yaml-billion-laughs", append(LAW, "\n- id: laughs\n  a: &a [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
        f"  {n}: &{n} [" + ", ".join([f"*{m}"] * 9) + "]\n" for n, m in zip("bcdefghi", "abcdefgh"))), LAW,
         r"more than 200000 values once its aliases"),
    Case("quote-only-spaces", edit(LAW, 'quote: "which were triggered', 'quote: "   "\n      prefix: "which were triggered'),
         LAW, r"field 'quote': expected a text, got only white space", 'quote: "   "'),
    Case("source-id-twice", edit("content/sources.yaml", "    - id: unattributed-report", "    - id: scmp  # again"),
         "content/sources.yaml", r"two sources have the id 'scmp'", "scmp  # again"),
    Case("sources-yaml-is-a-folder", lambda p: ((p / "content/sources.yaml").unlink(),
                                                (p / "content/sources.yaml").mkdir()),
         "content/sources.yaml", r"cannot be read"),
    Case("citation-is-plain-text", edit(LAW, "    - source: hkfp\n", "    - just words\n    - source: hkfp\n"), LAW,
         r"expected citation with fields \(name: value\), got a text", "- just words"),
    Case("seed-link-loop", lambda p: (p / "seeds/loop.txt").symlink_to("loop.txt"), "seeds/loop.txt",
         r"cannot be read: it is a link that leads back to itself"),
    Case("asset-link-outside", lambda p: (p / "assets/notes.txt").symlink_to("/etc/passwd"), "assets/notes.txt",
         r"is a link to a file outside the project"),
    Case("stylesheet-not-utf8", lambda p: (p / "assets/style.css").write_bytes(
        (p / "assets/style.css").read_bytes() + b"/* caf\xe9 */\n"), "assets/style.css", r"is not UTF-8 text", "caf"),
    Case("template-link-outside", chain(lambda p: (p / "templates/notes.html").symlink_to("/etc/passwd"),
                                        edit("templates/page.html", "{{ page.title }}",
                                             "{{ page.title }}{% include 'notes.html' %}")),
         "templates/notes.html", r"is a link to a file outside the project"),
    Case("template-not-utf8", lambda p: (p / "templates/page.html").write_bytes(
        (p / "templates/page.html").read_bytes() + b"{# caf\xe9 #}\n"), "templates/page.html",
         r"is not UTF-8 text \(byte 0xe9", "caf"),
    Case("stylesheet-missing", lambda p: (p / "assets/style.css").unlink(), "templates/base.html",
         r"asks for assets/style.css, which is not in the assets/ folder", "asset('style.css')"),
    Case("no-pages-at-all", lambda p: [page.unlink() for page in (p / "content/pages").glob("*.md")], "content/pages",
         r"there is no home page: add content/pages/index.md"),
    Case("usage-unknown-option", lambda p: None, "", r"unrecognized arguments: --bogus", status=2),
    Case("usage-bad-site-url", lambda p: None, "", r"--site-url 'example.org' is not an http", status=2),
    Case("usage-site-url-with-final-newline", lambda p: None, "", r"--site-url 'https://example.org/\n' holds a space",
         status=2),
]
USAGE_ARGS = {"usage-unknown-option": ["--bogus"], "usage-bad-site-url": ["--site-url", "example.org"],
              "usage-site-url-with-final-newline": ["--site-url", "https://example.org/\n"]}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_large_enough():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input_is_reported_and_dist_untouched(case: Case, built_project: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    before = snapshot(project / "dist")
    case.change(project)
    result = run_build(project, *USAGE_ARGS.get(case.name, []))
    assert result.returncode == case.status, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    if case.status == 1:
        errors = [line for line in result.stderr.splitlines()
                  if re.match(r"^[^:\s]+:\d+: (?!warning:)", line)]
        assert errors, result.stderr
        wanted = [e for e in errors if e.startswith(case.path + ":") and re.search(case.message, e)]
        assert wanted, f"no error for {case.path} matching {case.message!r} in:\n{result.stderr}"
        if case.line_text:
            text = (project / case.path).read_text(encoding="utf-8", errors="replace")
            line = next(i for i, l in enumerate(text.splitlines(), 1) if case.line_text in l)
            assert any(e.startswith(f"{case.path}:{line}: ") for e in wanted), \
                f"expected line {line}:\n{result.stderr}"
    else:
        assert re.search(case.message, result.stderr), result.stderr
    assert snapshot(project / "dist") == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith((".dist.new-", ".dist.old-"))]
    assert leftovers == []


def test_a_block_markdown_misreads_is_named_at_its_own_line(project: Path):
    bad = "Then *..**___*[a](b)_____)]* misread."
    page = project / LAW_PAGE
    original = page.read_text(encoding="utf-8")
    for extra in (f"\nSee [the law][l].\n\n{bad}\n\n[l]: ./\n",   # a reference definition: Markdown reads the text whole
                  f"\nWrite `{bad}` here.\n\n{bad}\n",              # the same words before it, in code
                  f"\n    {bad}\n\n{bad}\n"):                        # and in a block of code
        page.write_text(original + extra, encoding="utf-8")
        line = (original + extra).split("\n").index(bad) + 1
        result = run_build(project, "check")
        assert result.returncode == 1, result.stderr
        assert f"{LAW_PAGE}:{line}: Markdown cannot read this text" in result.stderr, (extra, result.stderr)


def test_check_writes_nothing(project: Path):
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert not (project / "dist").exists()


def test_a_byte_order_mark_some_editors_write_first_is_no_error(project: Path):
    for rel in ("content/pages/law.md", "content/facts/law.yaml", "content/site.yaml"):
        path = project / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "National Security Law" in (project / "dist/law/index.html").read_text()


@pytest.mark.parametrize("hostile, shown", [
    ("2019\\ncontent/pages/index.md:1: forged", "2019\\u000acontent/pages/index.md:1: forged"),
    # refused before it is looked for, and named without being printed
    ("2019\\ncontent/pages/index.md:1: forged \\e[31mred\\e]0;title\\a", "holds the control character U+001B"),
])
def test_a_message_is_one_line_that_cannot_rewrite_the_terminal(project: Path, hostile, shown):
    law = project / LAW
    law.write_text(law.read_text().replace(
        'quote: "during the 2019 mass protests"', f'quote: "during the {hostile} protests"', 1))
    result = run_build(project)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert not any(line.startswith("content/pages/index.md:1:") for line in lines), result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", result.stderr), result.stderr
    [error] = _errors(result)
    assert error.startswith(f"{LAW}:") and shown in error


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if re.match(r"^[^:\s]+:\d+: (?!warning:)", line)]


@pytest.mark.parametrize("change, only", [
    # The settings cannot be read: the topics are unknown, not every fact's topic wrong.
    (edit("content/site.yaml", "title: Why", "title: [Why"), "content/site.yaml:"),
    # A topic that cannot be read: its id is unknown, not the topic of every fact filed under it.
    (edit("content/site.yaml", "  - {id: closure, title: The closure}", "  - closure"), "content/site.yaml:"),
    # sources.yaml cannot be parsed: no source's id is known, and no quote is reported as citing an unknown one.
    (edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n", "      outlet: [Hong Kong Free Press\n"),
     "content/sources.yaml:17: "),
    # An article given an id another has: a quote citing either may mean the one that lost its id.
    (edit("content/sources.yaml", "    - id: unattributed-report\n", "    - id: hkfp\n"),
     "content/sources.yaml:30: two sources have the id 'hkfp'"),
    # An article's date that is no date: one error, and no quote reported as citing an unknown source.
    (edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n      date: 2021-10-25",
          "      outlet: Hong Kong Free Press\n      date: 2021-13-45"), "content/sources.yaml:18: "),
    # An article entry with a wrong field still names its article: the facts citing it are not orphaned.
    (edit("content/sources.yaml", "      outlet: Hong Kong Free Press\n", "      outlet: Hong Kong Free Press\n"
          "      url: not an address\n"), "content/sources.yaml:"),
    # An article whose id is mistyped: the quotes citing a source not known may cite it, and are not reported.
    (edit("content/sources.yaml", "    - id: hkfp\n", "    - idd: hkfp\n"), "content/sources.yaml:"),
    # An entry for a seed file that is not there: the quotes of its articles are not checked either.
    (edit("content/sources.yaml", "- seed: 000_a0887d1137a917e7.txt", "- seed: 000_gone.txt"), "content/sources.yaml:"),
    # A seed that cannot be read is reported once, where it is, and not again as missing.
    (edit_bytes("seeds/000_a0887d1137a917e7.txt", b"Amnesty", b"Amn\xe9sty"), "seeds/000_a0887d1137a917e7.txt:"),
])
def test_one_mistake_gives_one_error_not_a_cascade(project: Path, change, only):
    change(project)
    result = run_build(project, "check")
    assert result.returncode == 1
    errors = _errors(result)
    assert errors and all(e.startswith(only) for e in errors), result.stderr
    assert len(errors) <= 2, result.stderr


def test_a_loop_of_links_is_named_as_python_3_13_reports_it(project: Path, monkeypatch):
    # From Python 3.13, resolving a loop of links raises OSError(ELOOP) where 3.11 raised RuntimeError.
    import errno

    (project / "seeds/loop.txt").symlink_to("loop.txt")
    real = Path.resolve

    def resolve(self, strict=False):
        if self.name == "loop.txt":
            raise OSError(errno.ELOOP, "Too many levels of symbolic links", str(self))
        return real(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", resolve)
    problems = Problems()
    read_seeds(project, problems, Memo(), Files(project))
    assert [str(p) for p in problems.errors] == ["seeds/loop.txt:1: cannot be read: it is a link that leads back to itself"]


def test_a_topic_listed_twice_is_named_at_its_second_line(project: Path):
    edit("content/site.yaml", "  - {id: reactions, title: The reactions}",
         "  - {id: reactions, title: The reactions}\n  - {id: law, title: The law again}")(project)
    result = run_build(project, "check")
    assert result.returncode == 1
    assert _errors(result) == ["content/site.yaml:21: the topic 'law' is listed twice (first at line 18)"], result.stderr


def test_a_seed_in_a_format_the_build_cannot_read_is_named(project: Path):
    (project / "seeds/report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a Word 97 document")
    result = run_build(project, "check")
    assert result.returncode == 0
    assert "seeds/report.doc:1: warning: is not read: a seed is a text, Markdown, HTML, JSON, feed, news agency XML, Word, OpenDocument, RTF, PDF or saved email or page file" in result.stderr
    sources = project / "content/sources.yaml"
    sources.write_text(sources.read_text() + "\n- seed: report.doc\n  articles:\n    - id: report\n")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "seed 'report.doc' cannot be read: a seed is a text, Markdown, HTML, JSON, feed, news agency XML, Word, OpenDocument, RTF, PDF or saved email or page file" in result.stderr
    assert "is not in seeds/" not in result.stderr
    # What to do with it, for a kind of document that can be saved as one a seed is.
    assert "(.txt, .md, .markdown, .html, .htm, .xhtml, .json, .xml, .rss, .atom, .nitf, .docx, .odt, .rtf, .pdf, " \
           ".eml, .mht, .mhtml, .webarchive); save it as .docx (Word's 'Save as')" in result.stderr


def test_an_entry_date_the_article_contradicts_or_still_to_come_is_warned_of(project: Path):
    sources = project / "content/sources.yaml"
    text = sources.read_text()
    line = text.splitlines().index("    - id: scmp") + 3
    assert text.splitlines()[line - 1] == "      date: 2021-10-25"
    sources.write_text(text.replace("    - id: scmp\n      outlet: South China Morning Post\n      date: 2021-10-25",
                                    "    - id: scmp\n      outlet: South China Morning Post\n      date: 2019-01-01"))
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert (f"content/sources.yaml:{line}: warning: article 'scmp' is dated 2019-01-01 here, but its text says "
            "25 October 2021; the date given here is used") in result.stderr
    sources.write_text(text.replace("Free Press\n      date: 2021-10-25", "Free Press\n      date: 2999-10-25"))
    result = run_build(project, "check")
    assert "is dated 2999-10-25, which is still to come" in result.stderr


def test_a_fact_dated_in_the_future_is_warned_of_at_its_date(project: Path):
    facts = project / "content/facts/closure.yaml"
    text = facts.read_text()
    line = text.splitlines().index("- id: closure-announced") + 3
    assert text.splitlines()[line - 1] == "  date: 2021-10-25"
    facts.write_text(text.replace("- id: closure-announced\n  topic: closure\n  date: 2021-10-25",
                                  "- id: closure-announced\n  topic: closure\n  date: 2201-10-25"))
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert (f"content/facts/closure.yaml:{line}: warning: fact 'closure-announced' is dated 2201-10-25, "
            "which is still to come") in result.stderr


def test_an_empty_sources_file_lists_no_entries_and_is_no_crash(project: Path):
    (project / "content/sources.yaml").write_text("# no entries yet\n")
    result = run_build(project, "check")
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert "cites unknown source 'hkfp'" in result.stderr   # each seed is read from its text alone, under another id


@pytest.mark.parametrize("folder", ["content/pages", "content/facts", "seeds", "assets"])
def test_a_folder_the_build_may_not_read_is_named_not_taken_for_empty(project: Path, folder: str):
    # Root reads any folder whatever its mode: setpriv takes that power away from the build it runs.
    drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    (project / folder).chmod(0)
    try:
        result = subprocess.run([*drop, sys.executable, "build.py", "check"], cwd=project, capture_output=True,
                                text=True, timeout=120)
    finally:
        (project / folder).chmod(0o755)
    assert result.returncode == 1, result.stderr
    # Once, as the folder: not again as each of its files missing, or each fact it holds unknown.
    assert _errors(result) == [f"{folder}:1: the folder cannot be read (Permission denied)"], result.stderr
    assert "Traceback" not in result.stderr


def test_a_seed_or_asset_whose_file_name_is_not_utf8_is_refused_not_a_crash(project: Path):
    # As a file copied from an old machine may be named: "café" in Latin-1. The site could not show it.
    name = os.fsdecode(b"caf\xe9")
    (project / "seeds" / f"{name}.txt").write_text("A title\n\nBy Ann Lee\n\nThe text.\n", encoding="utf-8")
    (project / "assets" / f"{name}.css").write_text("p { color: red }\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1 and "internal error" not in result.stderr
    for folder, suffix in (("assets", "css"), ("seeds", "txt")):
        assert f"{folder}/caf\\udce9.{suffix}:1: its file name is not UTF-8 (byte 0xe9)" in result.stderr


def test_a_content_file_or_a_value_far_too_long_is_refused_before_it_is_read(project: Path):
    facts = project / "content/facts/law.yaml"
    facts.write_text(facts.read_text() + '\n- id: long\n  topic: law\n  claim: "' + "x" * 20_000 + '"\n')
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "content/facts/law.yaml:" in result.stderr and "a text of 20,000 characters, more than 10,000" in result.stderr
    (project / "content/facts/huge.yaml").write_text("- id: huge\n  claim: " + "word " * 1_200_000 + "\n")
    result = run_build(project, "check")
    assert "content/facts/huge.yaml:1: is 5.7 MB; a content file holds at most 5 MB of text" in result.stderr


def test_a_fact_file_moved_into_a_folder_or_emptied_is_named_beside_the_errors_it_causes(project: Path):
    (project / "content/facts/drafts").mkdir()
    (project / "content/facts/law.yaml").rename(project / "content/facts/drafts/law.yaml")
    (project / "content/facts/closure.yaml").write_text("")
    result = run_build(project, "check")
    assert result.returncode == 1 and "cites unknown fact" in result.stderr
    # The warnings that say why are printed with the errors they explain.
    assert "content/facts/drafts:1: warning: is a folder, and is not read" in result.stderr
    assert "content/facts/closure.yaml:1: warning: holds no entries" in result.stderr


def test_what_a_page_may_not_hold_is_named_at_its_line(project: Path):
    page = project / "content/pages/law.md"
    start = page.read_text().count("\n") + 1
    page.write_text(page.read_text() + "\nA claim[^1] and more [@nsl-in-force].\n\n[^1]: Footnote text.\n\n"
                    "See [@nsl-in-f\u043erce] and ![a map](https://maps.example/hk.png).\n")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert _errors(result) == [
        f"content/pages/law.md:{start + 1}: '[^1]' is a Markdown footnote, which this site does not make: a note here "
        "cites a fact, as [@fact-id]",
        f"content/pages/law.md:{start + 5}: malformed citation '[@nsl-in-f\u043erce]': write [@fact-id] (it holds "
        "U+043E CYRILLIC SMALL LETTER O, which no id holds)",
        f"content/pages/law.md:{start + 5}: the picture at 'https://maps.example/hk.png' is on another site, and the "
        "site's security policy loads its own only: copy it into assets/ and show it from there"]


def test_a_link_to_a_page_renamed_away_is_warned_of_at_its_line(project: Path):
    (project / "content/pages/defenders.md").rename(project / "content/pages/rights-defenders.md")
    page = project / "content/pages/law.md"
    line = page.read_text().count("\n") + 2
    page.write_text(page.read_text() + "\nSee [a page](../no-such-page/), [the timeline](../timeline/), [a source]"
                    "(../sources/hkfp/) and [the data](../data/facts.csv).\n\nIn code, `[x](../shown-only/)` is no link."
                    "\n\n```\n[y](../shown-only-too/)\n```\n")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    warned = [w for w in result.stderr.splitlines() if "leads to no page of the site" in w]
    linking = [f"content/pages/{name}:{k}" for name in ("closure.md", "reactions.md")
               for k, text in enumerate((project / "content/pages" / name).read_text().split("\n"), 1)
               if "../defenders/" in text]
    assert linking and sorted(w.split(": warning:")[0] for w in warned) == sorted(linking + [f"content/pages/law.md:{line}"])
    assert "'../no-such-page/'" in warned[1]


def test_what_looks_like_a_footnote_in_code_is_shown_as_written(project: Path):
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + "\nA pattern such as `[^a-z]` matches a character [@nsl-in-force].\n\n"
                    "```\ngrep '[^0-9]' file\n```\n")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr


def test_a_drop_pattern_that_runs_on_without_end_is_stopped_and_named(tmp_path, monkeypatch):
    # Several '.*' in a row try a paragraph they do not match in more ways than any build can wait for: the
    # checks of the pattern itself let it through, so the time it runs is what stops it.
    from explainer import sources
    monkeypatch.setattr(sources, "DROP_SECONDS", 0.5)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/story.txt").write_text("A headline\n\nBy Ann Lee\n\n" + "The office will close. " * 40 + "\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/sources.yaml").write_text(
        "- seed: story.txt\n  articles:\n    - id: story\n      drop: ['.*.*.*.*.*.*!$']\n")
    problems = Problems()
    started = time.perf_counter()
    assert sources.build_sources(read_seeds(tmp_path, problems, Memo(), Files(tmp_path)),
                                 sources.load_entries(tmp_path, problems, Memo(), Files(tmp_path)), "en", problems,
                                 Memo()) == ([], [])
    assert time.perf_counter() - started < 5
    assert [str(p) for p in problems.errors] == [
        "content/sources.yaml:4: the drop patterns of seed 'story.txt' ran for 0.5 seconds on its text without an "
        "end: one tries each paragraph in too many ways (several '.*' in a row, or a repeat of a repeat); write them "
        "more simply"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_a_named_pipe_among_the_content_files_is_named_not_waited_on(project: Path):
    # Opened for reading, a named pipe waits for a writer: the build would wait for ever.
    os.mkfifo(project / "content/facts/pipe.yaml")
    os.mkfifo(project / "content/pages/pipe.md")
    result = run_build(project, "check")   # which times out, a failure, where it waits
    assert result.returncode == 1
    assert _errors(result) == [
        "content/facts/pipe.yaml:1: is not a regular file (a named pipe or a device): a content file is text",
        "content/pages/pipe.md:1: is not a regular file (a named pipe or a device): a content file is text"], result.stderr


def test_a_value_yaml_cuts_at_a_hash_is_warned_of_where_it_is(project: Path):
    # Unquoted, "#1" after a space opens a comment: the claim would read "Hong Kong ranked" and no more.
    edit(LAW, "claim: In 2019 Hong Kong", "claim: Hong Kong ranked #1 in Asia. In 2019 Hong Kong")(project)
    edit(LAW_PAGE, "nav: The law", "nav: The law #2")(project)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "as a comment" in line]
    claim_line = next(i for i, line in enumerate((project / LAW).read_text().splitlines(), 1) if "#1" in line)
    assert warnings == [
        f"{LAW}:{claim_line}: warning: YAML reads '#1 in Asia. In 2019 Hong Kong saw mas…' as a comment, and leaves "
        "it out of the value: put the whole value in double quotes to keep it",
        f"{LAW_PAGE}:5: warning: YAML reads '#2' as a comment, and leaves it out of the value: put the whole "
        "value in double quotes to keep it"]


def test_a_hash_within_a_text_yaml_reads_whole_is_not_warned_of(tmp_path):
    # A line of a text over several lines looks like "key: value #tag", but its value is the whole text.
    text = ('- id: law  # the law page\n  note: >\n    Note: the #MeToo movement\n    went on.\n'
            '  question: "Did it go on\n    as: a #tag said?"\n  notes:\n    - Ranked #1 by readers\n')
    (tmp_path / "facts.yaml").write_text(text)
    problems = Problems()
    read_yaml_file(tmp_path / "facts.yaml", "facts.yaml", problems)
    assert [str(p) for p in problems.items] == [
        "facts.yaml:8: warning: YAML reads '#1 by readers' as a comment, and leaves it out of the value: put the "
        "whole value in double quotes to keep it"]


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="timers of POSIX's")
def test_the_time_limit_on_drop_patterns_leaves_others_timers_and_alarms_to_them():
    from explainer import sources
    heard = []

    def listener(number, frame):
        heard.append(number)
    previous = signal.signal(signal.SIGALRM, listener)
    try:
        # A timer already running is left to run, and to ring where it was set to.
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with sources._time_limit(5):
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        time.sleep(0.5)
        assert heard == [signal.SIGALRM]
        # An alarm another sets within the block (build.py's, for a stop put off past an import) rings theirs.
        with sources._time_limit(5):
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            time.sleep(0.3)
        assert heard == [signal.SIGALRM] * 2
        # The limit's own timer is gone after the block, and the handler is as it was.
        with sources._time_limit(5):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0 and signal.getsignal(signal.SIGALRM) is listener
        with pytest.raises(sources._TooSlow):
            with sources._time_limit(0.1):
                time.sleep(1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
