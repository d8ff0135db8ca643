"""What each node kind stores, and how each of its input fields is checked.

One table serves both the write rules here and the GraphQL inputs generated from it, so a field
added to a kind is validated and exposed in one place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect

from hub.models import NODE_CLASSES, AgencyKind, CreativeField, NodeKind, Scope, SpaceKind, WorkStatus
from hub.validation import FIRST_DESIGNATION_YEAR, MAX_NAME, MAX_TEXT, Checker, latest_designation_year


class Value(enum.Enum):
    """The sorts of value an input field holds."""

    NAME = "name"
    NAMES = "names"
    TEXT = "text"
    SHORT_TEXT = "short text"
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    YEAR = "year"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    ENUM = "enum"
    NODE = "node"  # another node's id, stored in a column
    PART_OF = "part of"  # another node's id, stored as a PART_OF link


@dataclass(frozen=True)
class FieldSpec:
    attribute: str  # column (or, for PART_OF, the name of the reference)
    input_name: str  # the GraphQL input field
    value: Value
    description: str
    required: bool = False  # required when creating
    enum_type: type[enum.Enum] | None = None
    target: NodeKind | None = None  # for NODE and PART_OF


COMMON_FIELDS = (
    FieldSpec("name_vi", "nameVi", Value.NAME, "Vietnamese name.", required=True),
    FieldSpec("name_en", "nameEn", Value.NAME, "English name."),
    FieldSpec("aliases", "aliases", Value.NAMES, "Other names (spellings without diacritics, abbreviations)."),
    FieldSpec("description_vi", "descriptionVi", Value.TEXT, "Description in Vietnamese."),
    FieldSpec("description_en", "descriptionEn", Value.TEXT, "Description in English."),
    FieldSpec("source", "source", Value.URL, "Where the facts come from (http or https URL)."),
)

KIND_FIELDS: dict[NodeKind, tuple[FieldSpec, ...]] = {
    NodeKind.PLAN: (
        FieldSpec("code", "code", Value.SHORT_TEXT, "Official number, e.g. 161/KH-UBND."),
        FieldSpec("issued_on", "issuedOn", Value.DATE, "Date of issue."),
        FieldSpec("issuer_id", "issuer", Value.NODE, "ID of the issuing agency.", target=NodeKind.AGENCY),
        FieldSpec("parent_id", "parent", Value.NODE, "ID of the plan this one carries out.", target=NodeKind.PLAN),
    ),
    NodeKind.INITIATIVE: (
        FieldSpec("scope", "scope", Value.ENUM, "LOCAL or INTERNATIONAL.", required=True, enum_type=Scope),
        FieldSpec("status", "status", Value.ENUM, "Where it stands.", enum_type=WorkStatus),
        FieldSpec("starts_on", "startsOn", Value.DATE, "First day."),
        FieldSpec("ends_on", "endsOn", Value.DATE, "Last day (not before startsOn)."),
        FieldSpec("plan", "plan", Value.PART_OF, "ID of the plan it belongs to.", target=NodeKind.PLAN),
    ),
    NodeKind.TASK: (
        FieldSpec("due_on", "dueOn", Value.DATE, "Due date."),
        FieldSpec("status", "status", Value.ENUM, "Where it stands.", enum_type=WorkStatus),
        FieldSpec("initiative", "initiative", Value.PART_OF, "ID of the initiative it serves.", target=NodeKind.INITIATIVE),
    ),
    NodeKind.AGENCY: (
        FieldSpec("agency_kind", "agencyKind", Value.ENUM, "What sort of body.", required=True, enum_type=AgencyKind),
        FieldSpec("parent", "parent", Value.PART_OF, "ID of the agency it is part of.", target=NodeKind.AGENCY),
    ),
    NodeKind.CREATIVE_SPACE: (
        FieldSpec("space_kind", "spaceKind", Value.ENUM, "What sort of place.", required=True, enum_type=SpaceKind),
        FieldSpec("district", "district", Value.SHORT_TEXT, "District."),
        FieldSpec("address", "address", Value.SHORT_TEXT, "Street address."),
        FieldSpec("latitude", "latitude", Value.LATITUDE, "Latitude in degrees, -90..90."),
        FieldSpec("longitude", "longitude", Value.LONGITUDE, "Longitude in degrees, -180..180."),
        FieldSpec("website", "website", Value.URL, "Web site (http or https URL)."),
    ),
    NodeKind.DESIGNER: (
        FieldSpec("discipline", "discipline", Value.SHORT_TEXT, "Field of design."),
        FieldSpec("email", "email", Value.EMAIL, "E-mail address (personal data)."),
        FieldSpec("phone", "phone", Value.PHONE, "Phone number (personal data)."),
    ),
    NodeKind.CITY: (
        FieldSpec("country", "country", Value.SHORT_TEXT, "Country."),
        FieldSpec("creative_field", "field", Value.ENUM, "Creative field.", enum_type=CreativeField),
        FieldSpec("designation_year", "designationYear", Value.YEAR, "Year of joining the network."),
        FieldSpec("region", "region", Value.SHORT_TEXT, "UNESCO region."),
        FieldSpec("subregion", "subregion", Value.SHORT_TEXT, "UN M49 subregion, e.g. South-eastern Asia."),
        FieldSpec("focal_point", "focalPoint", Value.SHORT_TEXT, "Focal point's name and contact (personal data)."),
    ),
    NodeKind.EVENT: (
        FieldSpec("starts_on", "startsOn", Value.DATE, "First day."),
        FieldSpec("ends_on", "endsOn", Value.DATE, "Last day (not before startsOn)."),
        FieldSpec("theme_vi", "themeVi", Value.SHORT_TEXT, "Theme in Vietnamese."),
        FieldSpec("theme_en", "themeEn", Value.SHORT_TEXT, "Theme in English."),
        FieldSpec("outcomes_vi", "outcomesVi", Value.TEXT, "What came of it, in Vietnamese (figures as reported)."),
        FieldSpec("outcomes_en", "outcomesEn", Value.TEXT, "What came of it, in English (figures as reported)."),
        FieldSpec("outcomes_source", "outcomesSource", Value.URL, "Where the outcomes are reported (http or https URL)."),
        FieldSpec("initiative", "initiative", Value.PART_OF, "ID of the initiative it belongs to.", target=NodeKind.INITIATIVE),
    ),
}

# Ranges whose end may not come before their start: (start attribute, end attribute).
DATE_RANGES = (("starts_on", "ends_on"),)


def fields_of(kind: NodeKind) -> tuple[FieldSpec, ...]:
    return COMMON_FIELDS + KIND_FIELDS[kind]


def stored_length(kind: NodeKind, attribute: str) -> int | None:
    """The length of the column a field is stored in, when it has one."""
    column = inspect(NODE_CLASSES[kind]).columns.get(attribute)
    return getattr(column.type, "length", None) if column is not None else None


def check_value(checker: Checker, kind: NodeKind, spec: FieldSpec, value: Any, *, creating: bool) -> Any:
    """The stored form of one input value (None when absent); problems go to `checker`.

    Short texts are held to their column's length, so every store refuses the same input with a
    message instead of some stores failing inside the database.
    """
    field = f"input.{spec.input_name}"
    required = spec.required and creating
    if spec.value is Value.NAME:
        return checker.name(field, value, required=required)
    if spec.value is Value.NAMES:
        return checker.names(field, value)
    if spec.value is Value.TEXT:
        return checker.text(field, value, max_length=MAX_TEXT)
    if spec.value is Value.SHORT_TEXT:
        return checker.text(field, value, max_length=stored_length(kind, spec.attribute) or MAX_NAME * 2)
    if spec.value is Value.URL:
        return checker.url(field, value)
    if spec.value is Value.EMAIL:
        return checker.email(field, value)
    if spec.value is Value.PHONE:
        return checker.phone(field, value)
    if spec.value is Value.YEAR:
        return checker.number_in(field, value, FIRST_DESIGNATION_YEAR, latest_designation_year())
    if spec.value is Value.LATITUDE:
        return checker.number_in(field, value, -90, 90)
    if spec.value is Value.LONGITUDE:
        return checker.number_in(field, value, -180, 180)
    if value is None and required:
        checker.refuse(field, f"`{spec.input_name}` is required.")
    if spec.value is Value.ENUM and value is not None:
        return spec.enum_type(value).value
    return value  # DATE, NODE and PART_OF are typed by the caller and checked against the store
