"""`moved: [{from: oldthread, to: tunnel-thread}]`, a `to` that is a THREAD node, was accepted and
silently ignored: the plan removed `oldthread` without a word of the move."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

MOVED_TO_A_THREAD = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - {key: tunnel-thread, kind: thread, id: /fn/6C7D8E/node, name: N}\n"
    "moved:\n  - {from: oldthread, to: tunnel-thread}\n"
)


def test_a_move_to_a_thread_node_is_refused_as_one_onto_its_devices_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, MOVED_TO_A_THREAD)
    assert (problem.line, problem.address) == (8, "moved[0]")
    assert "'to: tunnel-thread' is a THREAD node, found by its id, not a refId" in problem.message
    assert "a connection cannot become a THREAD" in problem.message
    assert problem.message.endswith("drop this move")
