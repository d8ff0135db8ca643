"""Liveness and readiness, as a load balancer sees them."""

from __future__ import annotations

import httpx

from tests.support import HubServer


def test_healthz_and_readyz_answer_when_the_database_is_up(hub_server):
    assert httpx.get(f"{hub_server.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{hub_server.url}/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})


def test_readyz_says_unavailable_when_the_database_cannot_be_reached():
    # given a hub pointed at a PostgreSQL port where nothing listens
    server = HubServer("postgresql+asyncpg://nobody@127.0.0.1:1/none", "postgres").start()
    try:
        # when / then
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        ready = httpx.get(f"{server.url}/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "unavailable")
    finally:
        server.stop()
