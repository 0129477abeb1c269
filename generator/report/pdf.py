"""PDF reports: the same self-contained HTML, printed by WeasyPrint or headless Chromium.

Engines, in order of preference:

1. WeasyPrint (``pip install 'mlops-init[pdf]'``), imported only when a PDF is asked for.
2. Headless Chromium (Debian's ``chromium``; also ``chromium-browser``, ``google-chrome``),
   run with a fresh profile, no network features and no header or footer of its own.

``MLOPS_INIT_PDF_ENGINE=weasyprint|chromium`` picks one. Neither available -> an
:class:`~generator.errors.InputError` (exit 2) naming what to install.

Pages are A4 with a running header (organisation, project, date) and "Page N of M" in the
footer, drawn by CSS ``@page`` margin boxes, which both engines support; table rows, charts
and cards are never cut across pages (``break-inside: avoid`` in the report's print styles).
Nothing is fetched while printing: the HTML is self-contained and WeasyPrint is given a URL
fetcher that only accepts ``data:`` URLs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import InputError, OutputError, Problem

ENGINES = ("weasyprint", "chromium")
ENGINE_VARIABLE = "MLOPS_INIT_PDF_ENGINE"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)
CHROMIUM_TIMEOUT = 180
INSTALL_HINT = (
    "Install the PDF extra, pip install 'mlops-init[pdf]' (WeasyPrint), or headless "
    "Chromium (Debian: apt-get install chromium), then run again; or ask for --format "
    "html and print the HTML report from a browser."
)


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _has_weasyprint() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


def pick_engine() -> str:
    """The engine that will print PDFs here; raises :class:`InputError` when there is none."""
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted and wanted not in ENGINES:
        raise InputError(
            f"The {ENGINE_VARIABLE} variable must be one of {', '.join(ENGINES)}. "
            f"Got {wanted!r} instead."
        )
    available = {"weasyprint": _has_weasyprint(), "chromium": _chromium() is not None}
    if wanted:
        if not available[wanted]:
            what = "the PDF extra (WeasyPrint)" if wanted == "weasyprint" else "Chromium"
            raise InputError(
                f"{ENGINE_VARIABLE} asks for {wanted}, but {what} is not installed.",
                hint=INSTALL_HINT,
            )
        return wanted
    for engine in ENGINES:
        if available[engine]:
            return engine
    raise InputError(
        "A PDF report needs WeasyPrint or headless Chromium, and neither is installed.",
        hint=INSTALL_HINT,
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    cleaned = " ".join(text.split())
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_css(header: str, title: str) -> str:
    """The ``@page`` rules: running header (``header`` left, ``title`` right), page numbers."""
    small = (
        "font: 7.5pt/1.2 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif; color: #5b6b7a;"
    )
    return (
        "@page {\n"
        "  size: A4;\n"
        "  margin: 18mm 13mm 16mm;\n"
        f"  @top-left {{ content: {_css_string(header)}; {small} }}\n"
        f"  @top-right {{ content: {_css_string(title)}; {small} }}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
        f"{small} }}\n"
        "}\n"
        "html, body { background: #fff; }\n"
        "body { max-width: none; padding: 0; box-shadow: none; }\n"
        # The finding cards' two columns without CSS grid: the same look on paper, and
        # WeasyPrint lays floats out several times faster than hundreds of small grids.
        ".finding dl { display: block; }\n"
        ".finding dt { float: left; clear: left; width: 7rem; }\n"
        ".finding dd { margin: 0 0 0.1rem 7.8rem; }\n"
        ".finding dl::after { content: ''; display: block; clear: both; }\n"
    )


def with_page_css(html: str, header: str, title: str) -> str:
    """``html`` with the page rules added at the end of its head (so they win)."""
    style = f'<style media="print">\n{page_css(header, title)}</style>\n'
    marker = "</head>"
    at = html.find(marker)
    return html[:at] + style + html[at:] if at >= 0 else style + html


def _data_only_fetcher() -> object:
    """A WeasyPrint URL fetcher that loads ``data:`` URLs only (the report embeds everything)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later
        return urls.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args: object, **kwargs: object) -> object:  # earlier versions
        if not url.startswith("data:"):
            raise ValueError(f"the report refers to {url}; PDF printing fetches nothing")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def _weasyprint(html: str) -> bytes:
    import weasyprint  # the optional extra: imported only to print a PDF

    return weasyprint.HTML(string=html, url_fetcher=_data_only_fetcher()).write_pdf()


def _print_chromium(html: str) -> bytes:
    chromium = _chromium()
    assert chromium is not None  # pick_engine checked
    with tempfile.TemporaryDirectory(prefix="mlops-init-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = folder / "report.pdf"
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            # No stdin and a session of its own: an interview's terminal is not Chromium's.
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=CHROMIUM_TIMEOUT,
                check=False,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"Chromium did not finish printing the PDF within {CHROMIUM_TIMEOUT} s.",
                hint=INSTALL_HINT,
            ) from None
        if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise OutputError(
                f"Chromium could not print the PDF (exit code {done.returncode}).",
                problems=[Problem(line) for line in tail],
                hint="Install the PDF extra instead: pip install 'mlops-init[pdf]'",
            )
        return pdf.read_bytes()


def html_to_pdf(html: str, *, header: str, title: str, engine: str | None = None) -> bytes:
    """Print ``html`` to PDF bytes with a running ``header`` and ``title`` on every page."""
    engine = engine or pick_engine()
    printable = with_page_css(html, header, title)
    if engine == "weasyprint":
        return _weasyprint(printable)
    return _print_chromium(printable)
