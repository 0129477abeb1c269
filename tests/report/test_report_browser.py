"""The HTML report in headless Chromium: it renders, requests nothing, and prints to PDF.

Skipped only when Chromium is missing on a developer machine; in CI (``CI`` set) a missing
Chromium is a failure, so the check cannot silently disappear.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generator.report import render_comparison, render_reports, write_reports
from generator.result import Result

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed (.ci/run installs it).")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return path


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture
def report_dir(tmp_path: Path, result: Result, later: Result) -> Path:
    out = tmp_path / "reports"
    write_reports(out, render_reports(result, ["html"]))
    write_reports(out, render_comparison(result, later, ["html"]))
    return out


class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        self.requests.append((self.command, self.path))


@pytest.fixture
def server(report_dir: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A loopback HTTP server on a free port that records every request it receives."""
    requests: list[tuple[str, str]] = []
    handler = type("Handler", (_LoggingHandler,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(report_dir))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_screenshot_is_not_blank(chromium: str, report_dir: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        (report_dir / "report.html").as_uri(),
    )
    assert shot.is_file() and shot.stat().st_size > 10_000
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20) or []
        # text, charts, badges: a real page has many colours and no single colour covers it all
        assert len(colours) > 50
        assert max(count for count, _ in colours) < 0.9 * 1280 * 2000
        # the accent blue of the level ladder and bars is on screen
        assert any(
            abs(r - 0x2F) < 8 and abs(g - 0x5D) < 8 and abs(b - 0x8A) < 8
            for _, (r, g, b) in colours
        )


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        ("report.html", "Level 1: ML pipeline automation"),
        ("progress.html", "Level 1 → Level 0: Manual process"),
    ],
)
def test_page_loads_with_a_single_request(
    chromium: str,
    server: tuple[str, list[tuple[str, str]]],
    tmp_path: Path,
    page: str,
    heading: str,
) -> None:
    base, requests = server
    done = run_chromium(
        chromium, tmp_path / "profile", "--virtual-time-budget=3000", "--dump-dom", f"{base}/{page}"
    )
    assert requests == [("GET", f"/{page}")]
    assert 'id="level-heading"' in done.stdout
    assert heading in done.stdout
    assert "<script" not in done.stdout  # the injected organisation name stayed text


def test_prints_to_pdf(chromium: str, report_dir: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    run_chromium(
        chromium,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        (report_dir / "report.html").as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 20_000
    # The print CSS starts each major section on a new page: cover + 6 sections at least.
    # The page tree's root carries the total page count (the largest /Count).
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", data))
    assert pages >= 7
