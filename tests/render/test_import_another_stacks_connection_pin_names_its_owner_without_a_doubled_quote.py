"""A connection another stack owns is written as its pin alone, with a comment naming the owner
without a doubled quote (`stack 'teamc''s`), where English has none."""

from __future__ import annotations

from tests.render.test_imported import connection, entity, imported


def test_the_comment_on_another_stacks_pin_names_that_stack_in_plain_english() -> None:
    node = entity("/api/C00001/node", SERIAL_NO="teamc:gauges", NAME="Gauges")

    text = imported(connection(node), stack="teamb")

    [told] = [row.strip() for row in text.splitlines() if "its fields are left out" in row]
    assert "''" not in told, told
    assert "this connection is owned by stack 'teamc', or by another tool" in told, told
