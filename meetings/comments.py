"""The comments block (领导点评) that board, drill-down and item pages include for one
target, drawn by Jinja2 (templates/jinja2/meetings/comments.html): a drill-down shows
it on every view, and the Django template language took a few times longer."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from actions.forms import render_widget
from actions.prepared import prepared_objects
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
    """The context of templates/jinja2/meetings/comments.html for one target: what
    people typed comes escaped as the Django template language escapes it."""
    kind, target = next(
        (k, t) for k, t in (("item", item), ("unit", unit), ("action", action)) if t is not None
    )
    can_comment = user.has_perm("meetings.comment")
    office_on_behalf = user.is_office and not user.is_leader
    block = {
        "month": month,
        "kind": kind,
        "target": target,
        "dom_id": f"comments-{kind}-{target.pk}",
        "comments": [_shown(comment) for comment in queries.comments_for(month, **{kind: target})],
        "form": None,
        "office_on_behalf": office_on_behalf,
        "error": conditional_escape(error),
        "next_url": conditional_escape(next_url),
    }
    if can_comment:
        if form is None:
            initial = {"target": kind, "target_id": target.pk}
            if user.is_leader:
                # The id, not the instance: the form shows its pk either way.
                initial["on_behalf_of"] = user.official_id
            form = CommentForm(initial=initial)
        if office_on_behalf:
            form.fields["on_behalf_of"].empty_label = _("请选择点评领导")
        block["form"] = _form(form, month)
    return block


def _shown(comment) -> dict:
    """A comment as the block prints it."""
    return {
        "pk": comment.pk,
        "text": conditional_escape(comment.text),
        "speaker": conditional_escape(comment.speaker),
        "author": conditional_escape(comment.author),
        "entered_for_someone_else": comment.entered_for_someone_else,
        "created_at": timezone.localtime(comment.created_at),
    }


def _form(form: CommentForm, month: Month) -> dict:
    """The comment form's parts as the block prints them; the leaders to speak for read
    by SQL the ORM builds once per process (actions.prepared), as its field would list
    them (1 query)."""
    field = form.fields["on_behalf_of"]
    officials = prepared_objects(("comment-officials",), lambda: field.queryset)
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    choices += [(official.pk, field.label_from_instance(official)) for official in officials]
    chosen = str(form["on_behalf_of"].value())
    text = form["text"].value()
    return {
        "action": reverse("meetings:comment_add", args=[month.label]),
        "hidden": SafeString(render_widget(form["target"]) + render_widget(form["target_id"])),
        "choices": [
            (value, conditional_escape(label), str(value) == chosen) for value, label in choices
        ],
        "text": conditional_escape("" if text is None else text),
    }


def comments_html(block: dict, csrf_token) -> SafeString:
    """The comments block drawn for `block` (comment_block), its form posting with the
    request's CSRF token."""
    return render_to_string(
        "meetings/comments.html", {"b": block, "csrf_token": csrf_token}, using="jinja2"
    )
