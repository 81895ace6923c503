"""The local 浙政钉 gateway (zzd.local_gateway) on 127.0.0.1 for tests, with the site's
ZZD_* settings pointed at it; stopped after the test."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from zzd.gateway import TOKEN_CACHE_KEY
from zzd.local_gateway import LocalGateway

APP_KEY, APP_SECRET, TENANT = "showcase-app", "local-secret-不外传", "196729"


@pytest.fixture
def zzd_gateway(settings):
    local = LocalGateway(APP_KEY, APP_SECRET).start()
    settings.ZZD_DOMAIN = local.url
    settings.ZZD_APP_KEY, settings.ZZD_APP_SECRET = APP_KEY, APP_SECRET
    settings.ZZD_TENANT_ID = TENANT
    settings.ZZD_TIMEOUT_SECONDS = 1
    cache.delete(TOKEN_CACHE_KEY)
    try:
        yield local
    finally:
        cache.delete(TOKEN_CACHE_KEY)
        local.stop()
