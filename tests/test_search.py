"""Search across kinds: diacritics-, case- and alias-insensitive, best match first."""

from __future__ import annotations

import unicodedata

import pytest

SEARCH = """
query ($text: String!, $kinds: [NodeKind!], $first: Int) { search(text: $text, kinds: $kinds, first: $first) { id kind name } }
"""


@pytest.mark.parametrize("text", ["ha noi", "HA NOI", "Hà Nội", "Hanoi", unicodedata.normalize("NFD", "Hà Nội"), "  hà   NỘI "])
def test_every_spelling_of_hanoi_finds_the_city_first(api, text):
    results = api.data(SEARCH, {"text": text, "kinds": ["CITY"]})["search"]
    assert [r["name"] for r in results] == ["Hà Nội"]


def test_search_spans_kinds_and_ranks_exact_names_first(api):
    results = api.data(SEARCH, {"text": "Hà Nội", "first": 50})["search"]
    kinds = {r["kind"] for r in results}
    assert {"CITY", "AGENCY", "INITIATIVE"} <= kinds
    assert results[0] == {**results[0], "kind": "CITY", "name": "Hà Nội"}


def test_an_alias_finds_a_city_named_otherwise(api):
    results = api.data(SEARCH, {"text": "Ho Chi Minh City", "kinds": ["CITY"]})["search"]
    assert [r["name"] for r in results] == ["Thành phố Hồ Chí Minh"]


def test_like_wildcards_in_the_text_match_literally(api):
    assert api.data(SEARCH, {"text": "h_noi"})["search"] == []


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"text": "  ,.! %"}, "text"), ({"text": "x" * 201}, "text"), ({"text": "ha noi", "first": 0}, "first")],
)
def test_unusable_searches_are_refused_with_the_field(api, variables, field):
    body = api(SEARCH, variables)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


def test_a_search_past_the_page_size_limit_is_refused_before_it_runs(api):
    body = api(SEARCH, {"text": "ha noi", "first": 101})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "max_page_size", "value": 100}
