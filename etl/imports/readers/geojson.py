"""GeoJSON (RFC 7946 says WGS84; Chinese web-map exports are often GCJ-02 anyway: the source
coordinate system chosen on the desk wins)."""
FORMAT, LABEL, SUFFIXES, FIRST_LINE = "geojson", "GeoJSON", (".geojson", ".json"), 1


def source(path):
    return str(path), {}
