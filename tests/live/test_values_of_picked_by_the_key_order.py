"""`Props.values_of` picks a props' values with the getter its key order keeps for those keys: the same
values, None for each absent, as a lookup of each key gives, whichever keys are asked (none, one,
several, absent ones, the same keys again) and whatever made the order (a read's, or a plain dict)."""

from __future__ import annotations

from itertools import permutations

import pytest

from iotplan.live.model import Props, forget_key_orders, key_order, values_of

ANSWERED = {"NAME": "s", "SERIAL_NO": "st:a", "OBSERVATION_COUNT": 0, "KNOWN_UNITS": {"0": "Pa"}}
ASKED = [
    (),
    ("NAME",),
    ("ABSENT",),
    ("NAME", "OBSERVATION_COUNT"),
    ("KNOWN_UNITS", "ABSENT", "NAME"),
    ("ABSENT", "OTHER"),
    ("NAME", "NAME"),
    tuple(ANSWERED),
]


@pytest.fixture(autouse=True)
def _orders_forgotten() -> None:
    forget_key_orders()


@pytest.mark.parametrize("order", list(permutations(ANSWERED))[:6], ids=str)
def test_the_values_picked_are_those_of_each_key(order: tuple[str, ...]) -> None:
    answered = {key: ANSWERED[key] for key in order}
    at = key_order(order)
    assert at is not None
    for props in (Props(at, tuple(answered.values())), Props(dict(at), tuple(answered.values()))):
        for keys in ASKED * 2:  # asked again: the getter kept
            assert values_of(props, keys) == tuple(map(answered.get, keys))
            assert values_of(props, keys) == values_of(answered, keys)


def test_props_sharing_an_order_each_give_their_own_values() -> None:
    at = key_order(("NAME", "SERIAL_NO"))
    assert at is not None
    first, second = Props(at, ("a", "st:a")), Props(at, ("b", None))
    assert values_of(first, ("SERIAL_NO", "NAME")) == ("st:a", "a")
    assert values_of(second, ("SERIAL_NO", "NAME")) == (None, "b")
    second["OBSERVATION_COUNT"] = 3  # a new key: a new order, its own getters
    assert values_of(second, ("OBSERVATION_COUNT", "NAME", "ABSENT")) == (3, "b", None)
    assert values_of(first, ("OBSERVATION_COUNT", "NAME", "ABSENT")) == (None, "a", None)


def test_the_keys_asked_last_found_by_identity_give_what_a_lookup_gives() -> None:
    """`Props.values_of` finds the getter of the keys asked just before by their identity: asked
    again, asked with an equal tuple made anew, or with other keys between, on props of one order
    and of another, each answer is still each key's value."""
    orders = [tuple(ANSWERED), tuple(reversed(ANSWERED))]
    props = []
    for order in orders:
        at = key_order(order)
        assert at is not None
        props.append((Props(at, tuple(ANSWERED[key] for key in order)), at))
    asks = [keys for keys in ASKED for _ in range(2)] + [tuple(list(keys)) for keys in ASKED]
    for keys in asks + asks[::-1]:
        for each, at in props:
            assert values_of(each, keys) == tuple(map(ANSWERED.get, keys))
            assert at.last[0] is keys  # the slot now holds them: the next same ask takes it
