from django.http import HttpResponseServerError
from django.template import Context, loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """Django's 500 view, with the request in the context so that {% csp_style %} can allow the
    page's own inline style (still no context processors: the database may be what failed)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.template.render(Context({"request": request})))
