"""The page shown when django-axes has locked a username at an address after repeated failures."""

from django.conf import settings
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return TemplateResponse(request, "security/lockout.html", context, status=429).render()
