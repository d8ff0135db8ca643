"""The printed SDL matches the code, and every public type and field says what it is."""

from __future__ import annotations

from pathlib import Path

from schema.sdl import sdl

SDL_FILE = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"
INTROSPECT = """
{ __schema { types {
    name kind description
    fields { name description args { name description } }
    inputFields { name description }
} } }
"""


def test_schema_graphql_is_the_printed_schema():
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), "run `make schema` and commit schema/schema.graphql"


def test_every_public_type_field_and_argument_has_a_description(api):
    types = api.data(INTROSPECT)["__schema"]["types"]
    missing = []
    for graphql_type in types:
        if graphql_type["name"].startswith("__") or graphql_type["kind"] == "SCALAR":
            continue
        if not graphql_type["description"]:
            missing.append(graphql_type["name"])
        for field in (graphql_type["fields"] or []) + (graphql_type["inputFields"] or []):
            if not field["description"]:
                missing.append(f"{graphql_type['name']}.{field['name']}")
            missing += [
                f"{graphql_type['name']}.{field['name']}({arg['name']})" for arg in field.get("args") or [] if not arg["description"]
            ]
    assert missing == []
