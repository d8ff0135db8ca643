"""Checking input values: every problem is collected with the field it concerns, then raised together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from hub.errors import ErrorCode, HubError
from hub.text import clean

MAX_NAME = 300
MAX_TEXT = 5000
MAX_URL = 2000
MAX_ALIASES = 20
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().-]{6,30}$")


class InvalidInput(Exception):
    """Several refusals at once, so a client can fix every field in one round."""

    def __init__(self, errors: Sequence[HubError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = list(errors)


class Checker:
    """Collects problems field by field; `done()` raises them all, or returns if there were none."""

    def __init__(self) -> None:
        self.errors: list[HubError] = []

    def refuse(self, field: str, message: str, code: ErrorCode = ErrorCode.BAD_USER_INPUT) -> None:
        self.errors.append(HubError(code, message, field=field))

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)

    def text(self, field: str, value: Any, *, max_length: int = MAX_TEXT, required: bool = False) -> str | None:
        """Trimmed NFC text; blank becomes None (or a refusal when required)."""
        if value is None:
            if required:
                self.refuse(field, f"`{field}` is required.")
            return None
        cleaned = clean(str(value))
        if not cleaned:
            if required:
                self.refuse(field, f"`{field}` cannot be blank.")
            return None
        if len(cleaned) > max_length:
            self.refuse(field, f"`{field}` is limited to {max_length} characters; got {len(cleaned)}.")
        if "\x00" in cleaned:  # PostgreSQL stores no NUL in text; refuse it on every store alike
            self.refuse(field, f"`{field}` cannot contain NUL characters.")
        return cleaned

    def name(self, field: str, value: Any, *, required: bool = False) -> str | None:
        return self.text(field, value, max_length=MAX_NAME, required=required)

    def names(self, field: str, values: Sequence[Any] | None) -> list[str]:
        if values is None:
            return []
        if len(values) > MAX_ALIASES:
            self.refuse(field, f"At most {MAX_ALIASES} entries in `{field}`; got {len(values)}.")
        return [name for name in (self.name(field, v) for v in values) if name]

    def url(self, field: str, value: Any) -> str | None:
        text = self.text(field, value, max_length=MAX_URL)
        if text is not None:
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                self.refuse(field, f"`{field}` must be an http(s) URL; got {text!r}.")
        return text

    def email(self, field: str, value: Any) -> str | None:
        text = self.text(field, value, max_length=320)
        if text is not None and not _EMAIL.match(text):
            self.refuse(field, f"`{field}` is not an e-mail address: {text!r}.")
        return text

    def phone(self, field: str, value: Any) -> str | None:
        text = self.text(field, value, max_length=50)
        if text is not None and not _PHONE.match(text):
            self.refuse(field, f"`{field}` is not a phone number: {text!r}.")
        return text

    def number_in(self, field: str, value: Any, low: float, high: float) -> Any:
        if value is not None and not low <= value <= high:
            self.refuse(field, f"`{field}` must be between {low} and {high}; got {value}.")
        return value

    def ordered(self, first_field: str, first: date | None, last_field: str, last: date | None) -> None:
        """A range's end may not come before its start."""
        if first is not None and last is not None and last < first:
            self.refuse(last_field, f"`{last_field}` ({last}) is before `{first_field}` ({first}).")


FIRST_DESIGNATION_YEAR = 2004  # UNESCO created the network in 2004


def latest_designation_year() -> int:
    """Designations are announced around 31 October, so next year's can already be known."""
    return date.today().year + 1
