"""Files the fuzzer found, or that attack the reader: each is refused with a Chinese message before
anything is written, and before calamine is handed something it cannot survive."""

import pytest
import python_calamine

from importers.commands import read_upload
from importers.errors import TableError

from ..conftest import snapshot
from . import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def calamine_must_not_see_it(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("handed to calamine")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)


def test_xls_whose_sector_chain_loops_is_refused_before_calamine(run, tmp_path, calamine_must_not_see_it):
    path = tmp_path / "roster.xls"
    path.write_bytes(hostile.looping_xls())
    before = snapshot()
    result = run("grid_workers", path)
    assert result.code == 2
    assert "文件已损坏或加密，无法作为 Excel 97-2003 文件读取" in result.stderr
    assert snapshot() == before


@pytest.mark.parametrize("how", ["signature", "method", "data"])
def test_ods_whose_mimetype_member_is_damaged(how):
    with pytest.raises(TableError, match="文件已损坏"):
        read_upload(hostile.ods_with_damaged_mimetype(how), "roster.ods")
