"""Columns for the admin's listings that show a value in Chinese where Wagtail would print the raw Python value
(a BooleanField in `list_display` renders as "True"/"False")."""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import BooleanColumn


def boolean_column(model, field_name):
    """A model's BooleanField as a ✓/✗ column titled 是/否 (wagtailadmin/tables/boolean_cell.html), labelled and
    sortable like the plain field name would be."""
    field = model._meta.get_field(field_name)
    return BooleanColumn(field_name, label=capfirst(field.verbose_name), sort_key=field_name)
