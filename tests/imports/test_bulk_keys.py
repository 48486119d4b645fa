"""A bulk load (at least as many rows as the layer holds) drops the layer's secondary indexes and
puts them back before it commits; its foreign keys stay (dropping one would lock the streets
table against every reader for the length of the load). The schema comes back as it was, the
key is enforced, and a row whose street does not exist fails the load and leaves the layer, its
indexes and its keys as they were."""
import pyarrow as pa
import pytest
from django.db import IntegrityError, connection, transaction

from etl.imports import load as load_module
from etl.imports import streets as street_lookup
from etl.imports.models import ImportJob
from geo_api.resources.models import Resource

from tests import factories as f

from .test_arrow_path import gpkg, load

LONLATS = [(121.405, 31.21), (121.406, 31.212), (121.45, 31.25), (121.407, 31.211)]


def _schema():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'onemap_resource'::regclass "
                       "ORDER BY 1")
        indexes = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
                       "WHERE conrelid = 'onemap_resource'::regclass ORDER BY 1")
        return indexes, cursor.fetchall()


@pytest.fixture
def bulk(monkeypatch):
    monkeypatch.setattr(load_module, "BULK_MIN_ROWS", 1)  # four rows into an empty layer: the bulk path


@pytest.fixture
def user_tx(transactional_db):
    from django.contrib.auth.models import Group, User

    u = User.objects.create_user("bulk-importer")
    u.groups.add(Group.objects.get(name="gis_analyst"))
    return u


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_puts_back_its_indexes_and_keeps_the_street_key(user_tx, tmp_path, bulk):
    street = f.district(0, geom=f.square(121.40, 31.20, 0.02))
    before = _schema()
    assert any("FOREIGN KEY (district_id) REFERENCES onemap_district(id)" in d for _n, d, _v in before[1])
    job = load(user_tx, gpkg(tmp_path / "p.gpkg", "EPSG:4326", LONLATS, [1, 2, 3, 4]), "EPSG:4326")
    assert job.state == "done" and job.loaded == 4, job.error
    assert _schema() == before
    assert sorted(Resource.objects.values_list("district_id", flat=True), key=str) == [street.pk] * 3 + [None]
    # The key is enforced again, not merely listed.
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE onemap_resource SET district_id = %s WHERE district_id IS NOT NULL",
                           [street.pk + 1000])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db(transaction=True)
def test_a_row_without_its_street_fails_the_bulk_load_and_changes_nothing(user_tx, tmp_path, bulk, monkeypatch):
    street = f.district(0, geom=f.square(121.40, 31.20, 0.02))
    before = _schema()
    real = street_lookup.street_ids

    def one_gone(geoms, n):  # the street of row 2 deleted between the lookup and the INSERT
        ids = real(geoms, n).to_pylist()
        ids[1] = street.pk + 1000
        return pa.array(ids, pa.int64())

    monkeypatch.setattr(street_lookup, "street_ids", one_gone)
    job = load(user_tx, gpkg(tmp_path / "p.gpkg", "EPSG:4326", LONLATS, [1, 2, 3, 4]), "EPSG:4326")
    assert job.state == "failed" and "district" in job.error, job.error
    assert str(street.pk + 1000) in job.error
    assert Resource.objects.count() == 0
    assert _schema() == before
    assert ImportJob.objects.get(pk=job.pk).loaded in (0, None)


@pytest.mark.django_db(transaction=True)
def test_a_bad_row_stops_the_guarded_bulk_insert_with_its_row_and_changes_nothing(user_tx, tmp_path, bulk):
    """The INSERT checks every row itself (no separate scan when the file is good); the first bad
    row stops it after the indexes and keys were dropped: all of that is rolled back, and the
    report is the full per-row one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from etl.imports.services import import_commit, import_run, import_upload

    f.district(0, geom=f.square(121.40, 31.20, 0.02))
    before = _schema()
    path = gpkg(tmp_path / "p.gpkg", "EPSG:4326", LONLATS, [1, 2, 3, 4])
    job = import_upload(user=user_tx, upload=SimpleUploadedFile("p.gpkg", path.read_bytes()), layer_id="resources",
                        source_crs="EPSG:4326")
    assert job.report["ok"], job.report
    import_commit(user=user_tx, job_id=job.pk)
    moved = list(LONLATS)
    moved[2] = moved[3] = (123.5, 31.21)  # rows 3 and 4 now lie in the sea east of Shanghai
    gpkg(tmp_path / "changed.gpkg", "EPSG:4326", moved, [1, 2, 3, 4]).replace(job.file_path)
    import_run(job.pk)
    done = ImportJob.objects.get(pk=job.pk)
    assert done.state == "failed", done.error
    assert [(e["row"], e["code"]) for e in done.report["errors"]] == [(3, "outside"), (4, "outside")]
    assert done.error.startswith(("Row 3", "第 3 行", "第3行")), done.error
    assert Resource.objects.count() == 0
    assert _schema() == before
