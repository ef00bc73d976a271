from django import forms
from django.conf import settings

from districts.access import districts_for

from .errors import TableError
from .reading import sniff

ACCEPT = ".xlsx,.xls,.ods,.csv,.txt"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        help_text="Excel（.xlsx、.xls）、WPS/LibreOffice（.ods）或 CSV 文件；表头可以在前10行内，列的顺序不限。",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    district = forms.ModelChoiceField(label="行政区", queryset=None, empty_label=None)
    sync = forms.BooleanField(
        label="同步名册",
        required=False,
        help_text="把文件当作所涉社区的完整名册：文件中没有的在岗人员设为离岗（不会删除）。",
    )
    skip_errors = forms.BooleanField(
        label="只导入无误的行", required=False, help_text="不勾选时，只要有一行错误就不写入任何数据。"
    )

    def __init__(self, *args, user, people=True, **kwargs):
        super().__init__(*args, **kwargs)
        districts = list(districts_for(user)[:2])
        self.fields["district"].queryset = districts_for(user)
        self.only_district = districts[0] if len(districts) == 1 else None
        if self.only_district:
            del self.fields["district"]  # nothing to choose
        if not people:
            del self.fields["sync"]

    def clean(self):
        cleaned = super().clean()
        if self.only_district:
            cleaned["district"] = self.only_district
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB * 1048576
        if upload.size > limit:
            size, most = upload.size / 1048576, settings.IMPORT_MAX_UPLOAD_MB
            raise forms.ValidationError(f"文件太大（{size:.1f} MB），上限为 {most} MB，请拆分后分批导入。")
        data = upload.read()
        upload.seek(0)
        try:
            sniff(data, upload.name, max_bytes=limit)
        except TableError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
