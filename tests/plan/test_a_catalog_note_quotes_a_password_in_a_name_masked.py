"""A name the catalog no longer lists, held by live entities as the manifest declares it, was noted
with its `user:pw@` in clear, though a plan shows the metric list holding it "(sensitive)". Now it
is quoted masked, as views mask a text."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.model import Kind


def test_a_catalog_note_quotes_a_password_in_a_name_masked() -> None:
    field = ("metrics", 0, "metric")
    note = CatalogNote(Kind.SENSOR, field, "sa:Tr0ub4dor3@db.example", 1, Address("dam-a/logger-1/pz-1"))
    assert "'(sensitive)@db.example' is no longer in the platform's catalog" in str(note)
    assert "Tr0ub4dor3" not in str(note)
