"""Presence: what automatic assignment and the console read (P3: a 24/7 desk assigns only to who is there)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hotro.presence import services
from hotro.presence.models import AgentStatus, Presence

pytestmark = pytest.mark.django_db


@pytest.fixture
def agents():
    User = get_user_model()
    return [User.objects.create_user(f"agent{i}@example.com", "x") for i in range(3)]


def test_an_agent_never_seen_is_offline(agents):
    assert services.statuses([a.pk for a in agents]) == {a.pk: Presence.OFFLINE for a in agents}
    assert services.online_agent_ids([a.pk for a in agents]) == set()


def test_seen_and_online_agents_take_work_until_their_console_goes_quiet(agents):
    now = timezone.now()
    a, b, c = agents
    services.seen(a.pk, now)
    services.seen(b.pk, now)
    services.choose(b.pk, Presence.AWAY)
    assert services.online_agent_ids([a.pk, b.pk, c.pk], now) == {a.pk}
    assert services.status_of(b.pk, now) == Presence.AWAY
    later = now + services.stale_after() + timedelta(seconds=1)
    assert services.online_agent_ids([a.pk], later) == set()
    assert services.status_of(a.pk, later) == Presence.OFFLINE


def test_signs_of_life_are_written_at_most_once_per_interval(agents):
    now = timezone.now()
    agent = agents[0]
    services.seen(agent.pk, now)
    services.seen(agent.pk, now + timedelta(seconds=1))
    assert AgentStatus.objects.get(agent=agent).seen_at == now
    services.seen(agent.pk, now + services.SEEN_RESOLUTION + timedelta(seconds=1))
    assert AgentStatus.objects.get(agent=agent).seen_at > now


def test_leaving_is_offline_at_once_and_an_unknown_status_changes_nothing(agents):
    agent = agents[0]
    services.seen(agent.pk)
    services.left(agent.pk)
    assert services.status_of(agent.pk) == Presence.OFFLINE
    with pytest.raises(services.PresenceError):
        services.choose(agent.pk, "busy")
    assert AgentStatus.objects.get(agent=agent).chosen == Presence.ONLINE
