"""Parsing and validating GraphQL documents, each at most once per process while it is remembered.

The parser stops a document past `max_tokens`, so its work is bounded by the token limit, not by
the request's size. What is remembered is bounded in bytes: a document larger than a tenth of the
budget is parsed and validated every time it comes (and charged every time), never kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate
from graphql.language import Lexer, Source, TokenKind
from graphql.utilities import strip_ignored_characters
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from hub.config import Limits
from schema.limits import limit_error
from web.bounded import BoundedCache

VALIDATION_RULES = (*specified_rules, MaybeNullValidationRule, OneOfInputValidationRule)  # as strawberry validates
DOCUMENT_OVERHEAD = 4  # a parsed document holds several times its text; kept documents are counted so


@dataclass(frozen=True)
class Checked:
    """A document as parsing and validation left it: the tree, or the errors that refuse it."""

    document: DocumentNode | None
    errors: list[GraphQLError]
    normalised: str = ""  # the text without insignificant characters: spacing and comments make no other request
    memo: dict[Any, Any] = field(default_factory=dict)  # what the door learnt of it once, kept with it (web.door)


class Documents:
    """Parsed and validated documents by their text."""

    def __init__(self, schema: GraphQLSchema, limits: Limits, *, hide_suggestions: bool) -> None:
        self.schema = schema
        self.max_tokens = limits.max_tokens
        self.hide_suggestions = hide_suggestions
        self._checked: BoundedCache[Checked] = BoundedCache(max_entries=limits.cache_size, max_bytes=limits.document_cache_bytes)

    def check(self, text: str) -> Checked:
        """`text` parsed and validated, from memory when it was checked before."""
        checked = self._checked.get(text)
        if checked is None:
            checked = self._parse_and_validate(text)
            self._checked.put(text, checked, size=len(text) * DOCUMENT_OVERHEAD)
        return checked

    def _parse_and_validate(self, text: str) -> Checked:
        try:
            document = parse(text, max_lexical_tokens=self.max_tokens, max_comments=self.max_tokens)
        except GraphQLError as error:
            if "tokens. Parsing aborted" not in error.message:
                return Checked(None, [error])
            found = count_tokens(text, self.max_tokens * 10)
            message = f"The number of tokens in the document is {found}, above the limit max_tokens = {self.max_tokens}."
            return Checked(None, [limit_error("max_tokens", self.max_tokens, message)])
        errors = validate(self.schema, document, VALIDATION_RULES, hide_suggestions=self.hide_suggestions)
        return Checked(document, errors, "" if errors else strip_ignored_characters(text))


def count_tokens(text: str, at_most: int) -> int:
    """Lexical tokens in a document as the parser counts them (comments excluded), counting no further than `at_most`.

    >>> count_tokens("{ a b }", 100)
    4
    """
    lexer = Lexer(Source(text))
    count = 0
    try:
        while count < at_most and lexer.advance().kind is not TokenKind.EOF:
            count += 1
    except GraphQLError:  # a syntax error past the limit: what was counted is already too many
        pass
    return count
