"""A slice of a held secret echoed back (its end, a middle run: "the secret ending in ...") is masked
as its whole and its start are: any run of 12 or more of its characters. Shorter pieces, and text
sharing none, are left as they are."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.errors import AuthError
from iotplan.secrets import forget_all, mask_known, remember
from tests.clients.test_platform_client import run

CLIENT_SECRET = "CSfz37clientSECRETabcdef987654"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_the_end_and_a_middle_slice_of_a_client_secret_echoed_by_the_token_endpoint_are_masked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        said = f"invalid_client tail={CLIENT_SECRET[13:]} mid={CLIENT_SECRET[6:22]} ok"
        return httpx.Response(400, json={"error": "invalid_client", "detail": said})

    credentials = ClientCredentials("demo-client", CLIENT_SECRET, "https://ims.test/connect/token")
    with pytest.raises(AuthError) as caught:
        run(handler, lambda client: client.list_nodes("p"), credentials)
    assert "tail=(sensitive) mid=(sensitive) ok" in str(caught.value)


@pytest.mark.parametrize(("start", "end"), [(0, 30), (18, 30), (3, 15), (17, 29), (1, 29)])
def test_any_run_of_twelve_or_more_of_a_held_value_is_masked(start: int, end: int) -> None:
    remember(CLIENT_SECRET)
    assert mask_known(f"x {CLIENT_SECRET[start:end]} y") == "x (sensitive) y"


@pytest.mark.parametrize(
    "text", [f"ends in {CLIENT_SECRET[-11:]}", "client SECRET abcdef 987654", CLIENT_SECRET[6:17]]
)
def test_fewer_than_twelve_of_its_characters_in_a_row_are_kept(text: str) -> None:
    remember(CLIENT_SECRET)
    assert mask_known(text) == text


def test_every_slice_in_a_long_text_is_masked() -> None:
    remember(CLIENT_SECRET)
    text = " ".join(CLIENT_SECRET[i : i + 12] for i in range(0, 18)) * 200
    assert "SECRET" not in mask_known(text)
