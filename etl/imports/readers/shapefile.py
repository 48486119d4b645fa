"""A zipped Shapefile (.shp with .shx, .dbf and, ideally, .prj and .cpg): read inside the zip by
GDAL's /vsizip/, never unpacked to disk (no path tricks from member names). A .dbf without .cpg
is read as GBK, what Chinese GIS tools write."""
import zipfile

from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput

FORMAT, LABEL, SUFFIXES, FIRST_LINE = "shapefile", "Shapefile (zip)", (".zip",), 1


def source(path):
    try:
        names = zipfile.ZipFile(path).namelist()
    except zipfile.BadZipFile:
        raise InvalidInput(_("The .zip file is damaged or not a zip."), errors={"file": [_("Not a zip file.")]}) from None
    shps = [n for n in names if n.lower().endswith(".shp")]
    if len(shps) != 1:
        raise InvalidInput(_("The zip must hold exactly one Shapefile (.shp); it holds %(n)s.") % {"n": len(shps)},
                           errors={"file": [_("One .shp per zip.")]})
    stem = shps[0][:-4].lower()
    missing = [ext for ext in (".shx", ".dbf") if stem + ext not in {n.lower() for n in names}]
    if missing:
        raise InvalidInput(_("The Shapefile is incomplete: %(missing)s missing from the zip.") % {
            "missing": ", ".join(missing)}, errors={"file": [_("Incomplete Shapefile.")]})
    options = {} if stem + ".cpg" in {n.lower() for n in names} else {"encoding": "GBK"}
    return f"/vsizip/{path}/{shps[0]}", options
