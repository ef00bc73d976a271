"""{% search_form %}: the search box, for any template (a header, a 404 page).

It searches the district of the page being shown, or the whole site outside
a district: the form posts to the district home's ``search/`` or to ``/search/``.
"""

from django import template

register = template.Library()


def search_url(context):
    if context.get("search_action"):
        return context["search_action"]
    request = context.get("request")
    home = context.get("district_home")
    if home is None and (district := context.get("district")) is not None:
        home = getattr(district, "home_page", None)
    url = home.get_url(request) if home is not None else None
    return f"{url}search/" if url else "/search/"


@register.inclusion_tag("search/form.html", takes_context=True)
def search_form(context, field_id="site-search", compact=True):
    return {
        "action": search_url(context),
        "query": context.get("query", "") if context.get("search_action") else "",
        "field_id": field_id,
        "compact": compact,
        "scope": context["district"].name if context.get("district") else "",
    }
