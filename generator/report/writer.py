"""Writing rendered reports to a folder without ever leaving a half-written file.

Semantics (what a reader of ``out_dir`` can observe):

1. Everything is rendered in memory before this module is called.
2. Every file is first written in full to a hidden temporary file in ``out_dir`` itself (same
   filesystem, so the final rename is atomic). A failure in this phase (disk full, permission
   denied) removes every temporary file and leaves all existing reports untouched.
3. Then each temporary file replaces its target with ``os.replace``. A reader therefore sees
   either the old or the new complete version of each file, never a partial one. If a rename
   fails midway (rare: the data is already on disk), the files renamed before it are new, the
   later ones keep their old content, and no temporary file remains.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.errors import OutputError, Problem
from generator.fileio import stage_text


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _stage(target: Path, content: str | bytes) -> Path:
    """Text through the shared atomic writer; bytes (a PDF) beside it the same way."""
    if isinstance(content, str):
        return stage_text(target, content)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    temp = Path(temp_name)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_reports(out_dir: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` ({file name: text, or bytes for a PDF}) into ``out_dir`` (created if
    needed).

    Returns the written paths sorted by file name. Raises :class:`OutputError` when the folder
    cannot be created or a file cannot be written; no temporary file is left behind.
    """
    out_dir = Path(out_dir)
    for name in files:
        if not name or Path(name).name != name or name in (".", ".."):
            raise OutputError(f"The report file name {name!r} must be a plain file name.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"The report folder '{out_dir}' cannot be created: {exc.strerror or exc}.",
            hint="Choose another folder with --out.",
        ) from None

    names = sorted(files)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in names:
            target = out_dir / name
            staged.append((_stage(target, files[name]), target))
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        for temp, _ in staged:
            _remove_quietly(temp)
        where = exc.filename or out_dir
        raise OutputError(
            f"The reports could not be written to '{out_dir}'.",
            problems=[Problem(exc.strerror or str(exc), file=str(where))],
            hint="Check that the folder is writable and the disk is not full, then run again.",
        ) from None
    return [out_dir / name for name in names]
