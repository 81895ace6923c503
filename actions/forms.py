"""Site-wide form pieces."""

from django.forms.renderers import Jinja2

# Django ships its widget templates for Jinja2 too, which renders them several times
# faster than the Django template language. The forms drawn many times per page (the
# fill page's report forms, the comment form on every drill-down) set it as their
# default_renderer; one shared instance, so its Jinja2 environment is built once. The
# admin's and other packages' widgets have DTL templates only and keep the default.
FAST_WIDGETS = Jinja2()
