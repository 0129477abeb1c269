"""The HTML report: one self-contained, well-formed, printable file with inert user text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from report_fixtures import INJECTION, later_result, level1_result

from generator.report import render_comparison, render_reports
from generator.result import Citation, Result

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class TagChecker(HTMLParser):
    """Records tag-balance problems, ids, anchors, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))  # <rect .../> inside SVG: nothing to close

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    return checker


@pytest.fixture
def html(result: Result) -> str:
    return render_reports(result, ["html"])["report.html"]


def test_tags_balance_and_ids_are_unique(html: str) -> None:
    checker = parse(html)
    assert checker.problems == []
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids))


def test_every_internal_link_has_a_target(html: str) -> None:
    checker = parse(html)
    internal = [h[1:] for h in checker.hrefs if h.startswith("#")]
    assert {
        "summary",
        "level",
        "areas",
        "ml-test-score",
        "findings",
        "roadmap",
        "methodology",
        "appendix",
    } <= set(internal)
    assert set(internal) <= set(checker.ids)


def test_svg_charts_are_well_formed_xml(html: str) -> None:
    fragments = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(fragments) == 3  # ladder, areas, ML Test Score sections
    for fragment in fragments:
        root = ET.fromstring(fragment)
        assert root.find("title") is not None and root.find("desc") is not None
        assert root.get("role") == "img"


def test_area_chart_draws_one_bar_per_scored_area(html: str, result: Result) -> None:
    fragment = re.search(r'<svg class="chart" id="area-scores-chart".*?</svg>', html, re.S)
    assert fragment is not None
    root = ET.fromstring(fragment.group(0))
    bars = [r for r in root.iter("rect") if r.get("fill") == "#2f5d8a"]
    scored = [a for a in result.areas if a.score is not None]
    assert len(bars) == len(scored)
    widths = [float(b.get("width", "0")) for b in bars]
    # bars are proportional to the scores: CI/CD (83.33) is the widest, governance (0) empty
    assert max(widths) == widths[[a.id for a in scored].index("cicd")]
    assert widths[[a.id for a in scored].index("governance")] == 0


@pytest.mark.parametrize("render", ["report", "progress"])
def test_nothing_is_loaded_from_anywhere(render: str) -> None:
    if render == "report":
        html = render_reports(level1_result(), ["html"])["report.html"]
    else:
        html = render_comparison(level1_result(), later_result(), ["html"])["progress.html"]
    lowered = html.lower()
    # The one <link> is the empty inline icon that stops browsers asking for /favicon.ico.
    links = [attrs for tag, attrs in parse(html).tags if tag == "link"]
    assert links == [{"rel": "icon", "href": "data:,"}]
    lowered = lowered.replace('<link rel="icon" href="data:,">', "")
    for needle in (
        "src=",
        "<link",
        "@import",
        "url(",
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<img",
        "srcset",
        "@font-face",
    ):
        assert needle not in lowered, needle
    for tag, attrs in parse(html).tags:
        for name, value in attrs.items():
            if value and "http" in value.lower():
                assert tag == "a" and name == "href", (tag, name, value)
    assert "<style>" in html  # CSS is inline


def test_print_css_and_table_of_contents(html: str) -> None:
    assert "@media print" in html
    assert "break-before: page" in html
    print_css = html[html.index("@media print") :]
    assert "box-shadow: none" in print_css
    assert '<nav class="toc"' in html


def test_user_text_is_escaped_everywhere(html: str) -> None:
    assert "<script" not in html
    assert "alert(&#39;pwned&#39;)" in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html  # evidence quote from a scanned repository
    assert "Acme &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; Sons | Bank" in html
    # the visible text is the organisation name, verbatim
    assert "Acme " + INJECTION + " & Sons | Bank" in "".join(parse(html).text)


def test_injection_in_every_text_field_stays_inert() -> None:
    """Put markup in every string of the result; the HTML must contain none of it as tags."""
    payload = '"><img src=x onerror=alert(1)><svg onload=alert(2)>'
    base = level1_result()

    def poison(value: object) -> object:
        if isinstance(value, str):
            return value + payload
        if isinstance(value, list):
            return [poison(v) for v in value]
        if isinstance(value, dict):
            return {
                k: poison(v) if k not in {"url", "status", "origin", "version"} else v
                for k, v in value.items()
            }
        return value

    data = poison(base.model_dump(mode="json"))
    assert isinstance(data, dict)
    data["ml_test_score"]["sections"] = base.ml_test_score.sections
    poisoned = Result.model_validate(data)
    html = render_reports(poisoned, ["html"])["report.html"]
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "<svg onload" not in html
    checker = parse(html)
    assert checker.problems == []
    assert not any(name.startswith("on") for _, attrs in checker.tags for name in attrs)


def test_only_web_urls_become_links(result: Result) -> None:
    evil = Citation(source="x", title="Click me", url="javascript:alert(1)", item="Bad")
    hostile = result.model_copy(update={"sources": [*result.sources, evil]})
    html = render_reports(hostile, ["html"])["report.html"]
    assert 'href="javascript:' not in html
    assert "Click me" in html
