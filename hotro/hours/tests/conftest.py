import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read error messages in English; the Vietnamese ones are checked where they matter."""
    with translation.override("en"):
        yield
