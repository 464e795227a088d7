"""The catalogue's JSON shapes (API bodies, bulk export/import, seed files) and their mapping
to the domain. Kept apart from the domain so the domain stays free of pydantic."""
