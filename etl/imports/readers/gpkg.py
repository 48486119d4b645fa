"""GeoPackage: the first layer of the file (the desk says which one it read)."""
FORMAT, LABEL, SUFFIXES, FIRST_LINE = "gpkg", "GeoPackage", (".gpkg",), 1


def source(path):
    return str(path), {}
