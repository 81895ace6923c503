from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DEFAULT_RATE

RATE_HELP = _("如 120/min（每分钟 120 次）、5000/day")


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("名称"),
        max_length=50,
        help_text=_("如 数字驾驶舱"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    expires = forms.DateField(
        label=_("到期日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=_("留空为长期有效"),
    )
    rate = forms.CharField(
        label=_("限速"),
        max_length=20,
        initial=DEFAULT_RATE,
        help_text=RATE_HELP,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_rate(self) -> str:
        rate = self.cleaned_data["rate"].strip()
        try:
            count, _period = _parse(rate)
        except (ValueError, KeyError):
            raise forms.ValidationError(
                _("限速格式应为 次数/单位，单位为 sec、min、hour 或 day")
            ) from None
        if count < 1:
            raise forms.ValidationError(_("限速次数至少为 1"))
        return rate


def _parse(rate: str) -> tuple[int, str]:
    """DRF's "n/period", where DRF reads the period by its first letter."""
    count, period = rate.split("/")
    if period not in ("sec", "min", "hour", "day", "s", "m", "h", "d"):
        raise ValueError(period)
    return int(count), period


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("推送地址"),
        max_length=500,
        assume_scheme="https",
        help_text=_("发布和更正时向该地址 POST 通知"),
        widget=forms.URLInput(attrs={"class": "form-control"}),
    )
    secret = forms.CharField(
        label=_("签名密钥"),
        max_length=200,
        required=False,
        help_text=_("留空则自动生成"),
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "placeholder": _("留空则自动生成"),
            }
        ),
    )
