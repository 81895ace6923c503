"""What the scoring layer tells the layers above it, without importing them.

`month_published` is sent once a new revision of a month's boards is committed: its first
publication (发布) or a correction (更正). `label` is the month ("2022-03"), `revision`
the new revision's number. The outlets answer it (the public page's cache, webhooks).
"""

from django.dispatch import Signal

month_published = Signal()
