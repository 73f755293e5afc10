"""A value set in props whose key order holds its page's shared values (`KeyOrder.tail`) reads
back as set, every other prop as it was: the observation counts filled in after a read of a page of
64 sensors or more (live/counts.py) scrambled them (PROJECT_ID read the count, OBSERVATION_COUNT
the project), and the plan made again replaced 70 sensors, destroying their history (cr93)."""

from iotplan.live.model import Props, key_order


def test_props_set_in_an_order_holding_its_pages_values_reads_back() -> None:
    keys = ("ID", "NAME", "PROJECT_ID", "OBSERVATION_COUNT", "TEMPLATE")
    order = key_order(keys, ((2, "project-1"), (4, "TEMPERATURE_SDE")))
    assert order is not None and order.tail  # the page's shared values held once
    props = Props(order, ("s-1", "Sensor 1", 0))

    props["OBSERVATION_COUNT"] = 40
    del props["NAME"]
    props["LAST_OBSERVATION"] = "2026-12-06T10:00:00Z"

    assert dict(props) == {
        "ID": "s-1",
        "PROJECT_ID": "project-1",
        "OBSERVATION_COUNT": 40,
        "TEMPLATE": "TEMPERATURE_SDE",
        "LAST_OBSERVATION": "2026-12-06T10:00:00Z",
    }
    assert props.values_of(("PROJECT_ID", "OBSERVATION_COUNT")) == ("project-1", 40)


def test_props_set_or_deleted_keep_their_keys_order() -> None:
    keys = ("ID", "NAME", "PROJECT_ID", "OBSERVATION_COUNT", "TEMPLATE")
    props = Props(key_order(keys, ((2, "project-1"),)) or {}, ("s-1", "Sensor 1", 0, "TEMPERATURE_SDE"))
    plain = Props({"ID": 0, "NAME": 1}, ("s-2", "Sensor 2"))

    del props["OBSERVATION_COUNT"]
    props["OBSERVATION_COUNT"] = 0
    props["NAME"] = "Sensor one"
    plain["NAME"] = "Sensor two"

    assert list(props.items()) == [
        ("ID", "s-1"),
        ("NAME", "Sensor one"),
        ("PROJECT_ID", "project-1"),
        ("TEMPLATE", "TEMPERATURE_SDE"),
        ("OBSERVATION_COUNT", 0),
    ]
    assert list(plain.items()) == [("ID", "s-2"), ("NAME", "Sensor two")]
