"""The catalogue's HTTP routes, one module per resource."""
