"""The umbrella association of Tuban's IKM, its kecamatan and sector units, their officers,
and the week of data gathering the officers started."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group

from organizations.drives import drive_start
from organizations.models import Association, Officer
from tuban_ikm import roles

from .users import OFFICER_USERS, officer_user

UMBRELLA_NAME = "Asosiasi IKM Kabupaten Tuban"
UMBRELLA_FOUNDED = date(2022, 6, 9)  # formed within a week of the Bupati's meeting of 2 June 2022
UNIT_KECAMATAN = ("Kerek", "Tambakboyo", "Semanding", "Merakurak", "Bancar")
CLUSTERS = {
    "Klaster Batik dan Tenun": ("Batik dan tenun gedog", {"batik_gedog", "tenun_gedog"}),
    "Klaster Olahan Hasil Laut": ("Terasi, ikan asin, kerupuk", {"terasi", "ikan_asin", "kerupuk", "olahan_ikan"}),
    "Klaster Anyaman": ("Anyaman lontar dan bambu", {"anyaman_lontar", "anyaman_bambu"}),
}


@dataclass
class Associations:
    umbrella: Association
    by_kecamatan: dict[str, Association]
    by_sector: dict[str, Association]


def demo_association_ensure(*, kecamatan_by_name, pengurus):
    """The umbrella association, its sub-units and officers (get-or-create, so safe to repeat)."""
    umbrella, _ = Association.objects.get_or_create(
        name=UMBRELLA_NAME,
        unit_kind=Association.UnitKind.UMBRELLA,
        defaults={
            "short_name": "AIKM Tuban",
            "sk_number": "AHU-0008123.AH.01.07.TAHUN 2022",
            "sk_date": date(2022, 7, 20),
            "founded_on": UMBRELLA_FOUNDED,
            "address": "d/a Disnakerin Kabupaten Tuban, Tuban",
        },
    )
    by_kecamatan = {}
    for name in UNIT_KECAMATAN:
        by_kecamatan[name], _ = Association.objects.get_or_create(
            parent=umbrella,
            name=f"Unit Kecamatan {name}",
            defaults={
                "unit_kind": Association.UnitKind.KECAMATAN,
                "kecamatan": kecamatan_by_name[name],
                "founded_on": date(2022, 8, 1),
            },
        )
    by_sector = {}
    for name, (sector_label, sectors) in CLUSTERS.items():
        unit, _ = Association.objects.get_or_create(
            parent=umbrella,
            name=name,
            defaults={"unit_kind": Association.UnitKind.SECTOR, "sector": sector_label, "founded_on": date(2022, 9, 1)},
        )
        for sector in sectors:
            by_sector[sector] = unit

    group = Group.objects.filter(name=roles.PENGURUS_ASOSIASI).first()
    term = {"term_start": UMBRELLA_FOUNDED, "term_end": date(2027, 6, 8)}
    officers = [(umbrella, pengurus, Officer.Role.KETUA)]
    officers += [
        (umbrella, officer_user("pengurus_sekretaris", *OFFICER_USERS["pengurus_sekretaris"], group), "sekretaris"),
        (umbrella, officer_user("pengurus_bendahara", *OFFICER_USERS["pengurus_bendahara"], group), "bendahara"),
        (by_kecamatan["Kerek"], officer_user("pengurus_kerek", *OFFICER_USERS["pengurus_kerek"], group), "ketua"),
        (
            by_sector["batik_gedog"],
            officer_user("pengurus_batik", *OFFICER_USERS["pengurus_batik"], group),
            "ketua",
        ),
    ]
    for association, user, role in officers:
        Officer.objects.get_or_create(association=association, user=user, role=role, defaults=term)
    return Associations(umbrella, by_kecamatan, by_sector)


def demo_drive_ensure(*, associations, pengurus, today):
    """The association's week of data gathering, as the officers would have started it."""
    drive_start(
        association=associations.umbrella,
        deadline=today + timedelta(days=7),
        started_by=pengurus,
        today=today,
    )
