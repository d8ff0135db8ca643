"""CPU time per directory answer, in process: the hub's schema against the bare app's, no HTTP.

Both answer the load benchmark's directory query on one event loop: the hub through its door
(web.door: every check, then execution with a real Context over a freshly seeded SQLite file),
the bare app through `schema.execute` from memory. It isolates what GraphQL execution costs per answer (the part `load.py` cannot
separate from HTTP and the rate-limit store), so a change to the hub's types can be measured alone.
Also the cities variant, which only the hub answers. Run under `py-spy record -- python …` to see
where the time goes.

    .venv/bin/python bench/directory_profile.py              # 200 answers per query
    .venv/bin/python bench/directory_profile.py --repeat 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import DIRECTORY  # noqa: E402  (the benchmark's own query)

CITIES_DIRECTORY = DIRECTORY.replace("agencies(first: 50)", "cities(first: 50)")


async def cpu_ms_per_answer(execute, repeat: int) -> tuple[float, dict]:
    """Mean process CPU milliseconds per answer, after a few warm-up answers."""
    for _ in range(5):
        result = await execute()
    started = time.process_time()
    for _ in range(repeat):
        result = await execute()
    if result.errors:
        raise SystemExit(f"errors: {result.errors}")
    return (time.process_time() - started) * 1000 / repeat, result.data


async def measure(repeat: int) -> None:
    import bare_app
    from strawberry import Schema

    from hub.access import PUBLIC
    from hub.config import RateLimits, Settings
    from hub.db import Database
    from hub.network import NetworkCache
    from schema.lang import Lang
    from web.door import Door, OperationRequest

    settings = replace(Settings.from_env(), rate_limits=RateLimits(anonymous=10**9))
    database = Database(settings)
    door = Door(settings, database, NetworkCache())
    bare_app.LISTS.update(await bare_app.load_directory(database))
    bare_schema = Schema(query=bare_app.Query)

    def hub(query: str):
        async def execute():
            admitted = await door.admit(OperationRequest(query), viewer=PUBLIC, address="bench")
            return (await door.execute(admitted, door.context(PUBLIC, Lang.VI, "bench"))).result

        return execute

    async def bare():
        return await bare_schema.execute(DIRECTORY)

    bare_ms, bare_data = await cpu_ms_per_answer(bare, repeat)
    hub_ms, hub_data = await cpu_ms_per_answer(hub(DIRECTORY), repeat)
    cities_ms, _ = await cpu_ms_per_answer(hub(CITIES_DIRECTORY), repeat)
    if hub_data != bare_data:
        raise SystemExit("the hub's answer differs from the bare app's")
    await database.dispose()
    await door.dispose()
    print(f"directory (agencies), bare: {bare_ms:6.2f} CPU ms/answer")
    print(f"directory (agencies), hub:  {hub_ms:6.2f} CPU ms/answer  (bare / hub: {bare_ms / hub_ms:.0%})")
    print(f"directory (cities),   hub:  {cities_ms:6.2f} CPU ms/answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="answers measured per query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/hub.db"
        env = {**os.environ, "HUB_DATABASE_URL": url}
        for command in (["db", "upgrade"], ["seed"]):
            subprocess.run([sys.executable, "-m", "hub", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        os.environ.update(HUB_DATABASE_URL=url, HUB_RESPONSE_CACHE_ENTRIES="0")
        asyncio.run(measure(args.repeat))


if __name__ == "__main__":
    main()
