"""A task that was taken on reads 已接收; 已验收 is a hazard's sign-off, a different thing."""
from django.utils import translation

from geo_api.tasks.models import Task


def test_task_states_read_as_a_responder_would_say_them():
    with translation.override("zh-hans"):
        labels = {value: str(label) for value, label in Task.Status.choices}
    assert labels == {"assigned": "已下发", "accepted": "已接收", "in_progress": "处置中", "done": "办结",
                      "rejected": "已退回"}
