"""长辈版 (elder-friendly mode) and text size: a reader's display preference, kept in cookies.

It works without JavaScript: the switch is a plain link to `set_display`, which
stores the choice for a year and sends the reader back where they were. Pages
read it from `request.display` and put its classes on <html>.
"""

from dataclasses import dataclass

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

MODES = {"standard": "标准版", "elder": "长辈版"}
TEXT_SIZES = {"normal": "标准", "large": "大", "larger": "特大"}
MODE_COOKIE, SIZE_COOKIE = "display_mode", "text_size"
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Display:
    mode: str = "standard"
    size: str = "normal"

    @classmethod
    def from_cookies(cls, cookies):
        mode = cookies.get(MODE_COOKIE)
        size = cookies.get(SIZE_COOKIE)
        return cls(mode if mode in MODES else "standard", size if size in TEXT_SIZES else "normal")

    @property
    def elder(self):
        return self.mode == "elder"

    @property
    def html_class(self):
        return " ".join(
            c for c in ("elder" if self.elder else "", f"text-{self.size}" if self.size != "normal" else "") if c
        )

    @property
    def text_sizes(self):
        return [(key, label, key == self.size) for key, label in TEXT_SIZES.items()]


class DisplayPreferenceMiddleware:
    """Puts the reader's Display on the request; pages that depend on it vary by cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.display = Display.from_cookies(request.COOKIES)
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Cookie"])
        return response


def _bad_request(request, message):
    html = render_to_string("publishing/display_error.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)


@require_GET
def set_display(request):
    """?mode=elder|standard and/or ?size=normal|large|larger, then back to ?next= (a page of this site)."""
    mode, size = request.GET.get("mode"), request.GET.get("size")
    if mode is None and size is None:
        return _bad_request(request, "请选择“长辈版”或“标准版”，或者选择字号。")
    if mode is not None and mode not in MODES:
        return _bad_request(request, f"没有“{mode}”这种显示方式，可选：{'、'.join(MODES.values())}。")
    if size is not None and size not in TEXT_SIZES:
        return _bad_request(request, f"没有“{size}”这种字号，可选：{'、'.join(TEXT_SIZES.values())}。")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    cookie = {"max_age": ONE_YEAR, "samesite": "Lax", "httponly": True, "secure": request.is_secure()}
    if mode == "standard":
        response.set_cookie(MODE_COOKIE, "standard", **cookie)
        response.delete_cookie(SIZE_COOKIE, samesite="Lax")
        return response
    if mode == "elder":
        response.set_cookie(MODE_COOKIE, "elder", **cookie)
        size = size or "large"
    if size is not None:
        response.set_cookie(SIZE_COOKIE, size, **cookie)
    return response
