"""/tasks/: a person's plan tasks on a phone-sized page; each card's buttons (accept, start,
done, reject with a reason) post through htmx and the card is swapped with its new state."""
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_api.common.errors import DomainError
from geo_api.web.desk.shell import desk_page, forbidden, render_desk

from . import services
from .access import sees_no_tasks
from .models import Task
from .selectors import task_json, tasks_list
from .workflow import TASK_WORKFLOW

MODULE = "tasks"
OPEN = ("assigned", "accepted", "in_progress")


@desk_page
@require_GET
def my_tasks(request):
    if sees_no_tasks(request.user):
        return forbidden(request, _("Your account has no plan tasks."), current=MODULE)
    tasks = [task_json(t, request.user) for t in tasks_list(request.user, mine=True)]
    return render_desk(request, "tasks/desk/mine.html", {
        "open_tasks": [t for t in tasks if t["status"] in OPEN],
        "closed_tasks": [t for t in tasks if t["status"] not in OPEN][:20],
    }, current=MODULE)


@desk_page
@require_POST
def move(request, task_id):
    error = ""
    try:
        result = services.task_transition(task_id=task_id, to=request.POST.get("to", ""), user=request.user,
                                          reason=request.POST.get("reason", "")[:2000])
        task = result.instance
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            return render(request, "tasks/desk/_card.html", {"error": exc.message, "task": None}, status=exc.status)
        error = exc.message  # not possible now (409) or a missing reason (400): the card says so
        task = TASK_WORKFLOW.readable(task_id, request.user)
    task = Task.objects.select_related("event", "activation__plan", "activation__version", "warning").get(pk=task.pk)
    return render(request, "tasks/desk/_card.html", {"task": task_json(task, request.user), "error": error})
