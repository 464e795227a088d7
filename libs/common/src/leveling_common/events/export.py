"""Generate the checked-in contract files from the models: JSON Schemas and AsyncAPI 3.

python -m leveling_common.events.export contracts/          # write
python -m leveling_common.events.export contracts/ --check  # exit 1 when files drifted
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from leveling_common.events.envelope import CloudEvent
from leveling_common.events.registry import EVENT_TYPES, EventType
from leveling_common.snapshot import CatalogueSnapshot

__all__ = ["asyncapi_document", "contract_files", "main"]

_PRODUCERS = {
    "requisitions.v1": "leveler intake, or any system that can produce to Kafka",
    "leveling.decisions.v1": "leveler worker",
    "catalogue.changes.v1": "catalogue",
}


def _schema_name(event_type: str) -> str:
    return event_type.removeprefix("com.leveling.")


def event_schema(spec: EventType) -> dict[str, Any]:
    model: type[BaseModel] = CloudEvent[spec.payload]  # type: ignore[name-defined]
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://leveling.dev/schemas/{_schema_name(spec.name)}.json"
    schema["title"] = spec.name
    schema["description"] = f"{spec.summary} CloudEvents 1.0 structured mode, on {spec.topic}."
    schema["properties"]["type"] = {"const": spec.name}
    return schema


def _message_id(event_type: str) -> str:
    parts = _schema_name(event_type).replace(".", "_").split("_")
    return parts[0] + "".join(part.title() for part in parts[1:])


def asyncapi_document() -> dict[str, Any]:
    topics = sorted({spec.topic for spec in EVENT_TYPES.values()})
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in topics:
        channel_id = topic.replace(".", "_")
        specs = [s for s in EVENT_TYPES.values() if s.topic == topic]
        refs = {
            _message_id(s.name): {"$ref": f"#/components/messages/{_message_id(s.name)}"}
            for s in specs
        }
        channels[channel_id] = {
            "address": topic,
            "description": f"Produced by the {_PRODUCERS[topic]}.",
            "messages": refs,
        }
        operations[f"publish_{channel_id}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in refs],
        }
        for spec in specs:
            messages[_message_id(spec.name)] = {
                "name": spec.name,
                "title": spec.summary,
                "contentType": "application/cloudevents+json",
                "payload": {"$ref": f"jsonschema/{_schema_name(spec.name)}.json"},
                "bindings": {"kafka": {"key": {"type": "string"}, "bindingVersion": "0.5.0"}},
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Requisition leveling events",
            "version": "1.0.0",
            "description": "Topics, CloudEvents types and payloads (DESIGN.md section 4).",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {"local": {"host": "127.0.0.1:9092", "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def contract_files() -> dict[str, str]:
    """Relative path → file content, for every generated contract file."""
    files = {
        f"jsonschema/{_schema_name(spec.name)}.json": _dump(event_schema(spec))
        for spec in EVENT_TYPES.values()
    }
    snapshot = CatalogueSnapshot.model_json_schema(mode="serialization")
    files["jsonschema/catalogue.snapshot.json"] = _dump(snapshot)
    files["asyncapi.json"] = _dump(asyncapi_document())
    return files


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    drifted = []
    for relative, content in contract_files().items():
        path: Path = args.directory / relative
        if args.check:
            if not path.exists() or path.read_text() != content:
                drifted.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    if drifted:
        sys.stderr.write(f"contract files out of date: {', '.join(drifted)}\n")
        sys.stderr.write("regenerate with: make contracts\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
