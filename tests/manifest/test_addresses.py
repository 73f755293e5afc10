from iotplan.manifest import derive_ref_id


def test_ref_id_is_stack_then_keys() -> None:
    assert derive_ref_id("quickstart", "dam-a", "logger-1", "pz-1") == "quickstart:dam-a/logger-1/pz-1"


def test_node_ref_id_has_only_its_key() -> None:
    assert derive_ref_id("quickstart", "dam-a") == "quickstart:dam-a"
