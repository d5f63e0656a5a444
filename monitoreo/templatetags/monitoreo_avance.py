"""{% avance_del_plan plan as avance %}: the plan's progress (monitoreo.avance) for the plan page and
its PDF, from the plan's prefetched cells and visits."""

from django import template
from django.utils import timezone

from monitoreo import avance

register = template.Library()


@register.simple_tag
def avance_del_plan(plan):
    return avance.avance(plan, timezone.localdate())
