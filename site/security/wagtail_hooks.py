from django.urls import path, reverse
from wagtail import hooks

from . import two_factor_views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/verify/", two_factor_views.VerifyView.as_view(), name="two_factor_verify"),
        path("two-factor/", two_factor_views.EnrolView.as_view(), name="two_factor_enrol"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_enrol"),
        "label": "两步验证",
        "help_text": "登录时除密码外，再输入手机身份验证器中的动态验证码。",
    }
