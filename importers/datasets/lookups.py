"""Name lookups of one district, loaded once per import: communities, grids, streets, teams."""

from snippets.models import Community, Grid, Street, VolunteerTeam

from ..errors import CellError
from ..names import name_key


class Lookups:
    def __init__(self, district):
        self.district = district
        self.communities = {name_key(c.name): c for c in Community.objects.filter(district=district)}
        self.community_names = {c.pk: c.name for c in self.communities.values()}
        self._grids = self._teams = self._streets = None

    def community(self, name, column="community"):
        community = self.communities.get(name_key(name))
        if community is None:
            raise CellError(f"社区不存在：本行政区没有名为“{name}”的社区", column)
        return community

    @property
    def grids(self):
        if self._grids is None:
            grids = list(
                Grid.objects.filter(district=self.district).only("id", "name", "code", "community_id", "level")
            )
            self._grids = {
                "by_name": {(g.community_id, name_key(g.name)): g for g in grids},
                "by_code": {g.code: g for g in grids if g.code},
                "names": {g.pk: g.name for g in grids},
            }
        return self._grids

    def grid(self, value, community_id, column="grid"):
        """A grid of the community, named by its name or its code."""
        grid = self.grids["by_name"].get((community_id, name_key(value))) or self.grids["by_code"].get(value.strip())
        if grid is None:
            raise CellError(f"网格不存在：社区“{self.community_names[community_id]}”没有网格“{value}”", column)
        if grid.community_id != community_id:
            raise CellError(f"网格“{value}”不属于社区“{self.community_names[community_id]}”", column)
        return grid

    @property
    def teams(self):
        if self._teams is None:
            self._teams = {name_key(t.name): t for t in VolunteerTeam.objects.filter(district=self.district)}
        return self._teams

    @property
    def streets(self):
        if self._streets is None:
            self._streets = {name_key(s.name): s for s in Street.objects.filter(district=self.district)}
        return self._streets
