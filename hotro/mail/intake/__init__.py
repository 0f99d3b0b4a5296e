"""Inbound mail to tickets: store the raw bytes, then parse, thread and hand over to the desk.

- ``store.store_raw``: content-addressed storage, the first thing any channel
  (pipe, IMAP, webhook) does with a message;
- ``process.process_inbound`` / ``retry_inbound``: the pipeline proper;
- ``plan.plan``: the decision alone, for ``mail_ingest --dry-run``;
- ``loops``: the acknowledgement rate limit that stops mail loops;
- ``departments``: the departments as every message reads them, kept 30 s per process.

Where the full text lives: the ticket message holds the reply without its
quoted history (``reply_text``); the complete original is the stored raw
message (``InboundMail``, linked to the ticket message), which agents of the
ticket's department download as ``.eml`` from the console/admin.
"""
