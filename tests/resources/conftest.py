import pytest
from django.contrib.gis.geos import Point

from geo_api.resources.models import StockItem, Warehouse
from geo_api.resources.services import stock_move
from tests.conftest import user_with_roles


@pytest.fixture
def keeper(db):
    return user_with_roles("keeper", "warehouse_staff")


def make_warehouse(i, lon=121.40, lat=31.21, level="street", **kw):
    return Warehouse.objects.create(code=f"WT{i:03d}", name=f"测试仓库{i}", level=level, managing_unit="长宁区应急管理局",
                                    address=f"长宁区测试路{i}号", geom=Point(lon, lat, srid=4326), **kw)


def stock(warehouse, code="1010101", quantity=100, user=None, **kw):
    """Stock placed as the desk would: an `in` movement through the service."""
    from django.contrib.auth.models import User

    user = user or User.objects.get(username="keeper")
    stock_move(kind="in", warehouse_id=warehouse.pk, material_code=code, quantity=quantity, reason="期初入库",
               user=user, **kw)
    return StockItem.objects.get(warehouse=warehouse, material_code=code)
