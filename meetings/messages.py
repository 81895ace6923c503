"""What the meeting tells the units: a leader's comment (on the unit's home, its work
group robot and, where 浙政钉 is on, each person's 工作通知) and a new assignment (交办)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from actions.models import Item, Unit
from reporting.deliveries import (
    Message,
    in_site_language,
    queue_person_notices,
    queue_robot_message,
)
from reporting.services import notify_unit

from .models import Assignment, Comment


@in_site_language
def tell_unit_of_comment(comment: Comment) -> None:
    """The comment reaches the unit it is about as a notice: the unit commented on, the
    lead unit of the item, or the lead unit of the action."""
    target = comment.target
    unit_id = target.pk if isinstance(target, Unit) else target.lead_unit_id
    if unit_id is None:
        return
    url = target.get_absolute_url() if isinstance(target, Item) else ""
    text = _("%(speaker)s点评%(target)s（%(month)s）：%(text)s") % {
        "speaker": comment.speaker,
        "target": target.name,
        "month": comment.month.label,
        "text": comment.text,
    }
    notify_unit(unit_id, text, url)
    unit = target if isinstance(target, Unit) else Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return
    subject = _("【晒比会】%(speaker)s点评%(target)s") % {
        "speaker": comment.speaker,
        "target": target.name,
    }
    message = Message(subject, text, f"#### {subject}\n\n{comment.text}", url or reverse("home"))
    if unit.robot_webhook:
        queue_robot_message(unit, comment.month, f"comment-{comment.pk}", message)
    # Each person of the unit in 浙政钉, where it is on.
    queue_person_notices(unit, comment.month, f"comment-{comment.pk}", message)


@in_site_language
def tell_unit_of_assignment(assignment: Assignment) -> None:
    """A 工作通知 to each person of the responsible unit, opening the assignment, where
    浙政钉 is on (the unit sees it on its home page in any case)."""
    values = {
        "content": assignment.content[:200],
        "deadline": assignment.deadline.strftime("%Y-%m-%d"),
        "by": assignment.assigned_by,
    }
    subject = _("【晒比会】新交办事项")
    text = _("%(by)s交办：%(content)s（办理时限 %(deadline)s）") % values
    url = reverse("meetings:assignment_detail", args=[assignment.pk])
    purpose = f"assignment-{assignment.pk}"
    message = Message(subject, text, f"#### {subject}\n\n{text}", url)
    queue_person_notices(assignment.responsible_unit, assignment.month, purpose, message)
