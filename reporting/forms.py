"""Forms of the reporting cycle. Error messages name the field in Chinese and a bound
form keeps everything typed, so a refused page is shown again as entered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms import FAST_WIDGETS
from actions.models import Item, ItemKind, Progress, Unit
from scoring.figures import rank_errors

from . import plausibility
from .checks import CONFIRM_DONE_PROBLEMS, CONFIRM_SAME_TEXT, CONFIRMATIONS
from .models import REASON_LIMIT, TEXT_LIMITS, Report, TextLimit, parse_month_label, text_errors
from .numbers import NotANumber, parse_number
from .services import REPORT_FIELDS

# A typed reason over its limit, in the words of the report texts' limits.
REASON_TOO_LONG = TextLimit.message

CONFIRM_LABELS = {
    CONFIRM_DONE_PROBLEMS: _("确认已完成的事项仍存在上述问题（或清空存在问题）"),
    CONFIRM_SAME_TEXT: _("与上期相同，确认报送"),
}

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]


def _textarea(rows: int = 2, limit: int | None = None) -> forms.Textarea:
    attrs = {"rows": rows, "class": "form-control"}
    if limit:
        attrs["data-limit"] = limit
    return forms.Textarea(attrs=attrs)


class NumberField(forms.DecimalField):
    """A figure read by reporting.numbers, as the ledger import reads it (１２．５, 1,318,
    8.5%; never 1e3)."""

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            return parse_number(str(value))
        except NotANumber:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class WholeNumberField(forms.IntegerField):
    """A whole number (位次, 参评数) read by reporting.numbers: ３ or 3, not 3.5 or 3e0."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(str(value))
        except NotANumber:
            number = None
        if number is None or number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class ReportForm(forms.Form):
    """One due item's report on the fill page; prefixed by the item so a page holds many."""

    # Up to nine widgets per item on the fill page.
    default_renderer = FAST_WIDGETS

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    value = NumberField(
        label=_("完成值"),
        required=False,
        max_digits=20,
        decimal_places=4,
        error_messages={
            "invalid": _("完成值：不是有效的数值"),
            "max_digits": _("完成值：数字位数过多"),
            "max_decimal_places": _("完成值：最多4位小数"),
            "max_whole_digits": _("完成值：数字过大"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )
    rank = WholeNumberField(
        label=_("位次"),
        required=False,
        error_messages={"invalid": _("位次：请输入整数")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )
    peer_count = WholeNumberField(
        label=_("参评数"),
        required=False,
        error_messages={"invalid": _("参评数：请输入整数")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )
    progress = forms.ChoiceField(
        label=_("进度状态"),
        required=False,
        choices=[("", "—"), *Progress.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # data-limit: static/js/fill.js counts the characters against the limit as one types.
    achievement = forms.CharField(
        label=_("实现情况"), required=False, widget=_textarea(3, TEXT_LIMITS["achievement"])
    )
    problems = forms.CharField(
        label=_("存在问题"), required=False, widget=_textarea(limit=TEXT_LIMITS["problems"])
    )
    measures = forms.CharField(
        label=_("具体措施"), required=False, widget=_textarea(limit=TEXT_LIMITS["measures"])
    )
    fix_unit = forms.CharField(
        label=_("责任单位"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("责任单位：最多200字")},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    fix_deadline = forms.DateField(
        label=_("解决时限"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("解决时限：日期格式应为 YYYY-MM-DD，例如 2022-06-30")},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        item: Item,
        report: Report | None,
        previous: Report | None = None,
        **kwargs: Any,
    ):
        kwargs.setdefault("prefix", f"i{item.pk}")
        # Last month is a hint (上期, beside each field), never this month's value: a new
        # month's fields start empty and 沿用上期 copies one on purpose.
        initial = {name: getattr(report, name) for name in REPORT_FIELDS} if report else {}
        if initial.get("value") is not None:
            # Shown as 30, not 30.0000; still a Decimal so has_changed() compares numbers.
            initial["value"] = Decimal(f"{initial['value'].normalize():f}")
        initial["version"] = report.version if report else 0
        kwargs.setdefault("initial", initial)
        # Only the inputs this item's scoring rule reads (scoring.rulebook.rule_for), left
        # out before Django deep-copies every declared field for the form (a fill page
        # makes a form per item on every view and post).
        omitted = _omitted_fields(item)
        self.base_fields = {n: f for n, f in self.base_fields.items() if n not in omitted}
        super().__init__(*args, **kwargs)
        self.item = item
        self.report = report
        self.previous = previous
        # What the service asked the reporter to confirm (NeedsConfirmation.asks) and
        # the messages of the flags among them.
        self.asks: list[str] = []
        self.ask_errors: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, message in rank_errors(data.get("rank"), data.get("peer_count")).items():
            if name not in self.errors:
                self.add_error(name, _(message))
        # Over the limit is refused with the limit named; the text stays as typed (the
        # textareas carry no maxlength, which would cut a paste silently).
        for name, message in text_errors(data).items():
            self.add_error(name, message)
        return data

    def confirmations(self) -> set[str]:
        """The confirmations ticked (or given by the page's script) for this item."""
        return {code for code in CONFIRMATIONS if self.data.get(self.add_prefix(f"confirm_{code}"))}

    def flag_reasons(self) -> dict[str, str]:
        """The reasons typed for plausibility flags: code → reason."""
        return {
            code: self.data.get(self.add_prefix(f"flag_{code}"), "")
            for code in plausibility.FLAG_TEXTS
            if self.data.get(self.add_prefix(f"flag_{code}"))
        }

    def asked(self) -> list[dict]:
        """What the page asks the reporter to confirm, each with its input's name, the
        value posted and its message (the checkboxes and reason boxes of the item)."""
        wanted = list(self.asks)
        if self.is_bound:  # keep what was already confirmed or explained visible
            wanted += [c for c in self.confirmations() if c not in wanted]
            wanted += [c for c in self.flag_reasons() if c not in wanted]
        asked = []
        for code in wanted:
            is_flag = code in plausibility.FLAG_TEXTS
            name = self.add_prefix(f"flag_{code}" if is_flag else f"confirm_{code}")
            asked.append(
                {
                    "code": code,
                    "name": name,
                    "is_flag": is_flag,
                    "value": self.data.get(name, "") if self.is_bound else "",
                    "message": self.ask_errors.get(code, ""),
                    "label": CONFIRM_LABELS.get(code, ""),
                }
            )
        return asked

    def previous_hint(self, name: str) -> tuple[str, str] | None:
        """Last month's entry of a field as (what to show, what 沿用上期 copies), or None."""
        if self.previous is None:
            return None
        value = getattr(self.previous, name)
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            raw = f"{value.normalize():f}"
            return raw, raw
        if name == "progress":
            return str(self.previous.get_progress_display()), value
        if name == "fix_deadline":
            return value.strftime("%Y-%m-%d"), value.strftime("%Y-%m-%d")
        return str(value), str(value)

    def has_content_changes(self) -> bool:
        """Changed apart from the hidden version: what decides whether to save."""
        return any(name != "version" for name in self.changed_data)

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.report_data())

    def report_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in REPORT_FIELDS if name in self.fields}

    @property
    def figure_fields(self) -> list:
        return [self[n] for n in ("value", "rank", "peer_count", "progress") if n in self.fields]

    @property
    def narrative_fields(self) -> list:
        return [self[n] for n in ("achievement", "problems", "measures")]

    @property
    def fix_fields(self) -> list:
        return [self["fix_unit"], self["fix_deadline"]]

    @property
    def loaded_version(self) -> int:
        return self.cleaned_data["version"]


def _omitted_fields(item: Item) -> set[str]:
    """The inputs of ReportForm that the item's scoring rule does not read."""
    omitted = set()
    if not item.scored_by_rank:
        omitted |= {"rank", "peer_count"}
    # A project or task with a target (e.g. 投资 2.8亿元) reports its value too: it is
    # scored by status, but the meeting's item table shows 目标值 against 完成值.
    if item.kind != ItemKind.INDICATOR and item.target is None:
        omitted.add("value")
    if item.scored_by_rank or item.scored_by_target:
        omitted.add("progress")
    return omitted


class MonthOpenForm(forms.Form):
    """The office opens a month (or changes its deadline)."""

    month = forms.CharField(
        label=_("月份"),
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2022-03", "class": "form-control"}),
    )
    deadline = forms.DateField(
        label=_("报送截止日"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("默认为当月25日"),
        error_messages={"invalid": _("报送截止日：日期格式应为 YYYY-MM-DD")},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean_month(self) -> str:
        label = self.cleaned_data["month"].strip()
        try:
            parse_month_label(label)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return label


class ReasonForm(forms.Form):
    """A reason for returning or reopening a report (退回理由 / 重新打开理由)."""

    reason = forms.CharField(
        label=_("理由"),
        max_length=REASON_LIMIT,
        error_messages={"required": _("请填写理由"), "max_length": REASON_TOO_LONG},
        widget=_textarea(),
    )


def _points_field() -> forms.CharField:
    # Checked by reporting.bonuses (one place for the rules), so a plain text box here.
    return forms.CharField(
        label=_("分值"),
        max_length=20,
        help_text=_("加分为正数，减分为负数，最多两位小数"),
        error_messages={"required": _("请填写分值")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )


class UncutCharField(forms.CharField):
    """A text box whose limit is checked on the server only: a maxlength attribute would
    let the browser cut a pasted text at the limit without a word."""

    def widget_attrs(self, widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _bonus_reason_field() -> forms.CharField:
    # Its limit is checked by reporting.bonuses, with the limit named.
    return forms.CharField(
        label=_("事由"),
        error_messages={"required": _("请填写事由")},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


def _why_field(label, required_message) -> forms.CharField:
    return UncutCharField(
        label=label,
        max_length=REASON_LIMIT,
        error_messages={"required": required_message, "max_length": REASON_TOO_LONG},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class BonusForm(forms.Form):
    """A new 加减分 for a unit in the page's month."""

    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.order_by("group", "code"),
        empty_label=_("请选择单位"),
        error_messages={"required": _("请选择单位"), "invalid_choice": _("请选择单位")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    points = _points_field()
    reason = _bonus_reason_field()


class BonusChangeForm(forms.Form):
    """A change to a 加减分, with the reason for the change (修改原因)."""

    points = _points_field()
    reason = _bonus_reason_field()
    why = _why_field(_("修改原因"), _("请填写修改原因"))


class BonusDeleteForm(forms.Form):
    """Deleting a 加减分 needs a reason too (删除原因)."""

    why = _why_field(_("删除原因"), _("请填写删除原因"))
