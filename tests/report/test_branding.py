"""Branding: a logo and an accent colour inside the self-contained HTML (and so the PDF)."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import InputError
from generator.report.branding import load_branding

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "level1-team.yaml"


def png(path: Path) -> Path:
    """A real 1x1 PNG written from scratch (signature, IHDR, IDAT, IEND chunks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixel = zlib.compress(b"\x00\x1f\x6f\x5c")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )
    return path


def assess(tmp_path: Path, *extra: str):
    out = tmp_path / "out"
    done = CliRunner().invoke(
        app, ["assess", "--answers", str(EXAMPLE), "--out", str(out), "-f", "html,md", *extra]
    )
    return done, out


def test_logo_and_accent_from_flags_are_embedded(tmp_path):
    logo = png(tmp_path / "logo.png")
    done, out = assess(tmp_path, "--logo", str(logo), "--accent", "#1F6F5C")
    assert done.exit_code == 0, done.output
    html = (out / "report.html").read_text()
    uri = "data:image/png;base64," + base64.b64encode(logo.read_bytes()).decode()
    assert f'<img class="brand-logo" src="{uri}"' in html
    assert "--accent: #1f6f5c; --accent-soft: #e9f1ef;" in html
    assert not re.search(r"""src=["'](?!data:)""", html)  # still nothing to fetch
    assert "logo" not in (out / "report.md").read_text().lower()


def test_a_branding_file_with_a_relative_logo(tmp_path):
    folder = tmp_path / "brand"
    folder.mkdir()
    png(folder / "mark.png")
    config = folder / "branding.yaml"
    config.write_text('logo: mark.png\naccent: "#a3c"\nprepared_by: Example Consulting\n')
    done, out = assess(tmp_path, "--branding", str(config), "--accent", "#123456")
    assert done.exit_code == 0, done.output
    html = (out / "report.html").read_text()
    assert "data:image/png;base64," in html
    assert "Prepared by Example Consulting" in html
    assert "--accent: #123456;" in html  # the flag wins over the file


def test_without_branding_the_report_is_unchanged(tmp_path):
    done, out = assess(tmp_path)
    assert done.exit_code == 0
    html = (out / "report.html").read_text()
    assert "brand-logo" not in html.split("</style>", 1)[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("accent: green\n", "must be a colour written #rgb or #rrggbb. Got 'green' instead"),
        ("colour: '#fff'\n", "unknown key"),
        ("logo: missing.png\n", "cannot be read"),
        ("logo: [1, 2]\n", "logo"),
    ],
)
def test_bad_branding_file_is_refused_naming_file_and_key(tmp_path, content, message):
    config = tmp_path / "branding.yaml"
    config.write_text(content)
    done, out = assess(tmp_path, "--branding", str(config))
    assert done.exit_code == 2
    assert message in done.stderr
    assert "branding.yaml" in done.stderr
    assert not out.exists()


def test_unknown_key_names_its_line(tmp_path):
    config = tmp_path / "b.yaml"
    config.write_text("accent: '#ffffff'\ncolour: red\n")
    with pytest.raises(InputError) as caught:
        load_branding(config)
    (problem,) = caught.value.problems
    assert (problem.key, problem.line) == ("colour", 2)


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<script>alert(1)</script>")
    with pytest.raises(InputError, match="must be a PNG, JPEG, GIF, WebP or SVG image"):
        load_branding(logo=fake)


def test_compare_and_portfolio_take_branding_too(tmp_path):
    reports = Path(__file__).resolve().parents[2] / "examples" / "reports"
    before = reports / "level0-startup" / "result.json"
    after = reports / "level1-team" / "result.json"
    runner = CliRunner()
    done = runner.invoke(
        app,
        ["compare", str(before), str(after), "-o", str(tmp_path / "c"), "--accent", "#abcdef"],
    )
    assert done.exit_code == 0, done.output
    assert "--accent: #abcdef;" in (tmp_path / "c" / "progress.html").read_text()
    done = runner.invoke(
        app, ["portfolio", str(reports), "-o", str(tmp_path / "p"), "--accent", "#abcdef"]
    )
    assert done.exit_code == 0, done.output
    assert "--accent: #abcdef;" in (tmp_path / "p" / "portfolio.html").read_text()
