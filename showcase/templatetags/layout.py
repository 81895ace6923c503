"""The frame of every page (templates/base.html): its navigation bar and language switch,
drawn by Jinja2 (templates/jinja2/includes/), which renders them several times faster
than the Django template language, and its style sheets' and scripts' addresses; every
page pays for them."""

from __future__ import annotations

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from showcase.context_processors import nav_entries, nav_url
from showcase.jinja2 import display

register = template.Library()


@register.simple_tag(takes_context=True)
def navbar(context) -> SafeString:
    """The district's name, and for a login its menu, name, role and unit, the language
    switch and 退出. Texts are escaped here, by Django's escape, as the Django template
    language prints them."""
    user = context.get("user")
    login = getattr(user, "is_authenticated", False)
    values = {
        "home_url": nav_url("home"),
        "district_name": conditional_escape(context.get("district_name", "")),
        "login": login and _login_text(user),
    }
    if login:
        request = context["request"]
        values.update(
            entries=[
                {
                    **entry,
                    "url": conditional_escape(entry["url"]),
                    "label": conditional_escape(entry["label"]),
                }
                for entry in nav_entries(request)
            ],
            language_switch=language_switch(context),
            logout_url=nav_url("logout"),
            csrf_input=CsrfTokenNode().render(context),
        )
    return render_to_string("includes/navbar.html", values, using="jinja2")


@register.simple_tag(takes_context=True)
def language_switch(context, button: str = "btn-outline-light") -> SafeString:
    """A button to see the page in the other language, back on the page after."""
    values = {
        "action": nav_url("set_language"),
        "csrf_input": CsrfTokenNode().render(context),
        "next": conditional_escape(context["request"].get_full_path()),
        "language": get_language(),
        "button": conditional_escape(button),
    }
    return render_to_string("includes/language_switch.html", values, using="jinja2")


def _login_text(user) -> SafeString:
    """Who is logged in: name · role (· unit)."""
    parts = [user, display(user, "role")]
    if user.unit:
        parts.append(user.unit.name)
    return SafeString(" · ".join(conditional_escape(part) for part in parts))


@register.simple_tag
def asset(path: str) -> str:
    """{% static path %}, looked up once per process: the static files and their hashed
    names do not change while it runs (the storage itself reads its manifest once)."""
    return _asset(path)


@functools.cache
def _asset(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_assets(setting: str, **kwargs) -> None:
    if setting in ("STORAGES", "STATIC_ROOT", "STATIC_URL"):  # as Django resets its storage
        _asset.cache_clear()
