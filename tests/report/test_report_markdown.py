"""The Markdown report: valid GitHub-flavoured tables, escaped text, working contents links."""

from __future__ import annotations

import re

import pytest

from generator.report import render_comparison, render_reports
from generator.report.formatting import slug
from generator.result import Result


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def tables(text: str) -> list[list[str]]:
    found, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


@pytest.fixture
def md(result: Result) -> str:
    return render_reports(result, ["md"])["report.md"]


def test_every_table_row_has_the_header_column_count(
    md: str, result: Result, later: Result
) -> None:
    progress = render_comparison(result, later, ["md"])["progress.md"]
    for text in (md, progress):
        found = tables(text)
        assert len(found) >= 5
        for table in found:
            header = unescaped_pipes(table[0])
            assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", table[1]), table[1]
            for row in table:
                assert row.endswith("|")
                assert unescaped_pipes(row) == header, row


def test_pipes_and_tags_in_user_text_are_escaped(md: str) -> None:
    assert "| Organisation | Acme \\<script>alert('pwned')\\</script> & Sons \\| Bank |" in md
    assert "| Project | Churn \\| model |" in md
    assert "Manual \\| documented in a checklist" in md
    assert "<script>" not in md.replace("\\<script>", "")


def test_code_spans_with_pipes_stay_in_their_cell(md: str) -> None:
    assert "`run: pytest -q \\| tee report.txt`" in md


def test_contents_links_match_the_heading_anchors(md: str) -> None:
    headings = {slug(h) for h in re.findall(r"^## (.+)$", md, flags=re.M)}
    links = re.findall(r"^\d+\. \[[^\]]+\]\(#([^)]+)\)$", md, flags=re.M)
    # Every section is listed once, and every listed section exists: a new section needs no
    # count changed here.
    assert len(links) == len(set(links)) >= 8
    assert set(links) == headings - {"contents"}


def test_slug_follows_github(md: str) -> None:
    assert slug("Appendix: all answers") == "appendix-all-answers"
    assert slug("ML Test Score") == "ml-test-score"


def test_text_bars_show_scores(md: str) -> None:
    assert "| CI/CD and testing | 83 | ████████░░ |" in md
    assert "| Governance and documentation | 0 | ░░░░░░░░░░ |" in md


def test_no_raw_html_except_line_breaks_and_small_print(md: str) -> None:
    """Outside code spans (where Markdown shows tags literally) no user text becomes a tag."""
    outside_code = re.sub(r"``.*?``|`[^`]*`", "", md)
    assert "<b>not bold</b>" in md  # kept verbatim, inside a code span
    tags = set(re.findall(r"(?<!\\)<(/?[a-z]+)[ >]", outside_code))
    assert tags <= {"br", "sub", "/sub"}


def test_blocks_are_separated_by_single_blank_lines(md: str, result: Result, later: Result) -> None:
    progress = render_comparison(result, later, ["md"])["progress.md"]
    for text in (md, progress):
        assert "\n\n\n" not in text
        assert text.endswith("\n") and not text.endswith("\n\n")


def test_a_commonmark_parser_reads_the_tables_and_no_raw_html(
    md: str, result: Result, later: Result
) -> None:
    """Parse with markdown-it (CommonMark + GFM tables), as GitHub and most viewers do."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    progress = render_comparison(result, later, ["md"])["progress.md"]
    for text in (md, progress):
        tokens = parser.parse(text)
        assert sum(t.type == "table_open" for t in tokens) == len(tables(text))
        cells: list[int] = []
        for token in tokens:
            if token.type == "table_open":
                cells = []
            elif token.type == "tr_open":
                cells.append(0)
            elif token.type in ("th_open", "td_open"):
                cells[-1] += 1
            elif token.type == "table_close":
                assert len(set(cells)) == 1, cells  # every row as wide as the header
        inline_html = {
            c.content for t in tokens if t.children for c in t.children if c.type == "html_inline"
        }
        assert inline_html <= {"<br>", "<sub>", "</sub>"}
        assert not [t for t in tokens if t.type == "html_block"]
        rendered = parser.render(text)
        assert "<script" not in rendered
    html = parser.render(md)
    assert "Acme &lt;script&gt;alert('pwned')&lt;/script&gt; &amp; Sons | Bank" in html
    assert '<a href="#appendix-all-answers">' in html
    assert (
        '<a href="https://research.google/pubs/the-ml-test-score-a-rubric-for-ml-'
        'production-readiness-and-technical-debt-reduction/">'
    ) in html
