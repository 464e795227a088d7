"""How the notifier is driven: the command line, the Kafka consumer, the HTTP API."""
