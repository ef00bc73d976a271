"""Looking up community, grid and team names the way people write them."""

from functools import lru_cache

from opencc import OpenCC

from . import cleaning

_t2s = OpenCC("t2s")


@lru_cache(maxsize=65536)
def name_key(value) -> str:
    """Simplified characters, no spaces: 蘭新社區 and 兰新 社区 find 兰新社区."""
    return _t2s.convert(cleaning.compact(value))
