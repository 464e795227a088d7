"""Use cases of the catalogue, each one transaction through a unit of work."""
