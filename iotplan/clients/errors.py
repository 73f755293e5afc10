"""HTTP failures → iotplan errors that name the request and carry the platform's own message."""

from __future__ import annotations

import json
import re
import socket
import ssl
from typing import Any

import httpx

from iotplan import exact_json
from iotplan.errors import AuthError, GatewayUnavailable, PlatformError, TransportError, causes
from iotplan.secrets import (
    ASCII_BLANKS,
    MASKED,
    held_begun_before,
    mask_known,
    mask_known_with_their_labels,
    without_any_userinfo,
    without_bare_tokens,
    without_named_credentials,
    without_url_credentials,
)
from iotplan.wording import escaped_where_unseen, json_escape


def redact(text: str) -> str:
    """Credentials and tokens out of any text that may reach a user, a log or a file: every secret
    value iotplan holds (iotplan/secrets.py) with the whole value of a credential's label it stands in,
    then, as a second net, whatever looks like one, by the
    rule plans read live text with (`Password=...;`, `api_key=...`, `Bearer <token>`, a JWT), and a
    user name and password before a host as import's comments mask them (`admin:pw@thread`, which a
    gateway's proxy echoed in its 401)."""
    # `Authorization: Bearer ...` is a named value, its scheme part of the value (secrets.py).
    without_userinfo = without_any_userinfo(mask_known_with_their_labels(text))
    return without_named_credentials(without_userinfo)


def describe(request: httpx.Request) -> str:
    """`POST /api/integrations/integrate?projectIds=...`: the request as the user can look it up."""
    target = request.url.raw_path.decode("ascii", "replace")
    return f"{request.method} {redact(target)}"


# Characters of the platform's own message an error carries at most: a paragraph, or a list of the
# entities a call was refused for, fits; a body echoed back, or a stack trace, does not.
MESSAGE_SHOWN = 2_000
# Characters of a longer message redacted for it: its first MESSAGE_SHOWN once masked come from these
# unless secrets fill most of them, and a message of megabytes is not redacted whole for 2,000.
MESSAGE_READ = 4 * MESSAGE_SHOWN


def platform_message(response: httpx.Response) -> str:
    """The platform's own words, from either documented error shape, or the raw text; for an empty
    body, the reason phrase, which the server writes as it likes (ESC and BEL pass h11): masked and
    escaped as a body is."""
    body = _json_of(response)
    if body is _NOT_JSON:
        return stripped_excerpt(response.text, 300) or stripped_excerpt(response.reason_phrase, 300)
    message = _error_message(body)
    if message is not None:
        return message_excerpt(message)
    # As written (`：`, `设备`): escaped (`\uff1a`), a credential after a full-width colon would be no
    # label's to `redact`, and shown whole. What a terminal acts on is escaped by `_redacted_read`.
    return redacted_excerpt(json.dumps(body, ensure_ascii=False), 300)


def platform_said(error: PlatformError) -> str:
    """The platform's own message a refusal carries, without iotplan's words around it (the request
    and its URL, attempts, hints): what it names is what the platform refused. "" where no answer came."""
    response = error.response
    return platform_message(response) if isinstance(response, httpx.Response) else ""


_NOT_JSON = object()


# Levels a body may nest and be read as JSON, its outermost object the first: the documented error
# shapes nest 4 (`{"error": {"details": [{...}]}}`); deeper, each walk of it (masking, `json.dumps`)
# recurses and may hit the recursion limit.
_DEEPEST_READ = 33


def _json_of(response: httpx.Response) -> Any:
    """The response's body parsed, once: `_NOT_JSON` where it is not JSON, or nests past _DEEPEST_READ
    (the parse itself recurses: 500 levels raised RecursionError from a deep enough caller), a body of
    no documented shape either way, told by its text."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return _NOT_JSON
    return _NOT_JSON if exact_json.nests_deeper(body, _DEEPEST_READ) else body


def _error_message(body: Any) -> str | None:
    """The message of either documented error shape, whole and as the platform wrote it (unredacted:
    never shown as it is); None for any other body."""
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict) and error.get("message"):
        return _coded(error)
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(_one_error(item) for item in errors)
    return None


def message_excerpt(message: str) -> str:
    """The platform's message, redacted, then its first `MESSAGE_SHOWN` characters where it is longer,
    saying so: passed whole, a gateway's message of 70,000 characters was its reason in every view,
    each line of a plan, and a pull-request comment over GitHub's limit. Redacted first and counted
    as redacted: cut first, a message of 2,100 characters shown whole once a token in it was masked
    said `(its first 1,711 of 2,100 characters)`, a cut not made, and the token's length with it."""
    redacted = _redacted_read(message, MESSAGE_READ)
    if len(message) > MESSAGE_READ:
        return f"{_cut(redacted, MESSAGE_SHOWN)}... (cut: the message ran to {len(message):,} characters)"
    if len(redacted) <= MESSAGE_SHOWN:
        return redacted
    return f"{_cut(redacted, MESSAGE_SHOWN)}... (its first {MESSAGE_SHOWN:,} of {len(redacted):,} characters)"


def redacted_excerpt(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut after redacting: a secret cut in two is no longer
    the value `redact` knows."""
    return _cut(_redacted_read(text, limit * 4), limit)


def excerpt_told_cut(text: str, limit: int) -> str:
    """`redacted_excerpt`, ending `…` only where it left some of `text` out: the masked excerpt is no
    measure of that against `text` (a secret masked to `(sensitive)` changed its length)."""
    most = limit * 4
    read = _redacted_read(text, most)
    shown = _cut(read, limit)
    return shown if shown == read and len(text) <= most else f"{shown}…"


def stripped_excerpt(text: str, limit: int) -> str:
    """`redacted_excerpt` of a body shown without the blanks it starts and ends with: stripped after
    it is masked. Stripped first, a held value starting or ending with a blank was no longer the value
    held, and was shown (`Tb4n wharf was refused`). Its leading blanks are read beyond the excerpt's
    own characters."""
    lead = len(text) - len(text.lstrip())
    return _cut(_redacted_read(text, lead + limit * 4, stripped=True), limit)


def _redacted_read(text: str, most: int, *, stripped: bool = False) -> str:
    """The start of `text` read for an excerpt, redacted: at most `most` characters, so a body of
    megabytes costs no more than a short one, and where it runs on, only up to the last blank in
    them (ASCII_BLANKS, which end a password) outside a secret iotplan holds (_read_end). The run
    the read would cut may be a credential parted from what tells it for one (a password from its
    `@host`, a token cut short): redacted without it, it was shown as it is (`admin:Sup3rSe`) once
    a long token before it, masked, shrank to `(sensitive)`. A read holding no blank shows nothing:
    any piece kept of such a run (up to a list sign, or to a host at the cut) may be a secret's
    start. `stripped`: without the blanks the read starts and ends with, stripped once it is masked
    (`stripped_excerpt`). What a terminal acts on or shows as nothing is escaped last
    (`unseen_escaped`), for every message of the platform's an error shows, whatever its shape."""
    read = text if len(text) <= most else text[: _read_end(text, most)]
    redacted = redact(read)
    return unseen_escaped(redacted.strip() if stripped else redacted)


def unseen_escaped(redacted: str) -> str:
    """`redacted` with each character a terminal acts on or shows as nothing (controls, ESC, C1, DEL,
    direction overrides, zero-width, line breaks: `wording.shows_as_held`) escaped as JSON escapes it
    (`\\u001b`, `\\n`). Shown raw, a platform's or a proxy's message could recolour or rewrite the `Error:`
    line (`x\\rApply complete`), hide a URL behind a terminal's link (OSC 8), or reverse its text.
    Escaped after it is masked, as the platform wrote it: escaped first, a held secret holding a letter
    shown as written (`ü`) beside one escaped (`\\u200b`) would be spelled neither as written nor all
    JSON-escaped, as `mask_known` holds it, and so shown. iotplan's `(sensitive)` is never escaped.
    Where something was escaped, the text shown is masked once more: a text that spells a held secret
    only once escaped (a secret holding `\\u001b` as written) is not shown either."""
    escaped = escaped_where_unseen(redacted, json_escape)
    return escaped if escaped == redacted else mask_known(escaped)


def _read_end(text: str, most: int) -> int:
    """Where a read of at most `most` characters of `text` ends: at its last blank that no secret
    iotplan holds runs across. Such a secret may hold a blank (an edge password written as a
    passphrase): read to a blank inside it, the piece kept was no longer the value held, and its
    first word was shown. The read then ends at the last blank before the secret."""
    held = held_begun_before(text, most)
    end = _last_blank(text, most)
    while across := [start for start, stop in held if start < end < stop]:
        end = _last_blank(text, min(across))
    return end


def _last_blank(text: str, at: int) -> int:
    """Where the last blank (ASCII_BLANKS) at or before `at` stands; 0 where none does."""
    return max(0, *(text.rfind(blank, 0, at + 1) for blank in ASCII_BLANKS))


def _cut(redacted: str, limit: int) -> str:
    """The first `limit` characters of a redacted text, cut before a masked token the limit would
    split: `(sensi` reads as neither the platform's text nor iotplan's mark."""
    if len(redacted) <= limit:
        return redacted
    split = redacted.find(MASKED, max(0, limit - len(MASKED) + 1), limit + len(MASKED) - 1)
    return redacted[: split if 0 <= split < limit else limit]


def _coded(error: dict[str, Any]) -> str:
    """`code: message (target: ...)`, each of its `details` after it alike: the `target` is what the
    platform refused (`LOCATION`), which its message may not name ("Coordinates must be numbers"), and
    what tells a refusal of a prop iotplan resent as held (apply/bodies.py `held_form_refused`)."""
    code = f"{error['code']}: " if error.get("code") else ""
    target = f" (target: {error['target']})" if error.get("target") else ""
    details = error.get("details")
    told = [_coded(item) for item in details if isinstance(item, dict)] if isinstance(details, list) else []
    return f"{code}{error.get('message', '')}{target}" + "".join(f" ({detail})" for detail in told)


def _one_error(item: Any) -> str:
    if isinstance(item, dict):
        path = f" ({item['path']})" if item.get("path") else ""
        return f"{item.get('message', item)}{path}"
    return str(item)


def unknown_outcome(how: str = "`iotplan plan`") -> str:
    """What a write whose outcome is unknown adds to its error: `how` to read the truth. On a
    THREAD (on-device mode) it is that THREAD's own plan: a bare `iotplan plan` would plan the
    embedded platform there."""
    return f". The write may or may not have been applied: run {how} to see the truth"


UNKNOWN_OUTCOME = unknown_outcome()
# `unknown_outcome`'s words in an error's text, whatever plan it names.
UNKNOWN_OUTCOME_TOLD = re.compile(r"\. The write may or may not have been applied: run .+? to see the truth")
# Them for a forced write (--force-write-only) of a setting no read reports back (a port's `mode`):
# a plan shows it unverifiable, "No changes", so it cannot tell; writing it again can.
UNKNOWN_OUTCOME_FORCED = (
    ". The write may or may not have been applied, and the gateway cannot report it back, so no plan can "
    "tell: an apply with --force-write-only writes it again"
)


# A response extension: how many times the request was sent before its retries ran out (retry.py).
ATTEMPTS = "iotplan.attempts"
# Another: the proxy the request went through, as "the proxy http://host:port (HTTPS_PROXY)" (proxy.py).
THROUGH_PROXY = "iotplan.proxy"
# Another: the seconds the platform's client waited on its rate limit before giving up (retry.py).
WAITED_ON_RATE_LIMIT = "iotplan.waited_on_rate_limit"
# A request extension: the request buys the credential of another (auth.py's token request). Sent
# before that request, or after the platform refused it 401, so when it fails that one was not made.
CREDENTIAL_STEP = "iotplan.credential_step"


def error_for(
    response: httpx.Response,
    *,
    write: bool = False,
    unknown_hint: str = UNKNOWN_OUTCOME,
    credential: str = "",
) -> PlatformError:
    """`credential`: what the request carried, as a 401 or 403 names it ("the API key in
    IOTPLAN_API_KEY"); "" for none of the user's (a THREAD's own API)."""
    request = response.request
    attempts = response.extensions.get(ATTEMPTS)
    tried = f" after {attempts} attempts" if attempts else ""  # what iotplan kept at, as for a lost answer
    message = f"{describe(request)} answered {response.status_code}{tried}: {platform_message(response)}"
    waited = response.extensions.get(WAITED_ON_RATE_LIMIT)
    if waited is not None:
        message = message.rstrip(".") + _rate_limit_outlasted(waited)
    unknown = write and response.status_code >= 500  # a server error may come after the write was made
    if unknown:
        message = message.rstrip(".") + unknown_hint
    if response.status_code in (401, 403):
        refused = _refused(response.status_code, credential)
        return AuthError(
            (message.rstrip(".") + refused) if refused else message, request=request, response=response
        )
    return PlatformError(message, request=request, response=response, outcome_unknown=unknown)


def no_such_connection(error: PlatformError) -> bool:
    """A connection's read by its id answered as an id the platform does not know: 404
    (`EntityNotFound`), or the documented 422 for an unknown nodeId ("ensure the provided nodeId is
    valid", docs/api-assumptions.md). Another 422 refuses the request for something else, which the
    connection's absence does not explain; the message is the platform's own, never the URL's id."""
    response = error.response
    if not isinstance(response, httpx.Response):
        return False
    status = response.status_code
    # Its message whole: the words may come after the 2,000 characters an error shows.
    return status == 404 or (
        status == 422 and "nodeId" in (_error_message(_json_of(response)) or response.text)
    )


def _rate_limit_outlasted(seconds: float) -> str:
    return (
        f". iotplan waited {seconds / 60:.0f} min on the platform's rate limit: if the limit is low, give it "
        "with --rate-limit N/min (the requests a minute it allows), and iotplan keeps under it"
    )


def _refused(status: int, credential: str) -> str:
    """Which credential a 401 or 403 refused, and what to check: never its value."""
    if not credential:
        return ""
    if status == 401:
        return f". The platform did not accept {credential}: check that it is current and for this platform"
    return f". The platform refused this request with {credential}: check what it may do in this project"


def redirected(
    response: httpx.Response,
    setting: str,
    *,
    added: str = "",
    write: bool = False,
    unknown_hint: str = UNKNOWN_OUTCOME,
    with_credential: bool = True,
) -> PlatformError:
    """A 3xx. iotplan follows no redirect, so a credential never goes to a host the user did not
    name: the message says where the answer pointed (without secrets) and which `setting` takes
    the final URL; `added` is the path iotplan appended to that setting (the API's own).
    `with_credential`: the request carried one (a THREAD's never does)."""
    request = response.request
    location = response.headers.get("location")
    if not location:  # a 304, say: nothing iotplan asked for, and nowhere to point the user
        message = (
            f"{describe(request)} answered {response.status_code} without a Location: no answer iotplan reads"
        )
    else:
        advice = _redirect_advice(request.url.join(location), setting, added)
        message = f"{describe(request)} answered {response.status_code}, {advice}"
        if with_credential and request.url.scheme == "http" and location.lower().startswith("https:"):
            message += ". This request went over http://: its credential crossed the network unencrypted"
    if write:  # a redirect is not documented to come before the write: nobody can say it was not made
        message += unknown_hint
    return PlatformError(message, request=request, response=response, outcome_unknown=write)


def _redirect_advice(target: httpx.URL, setting: str, added: str) -> str:
    advice = (
        f"a redirect to {shown_url(target)}: iotplan does not follow redirects, so that no credential "
        f"goes where you did not send it; give {setting} the URL the server answers at"
    )
    if target.path.endswith(added):  # the setting's own URL: the redirect's without the API's path
        base = target.copy_with(path=target.path[: len(target.path) - len(added)], query=None, fragment=None)
        advice += f" ({shown_url(base)})"
    return advice


def shown_url(url: httpx.URL) -> str:
    """`scheme://host[:port]/path`, with `?...` for a query and `#...` for a fragment: no user
    name, password, or parameter value, any of which may be a secret. Every path parameter's value
    shows `(sensitive)`, its name kept (`;jsessionid=(sensitive)`): a platform's redirect names its
    session id as it likes (`;sid=`, a bare `;...`), so no name tells one that is not. An `@` in
    the path is masked as every URL iotplan shows masks one (secrets.py), and so is a token told by
    its shape in a path's segment (a sign-on page's `/sso/eyJ...`), as every message masks one."""
    bare = without_url_credentials(str(url.copy_with(userinfo=b"", query=None, fragment=None)).rstrip("/"))
    shown = without_bare_tokens(
        _PATH_PARAMETER_VALUE.sub(rf"\g<name>{MASKED}", bare) if ";" in bare else bare
    )
    return shown + ("?..." if url.query else "") + ("#..." if url.fragment else "")


# A path parameter's value: after `;name=`, or the whole of a bare `;value`, up to the next `;` or `/`.
_PATH_PARAMETER_VALUE = re.compile(r"(?P<name>;(?:[^;/=]*=)?)[^;/]+")


def not_json(response: httpx.Response, *, write: bool = False) -> PlatformError:
    """A success whose body iotplan cannot read: empty, a proxy's login page, a truncated answer.
    For a write the outcome is unknown: a 2xx says the server acted, and what it did is unread."""
    if response.content:
        kind = response.headers.get("content-type") or "no content type"
        body = f"a body that is not JSON ({kind}): {stripped_excerpt(response.text, 120)}"
    else:
        body = "an empty body"
    message = f"{describe(response.request)} answered {response.status_code} with {body}"
    if write:
        message += UNKNOWN_OUTCOME
    return PlatformError(message, request=response.request, response=response, outcome_unknown=write)


def error_answered_as_success(response: httpx.Response) -> PlatformError:
    """A write's 2xx whose body is the documented error shape and no answer: the platform says
    something went wrong, yet its status says it acted, so the outcome is unknown (A1)."""
    message = (
        f"{describe(response.request)} answered {response.status_code} with an error instead of an answer: "
        f"{platform_message(response)}"
    )
    return PlatformError(
        message.rstrip(".") + UNKNOWN_OUTCOME,
        request=response.request,
        response=response,
        outcome_unknown=True,
    )


def certificate_failure(error: BaseException) -> str | None:
    """Why the server's TLS certificate was refused, when that is why the request failed: a
    failure no retry can mend."""
    for cause in causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message or cause.reason or cause)
    return "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in str(error) else None


# A name no DNS server knows: a typo in the address, which asking again does not mend; a server that
# could not answer for now (EAI_AGAIN) may answer the next time, and is asked again.
_NAME_UNKNOWN = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})


def name_not_found(error: BaseException) -> bool:
    """Whether the request failed as its host's name is unknown to DNS (`[Errno -2] Name or service
    not known`): a failure no retry can mend, as a refused certificate is."""
    return any(isinstance(cause, socket.gaierror) and cause.errno in _NAME_UNKNOWN for cause in causes(error))


def transport_error(
    request: httpx.Request,
    error: Exception,
    *,
    write: bool,
    gateway: bool = False,
    attempts: int | None = None,
    unknown_hint: str = UNKNOWN_OUTCOME,
    unreached_hint: str = "",
) -> TransportError:
    """`unreached_hint`: what to check where no connection could be opened, the proxy's aside."""
    refused = certificate_failure(error)
    if refused is not None:
        return _certificate_error(request, refused, gateway)
    through = request.extensions.get(THROUGH_PROXY)
    via = f" through {through}" if through else ""
    detail = redact(str(error)) or "no detail"
    what = f"{describe(request)} got no answer{via} ({type(error).__name__}: {detail})"
    if attempts:
        what += f" after {attempts} attempts"
    buying_credential = bool(request.extensions.get(CREDENTIAL_STEP))  # the write itself was not the one lost
    if through and isinstance(error, httpx.ConnectError | httpx.ProxyError):
        what += PROXY_ADVICE
    elif isinstance(error, httpx.ConnectError) and not buying_credential:
        what += unreached_hint
    if write and buying_credential:
        what += NOT_SENT_FOR_CREDENTIAL
    unknown = write and not buying_credential and not isinstance(error, httpx.ConnectError)
    if gateway and not unknown:  # a gateway's lost write answer is unknown like the platform's
        return GatewayUnavailable(what, request=request)
    if unknown:
        what += unknown_hint
    return TransportError(what, request=request, outcome_unknown=unknown)


NOT_SENT_FOR_CREDENTIAL = (
    ". Nothing was written: that token request comes before the write is sent (or after the platform refused "
    "it 401)"
)
ENDPOINT_ADVICE = ": check the address --endpoint or IOTPLAN_ENDPOINT gives, and that the platform runs there"
PROXY_ADVICE = ": check that the proxy runs and lets this host through, or list the host in NO_PROXY"


def _certificate_error(request: httpx.Request, reason: str, gateway: bool) -> TransportError:
    server = request.url.netloc.decode("ascii", "replace").rsplit("@", 1)[-1]
    what = f"{describe(request)}: {certificate_refused(server, reason)}"
    return GatewayUnavailable(what, request=request) if gateway else TransportError(what, request=request)


def certificate_refused(server: str, reason: str) -> str:
    """What a refused TLS certificate says, for REST and JSON-RPC alike: who, why, and what to do."""
    return (
        f"the TLS certificate of {server} was refused (certificate verify failed: {redact(reason)}). Give "
        "the server a certificate this machine trusts, or use --insecure against a test platform only"
    )
