"""Use cases: record incoming decisions, dispatch deliveries, operate the ledger."""
