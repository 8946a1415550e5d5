"""Build the POST that a browser would send from an admin add or change page.

    response = editor_client.get(reverse("admin:practices_bestpractice_change", args=[practice.pk]))
    data = admin_form_data(response, title_en="New title", **{"pilots-0-slug": "new-slug"})
    editor_client.post(response.request["PATH_INFO"], data)

The data holds every field of the main form and of each inline formset as the page shows it (management
forms included), so a test only overrides what it changes. An override of None leaves the field out.
"""

from django import forms


def _widget_values(bound):
    """(name, value) pairs for one bound field, as its widget would submit them."""
    field, widget = bound.field, bound.field.widget
    if isinstance(field, forms.FileField):
        return []  # No upload means "keep the current file"; tests add files as overrides.
    value = bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return [(bound.html_name, "on")] if widget.check_test(value) else []
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return [
            (f"{bound.html_name}{suffix}", "" if part is None else part)
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        ]
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [(bound.html_name, [str(item) for item in value or []])]
    if value is None:
        return [(bound.html_name, "")]
    if isinstance(value, list | tuple):
        return [(bound.html_name, [str(item) for item in value])]
    return [(bound.html_name, value)]


def _form_values(form):
    data = {}
    for bound in form:
        data.update(_widget_values(bound))
    return data


def admin_form_data(response, **overrides):
    """The POST data of the admin form in `response` (a GET of an add or change page), with `overrides`."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_form_values(formset.management_form))
        for form in formset.forms:
            data.update(_form_values(form))
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
