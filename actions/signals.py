"""What the actions layer tells the layers above it, without importing them.

`plan_changed` is sent once an action or item of the plan was edited (targets, weights,
deadlines, lead units...): every month's live preview may score differently now; with
`year`, only the months of that plan year.
"""

from django.dispatch import Signal

plan_changed = Signal()
