"""A draft of UNESCO's Membership Monitoring Report, built from what the hub records.

UNESCO asks each member city, every four years after its designation, for a report that shows its
commitment at local and international level and proposes an action plan for the next four years
(docs/sources.md). The draft follows those sections, names who is responsible and who took part,
gives the results recorded on events, and cites the source of every fact, so staff check facts
rather than hunt for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import HubError, bad_input
from hub.ids import node_row_id
from hub.models import AgencyKind, Initiative, Link, LinkKind, Node, NodeKind, Plan, Scope, Task
from hub.monitoring_labels import LABELS
from hub.monitoring_term import TERM_YEARS, report_period
from hub.nodes import get_nodes
from hub.records import NodeTuple, core_rows, is_node_of_kind, kind_record, kind_select
from hub.reports import latest_reports, overdue_reports

LEADING_ROLES = {"LEAD", "DIRECT"}  # roles that make an initiative led (docs/architecture: responsibility rolls up)
PARTNER_LINKS = {LinkKind.SUPPORTS.value, LinkKind.PARTICIPATES_IN.value}


@dataclass
class ReportItem:
    title: str
    lines: list[str] = field(default_factory=list)
    node_id: int | None = None


@dataclass
class ReportSection:
    key: str
    title: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class MonitoringReport:
    city: NodeTuple
    date_from: date
    date_to: date
    due_year: int
    lang: str
    sections: list[ReportSection]
    sources: list[str]  # cited as [1], [2], … in the order of this list

    @property
    def labels(self) -> dict[str, str]:
        return LABELS[self.lang]

    @property
    def title(self) -> str:
        return f"{self.labels['title']}: {_name(self.city, self.lang)}"

    @property
    def period_line(self) -> str:
        return f"{self.labels['period']}: {self.date_from} – {self.date_to}. {self.labels['due_year']}: {self.due_year}."

    def markdown(self) -> str:
        """The draft as Markdown, ready to paste into UNESCO's template."""
        out = [f"# {self.title}", "", self.period_line, ""]
        for number, section in enumerate(self.sections, start=1):
            out += [f"## {number}. {section.title}", ""]
            for item in section.items:
                out.append(f"- **{item.title}**")
                out += [f"  - {line}" for line in item.lines]
            if not section.items:
                out.append(f"- {self.labels['nothing']}")
            out.append("")
        out += [f"## {self.labels['sources']}", ""]
        out += [f"{number}. <{url}>" for number, url in enumerate(self.sources, start=1)]
        return "\n".join(out).rstrip() + "\n"


def _name(node: Node | NodeTuple, lang: str) -> str:
    return (node.name_en or node.name_vi) if lang == "en" else node.name_vi


def _in_lang(lang: str, vi: str | None, en: str | None) -> str | None:
    return (en or vi) if lang == "en" else (vi or en)


def _overlaps(start: date | None, end: date | None, date_from: date, date_to: date) -> bool:
    """Whether a dated thing (a single day when it has no end) falls in the period; undated things do not."""
    start = start or end
    return start is not None and start <= date_to and (end or start) >= date_from


async def home_city(session: AsyncSession, identity: str) -> NodeTuple:
    """The member city the report is about, by its seed key or global ID (HUB_HOME_CITY).

    Never by a search: another city that took its name or alias could win it.
    """
    try:
        named = Node.key == identity if ":" in identity else Node.id == node_row_id(identity, kind=NodeKind.CITY)
    except HubError:  # neither a seed key (base64 global IDs hold no colon) nor a city's global ID
        named = false()
    rows = await core_rows(session, kind_select(NodeKind.CITY).where(named))
    if not rows:
        raise bad_input(f"No city {identity!r} is recorded; set HUB_HOME_CITY to a city's seed key or ID.", field="city")
    return kind_record(NodeKind.CITY, rows[0])


class _Draft:
    """What one report reads (links by end, nodes, the period) and the sources it cites, numbered as first cited."""

    def __init__(self, links: list[Link], nodes: dict[int, NodeTuple], date_from: date, date_to: date, lang: str) -> None:
        self.by_target: dict[int, list[Link]] = defaultdict(list)
        self.by_source: dict[int, list[Link]] = defaultdict(list)
        for link in links:
            self.by_target[link.to_id].append(link)
            self.by_source[link.from_id].append(link)
        self.nodes, self.date_from, self.date_to, self.lang = nodes, date_from, date_to, lang
        self.labels = LABELS[lang]
        self.sources: list[str] = []

    def cite(self, *urls: str | None) -> str:
        """Markers for the sources of one fact, e.g. " [2][5]" (nothing when none is recorded)."""
        marks = []
        for url in dict.fromkeys(u for u in urls if u):
            if url not in self.sources:
                self.sources.append(url)
            marks.append(f"[{self.sources.index(url) + 1}]")
        return f" {''.join(marks)}" if marks else ""

    def name(self, node: NodeTuple) -> str:
        return _name(node, self.lang)

    def role(self, role: str | None, kind: str) -> str:
        key = role or kind
        return self.labels.get(key, key.replace("_", " ").lower())

    def dates(self, event: NodeTuple) -> str:
        start, end = event.starts_on, event.ends_on
        return str(start) if end in (None, start) else f"{start} – {end}"

    def live(self, node_id: int) -> NodeTuple | None:
        node = self.nodes.get(node_id)
        return node if node is not None and node.archived_at is None else None

    def dated_in_period(self, node: NodeTuple) -> bool:
        if is_node_of_kind(node, NodeKind.EVENT):
            return _overlaps(node.starts_on, node.ends_on, self.date_from, self.date_to)
        if is_node_of_kind(node, NodeKind.TASK):
            return _overlaps(node.due_on, None, self.date_from, self.date_to)
        return False

    def in_force(self, link: Link, end: NodeTuple, *, undated_counts: bool) -> bool:
        """A link in force during the period: by its own dates, else by the dates of the part it reaches."""
        if link.since is None and link.until is None:
            return undated_counts or self.dated_in_period(end)
        return (link.since or date.min) <= self.date_to and (link.until or date.max) >= self.date_from

    def parts(self, root_id: int) -> list[NodeTuple]:
        """Everything PART_OF `root_id`, transitively (events, tasks), agencies' own hierarchy left out."""
        found: dict[int, NodeTuple] = {}
        queue = [root_id]
        while queue:
            for link in self.by_target[queue.pop()]:
                part = self.live(link.from_id)
                if (
                    link.kind == LinkKind.PART_OF.value
                    and part is not None
                    and part.id not in found
                    and not is_node_of_kind(part, NodeKind.AGENCY)
                ):
                    found[part.id] = part
                    queue.append(part.id)
        return sorted(found.values(), key=lambda p: (getattr(p, "starts_on", None) or date.max, p.sort_name))

    def ties(self, root: NodeTuple, kinds: set[str]) -> dict[int, list[tuple[Link, NodeTuple]]]:
        """Links of `kinds` into `root` or its parts in force in the period, by the node they come from."""
        found: dict[int, list[tuple[Link, NodeTuple]]] = defaultdict(list)
        for end in [root, *self.parts(root.id)]:
            for link in self.by_target[end.id]:
                source = self.live(link.from_id)
                wanted = source is not None and (is_node_of_kind(source, NodeKind.AGENCY) or is_node_of_kind(source, NodeKind.CITY))
                if link.kind in kinds and wanted and self.in_force(link, end, undated_counts=end is root):
                    found[source.id].append((link, end))
        return found

    def tie_lines(self, root: NodeTuple, label: str, ties: dict[int, list[tuple[Link, NodeTuple]]]) -> list[str]:
        """One line per agency: its roles, and where below `root` each was found, with the links' sources."""
        lines = []
        for source_id in sorted(ties, key=lambda i: self.nodes[i].sort_name):
            roles: dict[str, list[str]] = defaultdict(list)
            for link, end in ties[source_id]:
                where = roles[self.role(link.role, link.kind)]
                if end is not root and self.name(end) not in where:
                    where.append(self.name(end))
            said = "; ".join(f"{role} ({', '.join(where)})" if where else role for role, where in roles.items())
            lines.append(f"{label}: {self.name(self.nodes[source_id])} — {said}{self.cite(*(l.source for l, _ in ties[source_id]))}")
        return lines

    def event_lines(self, event: NodeTuple) -> list[str]:
        venues = sorted(
            self.name(space)
            for l in self.by_target[event.id]
            if l.kind == LinkKind.HOSTS.value and (space := self.live(l.from_id)) is not None
        )
        at = f" — {self.labels['venue']}: {', '.join(venues)}" if venues else ""
        lines = [f"{self.labels['event']}: {self.name(event)} ({self.dates(event)}){at}{self.cite(event.source)}"]
        outcomes = _in_lang(self.lang, event.outcomes_vi, event.outcomes_en)
        if outcomes:
            lines.append(f"{self.labels['results']} — {self.name(event)}: {outcomes}{self.cite(event.outcomes_source)}")
        return lines

    def led(self, responsible: dict[int, list[tuple[Link, NodeTuple]]]) -> bool:
        return any(link.role in LEADING_ROLES for ties in responsible.values() for link, _ in ties)


async def build_report(
    session: AsyncSession, *, city_identity: str, date_from: date | None, date_to: date | None, lang: str, today: date | None = None
) -> MonitoringReport:
    """Gather the report's sections for [date_from, date_to], by default the term of the next report due."""
    city = await home_city(session, city_identity)
    date_from, date_to, due = report_period(city, date_from, date_to, today or date.today())
    live = Node.archived_at.is_(None)
    initiatives = list(await session.scalars(select(Initiative).where(live).order_by(Initiative.sort_name)))
    links = list(await session.scalars(select(Link)))
    nodes = await get_nodes(session, {city.id} | {link.from_id for link in links} | {link.to_id for link in links})
    draft = _Draft(links, nodes, date_from, date_to, lang)
    labels = draft.labels
    latest = await latest_reports(session, [i.id for i in initiatives])
    records = {i.id: nodes.get(i.id) or i for i in initiatives}

    def initiative_item(initiative: Initiative) -> ReportItem:
        node = records[initiative.id]
        responsible = draft.ties(node, {LinkKind.RESPONSIBLE_FOR.value})
        lines = [f"{labels['status']}: {labels.get(initiative.status or '', labels['none'])}"]
        lines += draft.tie_lines(node, labels["responsible"], responsible)
        if not draft.led(responsible):
            lines.append(labels["no_lead"])
        lines += draft.tie_lines(node, labels["partner"], draft.ties(node, PARTNER_LINKS))
        for event in (p for p in draft.parts(initiative.id) if is_node_of_kind(p, NodeKind.EVENT) and draft.dated_in_period(p)):
            lines += draft.event_lines(event)
        report = latest.get(initiative.id)
        lines.append(f"{labels['latest']}: " + (f"{report.period}, {report.percent}%, {report.status}" if report else labels["none"]))
        return ReportItem(f"{draft.name(node)}{draft.cite(initiative.source)}", lines, initiative.id)

    sections = [
        ReportSection("GENERAL", labels["GENERAL"], await _general(session, draft, city, due)),
        ReportSection("GLOBAL_MANAGEMENT", labels["GLOBAL_MANAGEMENT"], _network_meetings(draft, city)),
        ReportSection(
            "LOCAL_INITIATIVES", labels["LOCAL_INITIATIVES"], [initiative_item(i) for i in initiatives if i.scope == Scope.LOCAL.value]
        ),
        ReportSection(
            "INTERNATIONAL_INITIATIVES",
            labels["INTERNATIONAL_INITIATIVES"],
            [initiative_item(i) for i in initiatives if i.scope == Scope.INTERNATIONAL.value],
        ),
        ReportSection("ACTION_PLAN", labels["ACTION_PLAN"], await _action_plan(session, draft, initiatives, records, due)),
    ]
    return MonitoringReport(city, date_from, date_to, due, lang, sections, draft.sources)


async def _general(session: AsyncSession, draft: _Draft, city: NodeTuple, due: int) -> list[ReportItem]:
    """The city, its plans and tasks up to the period's end, and its agencies' partnerships in force."""
    labels, live = draft.labels, Node.archived_at.is_(None)
    items = [
        ReportItem(
            f"{draft.name(city)}{draft.cite(city.source)}",
            [
                f"{labels['field']}: {labels.get(city.creative_field or '', labels['none'])}",
                f"{labels['designated']}: {city.designation_year or labels['none']}",
                f"{labels['due_year']}: {due}",
            ],
            city.id,
        )
    ]
    plans = await session.scalars(
        select(Plan).where(live, or_(Plan.issued_on.is_(None), Plan.issued_on <= draft.date_to)).order_by(Plan.issued_on)
    )
    for plan in plans:
        items.append(
            ReportItem(
                f"{labels['plan']} {plan.code}{draft.cite(plan.source)}",
                [_name(plan, draft.lang) + (f" ({plan.issued_on})" if plan.issued_on else "")],
                plan.id,
            )
        )
    for task in await session.scalars(select(Task).where(live).order_by(Task.sort_name)):
        items.append(
            ReportItem(
                f"{labels['task']}: {_name(task, draft.lang)}{draft.cite(task.source)}",
                [f"{labels['due']}: {task.due_on or labels['none']}"],
                task.id,
            )
        )
    # The city's own partnerships and those of the agencies that carry its work, not every pair the hub knows.
    ours = {city.id} | {l.from_id for links in draft.by_target.values() for l in links if l.kind == LinkKind.RESPONSIBLE_FOR.value}
    partnerships = []
    for links in draft.by_source.values():
        for link in links:
            ends = (draft.live(link.from_id), draft.live(link.to_id))
            if (
                link.kind == LinkKind.PARTNERS_WITH.value
                and None not in ends
                and ours & {link.from_id, link.to_id}
                and draft.in_force(link, ends[1], undated_counts=True)
            ):
                partnerships.append((draft.name(ends[0]), draft.name(ends[1]), link))
    lines = []
    for first, second, link in sorted(partnerships, key=lambda p: p[:2]):
        since = f", {labels['since']} {link.since}" if link.since else ""
        lines.append(f"{first} — {second} ({draft.role(link.role, link.kind)}{since}){draft.cite(link.source)}")
    if lines:
        items.append(ReportItem(labels["partnerships"], lines))
    return items


def _network_meetings(draft: _Draft, city: NodeTuple) -> list[ReportItem]:
    """The Network's conferences and meetings: those the city took part in, and those held with a UNESCO office.

    Local festivals are initiatives of their own and stay in the initiative sections.
    """
    labels = draft.labels
    attended = {l.to_id for l in draft.by_source[city.id] if l.kind == LinkKind.PARTICIPATES_IN.value}
    with_unesco = {
        l.to_id
        for l in (l for links in draft.by_source.values() for l in links)
        if l.kind == LinkKind.RESPONSIBLE_FOR.value
        and (agency := draft.live(l.from_id)) is not None
        and is_node_of_kind(agency, NodeKind.AGENCY)
        and agency.agency_kind == AgencyKind.UNESCO_OFFICE.value
    }
    items = []
    for event_id in attended | with_unesco:
        event = draft.live(event_id)
        if event is None or not is_node_of_kind(event, NodeKind.EVENT) or not draft.dated_in_period(event):
            continue
        label = labels["took_part"] if event_id in attended else labels["held_with_unesco"]
        lines = draft.tie_lines(event, labels["responsible"], draft.ties(event, {LinkKind.RESPONSIBLE_FOR.value}))
        lines += draft.event_lines(event)[1:]
        items.append(
            (event.starts_on, ReportItem(f"{label}: {draft.name(event)} ({draft.dates(event)}){draft.cite(event.source)}", lines, event.id))
        )
    return [item for _, item in sorted(items, key=lambda pair: (pair[0], pair[1].title))]


async def _action_plan(
    session: AsyncSession, draft: _Draft, initiatives: list[Initiative], records: dict[int, NodeTuple], due: int
) -> list[ReportItem]:
    """The next four years: initiatives to carry on (with their gaps) and reports still owed."""
    labels = draft.labels
    items = [ReportItem(f"{labels['next_term']}: {due + 1}–{due + TERM_YEARS}")]
    for initiative in initiatives:
        if initiative.status == "DONE":
            continue
        node = records[initiative.id]
        led = draft.led(draft.ties(node, {LinkKind.RESPONSIBLE_FOR.value}))
        items.append(ReportItem(f"{labels['continue']}: {draft.name(node)}", [] if led else [labels["no_lead"]], initiative.id))
    overdue = await overdue_reports(session, as_of=draft.date_to)
    if overdue:
        items.append(
            ReportItem(
                labels["overdue"],
                [
                    f"{draft.name(draft.nodes[o.assignment.from_id])} → {draft.name(draft.nodes[o.assignment.to_id])}: {o.period.label} ({o.days_late})"
                    for o in overdue
                ],
            )
        )
    return items
