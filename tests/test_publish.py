"""Publishing on GitHub Pages: works under a sub-path, reproducible, well described to machines."""

from __future__ import annotations

import functools
import http.server
import io
import json
import re
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, cite_new_fact, html_pages, run_build

REPO = "amnesty-hk"
SITE_URL = f"https://example.github.io/{REPO}/"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The site built as the workflow builds it, inside a folder named like the repository."""
    parent = tmp_path_factory.mktemp("pages")
    out = parent / REPO
    result = run_build(ROOT, "--out", str(out), "--site-url", SITE_URL, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    return out


class PagesLike(http.server.SimpleHTTPRequestHandler):
    """Serve a folder's parent like GitHub Pages serves a project site, 404.html for what is missing."""

    def send_head(self):
        path = urlsplit(self.path).path
        local = Path(self.translate_path(path))
        site = Path(self.directory) / REPO
        if path.startswith(f"/{REPO}/") and not (local.is_file() or (local / "index.html").is_file()):
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(published):
    handler = functools.partial(PagesLike, directory=str(published.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers.get("Content-Type", "")


def test_crawl_under_a_sub_path_finds_no_broken_link(server):
    base = f"{server}/{REPO}/"
    queue, seen, anchors = [base, f"{base}no/such/page"], set(), []
    ids: dict[str, set[str]] = {}
    counts = {"pages": 0, "links": 0, "anchors": 0, "files": 0}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if url.endswith("no/such/page"):
            assert status == 404 and b"Page not found" in body
        else:
            assert status == 200, f"{status} for {url}"
        if "text/html" not in kind:
            counts["files"] += 1
            continue
        counts["pages"] += 1
        doc = BeautifulSoup(body, "html.parser")
        ids[url] = {tag["id"] for tag in doc.find_all(id=True)}
        for tag in doc.find_all(["a", "link"], href=True):
            target, fragment = urldefrag(urljoin(url, tag["href"]))
            if urlsplit(target).netloc != urlsplit(server).netloc:
                continue
            assert urlsplit(target).path.startswith(f"/{REPO}/"), f"{url} links out of the site: {tag['href']}"
            counts["links"] += 1
            queue.append(target)
            fragment = fragment.split(":~:")[0]
            if fragment:
                anchors.append((url, target, fragment))
    for page, target, fragment in anchors:
        assert fragment in ids[target], f"{page}: #{fragment} missing on {target}"
        counts["anchors"] += 1
    print("crawl:", counts)
    assert counts["pages"] >= 13 and counts["files"] >= 4 and counts["anchors"] > 100


def test_404_works_at_any_depth(server):
    for path in ("missing", "a/b/missing", "sources/x/y/z"):
        status, body, _ = fetch(f"{server}/{REPO}/{path}")
        assert status == 404
        doc = BeautifulSoup(body, "html.parser")
        stylesheet = doc.find("link", rel="stylesheet")["href"]
        assert stylesheet.startswith(f"/{REPO}/assets/style.")
        assert fetch(urljoin(f"{server}/{REPO}/{path}", stylesheet))[0] == 200


def test_two_builds_are_byte_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("one", "two"):
        assert run_build(ROOT, "--out", str(tmp_path / name), "--site-url", SITE_URL, env=env).returncode == 0
    files = lambda d: {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one.keys() == two.keys() and len(one) > 15
    assert [name for name in one if one[name] != two[name]] == []


def test_source_date_epoch_sets_the_content_date(published):
    assert '<time datetime="2023-11-14">' in (published / "index.html").read_text()


def test_stylesheet_has_a_content_hashed_name(published):
    [css] = (published / "assets").glob("style.*.css")
    assert re.fullmatch(r"style\.[0-9a-f]{8}\.css", css.name)
    import hashlib
    assert css.name.split(".")[1] == hashlib.sha256(css.read_bytes()).hexdigest()[:8]


def test_nojekyll_and_robots(published):
    assert (published / ".nojekyll").exists()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (published / "robots.txt").read_text()


def test_sitemap_lists_every_page(published):
    tree = ET.parse(published / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.findall(".//s:loc", ns)}
    pages = {SITE_URL + p.relative_to(published).as_posix().removesuffix("index.html")
             for p in html_pages(published) if p.name != "404.html"}
    assert listed == pages


def test_every_page_has_canonical_metadata_and_json_ld(published):
    for page in html_pages(published):
        doc = BeautifulSoup(page.read_text(), "html.parser")
        graph = json.loads(doc.find("script", type="application/ld+json").string)["@graph"]
        types = {node["@type"]: node for node in graph}
        assert types["WebSite"]["url"] == SITE_URL
        article = types["Article"]
        assert article["headline"] == doc.find("h1").get_text()
        assert article["citation"], page
        assert doc.find("meta", property="og:title")["content"]
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        if page.name != "404.html":
            canonical = doc.find("link", rel="canonical")["href"]
            assert canonical == article["url"] and canonical.startswith(SITE_URL)
            assert doc.find("meta", property="og:url")["content"] == canonical


def test_json_ld_cites_the_sources_of_the_page(published):
    doc = BeautifulSoup((published / "law/index.html").read_text(), "html.parser")
    article = [n for n in json.loads(doc.find("script", type="application/ld+json").string)["@graph"]
               if n["@type"] == "Article"][0]
    cited = {c["headline"] for c in article["citation"]}
    outlets = {c.get("publisher") for c in article["citation"]}
    assert "South China Morning Post" in outlets and len(cited) >= 2


def test_without_site_url_only_absolute_things_are_left_out(site):
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text()
    doc = BeautifulSoup((site / "law/index.html").read_text(), "html.parser")
    assert doc.find("link", rel="canonical") is None and doc.find("meta", property="og:url") is None
    assert doc.find("meta", property="og:title") and doc.find("script", type="application/ld+json")


def test_open_data_lists_every_fact_with_verified_quotes(published):
    data = json.loads((published / "data/facts.json").read_text())
    assert data["licence"] and len(data["facts"]) >= 30
    for fact in data["facts"]:
        assert fact["citations"]
        for citation in fact["citations"]:
            assert citation["source"] in {s["id"] for s in data["sources"]}
    import csv
    rows = list(csv.DictReader(io.StringIO((published / "data/facts.csv").read_text())))
    assert len(rows) == sum(len(f["citations"]) for f in data["facts"])
    sources = json.loads((published / "data/sources.json").read_text())["sources"]
    assert {s["id"] for s in sources} == {"hkfp", "scmp", "redaction-politics", "unattributed-report"}
    assert all(s["paragraphs"] and len(s["seed_sha256"]) == 64 for s in sources)


def test_about_page_links_the_data_and_its_licence(published):
    doc = BeautifulSoup((published / "about/index.html").read_text(), "html.parser")
    hrefs = {a["href"] for a in doc.find_all("a", href=True)}
    assert {"../data/facts.json", "../data/facts.csv", "../data/sources.json"} <= hrefs
    assert doc.find("a", rel="license")


def test_workflow_tests_builds_and_deploys_with_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]   # YAML 1.1 reads 'on' as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    runs = "\n".join(s.get("run", "") for s in steps)
    readme = (ROOT / "README.md").read_text()
    test_command = re.search(r"and run every test:\n\n    (.+)\n", readme).group(1)
    assert test_command in runs
    assert "--site-url \"${{ steps.pages.outputs.base_url }}\"" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "dist" and upload["with"]["include-hidden-files"] is True
    deploy_job = next(j for j in workflow["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in j["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"


def test_a_csv_cell_that_opens_like_a_formula_is_kept_as_text(project, tmp_path):
    import csv
    seed = project / "seeds/000_a0887d1137a917e7.txt"
    seed.write_text(seed.read_text() + "\n\n=SUM(A1:A2) was typed into a cell, and +1 and -1 and @x too.\n")
    cite_new_fact(project, "formula", "redaction-politics", "=SUM(A1:A2) was typed into a cell",
                  claim='=HYPERLINK("http://x") is text.')
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    [row] = [r for r in csv.DictReader(io.StringIO((tmp_path / "out/data/facts.csv").read_text()))
             if r["fact_id"] == "formula"]
    assert row["claim"] == "'=HYPERLINK(\"http://x\") is text." and row["quote"] == "'=SUM(A1:A2) was typed into a cell"
    data = json.loads((tmp_path / "out/data/facts.json").read_text())
    [fact] = [f for f in data["facts"] if f["id"] == "formula"]
    assert fact["claim"] == '=HYPERLINK("http://x") is text.'   # the JSON keeps the text as it is


def test_an_article_dated_only_by_its_last_change_is_never_said_to_be_published_then(project, tmp_path):
    # A page that prints only "Updated 26 October 2021" was published that day or before: the site
    # shows the date as what it is, and the open data says so.
    (project / "seeds/changed-only.txt").write_text(
        "Amnesty to close its offices\n\nBy Ann Lee\n\nUpdated 26 October 2021\n\n"
        "The group said it would close both of its offices in the city by the end of the year.\n")
    cite_new_fact(project, "changed-only", "changed-only", "would close both of its offices in the city")
    out = tmp_path / "out"
    result = run_build(project, "--out", str(out))
    assert result.returncode == 0, result.stderr
    source_page = BeautifulSoup((out / "sources/changed-only/index.html").read_text(), "html.parser")
    labels = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in source_page.select("dl.source-meta dt")}
    assert labels.get("Updated") == "26 October 2021" and "Published" not in labels
    law = BeautifulSoup((out / "law/index.html").read_text(), "html.parser")
    [by] = [p for p in law.select("section.citations p.by") if "Ann Lee" in p.get_text()]
    assert "updated 26 October 2021" in by.get_text()
    records = {s["id"]: s for s in json.loads((out / "data/sources.json").read_text())["sources"]}
    assert records["changed-only"]["date"] == "2021-10-26" and records["changed-only"]["date_is_update"] is True
    assert records["hkfp"]["date_is_update"] is False
    import csv
    rows = {r["source_id"]: r for r in csv.DictReader(io.StringIO((out / "data/facts.csv").read_text()))}
    assert rows["changed-only"]["source_date_is_update"] == "true" and rows["hkfp"]["source_date_is_update"] == "false"
    # Dated by the editors, it is theirs: the date of publication.
    entries = project / "content/sources.yaml"
    entries.write_text(entries.read_text() + "\n- seed: changed-only.txt\n  articles:\n    - id: changed-only\n"
                       "      date: 2021-10-25\n")
    result = run_build(project, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "<dt>Published</dt><dd><time datetime=\"2021-10-25\">" in (out / "sources/changed-only/index.html").read_text()
