"""Adapters between the leveler's domain and the outside world."""
