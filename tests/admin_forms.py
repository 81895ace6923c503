"""Posting a Django admin change form as a person would: what the form shows, with
the fields they changed."""

from django.forms import MultiWidget
from django.test import Client


def admin_form_data(client: Client, url: str, **changes: str) -> dict:
    """The change form at `url` as it stands, filled in, with `changes` applied."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):  # a date and a time: name_0, name_1
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None and value is not False:
            data[name] = str(value)
    return data | changes
