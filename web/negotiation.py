"""Which media type a GraphQL response is written in, and the status codes that media type implies.

The GraphQL-over-HTTP specification defines two response media types. `application/json` is the
legacy one: every well-formed request is answered 200, errors travel in the body. With
`application/graphql-response+json` the status code tells the outcome: a request that produced
no data (an unparseable or invalid document, variables that do not fit, a missing query) is a 4xx
without a `data` entry, and an operation stopped at the request timeout is a 504.
"""

from __future__ import annotations

from dataclasses import dataclass

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"


@dataclass(frozen=True)
class ResponseFormat:
    """The media type chosen for one request's response."""

    media_type: str

    @property
    def status_tells_outcome(self) -> bool:
        """True for application/graphql-response+json, where request errors get 4xx."""
        return self.media_type == GRAPHQL_RESPONSE_JSON

    def status(self, *, produced_data: bool, timed_out: bool = False) -> int:
        """The status of a GraphQL response; `produced_data` is False when execution never gave a `data` entry.

        >>> ResponseFormat(GRAPHQL_RESPONSE_JSON).status(produced_data=False)
        400
        >>> ResponseFormat(GRAPHQL_RESPONSE_JSON).status(produced_data=False, timed_out=True)
        504
        >>> ResponseFormat(APPLICATION_JSON).status(produced_data=False, timed_out=True)
        200
        """
        if produced_data or not self.status_tells_outcome:
            return 200
        return 504 if timed_out else 400

    def keeps_data_entry(self, *, produced_data: bool) -> bool:
        """application/json always has `data` (null when nothing ran); the newer type omits what never existed."""
        return produced_data or not self.status_tells_outcome


def negotiate(accept: str | None) -> ResponseFormat:
    """The best of the two GraphQL media types for an `Accept` header.

    Wildcards and a missing header mean application/json (what clients written before the newer
    media type expect); the newer type is used when the client names it, and wins a tie with
    application/json. When neither is acceptable the answer is application/json all the same, as
    the specification allows, rather than a 406.

    >>> negotiate(None).media_type
    'application/json'
    >>> negotiate("*/*").media_type
    'application/json'
    >>> negotiate("application/graphql-response+json, application/json;q=0.9").media_type
    'application/graphql-response+json'
    >>> negotiate("application/json, application/graphql-response+json").media_type
    'application/graphql-response+json'
    >>> negotiate("application/graphql-response+json;q=0.5, application/json").media_type
    'application/json'
    >>> negotiate("text/html").media_type
    'application/json'
    """
    ranges = _media_ranges(accept or "")
    newer, named = _quality(GRAPHQL_RESPONSE_JSON, ranges)
    legacy, _ = _quality(APPLICATION_JSON, ranges)
    if newer > 0 and (newer > legacy or (newer == legacy and named)):
        return ResponseFormat(GRAPHQL_RESPONSE_JSON)
    return ResponseFormat(APPLICATION_JSON)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """The header's media ranges with their quality, lower-cased; unreadable qualities count as 0."""
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, bool]:
    """The quality the most specific matching range gives `media_type` (exact, then `type/*`, then `*/*`),
    and whether the header named it exactly."""
    kind = media_type.split("/")[0]
    for pattern in (media_type, f"{kind}/*", "*/*"):
        qualities = [quality for media, quality in ranges if media == pattern]
        if qualities:
            return max(qualities), pattern == media_type
    return 0.0, False
