"""The notifier's rules: deliveries, their state machine, planning and message content.

Plain dataclasses and the standard library only; adapters translate to and from I/O.
"""
