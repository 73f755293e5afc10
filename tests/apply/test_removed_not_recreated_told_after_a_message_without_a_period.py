"""A platform's message may end without a period: the sentence naming the replacements a failed
call left removed starts a sentence of its own, not running on from it (fx240's 502: "... to see
the truth Removed, its history gone, ...")."""

from iotplan.apply.outcome import Outcome


def test_removed_not_recreated_told_after_a_message_without_a_period() -> None:
    outcome = Outcome(
        "dam-a", message="HTTP 502 from POST /api/integrations/integrate: run `iotplan plan` to see the truth"
    )
    outcome.pending = ["dam-a/weather"]
    outcome.removed = {"dam-a/weather": None}

    outcome.tell_removed_not_recreated()

    assert outcome.message == (
        "HTTP 502 from POST /api/integrations/integrate: run `iotplan plan` to see the truth."
        " Removed, not created again (the next plan creates it): dam-a/weather."
    )
