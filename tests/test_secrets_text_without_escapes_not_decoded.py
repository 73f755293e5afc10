"""A text holding no `%` nor `&` holds no escape, and is not walked through the layers of decoding:
walked, a plan's 111,100 plain lines masked one by one cost twice the CPU. Counted, not timed."""

from __future__ import annotations

import pytest

from iotplan import secrets
from iotplan.secrets import MASKED, forget_all, mask_known, remember

KEY = "kX9qPzW2mN4rT8vB"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_text_without_a_percent_or_ampersand_is_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    remember(KEY)
    walked: list[str] = []
    decodings_hold = secrets._decodings_hold

    def counted(text: str, layers: int) -> bool:
        walked.append(text)
        return decodings_hold(text, layers)

    monkeypatch.setattr(secrets, "_decodings_hold", counted)
    lines = [f'~ sensor site-{i}/logger/pz-{i} notes: "Salt and pepper"' for i in range(100)]
    assert [mask_known(line) for line in lines] == lines
    assert mask_known(f"token {KEY} refused") == f"token {MASKED} refused"
    assert walked == []
