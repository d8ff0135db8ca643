"""GraphQL over HTTP compliance: every audit of the graphql-http package passes against the live server.

The audits come from the npm package pinned in tests/audit/package-lock.json (installed with
`npm ci` into tests/audit/node_modules); they cover both media types, GET and POST, the request
parameters and the status codes of request errors.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.support import ROOT, skip_or_fail

pytestmark = pytest.mark.slow  # left out of `make test-fast`

AUDIT_DIR = ROOT / "tests" / "audit"


@pytest.fixture(scope="module")
def audit_command() -> list[str]:
    """`node audit.mjs`, with the pinned packages installed first."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        skip_or_fail("the GraphQL-over-HTTP audit needs Node.js and npm (Debian: apt-get install nodejs npm)")
    installed = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, f"npm ci failed:\n{installed.stdout}\n{installed.stderr}"
    return [node, str(AUDIT_DIR / "audit.mjs")]


def test_every_graphql_over_http_audit_passes(audit_command, hub_server):
    # when the pinned graphql-http package audits the running hub
    run = subprocess.run(
        [*audit_command, f"{hub_server.url}/graphql"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)

    # then every audit, MUST, SHOULD and MAY alike, passes
    assert len(results) >= 61  # graphql-http 1.23.1 has 61 server audits
    failures = [f"{r['id']} {r['name']}: {r['reason']} (HTTP {r['httpStatus']})" for r in results if r["status"] != "ok"]
    assert failures == []
