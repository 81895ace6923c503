"""Forms of the meeting pages; the writes themselves are in services.py."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms import FAST_WIDGETS
from actions.models import Official, Unit
from reporting.forms import UncutCharField
from reporting.models import Month, TextLimit

from .models import NOTICE_MAX_CHARS, ProgressKind

# The 通报's texts over their limit: refused with the limit named, the text kept as typed
# (no maxlength for the browser to cut a paste with).
TOO_LONG = TextLimit.message

# What a unit writes on an assignment's progress (办理情况, 佐证材料), and the office's
# 核验意见 on closing it, which is kept as its last progress.
PROGRESS_LIMIT = 4000
DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def month_choices_queryset():
    return Month.objects.newest_first()


class MonthChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Month) -> str:
        return obj.label


class CommentForm(forms.Form):
    # On every drill-down and trend page.
    default_renderer = FAST_WIDGETS

    target = forms.ChoiceField(
        choices=[("item", _("事项")), ("unit", _("单位")), ("action", _("行动"))],
        widget=forms.HiddenInput,
    )
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    on_behalf_of = forms.ModelChoiceField(
        label=_("点评领导"),
        queryset=Official.objects.order_by("name"),
        required=False,
        empty_label=_("（本人）"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label=_("点评内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("请填写点评内容")},
    )


class AssignmentForm(forms.Form):
    month = MonthChoiceField(
        label=_("会议月份"),
        queryset=month_choices_queryset(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    content = forms.CharField(
        label=_("交办内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("请填写交办内容")},
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.order_by("code"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择责任单位")},
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"),
        queryset=Unit.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    deadline = forms.DateField(
        label=_("办理时限"), widget=DATE_INPUT, error_messages={"required": _("请填写办理时限")}
    )
    assigned_by = forms.ModelChoiceField(
        label=_("交办领导"),
        queryset=Official.objects.order_by("name"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择交办领导")},
    )
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("办理状态"),
        choices=[
            (ProgressKind.IN_PROGRESS.value, ProgressKind.IN_PROGRESS.label),
            (ProgressKind.DONE.value, ProgressKind.DONE.label),
        ],
        widget=forms.RadioSelect,
        initial=ProgressKind.IN_PROGRESS.value,
    )
    text = forms.CharField(
        label=_("办理情况"),
        max_length=PROGRESS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("请填写办理情况")},
    )
    evidence = forms.CharField(
        label=_("佐证材料"),
        max_length=PROGRESS_LIMIT,
        required=False,
        help_text=_("报已办结时须有佐证：在此填写文号、链接或情况说明，或在下方上传文件"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class CloseForm(forms.Form):
    """The office's optional 核验意见 on closing an assignment, kept as its last progress
    and so held to the progress text's limit."""

    note = forms.CharField(label=_("核验意见"), max_length=PROGRESS_LIMIT, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("退回须填写理由")},
    )


class RatingSessionForm(forms.Form):
    title = forms.CharField(
        label=_("测评名称"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("汇报单位"),
        queryset=Unit.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个汇报单位")},
    )
    min_score = forms.DecimalField(
        label=_("最低分"),
        initial=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    max_score = forms.DecimalField(
        label=_("最高分"),
        initial=Decimal("100"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    seat_count = forms.IntegerField(
        label=_("来宾席位数"),
        initial=0,
        min_value=0,
        max_value=500,
        help_text=_("为未登录的来宾生成一次性席位码"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_score"), data.get("max_score")
        if low is not None and high is not None and low >= high:
            raise forms.ValidationError(_("最低分须小于最高分"))
        return data


class SeatsForm(forms.Form):
    count = forms.IntegerField(
        label=_("新增席位数"),
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class BonusForm(forms.Form):
    weight = forms.DecimalField(
        label=_("权重（%）"),
        initial=Decimal("5"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )


class VoteForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.CharField(max_length=20, error_messages={"required": _("请输入分数")})


class NoticeForm(forms.Form):
    """The office's edit of the month's 通报: one paragraph a line, the title first."""

    text = UncutCharField(
        label=_("通报正文"),
        max_length=NOTICE_MAX_CHARS,
        help_text=_(
            "每行一段：第一行为标题，“一、”开头的行为一级标题，“（一）”开头的行为二级标题，"
            "“附件：1．”行为附件说明，其后一行为落款单位（日期为会议日期）；"
            "“附件1”起为附件：下一行为附件标题，表格每行一条、各列以 Tab 分隔"
        ),
        widget=forms.Textarea(attrs={"rows": 24, "class": "form-control"}),
        error_messages={"required": _("通报正文不能为空"), "max_length": TOO_LONG},
    )


class LetterheadForm(forms.Form):
    """The office's 版头 and 版记 of every 通报."""

    issuer = UncutCharField(
        label=_("发文机关"),
        max_length=60,
        help_text=_("版头的发文机关标志，也是落款和印发机关，如“莲都区晒比会办公室”"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写发文机关"), "max_length": TOO_LONG},
    )
    prefix = UncutCharField(
        label=_("发文字号前缀"),
        max_length=20,
        help_text=_("机关代字，如“莲考办”；发文字号为 莲考办〔年份〕序号号，序号逐年从 1 起"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写发文字号前缀"), "max_length": TOO_LONG},
    )
    copy_to = UncutCharField(
        label=_("抄送"),
        max_length=300,
        required=False,
        help_text=_("版记的抄送机关，用顿号或逗号分隔；不填则不印抄送行"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"max_length": TOO_LONG},
    )


class MeetingDateForm(forms.Form):
    """The day the month's meeting was held: the 通报's 落款 date."""

    held_on = forms.DateField(
        label=_("会议日期"),
        widget=DATE_INPUT,
        error_messages={"required": _("请选择会议日期"), "invalid": _("日期格式应为 YYYY-MM-DD")},
    )
