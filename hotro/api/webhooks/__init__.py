"""Outgoing webhooks: desk events → small outbox rows → signed POSTs from the worker (docs/api.md)."""
