"""A progress bar for long CLI jobs, drawn only when a person is watching a terminal."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    """Redraws one line on stderr; silent when stderr is not a terminal (logs, pipes, CI)."""

    WIDTH = 30

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._shown = -1

    def __call__(self, done: int) -> None:
        """Show `done` of `total`; redraws only when the percentage moves, so it stays cheap."""
        percent = 100 * done // self.total
        if not self.enabled or (percent == self._shown and done < self.total):
            return
        self._shown = percent
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
