from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("行动、事项和月报归入的年度计划；留空时取月报月份所在的年度"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SHOWCASE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大，上限为 %(mb)d MB") % {"mb": limit // 1024 // 1024}
            )
        return upload


class LedgerExportForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
