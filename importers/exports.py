"""Exports with the spec's headers (masked per permission, formulas escaped) and blank templates.

An export re-imports unchanged: same headers, every value as the importer reads it.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def export_rows(resource, queryset, *, mask):
    """Headers and rows of text, exactly as the resource renders them."""
    dataset = resource.export(queryset, mask=mask)
    return list(dataset.headers), [list(row) for row in dataset]


def to_csv(headers, rows):
    """UTF-8 with BOM, so that Excel opens it in Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers, rows, *, title, resource=None, template=False):
    workbook = Workbook(write_only=not template)
    sheet = workbook.create_sheet(title[:31]) if not template else workbook.active
    if template:
        sheet.title = title[:31]
    labels = [c.label for c in resource.columns()] if template else headers
    sheet.append(labels)
    for row in rows:
        sheet.append(row)
    if template:
        _decorate_template(sheet, resource)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _decorate_template(sheet, resource):
    """Bold headers, text-formatted phone and ID columns, dropdowns for the fixed vocabularies."""
    for index, column in enumerate(resource.columns(), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        sheet.column_dimensions[letter].width = max(12, len(column.label) * 2 + 4)
        if column.widget.personal or column.key in ("code", "parent"):
            # Text format keeps leading zeros and stops Excel turning ID numbers into 6.3E+17.
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        choices = resource.vocabularies.get(column.key)
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error="只能填写：" + "、".join(choices),
            )
            validation.add(f"{letter}2:{letter}1001")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
