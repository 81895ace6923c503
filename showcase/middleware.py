"""The project's middleware: htmx requests that cannot be answered with the fragment
they asked for, uploads Django cannot read, and the Content-Security-Policy header.

An htmx request follows a redirect inside its XMLHttpRequest and swaps whatever comes
back into the page: after an idle session ended (30 minutes), a board would show the
whole login page inside its table. And htmx swaps nothing on a 403, so a refused click
would look like a dead button.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from reporting.uploads import NAME_LIMIT

# Where htmx puts the message of a refused request (templates/base.html).
MESSAGE_TARGET = "#htmx-message"


class HtmxAuthMiddleware:
    """A plain form posted after the session ended is sent to log in with `?next=` the
    page it was on. For a request with `HX-Request`: a redirect to the login page becomes
    `HX-Redirect` to the login page with `?next=` the page the user is on, so the
    browser leaves the page, logs in and comes back; a 403 becomes a short message
    that htmx shows in the page's message area.

    Listed before CsrfViewMiddleware, so a refused CSRF token gets the message too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true":
            if request.method == "POST" and _sends_back_to(response, request.get_full_path()):
                # A form sent after the session ended: log in, then back to the page
                # the form was on (static/js/keep.js puts its text back), not to the
                # address it posted to, which answers only POST.
                return redirect_to_login(page_url(request))
            return response
        if _is_login_redirect(response):
            login = redirect_to_login(page_url(request))
            answer = HttpResponse(status=204)
            answer["HX-Redirect"] = login["Location"]
            return answer
        if response.status_code == 403:
            answer = HttpResponse(
                render_to_string("includes/htmx_forbidden.html", request=request), status=403
            )
            answer["HX-Retarget"] = MESSAGE_TARGET
            answer["HX-Reswap"] = "innerHTML"
            return answer
        return response


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code not in (301, 302):
        return False
    login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
    return urlsplit(response["Location"]).path == login_path


def _sends_back_to(response: HttpResponse, path: str) -> bool:
    """Whether the answer is login_required's: to the login page, then back to `path`."""
    if not _is_login_redirect(response):
        return False
    return parse_qs(urlsplit(response["Location"]).query).get(REDIRECT_FIELD_NAME) == [path]


def page_url(request: HttpRequest) -> str:
    """The page (path and query) a request came from: htmx's `HX-Current-URL`, else
    the Referer, else the home page. Never another site's address."""
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            path = parts.path or "/"
            return f"{path}?{parts.query}" if parts.query else path
    return resolve_url("home")


class UnreadableUploadMiddleware:
    """A multipart POST Django cannot read goes back where it came from with a Chinese
    message, not the bare "Bad Request (400)". Django refuses a part whose headers pass
    1,024 bytes, which a browser sends for a file name of several hundred characters.

    Runs before CsrfViewMiddleware's check (which would read the body first); the answer
    only carries a message, so it needs no token.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parsing the body is what may fail
            except MultiPartParserError as exc:
                return self._refuse(request, exc)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        if "header size" in str(exc):
            message = _(
                "文件名太长：文件名最多 %(limit)s 个字，请改短后再上传（本次没有保存任何文件）"
            )
            message %= {"limit": NAME_LIMIT}
        else:
            message = _("上传的内容无法读取，请重新选择文件后上传（本次没有保存任何文件）")
        messages.error(request, message)
        referer = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            referer = resolve_url(settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(referer)


# What a view may set on its response to change the policy (django-csp's decorators).
_POLICY_OVERRIDES = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)


class PolicyOnceMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once per process: django-csp
    builds both headers from the settings on every response, a fixed cost of every
    request. A response a view gave a policy of its own, or a request that asked for a
    nonce, is still answered by django-csp itself; otherwise each header is the string
    it would build, sent on the same conditions."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _POLICY_OVERRIDES
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages
        for header, setting, exempt in _HEADERS:
            policy = _policy(header == HEADER_REPORT_ONLY)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(prefixes or ()))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
)


@functools.cache
def _policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _forget_policy(setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()
