"""{% plan_evaluations plan %}: the evaluations of a plan's versions on its page, the current
version's first — they are what the next revision (a new version imported there) answers."""
from django import template

from geo_api.plans.evaluation_selectors import evaluations_of_plan

register = template.Library()


@register.inclusion_tag("plans/desk/_evaluations.html")
def plan_evaluations(plan: dict):
    rows = evaluations_of_plan(plan["id"])
    current = plan["version"]
    return {"current": [e for e in rows if e["version"] == current],
            "older": [e for e in rows if e["version"] != current], "version": current}
