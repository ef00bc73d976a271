"""The public sign-up form and the events index filters."""

from django import forms

from importers import cleaning
from importers.errors import CellError

KEEP_SIGNUPS_DAYS = 365  # manage.py purge_signups deletes sign-ups this long after their date
PRIVACY_NOTICE = (
    "您的姓名和手机号码只用于本次活动的组织和联系，仅活动主办方工作人员可见，不会在网站上公开，活动结束一年后删除。"
)


class SignUpForm(forms.Form):
    occurrence = forms.ChoiceField(label="活动日期")
    name = forms.CharField(label="姓名", max_length=30, error_messages={"required": "请填写姓名。"})
    mobile = forms.CharField(
        label="手机号码",
        max_length=20,
        error_messages={"required": "请填写手机号码。"},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label="我已阅读并同意上面的个人信息说明",
        error_messages={"required": "请先阅读个人信息说明并勾选同意。"},
    )
    # A honeypot: hidden from people (and from screen readers), filled in by bots.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [(o.key, label(o)) for o in occurrences]
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_name(self):
        name = cleaning.compact(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("请填写姓名。")
        return name

    def clean_mobile(self):
        try:
            return cleaning.mobile(self.cleaned_data["mobile"])
        except CellError as error:
            raise forms.ValidationError(str(error)) from error

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


def label(occurrence):
    start = occurrence.start
    weekday = "一二三四五六日"[start.weekday()]
    text = f"{start.month}月{start.day}日（星期{weekday}）{start:%H:%M}"
    if occurrence.places_left is not None:
        text += f"，剩余{occurrence.places_left}个名额" if occurrence.places_left else "，已满员，可候补"
    return text


class FilterForm(forms.Form):
    category = forms.ChoiceField(label="类别", required=False)
    community = forms.ChoiceField(label="社区", required=False)
    team = forms.ChoiceField(label="队伍", required=False)

    def __init__(self, *args, categories=(), communities=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部类别"), *[(c, c) for c in categories]]
        self.fields["community"].choices = [("", "全部社区"), *[(str(c.pk), c.name) for c in communities]]
        self.fields["team"].choices = [("", "全部队伍"), *[(str(t.pk), t.name) for t in teams]]
