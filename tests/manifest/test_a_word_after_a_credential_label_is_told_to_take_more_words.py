"""`name: "Secret:Lake"` was refused with "take it out" alone: a place's name is nothing to take out.
Where the value is a plain word, the refusal gives the way out the CHANGELOG gives, written with more
words (`Secret Lake`), never quoting the value itself."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from tests.manifest.test_a_credential_label_and_its_value_alone_is_refused import parsed

MORE_WORDS = "if it is no credential but words, write it with more words: 'Secret Lake', not 'Secret:Lake'"


@pytest.mark.parametrize("value", ["Secret:Lake", "Token:Ring", "Password:Tarn"])
def test_a_plain_word_after_the_label_is_told_to_take_more_words(value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parsed("name", value)
    said = str(refused.value)
    assert said.endswith(f"take it out; {MORE_WORDS}"), said
    assert value.split(":")[1] not in said.replace("'Secret Lake'", "").replace("'Secret:Lake'", "")


@pytest.mark.parametrize("value", ["Password:hunter2", "SECRET:s3cr3t"])
def test_a_value_shaped_as_a_secret_is_told_to_take_it_out_alone(value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parsed("name", value)
    assert str(refused.value).endswith("take it out"), str(refused.value)
