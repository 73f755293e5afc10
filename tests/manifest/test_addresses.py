from iotplan.manifest import derive_ref_id
from iotplan.manifest.loader import default_stack


def test_ref_id_is_stack_then_keys() -> None:
    assert derive_ref_id("quickstart", "dam-a", "logger-1", "pz-1") == "quickstart:dam-a/logger-1/pz-1"


def test_node_ref_id_has_only_its_key() -> None:
    assert derive_ref_id("quickstart", "dam-a") == "quickstart:dam-a"


def test_default_stack_is_the_file_stem_even_for_templates() -> None:
    assert default_stack("sites/north.yaml") == "north"
    assert default_stack("examples/multi-site/site.yaml.j2") == "site"
    assert default_stack("-") == "stdin"
