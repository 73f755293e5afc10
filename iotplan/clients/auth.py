"""Credentials as httpx.Auth flows. None of them ever shows its secret in a repr or message: each
secret, and each access token bought with one, is remembered (iotplan/secrets.py) so that no text
iotplan shows holds it, even where the platform echoes it back."""

from __future__ import annotations

import asyncio
import json
import time
import unicodedata
from collections.abc import AsyncGenerator, Generator, Mapping

import httpx

from iotplan.clients.endpoint import checked_url
from iotplan.clients.errors import CREDENTIAL_STEP, describe, not_json, platform_message, redirected
from iotplan.clients.values import finite_number
from iotplan.errors import AuthError, IotplanError
from iotplan.secrets import has_control_character, holds_bytes_not_utf8, is_empty, remember
from iotplan.wording import json_kind

DEFAULT_TOKEN_URL = "https://ims.bentley.com/connect/token"
TOKEN_URL_VARIABLE = "IOTPLAN_TOKEN_URL"
SCOPE = "sensor-data:modify sensor-data:read users:read itwins:read itwins:modify"
REFRESH_MARGIN = 60.0  # seconds before expiry at which a cached token is renewed (half a shorter lifetime)
DEFAULT_LIFETIME = 3600  # seconds, for a token answer without expires_in (OAuth makes it optional)


class ApiKey(httpx.Auth):
    kind = "API key"

    def __init__(self, key: str, source: str = "") -> None:
        self._key = remember(key)
        self.source = source  # the variable it came from, for a refusal to name (never its value)

    @property
    def named(self) -> str:
        """What a refusal names: where the key was set, or "" when it was not the user's."""
        return f"the API key in {self.source}" if self.source else ""

    def __repr__(self) -> str:
        return "ApiKey((sensitive))"

    async def jsonrpc_code(self, http: httpx.AsyncClient) -> str:
        """The `code` JSON-RPC's authenticate takes: the key itself."""
        return self._key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"ApiKey {self._key}"
        yield request


class BearerToken(httpx.Auth):
    kind = "bearer token"

    def __init__(self, token: str, source: str = "") -> None:
        self._token = remember(token)
        self.source = source

    @property
    def named(self) -> str:
        return f"the bearer token in {self.source}" if self.source else ""

    def __repr__(self) -> str:
        return "BearerToken((sensitive))"

    async def jsonrpc_code(self, http: httpx.AsyncClient) -> str:
        return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


class ClientCredentials(httpx.Auth):
    """OAuth2 client credentials: the token is cached until shortly before it expires, and
    refreshed once on a 401. Concurrent requests share one token request."""

    kind = "OAuth client credentials"
    requires_response_body = True

    def __init__(
        self, client_id: str, client_secret: str, token_url: str = DEFAULT_TOKEN_URL, source: str = ""
    ) -> None:
        self.client_id = client_id
        self._secret = remember(client_secret)
        self.token_url = token_url
        self.source = source  # the variables of the client id and secret
        self._token: str | None = None
        self._expires_at = 0.0
        self._margin = REFRESH_MARGIN
        self._refused: str | None = None  # the token endpoint's refusal, once it has refused
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret=(sensitive))"

    @property
    def named(self) -> str:
        return f"the access token bought with {self.source}" if self.source else ""

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._refused is not None:  # a wrong secret stays wrong: no token request per waiting read
            raise AuthError(self._refused)
        if self._stale():
            async with self._lock:
                if self._refused is not None:
                    raise AuthError(self._refused)
                if self._stale():
                    await self._store((yield self._token_request()))
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:
            await self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {self._token}"
            yield request

    async def jsonrpc_code(self, http: httpx.AsyncClient) -> str:
        """A token that is not about to expire, fetched with `http` when needed (the same cache as REST)."""
        if self._refused is not None:
            raise AuthError(self._refused)
        async with self._lock:
            if self._stale():
                await self._store(await http.send(self._token_request(), auth=None))
        assert self._token is not None
        return self._token

    def _stale(self) -> bool:
        return self._token is None or time.time() > self._expires_at - self._margin

    def _token_request(self) -> httpx.Request:
        form = {
            "client_id": self.client_id,
            "client_secret": self._secret,
            "grant_type": "client_credentials",
            "scope": SCOPE,
        }
        return httpx.Request("POST", self.token_url, data=form, extensions={CREDENTIAL_STEP: True})

    async def _store(self, response: httpx.Response) -> None:
        await response.aread()  # an auth flow sees streamed answers: the body must be read first
        if response.is_redirect:  # never followed: the client secret would go where it was not sent
            raise redirected(response, TOKEN_URL_VARIABLE)
        if response.status_code != 200:
            message = f"POST {self.token_url} answered {response.status_code}: {platform_message(response)}"
            if response.status_code in (400, 401, 403):  # OAuth's invalid_client and its kin
                if self.source:
                    message = f"{message.rstrip('.')}. The token endpoint refused {self.source}: check both"
                self._refused = message
            raise AuthError(message)
        try:
            self._token, lifetime = _token_of(response)
        except UnsendableToken as error:  # answered again if asked again: as a refused secret is
            self._refused = str(error)
            raise
        self._expires_at = time.time() + lifetime
        # A token living a minute or less would be stale as it arrives: renewed at half its life,
        # it serves the requests of that half, not one token request per request.
        self._margin = min(REFRESH_MARGIN, lifetime / 2)


def _token_of(response: httpx.Response) -> tuple[str, float]:
    """The access token of a token endpoint's 200 and its lifetime in seconds: an answer without
    them (a proxy's page, another API's shape) is an error naming the request, not a crash."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):  # the parse recurses: nested deep
        raise not_json(response) from None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        carried = ", ".join(map(str, body)) if isinstance(body, dict) else f"a JSON {type(body).__name__}"
        raise _token_answer_error(
            response,
            f"without a string access_token, which OAuth's token answer carries (it carries: "
            f"{carried or 'nothing'})",
        )
    remember(token)  # before it may be refused: refused, it is still a token, and its error quotes the body
    if holds_bytes_not_utf8(token):
        raise _token_answer_error(
            response,
            "with an access_token holding a lone surrogate (`\\ud800` in its JSON), which no Authorization "
            "header can carry: the token endpoint's answer is not a token to send",
            UnsendableToken,
        )
    beyond = _beyond_ascii(token)
    if beyond is not None:  # sent, its UTF-8 bytes would be read as other characters: 401, bought again
        raise _token_answer_error(
            response,
            f"with an access_token holding {_named(beyond)}, {_CARRIES_ASCII_ONLY}: the token endpoint's "
            f"answer is not a token to send, and nothing was sent with it; check that {TOKEN_URL_VARIABLE}, "
            "where set, names the platform's token endpoint",
            UnsendableToken,
        )
    return token, _lifetime_of(response, body.get("expires_in", DEFAULT_LIFETIME))


def _lifetime_of(response: httpx.Response, expires_in: object) -> float:
    """expires_in as seconds: a positive number (or its digits). One already over would have a token
    bought again for every request; one that is no number cannot be renewed in time."""
    lifetime = finite_number(expires_in)
    if lifetime is not None and lifetime > 0:
        return lifetime
    said = (
        f"{lifetime:g} (a token expired as it arrives)"
        if lifetime is not None
        else f"{json_kind(expires_in)}, not a finite positive number"
    )
    raise _token_answer_error(
        response,
        f"with expires_in {said}, where OAuth's token answer carries the token's lifetime in seconds",
    )


class UnsendableToken(AuthError):
    """A token answer holding an access_token no Authorization header can carry: the endpoint answers
    the same to the same credential, so the credential is refused (`_refused`) at the first."""


def _token_answer_error(response: httpx.Response, what: str, kind: type[AuthError] = AuthError) -> AuthError:
    return kind(
        f"{describe(response.request)} answered {response.status_code} {what}",
        request=response.request,
        response=response,
    )


Credential = ApiKey | BearerToken | ClientCredentials


def credential_from_env(environ: Mapping[str, str]) -> Credential | None:
    """IOTPLAN_API_KEY, IOTPLAN_TOKEN, or IOTPLAN_CLIENT_ID with IOTPLAN_CLIENT_SECRET: one of them."""
    token_url_emptied = is_empty(environ.get(TOKEN_URL_VARIABLE))
    environ = {name: value for name in CREDENTIAL_VARIABLES if (value := _clean(name, environ.get(name)))}
    given = [name for name in ("IOTPLAN_API_KEY", "IOTPLAN_TOKEN", "IOTPLAN_CLIENT_ID") if environ.get(name)]
    if len(given) > 1:
        raise IotplanError(f"set only one kind of credential, not {' and '.join(given)}")
    _refuse_oauth_without_client_id(environ)
    if environ.get("IOTPLAN_API_KEY"):
        return ApiKey(_header_value("IOTPLAN_API_KEY", environ["IOTPLAN_API_KEY"]), "IOTPLAN_API_KEY")
    if environ.get("IOTPLAN_TOKEN"):
        return BearerToken(_header_value("IOTPLAN_TOKEN", environ["IOTPLAN_TOKEN"]), "IOTPLAN_TOKEN")
    if environ.get("IOTPLAN_CLIENT_ID"):
        secret = environ.get("IOTPLAN_CLIENT_SECRET")
        if not secret:
            raise IotplanError("IOTPLAN_CLIENT_ID needs IOTPLAN_CLIENT_SECRET")
        if token_url_emptied:  # a missing CI variable: never Bentley's own token URL in its place
            raise IotplanError(
                f"{TOKEN_URL_VARIABLE} is set but empty: a missing CI variable? Set it, or unset it to use "
                f"{DEFAULT_TOKEN_URL}"
            )
        token_url = checked_url(
            environ.get(TOKEN_URL_VARIABLE) or DEFAULT_TOKEN_URL,
            TOKEN_URL_VARIABLE,
            no_query_because="the client id and secret go in the token request's body, never in its URL",
        )
        source = "IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET"
        return ClientCredentials(environ["IOTPLAN_CLIENT_ID"], secret, token_url, source)
    return None


_SCHEMES = ("ApiKey", "Bearer")  # what iotplan puts before a key or token in the Authorization header


def _bare(name: str, value: str) -> str:
    """A key or token without its scheme: a whole Authorization value pasted in ("Bearer eyJ...")
    would be sent as "Bearer Bearer eyJ..." and refused as an invalid token, naming nothing."""
    scheme, _, rest = value.partition(" ")
    known = next((each for each in _SCHEMES if each.lower() == scheme.lower()), None)
    if known is not None and rest.strip():
        raise IotplanError(
            f"{name} starts with {known!r}: give the bare value, without it (iotplan puts the scheme in "
            "the Authorization header itself)"
        )
    return value


def _header_value(name: str, value: str) -> str:
    """A key or token as the Authorization header carries it: bare, and ASCII. A character beyond
    ASCII (a no-break space pasted from a web page) has no agreed spelling in a header: httpx sent its
    UTF-8 bytes, a server reads them one byte a character (ISO-8859-1), and the platform answered
    401 "Invalid token" to a key it holds. Blanks that are ASCII, a double space, are sent as written."""
    value = _bare(name, value)
    beyond = _beyond_ascii(value)
    if beyond is not None:
        raise IotplanError(
            f"{name} holds {_named(beyond)}, {_CARRIES_ASCII_ONLY}: set it again with plain spaces and "
            "ASCII characters, as the platform shows it"
        )
    return value


_CARRIES_ASCII_ONLY = "which an Authorization header cannot carry (it carries ASCII only)"


def _beyond_ascii(value: str) -> str | None:
    """The first character of a key or token that an Authorization header cannot carry, if any."""
    return next((character for character in value if not character.isascii()), None)


def _named(character: str) -> str:
    """A blank by its name and code point (a blank says nothing of the secret); any other character
    only as "a character beyond ASCII", never itself, which would show part of the credential."""
    name = unicodedata.name(character, "") if character.isspace() else ""
    if not name:
        return "a character beyond ASCII"
    article = "an" if name[0] in "AEIOU" else "a"
    return f"{article} {name.lower()} (U+{ord(character):04X})"


def _refuse_oauth_without_client_id(environ: Mapping[str, str]) -> None:
    """Half an OAuth credential (a client id misspelt, IOTPLAN_CLIENTID) is never passed over:
    with no other credential the run would go to the embedded demo platform, and exit 0."""
    if environ.get("IOTPLAN_CLIENT_ID"):
        return
    stray = " and ".join(name for name in ("IOTPLAN_CLIENT_SECRET", TOKEN_URL_VARIABLE) if environ.get(name))
    if stray:
        raise IotplanError(
            f"{stray} set without IOTPLAN_CLIENT_ID: OAuth client credentials need IOTPLAN_CLIENT_ID and "
            f"IOTPLAN_CLIENT_SECRET; set IOTPLAN_CLIENT_ID, or unset {stray}"
        )


CREDENTIAL_VARIABLES = (
    "IOTPLAN_API_KEY",
    "IOTPLAN_TOKEN",
    "IOTPLAN_CLIENT_ID",
    "IOTPLAN_CLIENT_SECRET",
    TOKEN_URL_VARIABLE,
)


def _clean(name: str, value: str | None) -> str | None:
    """Surrounding whitespace dropped (a pasted newline); any other control character, and bytes that
    are not UTF-8, refused without echoing the value, which would put the credential in an error message."""
    if value is None:
        return None
    value = value.strip()
    if has_control_character(value):
        raise IotplanError(f"{name} contains a control character: set it again without one")
    if holds_bytes_not_utf8(value):  # no header nor form can carry them: httpx raised, unexpected
        raise IotplanError(f"{name} holds bytes that are not UTF-8: set it again as UTF-8")
    return value
