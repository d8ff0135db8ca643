"""The server's loop runs every callback on top of its big frame (web/event_loop.py says why)."""

from __future__ import annotations

import asyncio
import sys

from web.event_loop import DeepStackLoop, run_on_big_frame


def frames_below() -> list[str]:
    frame, names = sys._getframe(), []
    while frame is not None:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    return names


def test_the_big_frame_is_bigger_than_64_kib():
    code = run_on_big_frame.__code__
    assert code.co_nlocals * 8 > 64 * 1024


def test_coroutines_and_callbacks_run_above_the_big_frame():
    async def main() -> tuple[list[str], list[str]]:
        seen = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_soon(lambda: seen.set_result(frames_below()))
        return frames_below(), await seen

    with asyncio.Runner(loop_factory=DeepStackLoop) as runner:
        in_task, in_callback = runner.run(main())
    assert "run_on_big_frame" in in_task
    assert "run_on_big_frame" in in_callback
