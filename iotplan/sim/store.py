"""The emulator's state in SQLite (standard library). Every SQL statement of the emulator is here.

The backends (backend.py, integrate.py, gateways.py) ask for values, never for rows or cursors.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from iotplan import exact_json
from iotplan.errors import IotplanError

SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (
    secret TEXT PRIMARY KEY, kind TEXT NOT NULL, projects TEXT NOT NULL, expires REAL);
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY, secret TEXT NOT NULL, projects TEXT NOT NULL, token_ttl REAL NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, project_id TEXT NOT NULL, node_id TEXT, device_id TEXT,
    serial TEXT, name TEXT, seq INTEGER NOT NULL, body TEXT NOT NULL);
-- `serial` is the refId the platform finds an entity by: its SERIAL_NO, unless a variant says otherwise.
CREATE INDEX IF NOT EXISTS entities_by_project ON entities (project_id, kind, seq);
CREATE INDEX IF NOT EXISTS entities_by_node ON entities (node_id, kind, serial);
-- A sensor is found by its device and refId on every create, rename and remove: the (device_id) index
-- this one replaces left a scan of every sensor of the device. A database made with the older index
-- gets this one at open and loses the older, which only slowed its writes.
CREATE INDEX IF NOT EXISTS entities_by_device_serial ON entities (device_id, kind, serial);
DROP INDEX IF EXISTS entities_by_device;
CREATE TABLE IF NOT EXISTS gateways (
    serial TEXT PRIMARY KEY, host TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# One live entity per refId under one parent, whatever the requests race (the backend checks first
# and answers 409; this makes the database itself refuse). A database written before this rule may
# already hold duplicates: it keeps working without the index.
UNIQUE_REF_IDS = """
CREATE UNIQUE INDEX IF NOT EXISTS entities_one_per_ref_id ON entities
    (kind, project_id, COALESCE(node_id, ''), COALESCE(device_id, ''), serial) WHERE serial IS NOT NULL;
"""
PRIVATE = 0o600  # the database's files: owner read and write only
_IDS_PER_QUERY = 500  # under SQLite's oldest limit of 999 parameters a statement
_LISTINGS_KEPT = 8
TABLES = ("projects", "credentials", "clients", "entities", "gateways", "meta")
# The column an entity is looked up by for its parent: a connection's is its project.
PARENT_COLUMNS = {"node": "project_id", "device": "node_id", "sensor": "device_id"}


def _open(path: str | Path) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        _made_private(Path(path))
    db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    if str(path) != ":memory:":
        with _said_if_not_a_database(db, path):  # the first statement reads the file's header
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    with contextlib.suppress(sqlite3.IntegrityError):
        db.executescript(UNIQUE_REF_IDS)
    return db


@contextmanager
def _said_if_not_a_database(db: sqlite3.Connection, path: str | Path) -> Iterator[None]:
    """A file that is no SQLite database (a manifest given as --sim-db by a slip) is said as such,
    naming it; SQLite reads its header and refuses before writing anything to it."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise
        db.close()
        raise IotplanError(  # said alike for --sim-db and `sim serve --db`: the option is not known here
            f"{path}: not a database of the embedded platform (SQLite: {error}); it was left as it "
            "was. Name the platform's database file, or a file that does not exist yet to start afresh"
        ) from None


def _made_private(db: Path) -> None:
    """A new database file made owner read and write only before SQLite opens it. It holds API
    keys, client secrets and feed tokens in clear, and SQLite gives the -wal and -shm files it makes
    beside it the database file's permissions: none of them is ever readable by others, not even
    for a moment. An existing file is left as it is (`keep_private` tightens one)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def keep_private(db: Path) -> None:
    """An existing database and SQLite's files beside it, owner read and write only: one made
    before iotplan made them private, say. The one rule for `sim serve --db` and the embedded
    platform of the other commands (clients/target.py, which imports it only with the emulator)."""
    for path in (db, db.with_name(f"{db.name}-wal"), db.with_name(f"{db.name}-shm")):
        if path.exists():
            try:
                path.chmod(PRIVATE)
            except OSError as error:  # a file of someone else's: say so rather than leave it open
                raise IotplanError(f"{path}: cannot make it private: {error.strerror}") from None


class Keep:
    """An update that leaves the refId as it is."""


KEEP = Keep()


class Store:
    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        """`read_only`: look at an existing database without writing anything to it."""
        if read_only:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        else:
            self.db = _open(path)
        self.db.row_factory = sqlite3.Row
        self._gateway_hosts: set[str] | None = None  # every request asks: answered from memory
        # The rows of recent lists in order, with the changes counters they were read at:
        # (this connection's writes, other connections' commits).
        self._listings: dict[str, tuple[tuple[int, int], list[int]]] = {}
        self._depth = 0
        # The text of each entity written in the open transaction, by id (None outside one): an
        # integrate answer shows every entity it wrote as stored, and read back from the table
        # that took a query per answer. Inside the transaction no other connection writes; a
        # removal or a rollback forgets them all, so what is asked is read from the table again.
        self._written: dict[str, str] | None = None
        self._seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM entities").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception inside rolls every write back. Nested, it is a savepoint."""
        savepoint = f"level{self._depth}"
        self.db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {savepoint}")
        self._depth += 1
        if self._depth == 1:
            self._written = {}
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._written = {} if self._depth else None
            self.db.execute("ROLLBACK" if self._depth == 0 else f"ROLLBACK TO {savepoint}")
            if self._depth:
                self.db.execute(f"RELEASE {savepoint}")
            self._gateway_hosts = None
            raise
        self._depth -= 1
        if self._depth == 0:
            self._written = None
        self.db.execute("COMMIT" if self._depth == 0 else f"RELEASE {savepoint}")

    def reset(self) -> None:
        self._gateway_hosts = None
        with self.transaction():
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self._written = {}

    # --- projects and credentials ------------------------------------------------------------
    def put_project(self, project_id: str, name: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO projects VALUES (?, ?)", (project_id, name))

    def project(self, project_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, name FROM projects WHERE id = ?", (project_id,)).fetchone()
        return dict(row) if row else None

    def first_project(self) -> str | None:
        row = self.db.execute("SELECT id FROM projects ORDER BY rowid LIMIT 1").fetchone()
        return row["id"] if row else None

    def put_credential(self, secret: str, kind: str, projects: Any, expires: float | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO credentials VALUES (?, ?, ?, ?)",
            (secret, kind, json.dumps(projects), expires),
        )

    def credential(self, secret: str) -> dict[str, Any] | None:
        """`{"kind", "projects": "*" | [ids], "expires": epoch seconds | None}`."""
        row = self.db.execute("SELECT * FROM credentials WHERE secret = ?", (secret,)).fetchone()
        return {**dict(row), "projects": json.loads(row["projects"])} if row else None

    def put_client(self, client_id: str, secret: str, projects: Any, token_ttl: float) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO clients VALUES (?, ?, ?, ?)",
            (client_id, secret, json.dumps(projects), token_ttl),
        )

    def client(self, client_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM clients WHERE client_id = ?", (client_id,)).fetchone()
        return {**dict(row), "projects": json.loads(row["projects"])} if row else None

    # --- entities ------------------------------------------------------------------------
    def insert(
        self,
        kind: str,
        entity: dict[str, Any],
        parents: tuple[str, str | None, str | None],
        ref_id: str | None,
    ) -> None:
        """A new entity under (project, connection, device); `ref_id` is what it is found by.
        A second live entity with one refId under one parent breaks the unique index."""
        self._seq += 1
        name, body = entity["props"].get("NAME"), _encoded(entity)
        self.db.execute(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity["id"], kind, *parents, ref_id, name, self._seq, body),
        )
        self._wrote(entity["id"], body)

    def insert_unless_taken(
        self,
        kind: str,
        entity: dict[str, Any],
        parents: tuple[str, str | None, str | None],
        ref_id: str | None,
    ) -> bool:
        """`insert`, or False (nothing written) when another entity has this id: one statement
        where asking first took two for every new entity."""
        try:
            self.insert(kind, entity, parents, ref_id)
        except sqlite3.IntegrityError:
            if self.kind_of(entity["id"]) is None:
                raise  # another rule refused it, not the id
            return False
        return True

    def update(self, entity: dict[str, Any], ref_id: str | Keep | None = KEEP) -> None:
        """An entity's new body, and its new refId when it changes (a rename)."""
        body, name = _encoded(entity), entity["props"].get("NAME")
        if isinstance(ref_id, Keep):
            cursor = self.db.execute(
                "UPDATE entities SET body = ?, name = ? WHERE id = ?", (body, name, entity["id"])
            )
        else:
            cursor = self.db.execute(
                "UPDATE entities SET body = ?, name = ?, serial = ? WHERE id = ?",
                (body, name, ref_id, entity["id"]),
            )
        if cursor.rowcount == 1:  # an id no row has wrote nothing
            self._wrote(entity["id"], body)

    def _wrote(self, entity_id: str, body: str) -> None:
        if self._written is not None:
            self._written[entity_id] = body

    def get(self, entity_id: str) -> dict[str, Any] | None:
        if self._written and isinstance(entity_id, str) and entity_id in self._written:
            return _decoded(self._written[entity_id])
        row = self.db.execute("SELECT body FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return _decoded(row["body"]) if row else None

    def get_many(self, entity_ids: list[str]) -> list[dict[str, Any] | None]:
        """`get` of each id, in a few queries: an integrate answer shows every entity it wrote."""
        written = self._written or {}
        ids = [entity_id for entity_id in entity_ids if entity_id in written]
        bodies = [written[entity_id] for entity_id in ids]
        for entity_id, body in self._bodies_in("id", [i for i in entity_ids if i not in written]):
            ids.append(entity_id)
            bodies.append(body)
        found = dict(zip(ids, _decoded_all(bodies), strict=True))
        return [found.get(entity_id) for entity_id in entity_ids]

    def _bodies_in(self, column: str, values: list[Any]) -> Iterator[tuple[Any, str]]:
        """(value, stored text) of each entity whose `column` is one of `values`, in no order."""
        for start in range(0, len(values), _IDS_PER_QUERY):
            chunk = values[start : start + _IDS_PER_QUERY]
            query = f"SELECT {column}, body FROM entities WHERE {column} IN ({', '.join('?' * len(chunk))})"
            yield from self.db.execute(query, chunk)

    def project_of(self, entity_id: str) -> str | None:
        row = self.db.execute("SELECT project_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return row["project_id"] if row else None

    def kind_of(self, entity_id: str) -> str | None:
        row = self.db.execute("SELECT kind FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return row["kind"] if row else None

    def observation_total(self, parent_kind: str, parent_id: str) -> int:
        """What the sensors under a connection or a device hold: their OBSERVATION_COUNTs' sum."""
        column = "node_id" if parent_kind == "node" else "device_id"
        query = (
            "SELECT COALESCE(SUM(json_extract(body, '$.props.OBSERVATION_COUNT')), 0) FROM entities "
            f"WHERE kind = 'sensor' AND {column} = ?"
        )
        return int(self.db.execute(query, (parent_id,)).fetchone()[0])

    def add_received(self, node_id: str, count: int) -> None:
        """`connection-count-current`: observations uploaded under a connection, kept past its sensors."""
        self.db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
            (f"received:{node_id}", count),
        )

    def received(self, node_id: str) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (f"received:{node_id}",)).fetchone()
        return int(row["value"]) if row else 0

    def last_observation(self, parent_kind: str, parent_id: str) -> str | None:
        """The latest LAST_OBSERVATION of the sensors under a connection or a device (ISO texts of
        one form, so the greatest is the latest), None when none reported."""
        column = "node_id" if parent_kind == "node" else "device_id"
        query = (
            "SELECT MAX(json_extract(body, '$.props.LAST_OBSERVATION')) FROM entities "
            f"WHERE kind = 'sensor' AND {column} = ?"
        )
        latest = self.db.execute(query, (parent_id,)).fetchone()[0]
        return str(latest) if latest else None

    def by_serial(self, kind: str, parent_id: str, serial: str) -> dict[str, Any] | None:
        """The entity of this kind under this parent (a connection's parent: its project)."""
        row = self.db.execute(
            f"SELECT body FROM entities WHERE kind = ? AND {PARENT_COLUMNS[kind]} = ? AND serial = ?",
            (kind, parent_id, serial),
        ).fetchone()
        return _decoded(row["body"]) if row else None

    def children(self, kind: str, parent_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            f"SELECT body FROM entities WHERE kind = ? AND {PARENT_COLUMNS[kind]} = ? ORDER BY seq",
            (kind, parent_id),
        )
        return [_decoded(row["body"]) for row in rows]

    def count(self, kind: str, parent_id: str) -> int:
        query = f"SELECT COUNT(*) FROM entities WHERE kind = ? AND {PARENT_COLUMNS[kind]} = ?"
        return int(self.db.execute(query, (kind, parent_id)).fetchone()[0])

    def delete_tree(self, entity_id: str) -> None:
        self._written = {} if self._depth else None
        self.db.execute(
            "DELETE FROM entities WHERE id = ? OR node_id = ? OR device_id = ?",
            (entity_id, entity_id, entity_id),
        )

    def page(
        self,
        kind: str,
        project_id: str,
        number: int,
        size: int,
        by_name: bool,
        descending: bool,
        node_id: str | None,
    ) -> list[str]:
        """The entities of one page as their stored JSON texts: a list answer is their join, so a
        page of 1,000 sensors is not parsed and encoded again (that was most of the server's time)."""
        direction = " DESC" if descending else ""
        # By seq alone when that is the order: "ORDER BY seq, seq" makes SQLite sort in a temporary
        # tree instead of reading its index in order.
        order = f"name{direction}, seq" if by_name else f"seq{direction}"
        where, args = "kind = ? AND project_id = ?", [kind, project_id]
        if node_id:
            where, args = where + " AND node_id = ?", [*args, node_id]
        listed = self._listing(f"SELECT rowid FROM entities WHERE {where} ORDER BY {order}", args)
        chosen = listed[number * size : (number + 1) * size]
        bodies = dict(self._bodies_in("rowid", chosen))
        return [bodies[rowid] for rowid in chosen]

    def _listing(self, query: str, args: list[str]) -> list[int]:
        """A list's rows in order, kept until the database changes. Paged with OFFSET, SQLite walks
        every row before the page: page 1,000 of a million sensors took 90 ms, and reading all the
        pages 45 s of the server's CPU, where the platform's read of them is linear."""
        changed = (self.db.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0])
        kept = self._listings.get(query + repr(args))
        if kept is None or kept[0] != changed:
            if len(self._listings) >= _LISTINGS_KEPT:
                self._listings.clear()
            kept = (changed, [row[0] for row in self.db.execute(query, args)])
            self._listings[query + repr(args)] = kept
        return kept[1]

    # --- lists-lag-rpc-writes ---------------------------------------------------------------
    def put_lagging(self, kind: str, entity_id: str, before: dict[str, Any] | None) -> None:
        """The most recent JSON-RPC write, and its entity as it stood before it (None: it made it)."""
        text = _encoded({"kind": kind, "id": entity_id, "before": before})
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('lagging', ?)", (text,))

    def lagging(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'lagging'").fetchone()
        return _decoded(row["value"]) if row else None

    # --- THREAD gateways -------------------------------------------------------------------
    def put_gateway(self, gateway: dict[str, Any]) -> None:
        self._gateway_hosts = None
        self.db.execute(
            "INSERT OR REPLACE INTO gateways VALUES (?, ?, ?, ?)",
            (gateway["serial"], gateway["host"], gateway["project_id"], json.dumps(gateway)),
        )

    def gateway_hosts(self) -> set[str]:
        if self._gateway_hosts is None:
            self._gateway_hosts = {row["host"] for row in self.db.execute("SELECT host FROM gateways")}
        return self._gateway_hosts

    def gateway(self, *, host: str | None = None, serial: str | None = None) -> dict[str, Any] | None:
        column, value = ("host", host) if host is not None else ("serial", serial)
        row = self.db.execute(f"SELECT body FROM gateways WHERE {column} = ?", (value,)).fetchone()
        return json.loads(row["body"]) if row else None

    def gateways(self) -> list[dict[str, Any]]:
        return [json.loads(row["body"]) for row in self.db.execute("SELECT body FROM gateways")]


def _encoded(entity: dict[str, Any]) -> str:
    """An entity's stored text. By orjson (the json module took 2.3 s of the server's 13 s for a
    cold apply of 111,100 entities); any valid JSON will do, since list pages join the texts."""
    return exact_json.dumps(entity).decode()


def _decoded(body: str) -> Any:
    """A stored text, exactly: orjson would read an integer past 64 bits as a float."""
    return exact_json.loads(body.encode())


def _decoded_all(bodies: list[str]) -> list[Any]:
    """`_decoded` of each stored text, read as one JSON array: one scan and one parse for an integrate
    answer's hundred entities, not a hundred (a tenth of the server's CPU in a cold apply). The same
    values: each text is one JSON object, so the array's values are theirs, and a text the exact read
    sends to the json module sends the array, which the json module reads alike."""
    return list(exact_json.loads(f"[{','.join(bodies)}]".encode()))
