"""The issue's path in a real browser: an administrator imports a messy roster through the admin,
previews, confirms, exports, re-imports the export unchanged and undoes a batch.

Screenshots go to tests/artifacts/screenshots/.
"""

import openpyxl

from importers.models import ImportBatch
from snippets.models import GridWorker

PASSWORD = "test-pass-123"  # make_user's


def messy_roster(path):
    """What a 社区 keeps in WPS: a merged title row, marked headers, a 社区 merged down its rows,
    full-width digits, a traditional-character name, a spaced-out name, notes at the bottom."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["乐都区碾伯街道网格员花名册（2024年）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["*姓 名", "手机号码（必填）", "所属社区", "所属网格", "岗位", "政治面貌"])
    sheet.append(["王　伟", "+86 139-0971-2345", "文化街社区", "文化街一网格", "专职网格员", "中共党员"])
    sheet.append(["李娜", "１３９０９７１２３４６", None, "文化街二网格", "网格长", "群众"])
    sheet.append(["张强", "13909712347", "怡春社區", "", "楼栋长", "群众"])
    sheet.merge_cells("C3:C4")
    sheet.append([])
    sheet.append(["合计", "3人"])
    sheet.append(["填表人：乐都区碾伯街道党工委"])
    workbook.save(path)
    return path


def login(page, site_url, user):
    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_url}/admin/")


def upload(page, site_url, path):
    page.goto(f"{site_url}/admin/snippets/snippets/gridworker/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url("**/admin/imports/*/")


def test_import_preview_confirm_export_reimport_undo(page, site_url, make_user, screenshot, tmp_path):
    admin = make_user("630202", "data_admin")
    login(page, site_url, admin)

    # The roster listing offers 导入 and the template in its header menu.
    page.goto(f"{site_url}/admin/snippets/snippets/gridworker/")
    page.get_by_role("button", name="动作").click()
    assert page.get_by_role("link", name="下载导入模板").is_visible()
    screenshot(page, "import-0-listing-menu")
    page.get_by_role("link", name="导入", exact=True).click()
    page.wait_for_url("**/gridworker/import/")

    upload(page, site_url, messy_roster(tmp_path / "乐都网格员.xlsx"))
    assert page.get_by_role("heading", name="预览：确认后将会").is_visible()
    assert page.locator("table.listing td").first.inner_text() == "3"  # data rows: not the title, blanks or notes
    screenshot(page, "import-1-preview")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "已导入" in page.locator("main").inner_text()
    screenshot(page, "import-2-result")
    first = ImportBatch.objects.filter(district__code="630202").latest("pk")
    workers = GridWorker.objects.filter(district__code="630202")
    assert sorted(workers.values_list("name", flat=True)) == ["张强", "李娜", "王伟"]
    assert workers.get(name="李娜").community.name == "文化街社区"  # from the merged cell

    # Export the listing as the administrator sees it, and import the file again: nothing changes.
    page.goto(f"{site_url}/admin/snippets/snippets/gridworker/?q=")
    screenshot(page, "import-3-listing")
    response = page.request.get(f"{site_url}/admin/snippets/snippets/gridworker/?export=xlsx")
    assert response.ok and response.body()[:2] == b"PK"
    exported = tmp_path / "导出.xlsx"
    exported.write_bytes(response.body())
    upload(page, site_url, exported)
    text = page.locator("main").inner_text()
    assert page.locator("table.listing tbody tr td").nth(2).inner_text() == "0"  # updated
    screenshot(page, "import-4-reimport-preview")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "已导入" in page.locator("main").inner_text(), text

    # Undo the first batch from the import history: the three people are gone again.
    page.goto(f"{site_url}/admin/imports/")
    screenshot(page, "import-5-history")
    page.get_by_role("link", name=f"#{first.pk} 乐都网格员.xlsx").click()
    page.get_by_role("link", name="撤销本批次").click()
    with page.expect_navigation():
        page.get_by_role("button", name="确认撤销").click()
    assert "已撤销" in page.locator("main").inner_text()
    screenshot(page, "import-6-undone")
    assert not GridWorker.objects.filter(district__code="630202", name__in=["王伟", "李娜", "张强"]).exists()
