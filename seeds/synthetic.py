"""A deterministic, city-network-shaped synthetic network of any size, for benchmarks and load tests.

The shape follows Hanoi's: one plan with initiatives, a hierarchy of agencies responsible for
initiatives and events, spaces hosting events, designers in initiatives, and partner cities.
Responsibilities go preferentially to busy agencies, as they do in practice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Share of each node kind (after the one plan); cities make up the rest.
SHARES = {"INITIATIVE": 0.005, "AGENCY": 0.10, "EVENT": 0.05, "CREATIVE_SPACE": 0.22, "DESIGNER": 0.33}
MIN_SIZE = len(SHARES) + 2  # one node of each kind, the plan and a city included


@dataclass
class SyntheticNetwork:
    nodes: list[dict] = field(default_factory=list)  # {"id", "kind", "name"}
    links: list[dict] = field(default_factory=list)  # {"kind", "from", "to", "role"}


def synthetic_network(size: int, *, seed: int = 0) -> SyntheticNetwork:
    """`size` nodes (at least `MIN_SIZE`) and two to three links per node, the same for the same arguments.

    >>> net = synthetic_network(1000)
    >>> len(net.nodes), 2 * len(net.nodes) < len(net.links) < 4 * len(net.nodes)
    (1000, True)
    >>> synthetic_network(1000).links == net.links
    True
    >>> len(synthetic_network(MIN_SIZE).nodes)
    7
    """
    if size < MIN_SIZE:
        raise ValueError(f"a synthetic network has at least {MIN_SIZE} nodes, one of each kind; {size} asked")
    rng = random.Random(seed)
    net = SyntheticNetwork()
    ids: dict[str, list[int]] = {}

    def add(kind: str, count: int) -> None:
        start = len(net.nodes) + 1
        ids[kind] = list(range(start, start + count))
        net.nodes += [{"id": i, "kind": kind, "name": f"{kind.title()} {i}"} for i in ids[kind]]

    def link(kind: str, source: int, target: int, role: str | None = None) -> None:
        net.links.append({"kind": kind, "from": source, "to": target, "role": role})

    add("PLAN", 1)
    for kind, share in SHARES.items():
        add(kind, max(1, int(size * share)))
    add("CITY", size - len(net.nodes))
    plan = ids["PLAN"][0]
    for initiative in ids["INITIATIVE"]:
        link("PART_OF", initiative, plan)
    agencies = ids["AGENCY"]
    for position, agency in enumerate(agencies[1:], start=1):
        link("PART_OF", agency, agencies[rng.randrange(position)])  # a tree under the first agency
    busy = list(agencies)  # preferential attachment: each responsibility makes an agency likelier
    for item in ids["INITIATIVE"] + ids["EVENT"]:
        for role in rng.sample(["LEAD", "CO_LEAD", "COORDINATE", "SUPPORT"], k=rng.randint(1, 3)):
            agency = rng.choice(busy)
            link("RESPONSIBLE_FOR", agency, item, role)
            busy.append(agency)
    for event in ids["EVENT"]:
        link("PART_OF", event, rng.choice(ids["INITIATIVE"]))
    for space in ids["CREATIVE_SPACE"]:
        for event in rng.sample(ids["EVENT"], k=min(len(ids["EVENT"]), rng.randint(1, 4))):
            link("HOSTS", space, event)
    for designer in ids["DESIGNER"]:
        link("MEMBER_OF", designer, rng.choice(ids["INITIATIVE"]))
        for event in rng.sample(ids["EVENT"], k=min(len(ids["EVENT"]), rng.randint(1, 3))):
            link("PARTICIPATES_IN", designer, event)
    cities = ids["CITY"]
    for position, city in enumerate(cities):
        for step in (1, rng.randint(2, 50)):  # a ring with shortcuts: a small world of partners
            other = cities[(position + step) % len(cities)]
            if other != city:
                link("PARTNERS_WITH", city, other)
        if rng.random() < 0.2:
            link("PARTICIPATES_IN", city, rng.choice(ids["EVENT"]))
    return net
