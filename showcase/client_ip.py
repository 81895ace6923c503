"""The client's address as login throttling (django-axes) sees it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own reverse proxy saw when the request came through it.

    Only the right-most X-Forwarded-For entry is taken, and only from a trusted proxy
    (TRUSTED_PROXIES): nginx appends the peer it saw, while everything to its left was
    written by the client and could be forged to dodge a lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and remote in settings.TRUSTED_PROXIES:
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return remote
