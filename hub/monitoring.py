"""A draft of UNESCO's Membership Monitoring Report, built from what the hub records.

UNESCO asks each member city every four years for a report that shows its commitment locally and
internationally and proposes an action plan for the next four years. The draft follows those
sections and cites only recorded data, so staff edit facts rather than hunt for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import HubError, bad_input
from hub.ids import node_row_id
from hub.models import Initiative, Link, LinkKind, Node, NodeKind, Plan, Scope, Task
from hub.nodes import get_nodes
from hub.records import NodeTuple, core_rows, is_node_of_kind, kind_record, kind_select
from hub.reports import latest_reports, overdue_reports

_LABELS = {
    "vi": {
        "title": "Báo cáo giám sát tư cách thành viên",
        "GENERAL": "Thông tin chung",
        "GLOBAL_MANAGEMENT": "Đóng góp vào quản lý chung của Mạng lưới",
        "LOCAL_INITIATIVES": "Các sáng kiến cấp địa phương",
        "INTERNATIONAL_INITIATIVES": "Các sáng kiến cấp quốc tế",
        "ACTION_PLAN": "Đề xuất kế hoạch hành động bốn năm",
        "field": "Lĩnh vực sáng tạo", "designated": "Năm gia nhập", "plan": "Kế hoạch", "task": "Nhiệm vụ",
        "due": "hạn", "responsible": "Cơ quan chịu trách nhiệm", "no_lead": "chưa có cơ quan chủ trì được ghi nhận",
        "events": "Sự kiện trong kỳ", "latest": "Báo cáo tiến độ mới nhất", "none": "chưa có",
        "participation": "Tham gia", "partners": "Đối tác", "continue": "Tiếp tục", "overdue": "Báo cáo quá hạn",
        "status": "trạng thái", "period": "Kỳ báo cáo", "hosted": "Đăng cai", "nothing": "Chưa có dữ liệu được ghi nhận",
        "CRAFTS_AND_FOLK_ART": "Thủ công và Nghệ thuật dân gian", "DESIGN": "Thiết kế", "FILM": "Điện ảnh",
        "GASTRONOMY": "Ẩm thực", "LITERATURE": "Văn học", "MEDIA_ARTS": "Nghệ thuật truyền thông", "MUSIC": "Âm nhạc",
        "ARCHITECTURE": "Kiến trúc", "PLANNED": "đã lên kế hoạch", "IN_PROGRESS": "đang thực hiện", "DONE": "hoàn thành",
        "CANCELLED": "đã hủy",
    },
    "en": {
        "title": "Membership Monitoring Report",
        "GENERAL": "General information",
        "GLOBAL_MANAGEMENT": "Contribution to the Network's global management",
        "LOCAL_INITIATIVES": "Local initiatives",
        "INTERNATIONAL_INITIATIVES": "International initiatives",
        "ACTION_PLAN": "Proposed four-year action plan",
        "field": "Creative field", "designated": "Designated", "plan": "Plan", "task": "Task",
        "due": "due", "responsible": "Responsible agencies", "no_lead": "no lead agency recorded",
        "events": "Events in the period", "latest": "Latest progress report", "none": "none",
        "participation": "Took part in", "partners": "Partners", "continue": "Continue", "overdue": "Overdue reports",
        "status": "status", "period": "Reporting period", "hosted": "Hosted", "nothing": "Nothing recorded yet",
        "CRAFTS_AND_FOLK_ART": "Crafts and Folk Art", "DESIGN": "Design", "FILM": "Film", "GASTRONOMY": "Gastronomy",
        "LITERATURE": "Literature", "MEDIA_ARTS": "Media Arts", "MUSIC": "Music", "ARCHITECTURE": "Architecture",
        "PLANNED": "planned", "IN_PROGRESS": "in progress", "DONE": "done", "CANCELLED": "cancelled",
    },
}


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
    lang: str
    sections: list[ReportSection]

    def markdown(self) -> str:
        """The draft as Markdown, ready to paste into UNESCO's template."""
        labels = _LABELS[self.lang]
        out = [f"# {labels['title']}: {_name(self.city, self.lang)}", "", f"{labels['period']}: {self.date_from} – {self.date_to}", ""]
        for number, section in enumerate(self.sections, start=1):
            out += [f"## {number}. {section.title}", ""]
            for item in section.items:
                out.append(f"- **{item.title}**")
                out += [f"  - {line}" for line in item.lines]
            if not section.items:
                out.append(f"- {labels['nothing']}")
            out.append("")
        return "\n".join(out).rstrip() + "\n"


def _name(node: Node, lang: str) -> str:
    return (node.name_en or node.name_vi) if lang == "en" else node.name_vi


def _overlaps(start: date | None, end: date | None, date_from: date, date_to: date) -> bool:
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


async def build_report(session: AsyncSession, *, city_identity: str, date_from: date, date_to: date, lang: str) -> MonitoringReport:
    """Gather the report's sections for the period [date_from, date_to]."""
    if date_to < date_from:
        raise bad_input("`to` is before `from`.", field="to")
    labels = _LABELS[lang]
    city = await home_city(session, city_identity)
    live = Node.archived_at.is_(None)
    initiatives = list(await session.scalars(select(Initiative).where(live).order_by(Initiative.sort_name)))
    links = list(await session.scalars(select(Link)))
    by_target: dict[int, list[Link]] = defaultdict(list)
    by_source: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        by_target[link.to_id].append(link)
        by_source[link.from_id].append(link)
    nodes = await get_nodes(session, {link.from_id for link in links} | {link.to_id for link in links})
    latest = await latest_reports(session, [i.id for i in initiatives])

    general = [ReportItem(_name(city, lang), [f"{labels['field']}: {labels.get(city.creative_field or '', labels['none'])}", f"{labels['designated']}: {city.designation_year or labels['none']}"], city.id)]
    for plan in await session.scalars(select(Plan).where(live, or_(Plan.issued_on.is_(None), Plan.issued_on <= date_to)).order_by(Plan.issued_on)):
        general.append(ReportItem(f"{labels['plan']} {plan.code}", [_name(plan, lang) + (f" ({plan.issued_on})" if plan.issued_on else "")], plan.id))
    for task in await session.scalars(select(Task).where(live).order_by(Task.sort_name)):
        general.append(ReportItem(f"{labels['task']}: {_name(task, lang)}", [f"{labels['due']}: {task.due_on or labels['none']}"], task.id))

    def initiative_item(initiative: Initiative) -> ReportItem:
        roles = sorted(
            f"{_name(nodes[l.from_id], lang)} ({l.role or '-'})"
            for l in by_target[initiative.id]
            if l.kind == LinkKind.RESPONSIBLE_FOR.value
        )
        has_lead = any(l.kind == LinkKind.RESPONSIBLE_FOR.value and l.role == "LEAD" for l in by_target[initiative.id])
        events = sorted(
            (nodes[l.from_id] for l in by_target[initiative.id] if l.kind == LinkKind.PART_OF.value and is_node_of_kind(nodes[l.from_id], NodeKind.EVENT)),
            key=lambda e: (e.starts_on or date.max, e.sort_name),
        )
        in_period = [e for e in events if _overlaps(e.starts_on, e.ends_on, date_from, date_to)]
        report = latest.get(initiative.id)
        return ReportItem(
            _name(initiative, lang),
            [
                f"{labels['status']}: {labels.get(initiative.status or '', labels['none'])}",
                f"{labels['responsible']}: {', '.join(roles) if roles else labels['none']}" + ("" if has_lead else f" — {labels['no_lead']}"),
                f"{labels['events']}: {'; '.join(f'{_name(e, lang)} ({e.starts_on})' for e in in_period) or labels['none']}",
                f"{labels['latest']}: " + (f"{report.period}, {report.percent}%, {report.status}" if report else labels["none"]),
            ],
            initiative.id,
        )

    participation = [
        nodes[l.to_id] for l in by_source[city.id] if l.kind == LinkKind.PARTICIPATES_IN.value and is_node_of_kind(nodes[l.to_id], NodeKind.EVENT)
    ]
    global_items = [
        ReportItem(f"{labels['participation']}: {_name(e, lang)}", [str(e.starts_on or "")], e.id)
        for e in sorted(participation, key=lambda e: (e.starts_on or date.max, e.sort_name))
        if _overlaps(e.starts_on, e.ends_on, date_from, date_to)
    ]
    international = {i.id for i in initiatives if i.scope == Scope.INTERNATIONAL.value}
    hosted = sorted(
        (nodes[l.from_id] for i in international for l in by_target[i] if l.kind == LinkKind.PART_OF.value and is_node_of_kind(nodes[l.from_id], NodeKind.EVENT)),
        key=lambda e: (e.starts_on or date.max, e.sort_name),
    )
    global_items += [
        ReportItem(f"{labels['hosted']}: {_name(e, lang)}", [str(e.starts_on or "")], e.id)
        for e in hosted
        if _overlaps(e.starts_on, e.ends_on, date_from, date_to)
    ]
    partners = sorted(
        _name(nodes[l.to_id if l.from_id == city.id else l.from_id], lang)
        for l in by_source[city.id] + by_target[city.id]
        if l.kind == LinkKind.PARTNERS_WITH.value
    )
    if partners:
        global_items.append(ReportItem(labels["partners"], partners))

    plan_items = [
        ReportItem(f"{labels['continue']}: {_name(i, lang)}", [labels["no_lead"]] if not any(
            l.kind == LinkKind.RESPONSIBLE_FOR.value and l.role == "LEAD" for l in by_target[i.id]) else [], i.id)
        for i in initiatives
        if i.status != "DONE"
    ]
    overdue = await overdue_reports(session, as_of=date_to)
    if overdue:
        plan_items.append(ReportItem(labels["overdue"], [
            f"{_name(nodes[o.assignment.from_id], lang)} → {_name(nodes[o.assignment.to_id], lang)}: {o.period.label} ({o.days_late})"
            for o in overdue
        ]))
    sections = [
        ReportSection("GENERAL", labels["GENERAL"], general),
        ReportSection("GLOBAL_MANAGEMENT", labels["GLOBAL_MANAGEMENT"], global_items),
        ReportSection("LOCAL_INITIATIVES", labels["LOCAL_INITIATIVES"], [initiative_item(i) for i in initiatives if i.scope == Scope.LOCAL.value]),
        ReportSection(
            "INTERNATIONAL_INITIATIVES",
            labels["INTERNATIONAL_INITIATIVES"],
            [initiative_item(i) for i in initiatives if i.scope == Scope.INTERNATIONAL.value],
        ),
        ReportSection("ACTION_PLAN", labels["ACTION_PLAN"], plan_items),
    ]
    return MonitoringReport(city, date_from, date_to, lang, sections)
