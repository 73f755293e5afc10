"""The stderr warning after an apply whose verifying plan creates again a THREAD sensor that exists
but the REST lists do not show yet (A16): alone, it is not told as the platform still differing;
beside another difference, the warning names it apart."""

from __future__ import annotations

from iotplan.plan.model import Action
from iotplan.render.apply_report import remaining_warning
from tests.render.plans import change, plan

TILT4 = change("t/ipi/tilt4", Action.CREATE, "not on the platform")
TILT5 = change("t/ipi/tilt5", Action.CREATE, "not on the platform")


def test_only_what_the_lists_do_not_show_yet_is_not_told_as_a_difference() -> None:
    assert remaining_warning(plan(TILT4), ["t/ipi/tilt4"]) == (
        "The verifying plan creates again only what exists but the REST lists do not show yet: t/ipi/tilt4 "
        "(Plan: 1 to add, 0 to change, 0 to destroy.)"
    )


def test_beside_another_difference_it_is_named_apart() -> None:
    assert remaining_warning(plan(TILT4, TILT5), ["t/ipi/tilt4"]) == (
        "The platform still differs from the manifest after apply: Plan: 2 to add, 0 to change, 0 to "
        "destroy. Of it, what exists but the REST lists do not show yet: t/ipi/tilt4."
    )
