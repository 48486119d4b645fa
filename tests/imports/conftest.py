import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def upload():
    def make(path, name=None):
        return SimpleUploadedFile(name or path.name, path.read_bytes())

    return make


@pytest.fixture
def analyst(as_role):
    return as_role("gis_analyst")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
