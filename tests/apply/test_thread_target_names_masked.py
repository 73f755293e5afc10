"""A node's NAME as REST and JSON-RPC read it, quoted where the two disagree, is the platform's text:
a URL's password or a token in it is masked as in every refId a plan quotes, since the message goes
to the apply report (and its JSON) a CI keeps."""

from __future__ import annotations

import pytest

from iotplan.apply.thread_target import NodeSeen, disagreement
from iotplan.clients.endpoint import Endpoints
from iotplan.secrets import forget_all, remember
from tests.apply.test_thread import NODE

PAIRED = Endpoints("https://prod.example.com", "wss://prod.example.com:4201/", paired=True)


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize(
    ("answered", "shown", "hidden"),
    [
        (
            "wiki https://admin:NAMEpw42@wiki.example",
            "JSON-RPC answers now 'wiki https://(sensitive)@wiki.example'",
            "NAMEpw42",
        ),
        ("Bearer NAMEtoken0123456789", "JSON-RPC answers now '(sensitive)'", "NAMEtoken0123456789"),
    ],
)
def test_a_name_json_rpc_reads_otherwise_is_quoted_with_its_credential_masked(
    answered: str, shown: str, hidden: str
) -> None:
    seen = NodeSeen(NODE, exists=True, name="THREAD 4A1B2C")
    said = disagreement(seen, [{"id": NODE, "props": {"NAME": answered}}], PAIRED)
    assert "the plan read (REST) its NAME 'THREAD 4A1B2C', " + shown in said and hidden not in said


def test_a_name_holding_a_secret_this_run_holds_is_not_quoted() -> None:
    remember("SKheldapikey0123456789")
    seen = NodeSeen(NODE, exists=True, name="THREAD 4A1B2C")
    said = disagreement(seen, [{"id": NODE, "props": {"NAME": "SKheldapikey0123456789"}}], PAIRED)
    assert "JSON-RPC answers now '(sensitive)'" in said and "SKheldapikey" not in said
