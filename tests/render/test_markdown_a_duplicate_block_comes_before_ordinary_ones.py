"""A connection holding a web-app copy (a duplicate, which the summary table counts) has its block
before those of connections with ordinary changes, as a removal's has: ranked after every connection
that writes, a fleet's creations would cut it from the comment, the copy counted and never named."""

from __future__ import annotations

from iotplan.plan.model import Action
from iotplan.render.markdown import COMMENT_LIMIT, render_markdown
from tests.render.plans import change, plan


def test_the_copy_is_named_though_hundreds_of_connections_with_creations_are_cut() -> None:
    creations = [
        change(f"site-{n}/logger/pz-{s}", Action.CREATE, "not on the platform", after={"name": f"Piezo {s}"})
        for n in range(600)
        for s in range(4)
    ]
    copy = change(
        "site-900/logger/pz-1#2A7F15",
        Action.DUPLICATE,
        "a copy of site-901/logger/pz-1 under another parent, most likely made in the platform's web app",
    )
    comment = render_markdown(plan(*creations, copy))
    assert "more connections are not shown here (comment size limit)" in comment  # blocks were cut
    assert len(comment) <= COMMENT_LIMIT
    assert "site-900/logger/pz-1#2A7F15" in comment
