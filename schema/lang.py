"""The language of names in answers: an explicit `lang` argument, else Accept-Language, else Vietnamese."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="A language the hub answers in.")
class Lang(enum.Enum):
    VI = strawberry.enum_value("vi", description="Vietnamese (the default).")
    EN = strawberry.enum_value("en", description="English.")


def lang_from_header(header: str | None) -> Lang:
    """The supported language the client prefers most (RFC 9110 quality values), else VI."""
    best, best_quality = Lang.VI, 0.0
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        for lang in Lang:
            # Earlier entries win ties, as clients list them in order of preference.
            if primary == lang.value and quality > best_quality:
                best, best_quality = lang, quality - position * 1e-6
    return best


def pick(lang: Lang, vi: str | None, en: str | None) -> str | None:
    """The text in `lang`, falling back to the other language when it is missing."""
    return (en or vi) if lang is Lang.EN else (vi or en)
