"""The comments block (领导点评) that board, drill-down and item pages include for one
target, and the official a leader's login stands for."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from actions.models import Official
from reporting.models import Month

from . import queries
from .forms import CommentForm
from .services import may_comment


def official_for(user):
    """The Official a leader's login stands for, matched by name, if any."""
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
