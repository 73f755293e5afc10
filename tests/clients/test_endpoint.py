"""URLs from the user are checked before use, and a password in one is never shown back."""

from __future__ import annotations

import pytest

from iotplan.clients.auth import ClientCredentials, credential_from_env
from iotplan.clients.endpoint import checked_url, without_userinfo
from iotplan.clients.errors import redact
from iotplan.errors import IotplanError

SECRET = "PASSWORD"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (f"http://admin:{SECRET}@host:99/x y", "contains a space"),
        (f"http://admin:{SECRET}@host:abc/x", "is not a usable URL"),
        (f"http://admin:{SECRET}@host:99/x?q=1", "must not have a query string"),
        (f"http://admin:{SECRET}@/x", "names no host"),
        (f"ftp://admin:{SECRET}@host/x", "must start with http:// or https://"),
        (f"admin:{SECRET}@host", "must start with http:// or https://"),
        (f"host.example/{SECRET}@x", "must start with http:// or https://"),
        ("http://host:99/api?projectIds=1", "must not have a query string or fragment"),
        ("http://host/x#top", "must not have a query string or fragment"),
        ("http://host/x?", "must not have a query string or fragment"),
        ("http:///x", "names no host"),
        ("http://[host:99/x", "its host part cannot be read"),
        ("http://host:70000/", "not a usable URL"),
        ("http://host:0/", "port 0"),
        ("http://host/\x1b[31m", "control character"),
        ("https://xn--abc-.example.com", "its host is not a host name or IP address"),  # not an IDNA label
    ],
)
def test_a_bad_endpoint_is_refused_in_one_line_without_its_password(typed: str, reason: str) -> None:
    with pytest.raises(IotplanError) as caught:
        checked_url(typed, "--endpoint")
    message = str(caught.value)
    assert message.startswith("--endpoint ") and reason in message
    assert SECRET not in message and "admin" not in message and "\n" not in message


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("https://iiot.bentley.com", "https://iiot.bentley.com"),
        ("HTTPS://IIoT.Bentley.com:443/", "https://iiot.bentley.com"),
        ("http://127.0.0.1:8400/", "http://127.0.0.1:8400"),
        ("  http://proxy.example:8080/iot/api-prefix/  ", "http://proxy.example:8080/iot/api-prefix"),
        ("http://[::1]:8400", "http://[::1]:8400"),
        ("http://host:80/", "http://host"),
        (f"https://admin:{SECRET}@iiot.example/", "https://iiot.example"),
        (f"https://{SECRET}@iiot.example:8443", "https://iiot.example:8443"),
    ],
)
def test_a_good_endpoint_becomes_one_stable_base(typed: str, base: str) -> None:
    assert checked_url(typed, "--endpoint") == base


def test_what_is_shown_of_a_url_never_holds_its_userinfo() -> None:
    assert without_userinfo(f"http://admin:{SECRET}@host:99/x") == "http://host:99/x"
    assert without_userinfo(f"http://admin:pa/ss@{SECRET}@host/x") == "http://host/x"  # the last @ wins
    assert without_userinfo("http://host/x") == "http://host/x"


def test_redact_removes_a_urls_userinfo_from_any_text() -> None:
    text = f"ConnectError for https://admin:{SECRET}@host:99/x and ftp://u:{SECRET}@h"
    assert SECRET not in redact(text) and "https://(sensitive)@host:99/x" in redact(text)


def test_a_token_url_is_used_without_its_userinfo() -> None:
    environ = {
        "IOTPLAN_CLIENT_ID": "c",
        "IOTPLAN_CLIENT_SECRET": "s",
        "IOTPLAN_TOKEN_URL": f"https://user:{SECRET}@ims.example/connect/token",
    }
    credential = credential_from_env(environ)
    assert isinstance(credential, ClientCredentials)
    assert credential.token_url == "https://ims.example/connect/token"


def test_a_bad_token_url_is_refused_by_its_variable_name() -> None:
    environ = {"IOTPLAN_CLIENT_ID": "c", "IOTPLAN_CLIENT_SECRET": "s", "IOTPLAN_TOKEN_URL": f"u:{SECRET}@ims"}
    with pytest.raises(
        IotplanError, match=r"IOTPLAN_TOKEN_URL '\(sensitive\)@ims' must start with http"
    ) as caught:
        credential_from_env(environ)
    assert SECRET not in str(caught.value)


def test_the_token_url_is_used_as_checked() -> None:
    environ = {
        "IOTPLAN_CLIENT_ID": "c",
        "IOTPLAN_CLIENT_SECRET": "s",
        "IOTPLAN_TOKEN_URL": "HTTPS://IMS.example/t/",
    }
    credential = credential_from_env(environ)
    assert isinstance(credential, ClientCredentials) and credential.token_url == "https://ims.example/t"


@pytest.mark.parametrize(
    "typed",
    [
        "http://127.0.0.1:18240#access_token=S3cretPw",
        "http://127.0.0.1:18240/x?key=S3cretPw#frag",
        "http://127.0.0.1:18240/x y#access_token=S3cretPw",
    ],
)
def test_a_fragment_is_masked_as_a_query_is(typed: str) -> None:
    with pytest.raises(IotplanError) as caught:
        checked_url(typed, "--endpoint")
    assert "S3cretPw" not in str(caught.value) and "#..." in str(caught.value)


def test_a_token_url_with_a_query_is_refused_for_its_own_reason() -> None:
    environ = {"IOTPLAN_CLIENT_ID": "c", "IOTPLAN_CLIENT_SECRET": "s", "IOTPLAN_TOKEN_URL": "https://ims/t#x"}
    with pytest.raises(IotplanError) as caught:
        credential_from_env(environ)
    assert str(caught.value) == (
        "IOTPLAN_TOKEN_URL 'https://ims/t#...' must not have a query string or fragment: the client id and "
        "secret go in the token request's body, never in its URL"
    )


@pytest.mark.parametrize("name", ["--endpoint", "IOTPLAN_TOKEN_URL"])
def test_a_password_cut_at_a_slash_is_never_taken_for_a_port_and_a_path(name: str) -> None:
    """`8443/xZ9` is a number and a path: urllib would name host `admin`, port 8443, so the URL went
    to another host and the Target line showed it, password and all."""
    with pytest.raises(IotplanError) as caught:
        checked_url("https://admin:8443/xZ9pL4@iiot.example/api", name)
    assert str(caught.value).startswith(
        f"{name} 'https://(sensitive)@iiot.example/api' has an '@' after its host"
    )
    assert "8443" not in str(caught.value) and "xZ9pL4" not in str(caught.value)
