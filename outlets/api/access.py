"""Who may call the API: a request carries `Authorization: Api-Key <key>`; a session,
a password or a missing key opens nothing. Each key is throttled at its own rate in the
shared cache, and every use of a known key is logged (ApiKeyUse)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from ..models import ApiKey

KEYWORD = "Api-Key"


def key_from_header(header: str) -> str | None:
    """The key of an `Authorization: Api-Key <key>` header, else None."""
    keyword, _sep, key = header.strip().partition(" ")
    if keyword != KEYWORD or not key.strip():
        return None
    return key.strip()


def find_key(key: str) -> ApiKey | None:
    """The key whose hash matches, usable or not (1 query)."""
    prefix, _sep, _rest = key.partition(".")
    found = ApiKey.objects.filter(prefix=prefix).first()
    if found is None or not found.is_valid(key):
        return None
    return found


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """The request's key becomes `request.auth`; a bad, revoked or expired key is 401."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        key = key_from_header(header)
        if key is None:
            raise exceptions.AuthenticationFailed(_("请求头应为 Authorization: Api-Key <密钥>"))
        found = find_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("接口密钥无效"))
        # Known even when refused below, so the refusal is logged against it.
        request._request.outlet_key = found
        if found.revoked:
            raise exceptions.AuthenticationFailed(_("接口密钥已吊销"))
        if found.has_expired:
            raise exceptions.AuthenticationFailed(_("接口密钥已过期"))
        return (None, found)

    def authenticate_header(self, request) -> str:
        return KEYWORD


class HasApiKey(permissions.BasePermission):
    message = gettext_lazy("缺少接口密钥：请求头应为 Authorization: Api-Key <密钥>")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)


class KeyRateThrottle(throttling.SimpleRateThrottle):
    """Each key at its own rate (ApiKey.rate), counted in Django's cache."""

    scope = "api_key"

    def get_rate(self):
        return None  # set per request, from the key

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        self.rate = request.auth.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class ApiKeySchema(OpenApiAuthenticationExtension):
    """How the OpenAPI file describes the key: the Authorization header."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <密钥>",
        }
