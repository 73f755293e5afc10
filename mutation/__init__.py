"""Mutation testing of the guard modules (`python -m mutation.run`); not part of the test suite."""
