"""The server's event loop: uvloop, with room for deep Python call stacks.

CPython 3.11 keeps Python frames in chunks of 16 KiB and frees a chunk as soon as the frame at its
base returns. A GraphQL answer recurses field by field; when that recursion straddles a chunk
boundary, every field crossing it costs an mmap and a munmap. Whether it straddles depended only on
how deep the process's own stack began: `python -m hub serve` paid about 60 pairs per directory
answer, 30 % of its CPU, and `creative-hub serve` did not. This loop runs under one frame of about
66 KiB, so CPython hands it a 128 KiB chunk that lives as long as the loop, and every callback's
frames start inside it with some 60 KiB of room.

`creative-hub serve` uses it; with the uvicorn command: `--loop web.event_loop:DeepStackLoop`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import uvloop

# A function whose frame holds this many local slots (8 bytes each) is bigger than 64 KiB.
_SLOTS = 8400
_SOURCE = f"def run_on_big_frame(run):\n    if False:\n        {' = '.join(f'_{i}' for i in range(_SLOTS))} = None\n    return run()\n"
_namespace: dict[str, Any] = {}
exec(compile(_SOURCE, "<web.event_loop>", "exec"), _namespace)  # the names only size the frame; they are never set
run_on_big_frame: Callable[[Callable[[], Any]], Any] = _namespace["run_on_big_frame"]


class DeepStackLoop(uvloop.Loop):
    """uvloop, running every callback on top of one big frame (see the module's docstring)."""

    def run_forever(self) -> None:
        return run_on_big_frame(super().run_forever)
