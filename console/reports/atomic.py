"""Write a file to a temporary name next to its target and rename it at the end, so a
cancelled or failed export leaves nothing half-written (and never harms an older file)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

Progress = Callable[[int, int], bool]


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it becomes the target."""
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


class Ticker:
    """Calls ``progress`` every ``step`` units of work and raises ExportCancelled when it
    answers False; a writer calls ``advance()`` once per row."""

    def __init__(self, progress: Progress | None, total: int, step: int = 200) -> None:
        self._progress = progress
        self.total = max(total, 1)
        self.done = 0
        self._step = step
        self._next = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.done >= self._next:
            self._next = self.done + self._step
            self.report()

    def report(self) -> None:
        if (
            self._progress is not None
            and self._progress(min(self.done, self.total), self.total) is False
        ):
            raise ExportCancelled

    def finish(self) -> None:
        self.done = self.total
        self.report()
