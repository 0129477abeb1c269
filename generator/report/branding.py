"""Optional branding of the HTML and PDF reports: a logo, an accent colour, a "prepared by".

From flags (``--logo FILE``, ``--accent '#1f6f5c'``) or a small YAML file (``--branding
FILE``); a flag wins over the file. The file::

    logo: logo.png          # PNG, JPEG, GIF, WebP or SVG; a path relative to this file
    accent: "#1f6f5c"       # #rgb or #rrggbb
    prepared_by: Example Consulting

The logo is embedded as a ``data:`` URI, so the HTML stays one self-contained file and the
PDF needs nothing else. Everything is checked before any report is written.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.errors import InputError, Problem

MAX_LOGO_BYTES = 512 * 1024

# (branding file, logo, accent) as given on the command line; any may be None.
BrandingArgs = tuple[Path | None, Path | None, str | None]
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class Branding:
    """What the HTML templates read: ``accent`` (#rrggbb), ``accent_soft``, ``logo`` (URI)."""

    accent: str | None = None
    logo: str | None = None
    prepared_by: str | None = None

    @property
    def accent_soft(self) -> str | None:
        """The accent mixed with 90% white: backgrounds of highlighted boxes."""
        if self.accent is None:
            return None
        rgb = [int(self.accent[i : i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(c + (255 - c) * 0.9):02x}" for c in rgb)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    logo: str | None = None
    accent: str | None = None
    prepared_by: str | None = None


def _colour(value: str, where: str) -> str:
    if not _COLOUR.match(value.strip()):
        raise InputError(
            f"The {where} must be a colour written #rgb or #rrggbb. Got {value!r} instead.",
            hint="Example: --accent '#1f6f5c'",
        )
    text = value.strip().lower()
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text


def _media_type(data: bytes, path: Path) -> str | None:
    for signature, media in _SIGNATURES:
        if data.startswith(signature):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if path.suffix.lower() == ".svg" and (head.startswith(b"<svg") or head.startswith(b"<?xml")):
        return "image/svg+xml"
    return None


def logo_uri(path: Path, where: str = "'--logo' option") -> str:
    """The image at ``path`` as a ``data:`` URI; raises :class:`InputError` when unusable."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"The {where} names '{path}', which cannot be read: {exc.strerror or exc}."
        ) from None
    if len(data) > MAX_LOGO_BYTES:
        raise InputError(
            f"The logo '{path}' must be at most {MAX_LOGO_BYTES // 1024} KB, as it is embedded "
            f"in every report. Got {len(data) // 1024} KB instead.",
            hint="Export a smaller image (a few hundred pixels wide is enough).",
        )
    media = _media_type(data, Path(path))
    if media is None:
        raise InputError(
            f"The logo '{path}' must be a PNG, JPEG, GIF, WebP or SVG image. Got a file of "
            "another type instead."
        )
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def _read_file(path: Path) -> _File:
    from generator.yamlio import load_yaml_document

    try:
        doc = load_yaml_document(path, display_name=str(path), error=InputError)
    except InputError as exc:
        raise InputError(
            f"The branding file '{path}' cannot be read.", problems=exc.problems, hint=exc.hint
        ) from None
    data = doc.data if doc.data is not None else {}
    try:
        return _File.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            known = "logo, accent, prepared_by"
            message = (
                f"unknown key; the keys allowed are {known}"
                if err["type"] == "extra_forbidden"
                else f"{err['msg']}. Got {err.get('input')!r} instead."
            )
            problems.append(
                Problem(
                    message,
                    file=str(path),
                    key=".".join(map(str, loc)) or None,
                    line=doc.line_of(loc),
                )
            )
        raise InputError(
            f"The branding file '{path}' is invalid.",
            problems=problems,
            hint="It may hold logo (a path), accent (#rrggbb) and prepared_by (a name).",
        ) from None


def load_branding(
    config: Path | None = None, logo: Path | None = None, accent: str | None = None
) -> Branding | None:
    """Branding from a file and/or flags (flags win); None when nothing is given."""
    if config is None and logo is None and accent is None:
        return None
    settings = _read_file(Path(config)) if config is not None else _File()
    logo_data = None
    if logo is not None:
        logo_data = logo_uri(Path(logo))
    elif settings.logo:
        base = Path(config).parent if config is not None else Path()
        logo_data = logo_uri(base / settings.logo, f"'logo' key of '{config}'")
    colour = None
    if accent is not None:
        colour = _colour(accent, "'--accent' option")
    elif settings.accent is not None:
        colour = _colour(settings.accent, f"'accent' key of '{config}'")
    prepared_by = " ".join((settings.prepared_by or "").split()) or None
    return Branding(accent=colour, logo=logo_data, prepared_by=prepared_by)
