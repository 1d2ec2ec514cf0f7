"""``{% submission_key %}``: the hidden one-time key of a form that creates something
(grip.submissions). Every rendering gets a fresh key; a resent page keeps its own."""

from django import template
from django.utils.html import format_html

from grip.submissions import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
