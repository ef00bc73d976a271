"""Issue #7 in a real browser: an administrator imports demand records, then a resident opens the
dashboard, filters by a community and downloads the open data. Screenshots: tests/artifacts/screenshots/."""

from pathlib import Path

from demands.models import DemandRecord
from tests.demands.helpers import RECORD_HEADER, csv_bytes, record

from .test_import_flow import login


def test_import_records_then_dashboard_filter_and_download(
    page, mobile_page, site_url, make_user, screenshot, tmp_path
):
    admin = make_user("630202", "data_admin")  # 乐都区: summaries only until now
    rows = [
        record(
            f"LD{n:03d}",
            f"2026-10-{n % 27 + 1:02d} 09:00",
            "文化街社区" if n % 2 else "怡春社区",
            "物业服务" if n % 3 else "养老服务",
            resolved=f"2026-10-{n % 27 + 1:02d} 15:00",
            stage="已评价",
            satisfaction="满意",
            content=f"隐私内容{n}号",
        )
        for n in range(60)
    ]
    path = tmp_path / "乐都诉求.csv"
    path.write_bytes(csv_bytes(RECORD_HEADER, rows, encoding="gb18030"))
    login(page, site_url, admin)
    page.goto(f"{site_url}/admin/snippets/demands/demandrecord/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url("**/admin/imports/*/")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "已导入" in page.locator("main").inner_text()
    assert DemandRecord.objects.filter(district__code="630202").count() == 60
    page.goto(f"{site_url}/admin/snippets/demands/demandrecord/?stage=已评价")
    assert "共有 60 个" in page.locator("main").inner_text()
    screenshot(page, "demands-1-admin-listing")

    resident = mobile_page
    resident.goto(f"{site_url}/ledu/suqiu/?period=2026")
    assert resident.get_by_role("heading", name="诉求办理公开").is_visible()
    assert resident.locator("svg[role=img]").count() >= 3
    screenshot(resident, "demands-2-dashboard-mobile")
    resident.select_option("#dd-community", label="文化街社区")
    with resident.expect_navigation():
        resident.get_by_role("button", name="查看").click()
    assert "文化街社区 · " in resident.locator(".dd-scope").inner_text()
    screenshot(resident, "demands-3-community")
    with resident.expect_download() as info:
        resident.get_by_role("link", name="下载 CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("统计月份,社区,诉求类别") and "文化街社区" in text and "怡春社区" not in text
    assert "隐私内容" not in text
