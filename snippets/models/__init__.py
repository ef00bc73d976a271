from .base import DistrictOwned
from .geography import Community, Grid, Street

__all__ = ["Community", "DistrictOwned", "Grid", "Street"]
