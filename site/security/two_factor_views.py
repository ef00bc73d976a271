"""Admin views of the two-factor login: enter a code after the password, enrol an authenticator
app (QR code drawn inline as SVG and the otpauth:// address as text, nothing fetched from outside),
and switch it off again while it is not required."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .two_factor import must_enrol

DEVICE_NAME = "身份验证器"


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="动态验证码",
        min_length=6,
        max_length=8,
        help_text="打开手机上的身份验证器应用，输入本网站当前显示的 6 位数字。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("验证码错误次数过多，请稍等一会儿再试。")
        if not self.device.verify_token(token):
            raise forms.ValidationError("验证码不正确或已过期，请输入应用中当前显示的数字。")
        return token


def safe_next(request, default):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class VerifyView(FormView):
    """The second step of signing in (the first is Wagtail's own login page)."""

    template_name = "security/two_factor_verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        self.device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
        if self.device is None or request.user.is_verified():
            return redirect(safe_next(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request, "")}

    def form_valid(self, form):
        otp_login(self.request, self.device)
        return redirect(safe_next(self.request, reverse("wagtailadmin_home")))


class EnrolView(WagtailAdminTemplateMixin, FormView):
    """Add an authenticator app to one's own account, or remove it."""

    template_name = "security/two_factor_enrol.html"
    form_class = TokenForm
    page_title = "两步验证"

    def dispatch(self, request, *args, **kwargs):
        devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=None)
        self.confirmed = devices.filter(confirmed=True).first()
        self.device = self.confirmed or devices.first()
        if self.device is None:
            self.device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.confirmed:
            uri = self.device.config_url
            context.update(
                otpauth_uri=uri,
                secret=uri.split("secret=", 1)[1].split("&", 1)[0],
                qr_svg=segno.make(uri, error="m").svg_inline(scale=5, dark="#1a1a1a", light="#ffffff"),
            )
        return {**context, "confirmed": self.confirmed, "required": must_enrol(self.request.user)}

    def post(self, request, *args, **kwargs):
        if self.confirmed and "remove" in request.POST:
            return self.remove()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if self.confirmed:
            return redirect("two_factor_enrol")
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        otp_login(self.request, self.device)
        messages.success(self.request, "两步验证已开启：以后登录管理后台时，输完密码还要输入身份验证器中的验证码。")
        return redirect(safe_next(self.request, reverse("two_factor_enrol")))

    def remove(self):
        if must_enrol(self.request.user):
            messages.error(self.request, "本站要求所有管理人员开启两步验证，不能关闭。")
            return redirect("two_factor_enrol")
        TOTPDevice.objects.filter(user=self.request.user).delete()
        messages.success(self.request, "两步验证已关闭。")
        return redirect("two_factor_enrol")
