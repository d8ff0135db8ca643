"""Automatic persisted queries: a client sends a document's SHA-256 instead of the document.

The first request carrying an unknown hash is answered "not found"; the client then sends the
document with its hash once, the hub checks the hash and remembers the pair (per process, bounded),
and later requests travel as a few dozen bytes. This is the protocol Apollo's clients speak.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from hub.errors import ErrorCode, HubError, bad_input


class PersistedQueries:
    """Documents by their SHA-256, least recently used dropped first."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._documents: OrderedDict[str, str] = OrderedDict()

    def resolve(self, document: str | None, extensions: dict | None) -> str | None:
        """The document to run: the one sent, or the one remembered for the hash sent.

        Raises PERSISTED_QUERY_NOT_FOUND (message "PersistedQueryNotFound", as clients expect) for an unknown hash and BAD_USER_INPUT for a document that
        does not match its hash or an unsupported protocol version.
        """
        persisted = (extensions or {}).get("persistedQuery")
        if not isinstance(persisted, dict):
            return document
        digest = persisted.get("sha256Hash")
        if persisted.get("version") != 1 or not isinstance(digest, str):
            raise bad_input("persistedQuery needs version 1 and a sha256Hash string.", field="extensions.persistedQuery")
        if document is None:
            known = self._documents.get(digest)
            if known is None:
                raise HubError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
            self._documents.move_to_end(digest)
            return known
        if hashlib.sha256(document.encode()).hexdigest() != digest.lower():
            raise bad_input("The document does not match its sha256Hash.", field="extensions.persistedQuery.sha256Hash")
        self._documents[digest.lower()] = document
        self._documents.move_to_end(digest.lower())
        while len(self._documents) > self.max_entries:
            self._documents.popitem(last=False)
        return document
