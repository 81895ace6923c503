"""Template pieces other pages include: a target's comments with the htmx comment form."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from actions.models import Action, Item, Unit
from reporting.models import Month

from .. import queries
from ..comments import comment_block, comments_html

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_for(context, month, item=None, unit=None, action=None) -> SafeString:
    """{% comments_for month_label item=item %}: the month's comments on one item, unit or
    action, and the comment form for leaders and the office. `month` is a Month or a
    "YYYY-MM" label; targets are instances, pks or codes. Renders nothing if either is
    unknown."""
    try:
        month = queries.resolve_month(month)
    except (Month.DoesNotExist, ValueError):
        return SafeString("\n")  # the line break the Django template drew for nothing
    targets = {
        "item": queries.resolve_target(Item, item),
        "unit": queries.resolve_target(Unit, unit),
        "action": queries.resolve_target(Action, action),
    }
    targets = {k: v for k, v in targets.items() if v is not None}
    if len(targets) != 1:
        return SafeString("\n")
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    next_url = request.get_full_path() if request is not None else ""
    block = comment_block(user, month, next_url=next_url, **targets)
    return comments_html(block, context.get("csrf_token"))
