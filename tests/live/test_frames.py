"""hub._frames: sockets with the same decision share one encoded frame whatever their own
`user.<id>` topics; a socket whose topics the window's messages do not name gets nothing."""
import pytest

from geo_api.live.changes import Change, entity_topics
from geo_api.live.consumers import _initial_topics
from geo_api.live.hub import Subscriber, _frames
from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db


def subscriber(user, topics=None):
    topics = _initial_topics(user, {}) if topics is None else topics
    return Subscriber(user, topics, send=None)


def test_a_wall_of_commanders_shares_one_frame_and_other_topics_get_nothing():
    shelter = factories.shelter(1)
    walls = [subscriber(user_with_roles(f"wall{i}", "commander")) for i in range(3)]
    assert len({frozenset(s.topics) for s in walls}) == 3  # each has its own user.<id> topic
    elsewhere = subscriber(user_with_roles("elsewhere", "commander"), topics={"layer.personnel_positions"})
    change = Change("onemap_shelter", shelter.pk, "update", 41, 41)
    out = _frames([(s, frozenset(s.topics)) for s in [*walls, elsewhere]], [change], set(), 41)
    assert [s for s, _ in out] == walls
    frames = [frame for _, frame in out]
    assert all(frame is frames[0] for frame in frames)  # encoded once
    assert f'"id":{shelter.pk}' in frames[0] and '"layer":"shelters"' in frames[0]
    assert '"action":"updated"' in frames[0] and '"last_seq":41' in frames[0]


def test_a_windows_topics_cost_the_same_query_every_time(django_assert_num_queries):
    """entity_topics runs one query per resolver of the table, the same in every window (the
    default resolvers were once registered again on every call: one more query each window)."""
    ids = [factories.responder(1).position.pk]
    entity_topics("onemap_responderposition", ids)
    for _ in range(3):
        with django_assert_num_queries(1):  # the `event` foreign key's resolver
            entity_topics("onemap_responderposition", ids)
