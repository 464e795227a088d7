"""Process entry points: the command line, the HTTP API and the worker."""
