"""Writing files so that a reader sees the old content or the new, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def stage_text(target: Path, text: str) -> Path:
    """Write ``text`` to a new temporary file beside ``target`` and return its path.

    The caller moves it into place with ``os.replace`` (atomic on one file system) or removes it.
    The file gets the mode a plain ``open(..., "w")`` would give (``0666 & ~umask``), not
    mkstemp's 0600: what mlops-init writes is meant to be shared like any file the user writes.
    """
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    temp = Path(temp_name)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically, creating its folder; no temp file survives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = stage_text(path, text)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
