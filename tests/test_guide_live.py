"""The partners' guide's live-update examples (Python `gql` and JavaScript `graphql-ws`) run as written.

Only the hub's address and the token are put in; each example must print the change a write makes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from tests.support import ROOT, issue_token, skip_or_fail, wait_for_subscribers

GUIDE = (ROOT / "docs" / "guide-partners.md").read_text(encoding="utf-8")
SECTION = GUIDE.split("## Receiving live updates with your token", 1)[1].split("\n## ", 1)[0]
PYTHON_EXAMPLE = re.search(r"```python\n(.*?)```", SECTION, re.DOTALL)[1]
JS_EXAMPLE = re.search(r"```js\n(.*?)```", SECTION, re.DOTALL)[1]
CLIENTS = ROOT / "tests" / "clients"
CITY_UPDATE = "mutation ($input: CityUpdateInput!) { cityUpdate(input: $input) { city { id } userErrors { field code } } }"
A_CITY = '{ cities(first: 1, filter: {country: "Vietnam"}) { edges { node { id version } } } }'


@pytest.fixture(scope="module")
def partner_token(writable_server, write_api) -> str:
    city = write_api.data(A_CITY)["cities"]["edges"][0]["node"]["id"]
    return issue_token(writable_server.database_url, "partner", "Guide reader", "--city", city)


def pointed_at(code: str, server) -> str:
    """The example with the guide's local address replaced by the test server's."""
    return code.replace("ws://127.0.0.1:8000/graphql", server.url.replace("http", "ws", 1) + "/graphql")


def touch_a_city(write_api) -> str:
    """A staff write the examples must hear of; returns the city's ID."""
    city = write_api.data(A_CITY)["cities"]["edges"][0]["node"]
    answer = write_api.data(
        CITY_UPDATE, {"input": {"id": city["id"], "version": city["version"], "descriptionEn": "Updated while a partner listens."}}
    )
    assert answer["cityUpdate"]["userErrors"] == []
    return city["id"]


def first_line_after_a_write(process: subprocess.Popen, server, write_api) -> tuple[str, str]:
    """The example's first line of output after a write; an example that never prints is killed after 30 s."""
    watchdog = threading.Timer(30, process.kill)
    watchdog.start()
    try:
        wait_for_subscribers(server, 1)
        city = touch_a_city(write_api)
        return city, process.stdout.readline()
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        process.stdout.close()


def test_the_python_example_prints_the_change(writable_server, write_api, partner_token, tmp_path):
    script = tmp_path / "changes.py"
    script.write_text(pointed_at(PYTHON_EXAMPLE, writable_server).replace('TOKEN = "cch_…"', f'TOKEN = "{partner_token}"'))
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    city, line = first_line_after_a_write(process, writable_server, write_api)
    assert line.startswith("{'target': 'NODE', 'kind': 'CITY', 'id': " + repr(city) + ", 'action': 'UPDATED'"), line


def test_the_javascript_example_prints_the_change(writable_server, write_api, partner_token, tmp_path):
    if shutil.which("node") is None or shutil.which("npm") is None:
        skip_or_fail("the JavaScript example needs Node.js and npm")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, check=True, capture_output=True, timeout=300)
    (tmp_path / "node_modules").symlink_to(CLIENTS / "node_modules")
    script = tmp_path / "changes.mjs"
    script.write_text(pointed_at(JS_EXAMPLE, writable_server))
    process = subprocess.Popen(
        ["node", str(script)], stdout=subprocess.PIPE, text=True, env={"PATH": os.environ["PATH"], "HUB_TOKEN": partner_token}
    )
    city, line = first_line_after_a_write(process, writable_server, write_api)
    change = json.loads(line)
    assert (change["target"], change["kind"], change["id"], change["action"]) == ("NODE", "CITY", city, "UPDATED")
