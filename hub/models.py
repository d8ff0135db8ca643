"""The store: one `nodes` table for what every node shares, one table per node kind, and links.

Joined-table inheritance keeps common columns (names, search key, provenance, version) in one
place so search, paging and the network graph read a single table. Relationships are not mapped:
related rows are fetched in batches by the loaders, so an accidental per-row query cannot hide.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from hub.ids import node_key
from hub.node_kinds import NodeKind  # defined apart, so that hub.ids can name kinds without the store
from hub.text import compact_key

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class LinkKind(str, enum.Enum):
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    PART_OF = "PART_OF"
    PARTNERS_WITH = "PARTNERS_WITH"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    HOSTS = "HOSTS"
    OPERATES = "OPERATES"
    MEMBER_OF = "MEMBER_OF"
    SUPPORTS = "SUPPORTS"


class LinkRole(str, enum.Enum):
    DIRECT = "DIRECT"
    LEAD = "LEAD"
    CO_LEAD = "CO_LEAD"
    COORDINATE = "COORDINATE"
    SUPPORT = "SUPPORT"
    SPONSOR = "SPONSOR"
    PARTNER = "PARTNER"
    BROADCAST = "BROADCAST"
    SIGNATORY = "SIGNATORY"
    VENUE = "VENUE"


class ReportingCadence(str, enum.Enum):
    NONE = "NONE"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    HALF_YEARLY = "HALF_YEARLY"
    YEARLY = "YEARLY"


class Scope(str, enum.Enum):
    LOCAL = "LOCAL"
    INTERNATIONAL = "INTERNATIONAL"


class WorkStatus(str, enum.Enum):
    PLANNED = "PLANNED"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class AgencyKind(str, enum.Enum):
    MINISTRY = "MINISTRY"
    PEOPLES_COMMITTEE = "PEOPLES_COMMITTEE"
    DEPARTMENT = "DEPARTMENT"
    DISTRICT = "DISTRICT"
    NATIONAL_BODY = "NATIONAL_BODY"
    UNESCO_OFFICE = "UNESCO_OFFICE"
    INTERNATIONAL_ORGANIZATION = "INTERNATIONAL_ORGANIZATION"
    UNIVERSITY = "UNIVERSITY"
    MEDIA = "MEDIA"
    BUSINESS = "BUSINESS"
    ASSOCIATION = "ASSOCIATION"
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"
    YOUTH_ORGANIZATION = "YOUTH_ORGANIZATION"
    OTHER = "OTHER"


class SpaceKind(str, enum.Enum):
    MUSEUM = "MUSEUM"
    GALLERY = "GALLERY"
    CULTURAL_CENTRE = "CULTURAL_CENTRE"
    CO_WORKING = "CO_WORKING"
    CREATIVE_HUB = "CREATIVE_HUB"
    HERITAGE_SITE = "HERITAGE_SITE"
    PUBLIC_SPACE = "PUBLIC_SPACE"
    OTHER = "OTHER"


class CreativeField(str, enum.Enum):
    CRAFTS_AND_FOLK_ART = "CRAFTS_AND_FOLK_ART"
    DESIGN = "DESIGN"
    FILM = "FILM"
    GASTRONOMY = "GASTRONOMY"
    LITERATURE = "LITERATURE"
    MEDIA_ARTS = "MEDIA_ARTS"
    MUSIC = "MUSIC"
    ARCHITECTURE = "ARCHITECTURE"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum_column(enum_type: type[enum.Enum], *, nullable: bool = True) -> Mapped:
    """Enums are stored as plain strings: adding a value never needs a database type change."""
    length = max(len(member.value) for member in enum_type)
    return mapped_column(String(max(length, 20)), nullable=nullable)


class Node(Base):
    """What every node shares; `kind` picks the subclass table."""

    __tablename__ = "nodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300), nullable=False)
    name_en: Mapped[str | None] = mapped_column(String(300))
    sort_name: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    search_key: Mapped[str] = mapped_column(Text, nullable=False)
    aliases: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"polymorphic_on": "kind"}

    @property
    def global_id(self) -> str:
        """The ID clients name this node by; an attribute, so GraphQL reads it without a resolver."""
        return node_key(self.kind, self.id)


def _node_id() -> Mapped[int]:
    return mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), primary_key=True)


class Plan(Node):
    __tablename__ = "plans"

    id: Mapped[int] = _node_id()
    code: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))

    __mapper_args__ = {"polymorphic_identity": NodeKind.PLAN.value, "inherit_condition": id == Node.id}


class Initiative(Node):
    __tablename__ = "initiatives"
    __mapper_args__ = {"polymorphic_identity": NodeKind.INITIATIVE.value}

    id: Mapped[int] = _node_id()
    scope: Mapped[str] = _enum_column(Scope, nullable=False)
    status: Mapped[str | None] = _enum_column(WorkStatus)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class Task(Node):
    __tablename__ = "tasks"
    __mapper_args__ = {"polymorphic_identity": NodeKind.TASK.value}

    id: Mapped[int] = _node_id()
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str | None] = _enum_column(WorkStatus)


class Agency(Node):
    __tablename__ = "agencies"
    __mapper_args__ = {"polymorphic_identity": NodeKind.AGENCY.value}

    id: Mapped[int] = _node_id()
    agency_kind: Mapped[str] = _enum_column(AgencyKind, nullable=False)


class CreativeSpace(Node):
    __tablename__ = "creative_spaces"
    __mapper_args__ = {"polymorphic_identity": NodeKind.CREATIVE_SPACE.value}

    id: Mapped[int] = _node_id()
    space_kind: Mapped[str] = _enum_column(SpaceKind, nullable=False)
    district: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    website: Mapped[str | None] = mapped_column(String(2000))


class Designer(Node):
    __tablename__ = "designers"
    __mapper_args__ = {"polymorphic_identity": NodeKind.DESIGNER.value}

    id: Mapped[int] = _node_id()
    discipline: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))


class City(Node):
    __tablename__ = "cities"
    __mapper_args__ = {"polymorphic_identity": NodeKind.CITY.value}

    id: Mapped[int] = _node_id()
    country: Mapped[str | None] = mapped_column(String(200))
    country_key: Mapped[str] = mapped_column(String(200), nullable=False, default="", index=True)
    creative_field: Mapped[str | None] = _enum_column(CreativeField)
    designation_year: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(200))
    subregion: Mapped[str | None] = mapped_column(String(200))
    focal_point: Mapped[str | None] = mapped_column(String(500))

    @validates("country")
    def _keep_country_key(self, _attribute: str, country: str | None) -> str | None:
        """Matching and filtering by country compare folded names, kept beside the name."""
        self.country_key = compact_key(country or "")
        return country


class Event(Node):
    __tablename__ = "events"
    __mapper_args__ = {"polymorphic_identity": NodeKind.EVENT.value}

    id: Mapped[int] = _node_id()
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    theme_vi: Mapped[str | None] = mapped_column(String(500))
    theme_en: Mapped[str | None] = mapped_column(String(500))
    # What came of it (visitors, activities), with the page that reports it: the monitoring report cites results.
    outcomes_vi: Mapped[str | None] = mapped_column(Text)
    outcomes_en: Mapped[str | None] = mapped_column(Text)
    outcomes_source: Mapped[str | None] = mapped_column(Text)


NODE_CLASSES: dict[NodeKind, type[Node]] = {
    NodeKind.PLAN: Plan,
    NodeKind.INITIATIVE: Initiative,
    NodeKind.TASK: Task,
    NodeKind.AGENCY: Agency,
    NodeKind.CREATIVE_SPACE: CreativeSpace,
    NodeKind.DESIGNER: Designer,
    NodeKind.CITY: City,
    NodeKind.EVENT: Event,
}


class Link(Base):
    """A typed, time-bounded edge between two nodes, with its own provenance and version."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = _enum_column(LinkKind, nullable=False)
    from_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), nullable=False)
    to_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), nullable=False)
    role: Mapped[str | None] = _enum_column(LinkRole)
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    reporting_cadence: Mapped[str | None] = _enum_column(ReportingCadence)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_links_from_kind", "from_id", "kind"),
        Index("ix_links_to_kind", "to_id", "kind"),
    )


class DataVersion(Base):
    """A single row counting write transactions, so caches can tell when data changed."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class AuditEntry(Base):
    """One write, appended in the same transaction as the write itself; never updated or deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(50), nullable=False)
    target_type: Mapped[str] = mapped_column(String(20), nullable=False)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    data_version: Mapped[int | None] = mapped_column(BigInteger, index=True)  # the write's place in commit order

    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"), Index("ix_audit_log_actor", "actor"))


class ReportStatus(str, enum.Enum):
    ON_TRACK = "ON_TRACK"
    AT_RISK = "AT_RISK"
    BLOCKED = "BLOCKED"
    DONE = "DONE"


class ProgressReport(Base):
    """An agency's report on one assignment (a RESPONSIBLE_FOR link) for one reporting period."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), nullable=False, index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), nullable=False)
    target_id: Mapped[int] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), nullable=False, index=True)
    period: Mapped[str] = mapped_column(String(10), nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    percent: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = _enum_column(ReportStatus, nullable=False)
    summary_vi: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    submitted_by: Mapped[str] = mapped_column(String(200), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class Role(str, enum.Enum):
    """What a caller may do; `PUBLIC` is a caller without a token (see hub.access)."""

    PUBLIC = "PUBLIC"
    PARTNER = "PARTNER"
    REPORTER = "REPORTER"
    STAFF = "STAFF"
    ADMIN = "ADMIN"


class ApiToken(Base):
    """A bearer token; only its SHA-256 is kept, so a stolen database yields no usable token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = _enum_column(Role, nullable=False)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))  # partner scope
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"))  # reporter scope
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)  # enough to recognise a token in a list
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RateBucket(Base):
    """Points spent by one caller (a token or a client address) in the current one-minute window."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, nullable=False)  # minutes since the epoch
    points: Mapped[int] = mapped_column(Integer, nullable=False)
