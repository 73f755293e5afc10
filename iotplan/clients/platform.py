"""The iTwin IoT platform REST API: the only code that knows its URLs, verbs and statuses."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import httpx

from iotplan import exact_json
from iotplan.clients.errors import (
    ENDPOINT_ADVICE,
    error_answered_as_success,
    error_for,
    name_not_found,
    not_json,
    redirected,
    transport_error,
)
from iotplan.clients.paging import PAGE_SIZE, PAGE_WINDOW, REFERENCE_PAGE_SIZE, Fetch, read_list, requests_for
from iotplan.clients.retry import RATE_LIMITED_FOR, Guard, RetryPolicy, resend_guard, send_with_retries
from iotplan.clients.throttle import Throttle
from iotplan.errors import PlatformError

GATEWAY_ACCEPT = "application/vnd.bentley.itwin-platform.v1+json"
ENDPOINT_SETTING = "--endpoint (or IOTPLAN_ENDPOINT)"  # where the platform's URL is given
# A 429 is the platform asking to wait: minutes of it, not a count, so a low limit costs time, not the run.
PLATFORM_RETRY = RetryPolicy(rate_limited_for=RATE_LIMITED_FOR)
# An item of a list as it arrives, and the request it came from → what the reader keeps of it. A
# Keep with a `page(items, request)` method keeps a whole page at once, as it would item by item.
Keep = Callable[[Any, str], Any]


class PlatformClient:
    """Async calls returning the platform's JSON; failures raise iotplan's PlatformError tree.

    `gateway=True` sends integrate and the node list through the iTwin Platform gateway paths
    (`/sensor-data/integrations/...?iTwinId=`), which name the project parameter differently.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        gateway: bool = False,
        retry: RetryPolicy | None = None,
        page_window: int = PAGE_WINDOW,
        rate: float | None = None,
        credential: str = "",
        in_flight: int | None = None,
        shards: int = 1,
        shard: int = 1,
    ) -> None:
        self.http = http
        self.credential = credential  # what its requests carry, as a refusal names it (auth.py `named`)
        self.page_window = page_window  # a list's pages asked for at once: at most --parallelism
        # Requests in flight at most (--parallelism), however many lists and reads ask at once (a
        # project's device and sensor lists each send a window of pages); None: as the HTTP pool allows.
        self._in_flight = None if in_flight is None else asyncio.Semaphore(in_flight)
        self.page_size = PAGE_SIZE  # lowered for good once the platform shows it serves less
        self.page_size_proven = (
            False  # a list went on past a short first page: pages that long come back whole
        )
        self.gateway = gateway
        self.retry = retry or PLATFORM_RETRY
        # One pace for all its requests; `rate` (requests a second) when the limit is known; `shards`:
        # how many processes share the subscription (--shard i/n's n), each bounded to 1/n of its tier;
        # `shard`: which of them this is (i), its turns on its own slots beside theirs (throttle.py).
        self.throttle = Throttle(self.retry.clock, self.retry.sleep, ceiling=rate, shards=shards, shard=shard)
        self.requests: Counter[str] = Counter()  # by "METHOD route", for reports and benchmarks
        self._catalogs: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._node_lists: dict[str, asyncio.Future[list[dict[str, Any]]]] | None = None

    # --- writes --------------------------------------------------------------------------
    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        # A call that destroys is sent again, or sent once its unit waited, only once counted again
        # (retry.py `resend_guard`).
        guard = resend_guard.get()
        if self.gateway:
            path, params = "/sensor-data/integrations/integrate", {"iTwinId": project_id}
            return await self._json(
                "POST", path, params=params, json=body, write=True, accept=GATEWAY_ACCEPT, guard=guard
            )
        path, params = "/api/integrations/integrate", {"projectIds": project_id}
        return await self._json("POST", path, params=params, json=body, write=True, guard=guard)

    # --- reads ---------------------------------------------------------------------------
    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        # The node id starts with "/", so the documented URL has a double slash:
        # /api/integrations//api/13DC2F/node. Reading it changes nothing, so it is retried.
        # projectIds always: without it the platform means the organisation's default project.
        path, params = f"/api/integrations/{node_id}", {"projectIds": project_id}
        return await self._json("POST", path, params=params, route="/api/integrations/{nodeId}")

    def list_requests(self, items: int) -> int:
        """What reading a list of `items` costs in requests: what a reader weighs against other reads."""
        return requests_for(items, self.page_size)

    @contextmanager
    def one_node_list_per_project(self) -> Iterator[None]:
        """Within it, each project's connection list is read once and handed to every reader that
        asks (not to be changed by them): `drift` over many manifests of one project, a site a
        file, read the whole list once per manifest. Only around reads with no write between them:
        an apply's verifying plan must see what the apply wrote."""
        self._node_lists = {}
        try:
            yield
        finally:
            self._node_lists = None

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        if self._node_lists is None:
            return await self._read_node_list(project_id)
        lists = self._node_lists
        read = lists.get(project_id)
        if read is None:
            read = asyncio.ensure_future(self._read_node_list(project_id))
            read.add_done_callback(lambda done: _forget_if_failed(lists, project_id, done))
            lists[project_id] = read
        return await asyncio.shield(read)  # one caller cancelled does not cancel the others

    async def list_nodes_again(self, project_id: str) -> list[dict[str, Any]]:
        """The connection list read now, past `one_node_list_per_project`'s: a read that asks whether a
        connection was made after the list was read (live/read.py `_refuse_made_while_read`) must not
        be handed that list again. What the run's other readers are handed stays the one read."""
        return await self._read_node_list(project_id)

    async def _read_node_list(self, project_id: str) -> list[dict[str, Any]]:
        if self.gateway:
            answer = await self._json(
                "GET", "/sensor-data/integrations/nodes", params={"iTwinId": project_id}
            )
            return list(answer.get("nodes", []))
        return await self._paged("/api/nodes/all", project_id)

    async def list_devices(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        return await self._paged("/api/devices/all", project_id, expected, keep)

    async def list_sensors(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        return await self._paged("/api/sensors/all", project_id, expected, keep)

    async def get_project(self, project_id: str) -> dict[str, Any] | None:
        try:
            return await self._json("GET", f"/api/projects/{project_id}", route="/api/projects/{id}")
        except PlatformError as error:
            if isinstance(error.response, httpx.Response) and error.response.status_code == 404:
                return None
            raise

    async def device_types(self) -> dict[str, Any]:
        return await self._catalog("/api/devices/types")

    async def sensor_types(self) -> dict[str, Any]:
        return await self._catalog("/api/sensors/types")

    async def metric_types(self) -> dict[str, Any]:
        return await self._catalog("/api/metrics/types")

    async def _catalog(self, path: str) -> dict[str, Any]:
        """Read once per client: the catalog does not change during a run, and `drift` over many
        manifests (or apply's verifying plan) would otherwise ask again for each."""
        read = self._catalogs.get(path)
        if read is None:
            read = asyncio.ensure_future(self._json("GET", path, params={"excludeLegacy": "true"}))
            read.add_done_callback(lambda done: _forget_if_failed(self._catalogs, path, done))
            self._catalogs[path] = read
        answer = await asyncio.shield(read)  # one caller cancelled does not cancel the others
        if not isinstance(answer, dict):
            raise PlatformError(
                f"GET {path} answered {type(answer).__name__}, not the documented object: iotplan cannot "
                "check the manifest's templates, metrics and units against it"
            )
        return dict(answer)  # a copy: the answer is every caller's

    async def sensor_metrics(self, project_id: str, sensor_ids: list[str]) -> dict[str, Any]:
        params = {"projectIds": project_id}
        return await self._json("POST", "/api/sensors/metrics", params=params, json={"ids": sensor_ids})

    # --- for `iotplan check-platform`: requests iotplan's own reads never make --------------
    async def get_integration_without_project(self, node_id: str) -> dict[str, Any]:
        """`get_integration` without projectIds, which the reference says then means the
        organisation's default project."""
        return await self._json("POST", f"/api/integrations/{node_id}", route="/api/integrations/{nodeId}")

    async def list_page(
        self, kind: Literal["nodes", "devices", "sensors"], project_id: str, number: int, size: int
    ) -> list[Any]:
        """One page of `/api/{kind}/all` exactly as asked, to see how the platform pages (A5)."""
        params = {"projectIds": project_id, "pageNumber": number, "pageSize": size}
        answer = await self._json("GET", f"/api/{kind}/all", params=params)
        if not isinstance(answer, list):
            raise PlatformError(f"GET /api/{kind}/all answered {type(answer).__name__}, not a list (A5)")
        return answer

    # --- the one place requests are made -------------------------------------------------
    async def _paged(
        self, path: str, project_id: str, expected: int = 0, keep: Keep | None = None
    ) -> list[Any]:
        """Every item of a list, by the one paging rule (clients/paging.py): `page_window` pages
        asked at once, each request taking one of the client's `in_flight` slots as any other does.

        `keep` turns each item into what the caller keeps as its page arrives, so a 100,000-item
        list is never held twice over (as decoded JSON, then as what is made of it).

        `pageSize=1000` is iotplan's own (A5); the reference shows only 100. A platform that refuses
        the list's first request at 1000 (400) is asked again at 100, and so is every list after it;
        refused again, the first refusal stands."""
        request, size = f"GET {path}", self.page_size
        try:
            fetch = self._fetcher(path, project_id, keep)
            return await self._read_pages(fetch, request, expected, size, self.page_size_proven)
        except _FirstPagesRefused as refused:
            if size != PAGE_SIZE:
                raise refused.error from None
            try:
                fetch = self._fetcher(path, project_id, keep)
                return await self._read_pages(fetch, request, expected, REFERENCE_PAGE_SIZE, proven=False)
            except _FirstPagesRefused:
                raise refused.error from None

    async def _read_pages(
        self, fetch: Fetch, request: str, expected: int, size: int, proven: bool
    ) -> list[Any]:
        listing = await read_list(
            fetch, request, expected=expected, page_size=size, proven=proven, window=self.page_window
        )
        if listing.page_size < self.page_size:  # kept for the next lists: a cap, or a size refused
            self.page_size = listing.page_size
            self.page_size_proven = listing.page_size < size  # a cap the list showed by going on
        return listing.items

    def _fetcher(self, path: str, project_id: str, keep: Keep | None) -> Fetch:
        """Pages of one read of a list. A 400 before any page of it came back refuses the list's
        first requests (`_FirstPagesRefused`): maybe their pageSize, never a page past its end."""
        request = f"GET {path}"
        answered = False

        async def fetch(number: int, size: int) -> list[Any]:
            nonlocal answered
            params = {"projectIds": project_id, "pageNumber": number, "pageSize": size}
            try:
                answer = await self._json("GET", path, params=params)
            except PlatformError as error:
                if not answered and getattr(error.response, "status_code", None) == 400:
                    raise _FirstPagesRefused(error) from error
                raise
            answered = True
            if not isinstance(answer, list):
                said = f"{request} answered {type(answer).__name__}, not a list"
                raise PlatformError(f"{said} (docs/api-assumptions.md, A5)")
            return answer if keep is None else _kept(answer, keep, request)

        return fetch

    async def _json(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        write: bool = False,
        route: str | None = None,
        accept: str = "application/json",
        guard: Guard | None = None,
    ) -> Any:
        headers = {"Accept": accept}
        if json is not None:
            headers["Content-Type"] = "application/json"
        content = None if json is None else exact_json.dumps(json)  # orjson: 40 MB in a cold apply
        named = f"{method} {route or path}"
        request = self._built(named, method, path, params=params, content=content, headers=headers)
        self.requests[named] += 1
        response = await self._send(request, write, guard)
        if response.is_error:
            raise error_for(response, write=write, credential=self.credential)
        if response.is_redirect:
            raise redirected(response, ENDPOINT_SETTING, added=path, write=write)
        answer = _decoded(response, write)
        _let_go(response)
        return answer

    def _built(self, named: str, method: str, path: str, **parts: Any) -> httpx.Request:
        """The request, which an id the platform answered may keep from being sent (a control
        character, or longer than a URL allows): then what it names cannot be read or written."""
        try:
            return self.http.build_request(method, path, **parts)
        except httpx.InvalidURL as error:
            raise PlatformError(
                f"{named} cannot be sent: the id in its URL, as the platform answered it, is one no URL can "
                f"carry ({error}), so iotplan cannot read or write what it names"
            ) from None

    async def _send(self, request: httpx.Request, write: bool, guard: Guard | None = None) -> httpx.Response:
        try:
            return await send_with_retries(
                lambda: self.http.send(request),
                self.retry,
                write=write,
                throttle=self.throttle,
                in_flight=self._in_flight,
                guard=guard,
            )
        except httpx.TransportError as error:
            # Reads are retried on any transport error but a name DNS does not know: say how long
            # iotplan kept at it.
            attempts = None if write or name_not_found(error) else self.retry.attempts
            raise transport_error(
                _failed_request(error, request),
                error,
                write=write,
                attempts=attempts,
                unreached_hint=ENDPOINT_ADVICE,
            ) from None


def _kept(page: list[Any], keep: Keep, request: str) -> list[Any]:
    """What the reader keeps of a page's items: a page at once where it can (live/read.py)."""
    keep_page = getattr(keep, "page", None)
    return keep_page(page, request) if keep_page is not None else [keep(item, request) for item in page]


def _let_go(response: httpx.Response) -> None:
    """A decoded answer's body freed as it goes, not by the next collection: httpx's response and
    its stream refer to each other, so only the cyclic collector freed one, and a 100,000-entity
    read held 20 MiB of list pages read and decoded at its peak. Its stream is spent: an empty one
    in its place breaks the cycle (nothing reads the body again)."""
    response.stream = _SPENT


_SPENT = httpx.ByteStream(b"")


def _decoded(response: httpx.Response, write: bool) -> Any:
    """The answer's JSON. An empty body is no answer iotplan can read, not an empty object: taken
    for `{}`, a write's answer would seem to hold none of the entities it made."""
    if not response.content:
        raise not_json(response, write=write)
    try:  # orjson where exact: a 100,000-sensor read is 60 MB of JSON (iotplan/exact_json.py)
        answer = exact_json.loads(response.content)
    except (ValueError, RecursionError):  # nested past what orjson reads, the json module's parse recurses
        raise not_json(response, write=write) from None
    if write and _is_error_body(answer):
        raise error_answered_as_success(response)
    return answer


def _is_error_body(answer: Any) -> bool:
    """The reference's error shape (`error` or `errors`) holding no `integration`: taken for an
    answer, it would seem to name none of the entities written, and drop the platform's message."""
    if not isinstance(answer, dict) or "integration" in answer:
        return False
    return bool(answer.get("error") or answer.get("errors"))


def _failed_request(error: httpx.TransportError, sent: httpx.Request) -> httpx.Request:
    """The request that failed: the token request of client credentials, when that one did."""
    try:
        return error.request
    except RuntimeError:  # httpx knows no request for this error
        return sent


def _forget_if_failed(reads: dict[str, Any], key: str, read: asyncio.Future[Any]) -> None:
    if read.cancelled() or read.exception() is not None:
        del reads[key]  # the next caller asks again


class _FirstPagesRefused(Exception):
    """A list's first requests answered 400 (clients/paging.py): its pageSize may be what was refused."""

    def __init__(self, error: PlatformError) -> None:
        super().__init__(str(error))
        self.error = error
