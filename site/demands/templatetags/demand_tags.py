from django import template

from demands.figures import public_count

register = template.Library()


@register.filter
def public(value):
    """A count as the public may see it: "<3" for one or two demands."""
    shown = public_count(value)
    return "—" if shown is None else shown


@register.filter
def percent(value):
    return "—" if value is None else f"{value:g}%"


@register.filter
def hours(value):
    if value is None:
        return "—"
    return f"{value:g}小时" if value < 48 else f"{value / 24:.1f}天"
