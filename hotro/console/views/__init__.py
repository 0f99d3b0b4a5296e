"""Console views, split by page: lists (``queues``), the ticket page (``ticket``), its POST actions (``actions``)."""
