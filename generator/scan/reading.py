"""Reading a scanned file's text safely: never follow a symlink, never block, never load huge
or binary files, never fail on bad bytes."""

from __future__ import annotations

import os
import stat

MAX_FILE_BYTES = 1024 * 1024  # larger files are data or generated, not the team's code
SNIFF_BYTES = 8192  # a NUL byte in the first 8 KiB marks a binary file, as git decides it

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_text(path: str) -> tuple[str | None, str | None]:
    """``(text, None)`` for a readable text file, else ``(None, reason)``.

    Reasons: ``symlink`` (not followed: it could point outside the repository), ``not_a_file``
    (FIFO, socket, device, directory, vanished), ``too_large``, ``unreadable`` (permissions,
    I/O error), ``binary``. Invalid UTF-8 is decoded with replacement characters.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None, "not_a_file"
    if stat.S_ISLNK(info.st_mode):
        return None, "symlink"
    if not stat.S_ISREG(info.st_mode):
        return None, "not_a_file"
    if info.st_size > MAX_FILE_BYTES:
        return None, "too_large"
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None, "unreadable"
    try:
        # One read of the known size (+1 to notice growth); plain os.read avoids the cost of a
        # buffered file object, which dominated the scan of many small files.
        chunks = [os.read(fd, min(info.st_size, MAX_FILE_BYTES) + 1)]
        while chunks[-1] and sum(map(len, chunks)) <= MAX_FILE_BYTES:
            chunks.append(os.read(fd, MAX_FILE_BYTES + 1 - sum(map(len, chunks))))
    except OSError:
        return None, "unreadable"
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        return None, "too_large"
    if b"\0" in data[:SNIFF_BYTES]:
        return None, "binary"
    return data.decode("utf-8", errors="replace"), None
