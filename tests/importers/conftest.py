"""Running `import_data` as an administrator's nightly script would, and looking at what it wrote."""

import io
import json
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from importers.models import ImportBatch, ImportChange
from snippets.models import Community, CommunityWorker, Grid, GridWorker, PartyCheckin, Street, Volunteer, VolunteerTeam

SPEC_KEYS = {
    "dataset",
    "district",
    "dry_run",
    "rows",
    "created",
    "updated",
    "unchanged",
    "deactivated",
    "skipped",
    "errors",
    "ignored_columns",
}


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self):
        """The one JSON object on stdout; fails if there is anything else there."""
        return json.loads(self.stdout)

    @property
    def errors(self):
        return self.report["errors"]


def run_import(dataset, path, *args, district="620981", json_format=True):
    stdout, stderr = io.StringIO(), io.StringIO()
    options = ["--format", "json"] if json_format else []
    code = 0
    try:
        call_command(
            "import_data", dataset, str(path), "--district", district, *options, *args, stdout=stdout, stderr=stderr
        )
    except SystemExit as exit:
        code = exit.code
    return Result(code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def run(db):
    return run_import


MODELS = (Street, Community, Grid, GridWorker, CommunityWorker, Volunteer, VolunteerTeam, PartyCheckin)


def snapshot():
    """Every row an import may touch, as values: equal snapshots mean an unchanged database."""
    state = {model.__name__: sorted(map(repr, model.objects.values_list())) for model in MODELS}
    state["batches"] = ImportBatch.objects.count()
    state["changes"] = ImportChange.objects.count()
    return state


@pytest.fixture
def yumen_places(yumen):
    """玉门市's demo communities and grids by name."""
    communities = {c.name: c for c in Community.objects.filter(district=yumen)}
    grids = {g.name: g for g in Grid.objects.filter(district=yumen)}
    return communities, grids
