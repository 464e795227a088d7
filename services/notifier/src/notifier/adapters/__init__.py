"""Adapters: the ledger database, the ATS, SMTP, outbound webhooks and the broker."""
