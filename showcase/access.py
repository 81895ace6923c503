"""Who may open what (DESIGN §2). Every view goes through one of these."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404


def role_required(check: Callable, *, hide: bool = False):
    """Login, then `check(user)`; a failed check is 403, or 404 where even the page's
    existence is not for this user."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                if hide:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


office_required = role_required(lambda u: u.is_office)
district_reader_required = role_required(lambda u: u.sees_district)
unit_member_required = role_required(lambda u: u.is_unit_member)
