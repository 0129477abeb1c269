"""write_reports: every file complete or untouched, never a temporary file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.report import render_reports, write_reports
from generator.result import Result

FILES = {"report.md": "# new md\n", "report.html": "<p>new html</p>\n", "result.json": "{}\n"}


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_creates_the_folder_and_returns_sorted_paths(tmp_path: Path, result: Result) -> None:
    out = tmp_path / "deep" / "reports"
    files = render_reports(result, ["md", "html", "json"])
    paths = write_reports(out, files)
    assert paths == [out / "report.html", out / "report.md", out / "result.json"]
    assert listing(out) == files


def test_text_is_written_byte_for_byte(tmp_path: Path) -> None:
    text = "line one\r\nünïcödé · → \n"
    write_reports(tmp_path, {"report.md": text})
    assert (tmp_path / "report.md").read_bytes() == text.encode("utf-8")


def test_files_are_readable_by_others_like_any_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        (path,) = write_reports(tmp_path, {"report.md": "x\n"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_overwrites_previous_reports(tmp_path: Path) -> None:
    write_reports(tmp_path, {name: "old\n" for name in FILES})
    write_reports(tmp_path, FILES)
    assert listing(tmp_path) == FILES


def test_failure_while_writing_leaves_old_reports_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(tmp_path, {name: "old\n" for name in FILES})
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OutputError) as caught:
        write_reports(tmp_path, FILES)
    assert "No space left on device" in caught.value.render()
    assert listing(tmp_path) == {name: "old\n" for name in FILES}  # nothing new, no temp file


def test_failure_on_the_second_rename_keeps_each_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(tmp_path, {name: "old\n" for name in FILES})
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError) as caught:
        write_reports(tmp_path, FILES)
    assert "report.md" in caught.value.render()
    # sorted order: report.html was replaced, report.md failed, result.json never replaced
    assert listing(tmp_path) == {
        "report.html": FILES["report.html"],
        "report.md": "old\n",
        "result.json": "old\n",
    }


def test_failure_in_an_empty_folder_leaves_it_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_replace(src: str | Path, dst: str | Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError):
        write_reports(tmp_path / "out", FILES)
    assert list((tmp_path / "out").iterdir()) == []


def test_out_dir_that_is_a_file_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot be created"):
        write_reports(blocker, FILES)
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("name", ["../escape.md", "sub/report.md", ""])
def test_file_names_must_be_plain(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="plain file name"):
        write_reports(tmp_path / "out", {name: "x"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.md").exists()
