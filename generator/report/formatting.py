"""Number and text formatting shared by every renderer.

Numbers are always formatted explicitly, with decimal half-up rounding of their shortest
``repr``, so the same result prints the same digits on every machine (no ``0.30000000000000004``,
no banker's rounding surprises such as ``62.5 -> 62``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

STATUS_LABELS = {
    "met": "Met",
    "partial": "Partial",
    "missing": "Missing",
    "not_applicable": "n/a",
    "unanswered": "Unanswered",
}

ORIGIN_LABELS = {
    "stated": "Stated by the team",
    "evidence": "Evidence found in the repository",
    "skip_logic": "Not applicable by skip logic",
    "unanswered": "Not answered",
}

# (origin, what the scan made of the practice) -> how a report says where the answer came from
SCANNED_ORIGIN_LABELS = {
    ("stated", "found"): "Stated by the team; the repository scan found evidence of it",
    ("stated", "contradicted"): "Stated by the team; the repository scan found evidence against it",
    ("stated", "not_found"): "Stated by the team; the repository scan did not see it",
    ("evidence", "found"): "Evidence found in the repository",
    ("evidence", "contradicted"): "Evidence against it found in the repository",
    ("evidence", "not_found"): "Not seen in the repository: confirm with the team",
    ("unanswered", "not_found"): "Not answered, and not seen in the repository",
}

SECTION_TITLES = {
    "data": "Data",
    "model": "Model",
    "infrastructure": "Infrastructure",
    "monitoring": "Monitoring",
}


def number(value: float | int | None, places: int = 0, empty: str = "n/a") -> str:
    """``value`` rounded half-up to ``places`` decimals; ``empty`` for None."""
    if value is None:
        return empty
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0"
    return f"{rounded:f}"


def compact(value: float | int | None, places: int = 1, empty: str = "n/a") -> str:
    """Like :func:`number` but without trailing zeros: 1.0 -> "1", 0.5 -> "0.5"."""
    text = number(value, places, empty)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def signed(value: float | int | None, places: int = 1, empty: str = "n/a") -> str:
    """A change with its sign: +12.5, -3, 0 (for deltas in the progress report)."""
    text = compact(value, places, empty)
    if value is not None and text not in ("0", empty) and not text.startswith("-"):
        text = "+" + text
    return text


def percent(value: float | int | None, empty: str = "n/a") -> str:
    """A 0-100 value as a whole percentage: 66.67 -> "67%"."""
    return empty if value is None else number(value) + "%"


def points(value: float | None, not_applicable: bool = False) -> str:
    """ML Test Score points of one test: "1", "0.5", "0" or "n/a"."""
    return "n/a" if not_applicable or value is None else compact(value, 1)


def status_label(status: str) -> str:
    """Display name of a finding status."""
    return STATUS_LABELS.get(status, status)


def origin_label(origin: str, scan: str | None = None) -> str:
    """Display name of where an answer came from, with what a repository scan made of it."""
    return SCANNED_ORIGIN_LABELS.get((origin, scan or ""), ORIGIN_LABELS.get(origin, origin))


def section_title(section: str) -> str:
    """Display name of an ML Test Score section."""
    return SECTION_TITLES.get(section, section.replace("_", " ").capitalize())


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 gap"``, ``"3 gaps"``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def md_text(value: object) -> str:
    """Markdown-safe inline text: one line, HTML-like tags shown literally.

    ``<`` is backslash-escaped (valid CommonMark), so an organisation called
    ``<script>`` stays visible text in every Markdown viewer instead of becoming raw HTML.
    """
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("<", "\\<").replace("`", "\\`")


def md_cell(value: object) -> str:
    """:func:`md_text` plus escaped pipes, so the value cannot break a GFM table row."""
    return md_text(value).replace("|", "\\|")


def md_code(value: object) -> str:
    """Inline code span that survives backticks and pipes in the value (GFM tables too)."""
    text = " ".join(("" if value is None else str(value)).split())
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    escaped = text.replace("|", "\\|")
    return f"{fence}{pad}{escaped}{pad}{fence}"


def text_bar(value: float | None, maximum: float = 100, width: int = 10) -> str:
    """A bar of block characters for Markdown tables: 70 -> "███████░░░"."""
    if value is None:
        return ""
    filled = int(
        Decimal(repr(min(max(float(value), 0.0), maximum) / maximum * width)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    return "█" * filled + "░" * (width - filled)


def slug(text: str) -> str:
    """GitHub's anchor for a heading: "Appendix: all answers" -> "appendix-all-answers"."""
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def md_url(url: object) -> str:
    """A URL as a Markdown autolink (clickable, and readable when printed as text).

    Anything that is not a plain http(s) URL is shown as code, never as a link.
    """
    text = "" if url is None else str(url)
    plain = text.lower().startswith(("https://", "http://")) and not any(
        ch.isspace() or ch in "<>" for ch in text
    )
    return f"<{text}>" if plain else md_code(text)
