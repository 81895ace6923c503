"""The comments block (领导点评) that board, drill-down and item pages include for one
target."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.models import Month

from . import queries
from .forms import CommentForm


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
    can_comment = user.has_perm("meetings.comment")
    if can_comment and form is None:
        initial = {"target": kind, "target_id": target.pk}
        if user.is_leader:
            # The id, not the instance: the form shows its pk either way (one query less).
            initial["on_behalf_of"] = user.official_id
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
        # Read once, without the COUNT that a template's {% for %} or list() asks first.
        "on_behalf_of_choices": list(iter(form.fields["on_behalf_of"].choices))
        if can_comment
        else [],
        "office_on_behalf": office_on_behalf,
        "error": error,
        "next_url": next_url,
    }
