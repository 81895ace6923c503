"""The fast drawing helpers give exactly what Django gives: render_widget as Django's own
widget templates, display() as get_FOO_display(), pk_url() as reverse(), and `_()` in a
Jinja2 template as the i18n extension's newstyle gettext."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from jinja2 import Environment

from actions.forms import FAST_WIDGETS, render_widget
from actions.models import ItemKind, Unit
from reporting.forms import ReportForm
from showcase.jinja2 import display, pk_url
from tests.factories import ItemFactory, ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db

TRICKY = "a'b\"c<d>&e\n  f"


class EveryWidget(forms.Form):
    default_renderer = FAST_WIDGETS

    text = forms.CharField(widget=forms.TextInput(attrs={"class": "x", "data-n": 3}))
    optional = forms.CharField(required=False, help_text="帮助")
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "data-limit": 10}))
    choice = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("a", "甲"), ("b", TRICKY), (3, "三")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    flag = forms.BooleanField(required=False)  # not drawn by render_widget: Django's
    grouped = forms.ChoiceField(  # option groups are left to Django too
        required=False, choices=[("组", [("g", "G")]), ("h", "H")]
    )
    off = forms.CharField(required=False, disabled=True)
    labelled = forms.ChoiceField(  # labels marked safe or translated lazily
        required=False, choices=[("s", mark_safe("<b>安全</b>")), ("l", gettext_lazy("上期"))]
    )


class EveryWidgetOfDjangoTemplates(EveryWidget):
    default_renderer = None  # Django's default, the Django template language


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": TRICKY,
            "optional": TRICKY,
            "number": "x",
            "email": TRICKY,
            "hidden": "3",
            "day": "2022-13-45",
            "note": TRICKY,
            "choice": "b",
            "flag": "on",
            "grouped": "g",
            "off": "z",
        },
        {"text": "t", "hidden": "1", "note": "  ", "choice": "3", "day": "2022-05-01"},
    ],
)
@pytest.mark.parametrize("form_class", [EveryWidget, EveryWidgetOfDjangoTemplates])
def test_it_draws_every_plain_widget_as_django_does(form_class, data):
    initial = {"text": TRICKY, "day": datetime.date(2022, 6, 30), "choice": "a", "hidden": 7}
    form = form_class(data, initial=initial, prefix="p")
    form.is_valid()
    for field in form:
        assert render_widget(field) == str(field), field.name


def test_it_escapes_as_the_django_template_language_in_its_forms():
    class Plain(forms.Form):
        text = forms.CharField()

    field = Plain({"text": TRICKY})["text"]
    assert render_widget(field) == str(field)
    assert "&#x27;" in render_widget(field)  # the Django template language's escaping


def test_it_reads_a_model_choice_once(django_assert_num_queries):
    class Pick(forms.Form):
        unit = forms.ModelChoiceField(Unit.objects.order_by("code"), required=False)

    UnitFactory(code="a", name=TRICKY)
    chosen = UnitFactory(code="b")
    for renderer in (None, FAST_WIDGETS):
        form = Pick({"unit": chosen.pk}, renderer=renderer)
        form.is_valid()  # its own query
        field = form["unit"]
        with django_assert_num_queries(1):
            drawn = render_widget(field)
        assert drawn == str(field)


@pytest.mark.parametrize("kind", [ItemKind.INDICATOR, ItemKind.TASK])
def test_it_draws_a_report_form_as_django_does(kind):
    item = ItemFactory(kind=kind, target=Decimal("12") if kind == ItemKind.INDICATOR else None)
    report = ReportFactory(
        item=item,
        value=Decimal("30.5000") if kind == ItemKind.INDICATOR else None,
        achievement=TRICKY,
        progress="behind",
        fix_deadline=datetime.date(2022, 4, 30),
    )
    bad = {f"i{item.pk}-value": "x", f"i{item.pk}-fix_deadline": "bad", f"i{item.pk}-progress": "?"}
    for data in (None, bad):
        form = ReportForm(data, item=item, report=report)
        if data:
            assert not form.is_valid()
        for field in form:
            assert render_widget(field) == str(field), field.name
    assert "<select" in str(form) if kind == ItemKind.TASK else "<select" not in str(form)


def test_the_jinja_helpers_draw_what_django_draws():
    report = ReportFactory(progress="behind", state="returned")
    item = report.item
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for obj, name in [
                (item, "kind"),
                (item, "level"),
                (item, "cadence"),
                (item, "direction"),
                (report, "state"),
                (report, "progress"),
            ]:
                assert display(obj, name) == getattr(obj, f"get_{name}_display")()
    report.progress = "?"  # not a choice: shown as stored, as Django does
    assert display(report, "progress") == report.get_progress_display() == "?"
    for name in ("reporting:report_detail", "reporting:report_approve"):
        assert pk_url(name, report.pk) == reverse(name, args=[report.pk])
    assert pk_url("reporting:evidence_download", 7) == reverse(
        "reporting:evidence_download", args=[7]
    )


def test_jinja_labels_are_what_the_i18n_extension_gives():
    ours = engines["jinja2"].env
    stock = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    stock.install_gettext_callables(gettext, gettext, newstyle=True)
    source = '{{ _("上期") }}|{{ _("佐证材料") }}|{{ _("100%% <b>") }}|{{ _("第 %(n)s 项", n=n) }}'
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for n in (3, "<i>"):
                drawn = ours.from_string(source).render(n=n)
                assert drawn == stock.from_string(source).render(n=n)
                # the label is trusted text; what is put into it is escaped
                assert "100% <b>" in drawn
                assert ("&lt;i&gt;" in drawn) == (n != 3)
