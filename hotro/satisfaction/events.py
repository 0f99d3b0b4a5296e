"""Events of customer satisfaction, declared here (as ``hotro.desk.events`` declares the desk's).

- ``rating_received``: sent by ``services.rate`` inside its transaction whenever a rating is given or
  changed, with ``rating`` (the ``Rating``), ``ticket``, ``actor`` (the ``Contact`` who rated) and
  ``previous`` (the score before, ``""`` for a first answer). Receivers write small rows (the API's
  webhook outbox rows) and nothing else, as for the desk's events.
"""

from django.dispatch import Signal

rating_received = Signal()
