"""Automatic persisted queries: a client sends a document's SHA-256 instead of the document.

The first request carrying an unknown hash is answered "not found"; the client then sends the
document with its hash once, the hub checks the hash and, once the document has passed every limit
of the door, remembers the pair (per process, bounded in bytes); later requests travel as a few
dozen bytes. This is the protocol Apollo's clients speak.
"""

from __future__ import annotations

import hashlib

from hub.errors import ErrorCode, HubError, bad_input
from web.bounded import BoundedCache


class PersistedQueries:
    """Documents by their SHA-256, least recently used dropped first."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self._documents: BoundedCache[str] = BoundedCache(max_entries=max_entries, max_bytes=max_bytes)

    def resolve(self, document: str | None, extensions: dict | None) -> str | None:
        """The document to run: the one sent (checked against its hash), or the one remembered for the hash sent.

        Raises PERSISTED_QUERY_NOT_FOUND (message "PersistedQueryNotFound", as clients expect) for an unknown hash and BAD_USER_INPUT for a document that
        does not match its hash or an unsupported protocol version.
        """
        digest = _digest(extensions)
        if digest is None:
            return document
        if document is None:
            known = self._documents.get(digest)
            if known is None:
                raise HubError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
            return known
        if hashlib.sha256(document.encode()).hexdigest() != digest:
            raise bad_input("The document does not match its sha256Hash.", field="extensions.persistedQuery.sha256Hash")
        return document

    def remember(self, document: str, extensions: dict | None) -> None:
        """Keep a document sent with its hash (already checked by `resolve`) once it has passed the door's limits."""
        digest = _digest(extensions)
        if digest is not None:
            self._documents.put(digest, document, size=len(document) + len(digest))


def _digest(extensions: dict | None) -> str | None:
    """The hash a request names under `extensions.persistedQuery`, lower-cased; None when it names none."""
    persisted = (extensions or {}).get("persistedQuery")
    if not isinstance(persisted, dict):
        return None
    digest = persisted.get("sha256Hash")
    if persisted.get("version") != 1 or not isinstance(digest, str):
        raise bad_input("persistedQuery needs version 1 and a sha256Hash string.", field="extensions.persistedQuery")
    return digest.lower()
