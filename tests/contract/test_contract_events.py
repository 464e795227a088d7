"""Event contracts: every sample ever published keeps parsing, and the generated files match.

Samples under samples/<type>/ are frozen: add a new file for a new shape, never edit or
delete an old one. A change that breaks an old sample is a breaking change (a new vN).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from leveling_common.events import EVENT_TYPES
from leveling_common.events.export import contract_files, main
from leveling_common.kafka import decode_record, default_payload_types

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((Path(__file__).parent / "samples").glob("*/*.json"))
CONTRACTS = ROOT / "contracts"


def _type_of(sample: Path) -> str:
    return f"com.leveling.{sample.parent.name}"


def test_every_event_type_has_at_least_one_sample():
    sampled = {_type_of(sample) for sample in SAMPLES}
    assert sampled == set(EVENT_TYPES)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_old_samples_still_parse_with_the_current_models(sample: Path):
    document = json.loads(sample.read_text())
    spec = EVENT_TYPES[_type_of(sample)]
    assert document["type"] == spec.name
    payload = spec.payload.model_validate(document["data"])
    assert payload.model_dump(mode="json")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_old_samples_validate_against_the_checked_in_json_schema(sample: Path):
    document = json.loads(sample.read_text())
    schema = json.loads((CONTRACTS / "jsonschema" / f"{sample.parent.name}.json").read_text())
    jsonschema.validate(document, schema)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_runtime_decodes_old_samples_from_kafka_bytes(sample: Path):
    class Record:
        topic, partition, offset, key, headers = "t", 0, 0, b"k", []
        value = sample.read_bytes()

    event = decode_record(Record(), default_payload_types())  # type: ignore[arg-type]
    assert event.event.type == _type_of(sample)


def test_checked_in_contract_files_match_the_models():
    expected = contract_files()
    for relative, content in expected.items():
        path = CONTRACTS / relative
        assert path.exists(), f"{relative} missing: run make contracts"
        assert path.read_text() == content, f"{relative} drifted: run make contracts"
    assert main([str(CONTRACTS), "--check"]) == 0


def test_the_asyncapi_document_names_every_topic_and_type():
    document = json.loads((CONTRACTS / "asyncapi.json").read_text())
    assert document["asyncapi"] == "3.0.0"
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == {"requisitions.v1", "leveling.decisions.v1", "catalogue.changes.v1"}
    names = {message["name"] for message in document["components"]["messages"].values()}
    assert names == set(EVENT_TYPES)
