"""`iotplan sim`: run the embedded platform and its THREAD gateways as real HTTP servers."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import click

from iotplan.cli.help import WholeHelpGroup
from iotplan.cli.options import AsciiIntRange, examples


class _NamingEveryVariant(click.Option):
    """--variant, whose help ends in every variant's name. iotplan.sim, which holds them, is the
    whole emulator (75 ms of CPU): imported when the help is read, not by every `iotplan --help`."""

    @property  # type: ignore[override]
    def help(self) -> str:
        from iotplan.sim.variants import KNOWN

        names = ", ".join(KNOWN)
        return f"{self._help_start}: {names}. In-process, IOTPLAN_SIM_VARIANTS=NAME,NAME does the same."

    @help.setter
    def help(self, start: str | None) -> None:
        self._help_start = start or ""


@click.group(cls=WholeHelpGroup, epilog=examples("iotplan sim serve --seed examples/sim/seed.yaml"))
def sim() -> None:
    """Run the embedded iTwin IoT platform and THREAD gateways."""


@sim.command(
    epilog=examples(
        "iotplan sim serve --seed examples/sim/seed.yaml",
        "iotplan sim serve --port 8400 --latency-ms 20 --rate-limit 5000/min --fail-rate 0.01",
        "iotplan sim serve --variant page-cap-100 --variant serial-is-uuid",
        "IOTPLAN_API_KEY=demo-key iotplan plan site.yaml --endpoint http://127.0.0.1:8400",
    )
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", default=8400, show_default=True, type=AsciiIntRange(1, 65535), help="The platform's port."
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="SQLite file to keep state in (default: in memory). A new file is seeded; an existing one "
    "is served as it is.",
)
@click.option(
    "--seed",
    "seed_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Seed YAML for a new platform (default: the built-in demo seed, as examples/sim/seed.yaml). "
    "Refused with an existing --db: delete the file, or POST the seed to /_sim/seed.",
)
@click.option(
    "--rpc-port",
    default=4201,
    show_default=True,
    type=AsciiIntRange(0, 65535),
    help="The JSON-RPC API's WebSocket port (the platform's is 4201); 0 takes any free port.",
)
@click.option(
    "--edge-port-base",
    type=AsciiIntRange(0, 65535),
    metavar="N",
    help="Serve a new seed's THREADs on ports N, N+1, ... instead of their seeded hosts' (the demo "
    "seed's 127.0.0.1:8401 to 8404); 0 takes any free ports. The start lines name them.",
)
@click.option("--latency-ms", default=0.0, type=float, help="Delay added to every request.")
@click.option("--rate-limit", help="Token-bucket limit answered with 429 and retry-after, e.g. 60/min.")
@click.option(
    "--fail-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of requests answered 500/503."
)
@click.option("--drop-rate", default=0.0, type=click.FloatRange(0, 1), help="Share of connections dropped.")
@click.option(
    "--variant",
    "variants",
    cls=_NamingEveryVariant,
    multiple=True,
    metavar="NAME",
    help="Switch one assumption of docs/api-assumptions.md to its alternative (repeat for several)",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(
    host: str,
    port: int,
    rpc_port: int,
    edge_port_base: int | None,
    db: str | None,
    seed_file: str | None,
    latency_ms: float,
    rate_limit: str | None,
    fail_rate: float,
    drop_rate: float,
    variants: tuple[str, ...],
    log_level: str,
) -> None:
    """Serve the platform API on --port, its JSON-RPC API on --rpc-port, and each seeded THREAD
    on its own loopback port.

    Gateways answer on the host:port their seed names (e.g. 127.0.0.1:8401), or from
    --edge-port-base on; the platform answers every other Host. Control endpoints live
    under /_sim/ (see docs/sim.md).
    """
    from iotplan.sim.serve import serve_forever  # uvicorn loads only for this command

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            serve_forever(
                host,
                port,
                Path(db) if db else None,
                seed_file,
                {
                    "latency_ms": latency_ms,
                    "rate_limit": rate_limit,
                    "fail_rate": fail_rate,
                    "drop_rate": drop_rate,
                },
                list(variants),
                log_level,
                rpc_port=rpc_port,
                edge_port_base=edge_port_base,
            )
        )
