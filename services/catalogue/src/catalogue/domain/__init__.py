"""The catalogue's domain: pure data and rules, no I/O."""
