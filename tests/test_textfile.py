"""An editor's text file is read whole, whatever size the system says it has, or is reported at its line 1."""

from __future__ import annotations

import os
import sys
import time

import pytest

from explainer.problems import Problems
from explainer.textfile import forbidden_reference, read_text_file


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")
def test_a_file_the_system_says_is_empty_is_read_to_its_end():
    status = "/proc/self/status"   # no link, and of size 0 to stat: its text is made as it is read
    assert os.stat(status).st_size == 0
    problems = Problems()
    text = read_text_file(status, "status", problems)
    assert problems.items == []
    assert text.startswith("Name:") and "\nPid:" in text


def test_a_file_larger_than_one_read_is_read_whole(tmp_path):
    text = "".join(f"line {n}: {'é' * (n % 7)}\n" for n in range(200_000))   # some 3 MB
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_text_file(tmp_path / "big.txt", "big.txt", problems) == text
    assert problems.items == []


def test_a_folder_where_a_file_should_be_cannot_be_read(tmp_path):
    (tmp_path / "facts.yaml").mkdir()
    problems = Problems()
    assert read_text_file(tmp_path / "facts.yaml", "facts.yaml", problems) is None
    assert [str(p) for p in problems.items] == ["facts.yaml:1: cannot be read (Is a directory)"]


def test_a_long_run_of_digits_in_an_unended_character_reference_is_read_once():
    # "&#" and 200,000 zeros with no ";": a pattern that could share the zeros out in many ways took minutes.
    started = time.perf_counter()
    assert forbidden_reference("A &#" + "0" * 200_000 + " B") is None
    assert time.perf_counter() - started < 10
    assert forbidden_reference("A &#" + "0" * 200_000 + "27; B")[1].startswith("the character reference '&#000")
