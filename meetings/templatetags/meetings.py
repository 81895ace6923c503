"""Template pieces other pages include: a target's comments with the htmx comment form."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Item, Month, Unit

from .. import queries
from ..forms import CommentForm
from ..services import may_comment

register = template.Library()


def official_for(user):
    """The Official a leader's login stands for, matched by name, if any."""
    from actions.models import Official

    name = user.display_name or user.username
    return Official.objects.filter(name=name).first()


def comment_block(
    user,
    month: Month,
    *,
    item=None,
    unit=None,
    action=None,
    form: CommentForm | None = None,
    error: str = "",
    next_url: str = "",
) -> dict:
    """The context of meetings/includes/comments.html for one target."""
    kind, target = next(
        (k, t) for k, t in (("item", item), ("unit", unit), ("action", action)) if t is not None
    )
    can_comment = may_comment(user)
    if can_comment and form is None:
        initial = {"target": kind, "target_id": target.pk}
        if user.is_leader:
            initial["on_behalf_of"] = official_for(user)
        form = CommentForm(initial=initial)
    office_on_behalf = user.is_office and not user.is_leader
    if can_comment and office_on_behalf:
        form.fields["on_behalf_of"].empty_label = _("请选择点评领导")
    return {
        "month": month,
        "kind": kind,
        "target": target,
        "dom_id": f"comments-{kind}-{target.pk}",
        "comments": queries.comments_for(month, **{kind: target}),
        "form": form if can_comment else None,
        "office_on_behalf": office_on_behalf,
        "error": error,
        "next_url": next_url,
    }


@register.inclusion_tag("meetings/includes/comments.html", takes_context=True)
def comments_for(context, month, item=None, unit=None, action=None) -> dict:
    """{% comments_for month_label item=item %}: the month's comments on one item, unit or
    action, and the comment form for leaders and the office. `month` is a Month or a
    "YYYY-MM" label; targets are instances, pks or codes. Renders nothing if either is
    unknown."""
    try:
        month = queries.resolve_month(month)
    except (Month.DoesNotExist, ValueError):
        return {"block": None}
    targets = {
        "item": queries.resolve_target(Item, item),
        "unit": queries.resolve_target(Unit, unit),
        "action": queries.resolve_target(Action, action),
    }
    targets = {k: v for k, v in targets.items() if v is not None}
    if len(targets) != 1:
        return {"block": None}
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    next_url = request.get_full_path() if request is not None else ""
    return {
        "block": comment_block(user, month, next_url=next_url, **targets),
        "csrf_token": context.get("csrf_token"),
    }
