"""The end-to-end workspace (the examples and the embedded platform in a temporary folder) for apply tests."""

from tests.e2e.conftest import workspace  # noqa: F401 (a fixture)
