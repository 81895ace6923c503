from django import forms
from django.utils.translation import gettext_lazy as _


class LinkForm(forms.Form):
    """A login's 浙政钉 account id and employee code; an empty id removes the link."""

    account_id = forms.CharField(
        label=_("浙政钉账号 ID"),
        max_length=64,
        required=False,
        help_text=_("本人在浙政钉中打开本应用被拒绝时，页面会显示其账号 ID；留空则取消关联。"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    employee_code = forms.CharField(
        label=_("员工编号"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
