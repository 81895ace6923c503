"""Who may open what: the views' side of accounts/rules.py."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def permission_required(perm: str, *, hide: bool = False):
    """Login, then `user.has_perm(perm)` (accounts/rules.py); a refusal is 403, or 404
    where even the page's existence is not for this user."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                if hide:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """A redirect target on this site (and on HTTPS when the request is), never elsewhere."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, fallback: str) -> str:
    """The page to go back to: the form's or the link's `next`, if safe, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else fallback


# The tag of a message that refuses what a form sent (messages.error(…, extra_tags=REFUSED)):
# back on the form's page, static/js/keep.js puts the typed text back into the form, so a
# reason refused as too long is corrected, not typed again.
REFUSED = "refused"
