"""`iotplan sim`: the embedded platform's commands (owned by the embedded-platform work)."""

import click


@click.group(epilog="\b\nExample:\n  iotplan sim serve --seed examples/sim/seed.yaml\n")
def sim() -> None:
    """Run the embedded iTwin IoT platform and THREAD gateways."""
