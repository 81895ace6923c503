"""What the reporting layer tells the layers above it, without importing them.

`month_inputs_changed` is sent once the inputs of a month's scoring have changed (a
report accepted or reopened, a 加减分 added, edited or deleted, a ledger imported, a
month opened); scoring answers by rescoring that month's live preview once the current
transaction commits. `month` is the Month whose inputs changed.
"""

from django.dispatch import Signal

month_inputs_changed = Signal()
