#!/usr/bin/env bash
# Creates every topic and its dead-letter topic before the services start, so none is
# auto-created with broker defaults. Idempotent: existing topics are left as they are.
# TOPICS (space-separated) and PARTITIONS come from docker-compose.yml.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-kafka:9092}"
for topic in ${TOPICS:?TOPICS is required}; do
  for name in "$topic" "$topic.dlq"; do
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$name" --partitions "${PARTITIONS:?PARTITIONS is required}" \
      --replication-factor "${REPLICATION_FACTOR:-1}"
  done
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --describe --exclude-internal
