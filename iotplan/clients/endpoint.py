"""A URL from the user (--endpoint, IOTPLAN_TOKEN_URL) checked before any request is made, and
never shown with the user name or password a URL can carry.

Refused, each with one line that does not echo a secret: a scheme other than http or https, no
host, a bad port, spaces or control characters, and a query string, fragment or path parameter
(iotplan appends the API's paths and parameters itself, so they would be dropped or misplaced
silently). A user name and password in the URL are never used (iotplan's credential comes from the
environment) and never kept: the checked URL is built without them, so no request, error or
description holds them.
An `@` after the host is refused too: a password holding `/`, `?` or `#` ends the host early, so
what follows it would be taken for a port, a path or a query. Each reason is in iotplan's own words:
urllib's and httpx's quote the part they could not read, which may be a password.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import httpx

from iotplan.errors import IotplanError
from iotplan.secrets import MASKED, has_control_character, without_query_or_fragment

SCHEMES = ("http", "https")
WEBSOCKET_SCHEMES = ("ws", "wss")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?[^@]*@")


def without_userinfo(text: str, *, shown_as: str = "") -> str:
    """`text` with anything before its last `@` dropped (a user name and password, if it is a URL),
    or put as `shown_as`. Conservative on purpose: a malformed URL must not decide what is shown of
    its password."""
    if "@" not in text:
        return text
    match = _USERINFO.match(text[: text.rindex("@") + 1])
    scheme = match.group("scheme") if match and match.group("scheme") else ""
    return scheme + shown_as + text[text.rindex("@") + 1 :]


def has_userinfo(text: str) -> bool:
    try:
        return "@" in urllib.parse.urlsplit(text.strip()).netloc
    except ValueError:
        return False


APPENDED = "iotplan adds the API's paths and parameters to it"  # why a base URL takes no query
# What to do about an '@' after the host, when the user name and password are not used.
LEAVE_CREDENTIALS_OUT = (
    "a user name and password are never used, and a password holding '/', '?' or '#' ends the host early: "
    "leave them out"
)


def checked_url(
    text: str,
    name: str,
    schemes: tuple[str, ...] = SCHEMES,
    *,
    no_query_because: str = APPENDED,
    at_after_host: str = LEAVE_CREDENTIALS_OUT,
) -> str:
    """`scheme://host[:port][/path]`, lower-case, without a trailing slash or a default port: the
    base every request is built on, and the target's identity. `name` says where it came from;
    `no_query_because`, why it takes no query string or fragment; `at_after_host`, what to do
    about an '@' after the host."""
    text = text.strip()
    shown = repr(_masked(text))
    if any(character.isspace() for character in text) or has_control_character(text):
        raise IotplanError(f"{name} {shown} contains a space or control character")
    parts = _split(text, name, shown)
    scheme = parts.scheme.lower()
    if scheme not in schemes or not text.lower().startswith(f"{scheme}://"):
        raise IotplanError(f"{name} {shown} must start with {' or '.join(f'{s}://' for s in schemes)}")
    if "@" in text and "@" not in parts.netloc:
        raise IotplanError(f"{name} {shown} has an '@' after its host: {at_after_host}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise IotplanError(f"{name} {shown} must not have a query string or fragment: {no_query_because}")
    if ";" in parts.path:
        raise IotplanError(f"{name} {shown} must not have a path parameter: {_NO_PATH_PARAMETER}")
    return _normalised(parts, name, shown)


# Refused, not joined: a path parameter belongs to the segment it follows, so whether a platform reads a
# `;jsessionid=` left before `/api/...` is a guess, and the URL is the target's identity, recorded in a
# saved plan and shown on the target line: a session id or token in it would be kept there.
_NO_PATH_PARAMETER = (
    "iotplan's credential comes from the environment, and a session id or token in the URL would be "
    "recorded with the target: leave it out"
)


def derived_rpc_url(rest_url: str) -> str:
    """The JSON-RPC WebSocket iotplan derives from a REST endpoint, written as a target records it
    (checked: no trailing slash, no default port), so a recorded one can be compared with it."""
    # Imported here: jsonrpc_transport imports this module (through clients/proxy.py).
    from iotplan.clients.jsonrpc_transport import default_jsonrpc_url

    return checked_url(default_jsonrpc_url(rest_url), "the JSON-RPC URL", schemes=WEBSOCKET_SCHEMES)


IN_PROCESS = "the in-process JSON-RPC"


@dataclass(frozen=True)
class Endpoints:
    """A target's two endpoints as messages name them (a count's warning, a THREAD write's refusal):
    never a secret. `paired`: one platform by construction (the in-process JSON-RPC, or the one
    derived from the REST endpoint)."""

    rest: str = "the REST endpoint"
    rpc: str = IN_PROCESS
    paired: bool = True

    @classmethod
    def of(cls, rest: str, rpc: str) -> Endpoints:
        """From a target's identity and JSON-RPC identity ("": in-process), or a plan's record of them."""
        return cls(rest, rpc or IN_PROCESS, not rpc or rpc == _derived_or_none(rest))


def _derived_or_none(rest: str) -> str | None:
    """The JSON-RPC derived from `rest` as the target records it; None where `rest` is no URL one
    can be derived from (a plan saved by hand), which pairs with no JSON-RPC."""
    try:
        return derived_rpc_url(rest)
    except IotplanError:
        return None


def _masked(text: str) -> str:
    """The URL as a message shows it: `(sensitive)@` for a user name and password (a refusal of one
    quotes a URL that visibly has it), and `?...` and `#...` for a query and a fragment, either of
    which may hold a key or token (`#access_token=...`); `;...` for a path parameter (`;jsessionid=`)."""
    return _PATH_PARAMETERS.sub(
        ";...", without_query_or_fragment(without_userinfo(text, shown_as=f"{MASKED}@"))
    )


_PATH_PARAMETERS = re.compile(r";[^?#]*")  # to the query or fragment, each shown `?...`, `#...` itself


def _unusable(name: str, shown: str, reason: str) -> IotplanError:
    return IotplanError(f"{name} {shown} is not a usable URL: {reason}")


def _split(text: str, name: str, shown: str) -> urllib.parse.SplitResult:
    try:
        return urllib.parse.urlsplit(text)
    except ValueError:  # urllib's text quotes the host part, user name and password included
        raise _unusable(
            name,
            shown,
            "its host part cannot be read (a '[' or ']' not around an IPv6 address, or a character "
            "that stands for '/', '?', '#', '@' or ':')",
        ) from None


def _normalised(parts: urllib.parse.SplitResult, name: str, shown: str) -> str:
    try:
        port = parts.port
    except ValueError:  # urllib's text quotes the port: a password, when one held a '/'
        raise _unusable(name, shown, "its port is not a number from 1 to 65535") from None
    host = parts.hostname or ""
    if not host:
        raise _unusable(name, shown, "it names no host")
    if port == 0:
        raise _unusable(name, shown, "port 0 is not a port a server listens on")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):  # a SOCKS proxy's: none
        netloc += f":{port}"
    url = f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"
    try:
        _ = httpx.URL(url).host  # the host as httpx reads it (IDNA, IPv6 literals): an A-label decoded too
    except (ValueError, httpx.InvalidURL):  # their text quotes what it could not read
        raise _unusable(name, shown, "its host is not a host name or IP address") from None
    return url
