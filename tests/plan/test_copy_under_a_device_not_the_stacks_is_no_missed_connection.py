"""A declared sensor missing while a web-app copy of it, its refId in another case, stands under a
device the stack does not own in the very connection the plan read: the refusal said the node list
had left the connection out and to run the plan again, which refused the same way forever (fz69).
Read, the connection holds the declared sensor where the manifest puts it, so the carrier is a copy:
the refusal names it by the address the plan gives it and says to remove it in the web app
(what that destroys: no count for it was read)."""

from __future__ import annotations

from tests.plan.copy_under_a_hand_device import refused_over_a_copy_of_missing_pz_1


def test_the_copy_is_named_at_its_address_and_no_rerun_is_advised() -> None:
    problem = refused_over_a_copy_of_missing_pz_1("x")
    assert "It is a copy at dam-a/#0A0A0A/#0B0B0B named 'x'" in problem
    assert "remove it there, destroying an unknown number of observations" in problem
    assert "left dam-a out" not in problem and "run the plan again" not in problem
