"""Base maps the wall may draw under our layers, read from the environment once at start-up.

Three kinds, any combination (the wall shows a switcher when there is more than one choice):
- 天地图 (Tianditu) WMTS with a key (ONEMAP_TIANDITU_KEY): 矢量 vec_w + 注记 cva_w and 影像 img_w +
  注记 cia_w, Web Mercator (TILEMATRIXSET w), KVP GetTile URLs over the t0–t7 subdomains.
- Any XYZ/WMTS URL template (ONEMAP_BASEMAP_URL; several templates separated by commas or spaces
  are subdomains of one source).
- A PMTiles archive on this server (ONEMAP_PMTILES_PATH), served with HTTP range requests by
  geo_api/web/basemap.py and read in the browser with the `pmtiles` protocol.
With none configured the map is drawn from our own data only.

Plain Python (no Django imports): settings/base.py calls it, tests call it with their own values."""
from pathlib import Path
from urllib.parse import urlencode, urlsplit

TIANDITU_HOSTS = [f"https://t{i}.tianditu.gov.cn" for i in range(8)]
TIANDITU_ATTRIBUTION = "© 天地图 国家地理信息公共服务平台 GS(2024)0568号"
PMTILES_URL_PREFIX = "/basemap/"


def tianditu_tiles(layer: str, key: str) -> list[str]:
    """GetTile KVP URLs of one Tianditu layer (e.g. "vec") in Web Mercator, one per subdomain.
    `{z}`, `{x}`, `{y}` stay as MapLibre placeholders (urlencode would escape the braces)."""
    query = urlencode({
        "SERVICE": "WMTS", "REQUEST": "GetTile", "VERSION": "1.0.0", "LAYER": layer, "STYLE": "default",
        "TILEMATRIXSET": "w", "FORMAT": "tiles", "tk": key,
    })
    return [f"{host}/{layer}_w/wmts?{query}&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}" for host in TIANDITU_HOSTS]


def tianditu_basemaps(key: str) -> list[dict]:
    def raster(layer):
        return {"kind": "raster", "tiles": tianditu_tiles(layer, key), "tileSize": 256, "maxzoom": 18}

    return [
        {"id": "tianditu_vec", "title": {"zh": "天地图矢量", "en": "Tianditu map"},
         "attribution": TIANDITU_ATTRIBUTION, "layers": [raster("vec"), raster("cva")]},
        {"id": "tianditu_img", "title": {"zh": "天地图影像", "en": "Tianditu imagery"},
         "attribution": TIANDITU_ATTRIBUTION, "layers": [raster("img"), raster("cia")]},
    ]


def url_basemap(url: str, attribution: str = "") -> dict:
    tiles = [t for t in url.replace(",", " ").split() if t]
    return {"id": "custom", "title": {"zh": "自定义底图", "en": "Custom base map"}, "attribution": attribution,
            "layers": [{"kind": "raster", "tiles": tiles, "tileSize": 256, "maxzoom": 18}]}


def pmtiles_basemap(path: str, attribution: str = "") -> dict:
    """The archive is served under /basemap/<its file name>; the browser learns from the archive's
    header whether it holds raster or vector tiles."""
    return {"id": "pmtiles", "title": {"zh": "离线底图", "en": "Offline base map"}, "attribution": attribution,
            "layers": [{"kind": "pmtiles", "url": PMTILES_URL_PREFIX + Path(path).name}]}


def basemaps_from(*, tianditu_key: str = "", url: str = "", pmtiles_path: str = "", attribution: str = "") -> list[dict]:
    """The configured base maps in the order the switcher lists them (the offline archive first:
    it works without the internet)."""
    found = []
    if pmtiles_path:
        found.append(pmtiles_basemap(pmtiles_path, attribution))
    if tianditu_key:
        found.extend(tianditu_basemaps(tianditu_key))
    if url:
        found.append(url_basemap(url, attribution))
    return found


def origins_of(basemaps: list[dict]) -> list[str]:
    """Other origins the browser must be allowed to load tiles from (for the CSP img-src and
    connect-src); same-origin URLs (the PMTiles route) need none."""
    origins = []
    for basemap in basemaps:
        for layer in basemap["layers"]:
            for tile in layer.get("tiles", []):
                parts = urlsplit(tile.replace("{", "").replace("}", ""))
                if parts.scheme in ("http", "https") and parts.netloc:
                    origin = f"{parts.scheme}://{parts.netloc}"
                    if origin not in origins:
                        origins.append(origin)
    return origins
