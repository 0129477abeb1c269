"""PDF reports (``--format pdf``): printed for the three example teams, checked as a reader
would see them: pages rendered to images are not blank, text is extractable, every page has
the running header (organisation, date) and a page number.

Needs poppler-utils (pdftoppm, pdftotext) and WeasyPrint or Chromium. Skipped when they are
missing on a developer machine; with ``CI`` set, a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from generator.cli import app
from generator.report import pdf

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = {
    "level0-startup": "Fernhill Analytics",
    "level1-team": "Northwind Retail",
    "level2-platform": "Kestrel Payments",
}


def _need(found: bool, what: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {what} is not installed (.ci/run installs it).")
        pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module", autouse=True)
def poppler() -> None:
    _need(bool(shutil.which("pdftoppm") and shutil.which("pdftotext")), "poppler-utils")


def _engine(name: str) -> str:
    available = pdf._has_weasyprint() if name == "weasyprint" else pdf._chromium() is not None
    _need(available, "WeasyPrint" if name == "weasyprint" else "chromium")
    return name


def pages_text(path: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [page for page in done.stdout.split("\f") if page.strip()]


def ink_of_pages(path: Path, tmp: Path, first: int, last: int) -> list[float]:
    """Share of non-white pixels of pages ``first``..``last`` rendered at 40 dpi."""
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", str(first), "-l", str(last), str(path), tmp / "p"],
        check=True,
    )
    shares = []
    for image_path in sorted(tmp.glob("p-*.png")):
        image = Image.open(image_path).convert("L")
        histogram = image.histogram()  # 256 counts of grey levels
        shares.append(sum(histogram[:240]) / sum(histogram))
    return shares


def assess(tmp_path: Path, name: str, engine: str, monkeypatch) -> Path:
    monkeypatch.setenv(pdf.ENGINE_VARIABLE, engine)
    out = tmp_path / name
    done = CliRunner().invoke(
        app,
        ["assess", "--answers", str(EXAMPLES / f"{name}.yaml"), "--out", str(out), "-f", "pdf"],
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["report.pdf"]
    return out / "report.pdf"


def check_pdf(path: Path, organisation: str, tmp: Path) -> None:
    assert path.read_bytes().startswith(b"%PDF-")
    pages = pages_text(path)
    assert len(pages) >= 10
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert organisation in page, f"page {number} lacks the running header"
        assert "2026-11-27" in page
        assert f"Page {number} of {total}" in page
    text = "\n".join(pages)
    for heading in ("Executive summary", "Roadmap", "Regulatory crosswalk", "evidence toward"):
        assert heading in text
    shares = ink_of_pages(path, tmp, 1, 3)
    assert len(shares) == 3
    assert all(share > 0.005 for share in shares), shares


@pytest.mark.parametrize("name", sorted(NAMES))
def test_pdf_of_each_example(tmp_path, monkeypatch, name):
    engine = _engine("weasyprint")
    path = assess(tmp_path, name, engine, monkeypatch)
    check_pdf(path, NAMES[name], tmp_path)


@pytest.mark.browser
def test_pdf_by_chromium(tmp_path, monkeypatch):
    engine = _engine("chromium")
    path = assess(tmp_path, "level1-team", engine, monkeypatch)
    check_pdf(path, NAMES["level1-team"], tmp_path)


@pytest.mark.browser
def test_report_and_compare_print_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.ENGINE_VARIABLE, _engine("chromium"))
    runner = CliRunner()
    before, after = tmp_path / "before", tmp_path / "after"
    for name, out in (("level0-startup", before), ("level1-team", after)):
        done = runner.invoke(
            app, ["assess", "--answers", str(EXAMPLES / f"{name}.yaml"), "--out", str(out)]
        )
        assert done.exit_code == 0, done.output
    done = runner.invoke(
        app, ["report", str(after / "result.json"), "--out", str(tmp_path / "r"), "-f", "pdf"]
    )
    assert done.exit_code == 0, done.output
    check_pdf(tmp_path / "r" / "report.pdf", "Northwind Retail", tmp_path / "r")
    done = runner.invoke(
        app,
        [
            "compare",
            str(before / "result.json"),
            str(after / "result.json"),
            "--out",
            str(tmp_path / "c"),
            "-f",
            "pdf,md",
        ],
    )
    assert done.exit_code == 0, done.output
    text = "\n".join(pages_text(tmp_path / "c" / "progress.pdf"))
    assert "Northwind Retail" in text and "Level 0 → Level 1" in text and "Page 1 of" in text


@pytest.mark.browser
def test_the_interview_prints_a_pdf(tmp_path, monkeypatch):
    from interview_driver import INTERVIEW_BANK, ScriptedAsker

    import generator.commands.interview as command
    import generator.prompts

    monkeypatch.setenv(pdf.ENGINE_VARIABLE, _engine("chromium"))
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(INTERVIEW_BANK))
    asker = ScriptedAsker(["Acme", "Churn model", "Jane", "automated", "no", "batch", False])
    monkeypatch.setattr(command, "_require_terminal", lambda: None)
    monkeypatch.setattr(generator.prompts, "QuestionaryAsker", lambda: asker)
    out = tmp_path / "report"
    done = CliRunner().invoke(
        app,
        [
            "interview",
            "--answers-file",
            str(tmp_path / "a.yaml"),
            "--out",
            str(out),
            "--date",
            "2026-11-27",
            "--format",
            "pdf",
        ],
    )
    assert done.exit_code == 0, done.output
    pages = pages_text(out / "report.pdf")
    assert "Acme · Churn model · 2026-11-27" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@pytest.mark.parametrize("engine", ["weasyprint", "chromium"])
def test_the_logo_is_printed_and_nothing_is_fetched(tmp_path, monkeypatch, engine):
    from test_branding import png

    monkeypatch.setenv(pdf.ENGINE_VARIABLE, _engine(engine))
    logo = png(tmp_path / "logo.png")
    out = tmp_path / "out"
    result = EXAMPLES / "reports" / "level2-platform" / "result.json"
    args = ["report", str(result), "--out", str(out), "-f", "pdf", "--logo", str(logo)]
    done = CliRunner().invoke(app, [*args, "--accent", "#1f6f5c"])
    assert done.exit_code == 0, done.output
    listed = subprocess.run(
        ["pdfimages", "-list", str(out / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert any(line.split()[:2] == ["1", "0"] for line in listed), listed  # on the cover


def test_weasyprint_is_given_data_urls_only(monkeypatch):
    _engine("weasyprint")
    import urllib.request

    opened: list[str] = []
    real_open = urllib.request.OpenerDirector.open

    def recording_open(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        return real_open(self, request, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    page = '<img src="http://example.com/x.png"><img src="file:///etc/hostname"><p>text</p>'
    assert pdf._weasyprint(f"<html><body>{page}</body></html>").startswith(b"%PDF-")
    assert opened == []


def test_no_engine_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(pdf.ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(pdf, "_has_weasyprint", lambda: False)
    monkeypatch.setattr(pdf, "_chromium", lambda: None)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        app,
        [
            "assess",
            "--answers",
            str(EXAMPLES / "level1-team.yaml"),
            "--out",
            str(out),
            "-f",
            "md,pdf",
        ],
    )
    assert done.exit_code == 2
    assert "pip install 'mlops-init[pdf]'" in done.stderr
    assert "chromium" in done.stderr.lower()
    assert not out.exists()


def test_an_unknown_engine_variable_is_refused(monkeypatch):
    monkeypatch.setenv(pdf.ENGINE_VARIABLE, "prince")
    with pytest.raises(pdf.InputError, match="must be one of weasyprint, chromium"):
        pdf.pick_engine()


def test_header_text_cannot_break_out_of_the_css_string():
    css = pdf.page_css('Acme "Inc" \\ </style><script>', "T")
    assert 'content: "Acme \\"Inc\\" \\\\ </style><script>"' in css
    html = pdf.with_page_css("<html><head></head><body></body></html>", "A", "T")
    assert html.index("@page") < html.index("</head>")


def test_print_styles_keep_rows_and_charts_whole():
    from generator.report.environment import render

    css = render("_styles.css.j2")
    print_css = css[css.index("@media print") :]
    assert "break-inside: avoid" in print_css
    for selector in ("tr", "svg.chart", ".kpi"):
        assert selector in print_css
