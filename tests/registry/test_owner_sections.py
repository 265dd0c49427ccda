"""Each profile section saves on its own, validates in Indonesian next to the field, and
keeps what was typed when something is wrong."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import Assistance, Business, Need
from tests.factories import AssistanceFactory, NeedFactory, kbli

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def identity_data(business, **changes):
    data = {
        "name": business.name,
        "brand": business.brand,
        "legal_form": business.legal_form,
        "nib": business.nib or "",
        "npwp": business.npwp,
        "kbli": business.kbli_id or "",
        "year_started": business.year_started or "",
        "owner_name": business.owner_name,
        "owner_gender": business.owner_gender,
        "phone": business.phone,
        "email": business.email,
    }
    data.update(changes)
    return data


def location_data(**changes):
    data = {"kecamatan": "35.23.08", "desa": "35.23.08.2008", "address": "Jl. Raya Kerek No. 1"}
    data.update(changes)
    return data


def url(name, business):
    return reverse(f"owner:{name}", args=[business.pk])


# --- Identity ----------------------------------------------------------------------------


def test_identity_saves_and_says_tersimpan(owner_client, business):
    response = owner_client.post(
        url("identity", business),
        identity_data(business, nib="1234567890123", phone="0812-3456-7890", year_started="2015"),
        follow=True,
    )
    business.refresh_from_db()
    assert business.nib == "1234567890123"
    assert business.phone == "+6281234567890"
    assert business.year_started == 2015
    assert "Tersimpan." in response.text


def test_nib_of_12_digits_is_refused_next_to_the_field_and_nothing_is_saved(owner_client, business):
    response = owner_client.post(
        url("identity", business), identity_data(business, name="Nama Baru", nib="123456789012")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nib"] == ["NIB harus terdiri dari 13 angka."]
    assert 'id="error_1_id_nib"' in response.text or "invalid-feedback" in response.text
    assert "NIB harus terdiri dari 13 angka." in response.text
    # What was typed stays in the form; the header still shows the saved name.
    assert 'value="Nama Baru"' in response.text
    business.refresh_from_db()
    assert business.name == "Batik Sekar Gedog"
    assert business.nib is None


def test_a_nib_already_used_by_another_business_is_refused(owner_client, business, other_pelaku):
    Business.objects.filter(pk=other_pelaku.businesses.get().pk).update(nib="1234567890123")
    response = owner_client.post(url("identity", business), identity_data(business, nib="1234567890123"))
    assert response.context["form"].errors["nib"] == ["NIB ini sudah terdaftar untuk usaha lain."]


def test_invalid_npwp_and_phone_get_indonesian_messages(owner_client, business):
    response = owner_client.post(url("identity", business), identity_data(business, npwp="123", phone="bukan"))
    errors = response.context["form"].errors
    assert "NPWP tidak valid" in errors["npwp"][0]
    assert "Nomor telepon tidak valid" in errors["phone"][0]


def test_year_started_in_the_future_is_refused(owner_client, business):
    response = owner_client.post(url("identity", business), identity_data(business, year_started="2999"))
    assert "Tahun mulai usaha tidak boleh di masa depan." in response.context["form"].errors["year_started"]


def test_identity_offers_kbli_as_code_title_and_version(owner_client, business):
    response = owner_client.get(url("identity", business))
    assert str(kbli("13134")) in response.text
    assert "(KBLI 2020)" in str(kbli("13134"))


def test_identity_saves_while_every_other_section_is_empty(owner_client, business):
    Business.objects.filter(pk=business.pk).update(
        workers_male=0, workers_female=0, investment=None, yearly_sales=None, kbli=None
    )
    owner_client.post(url("identity", business), identity_data(business, kbli="", brand="Sekar"))
    business.refresh_from_db()
    assert business.brand == "Sekar"


# --- Location ------------------------------------------------------------------------------


def test_location_saves_a_desa_of_the_chosen_kecamatan_and_a_point_in_tuban(owner_client, business):
    owner_client.post(
        url("location", business),
        location_data(kecamatan="35.23.06", desa="35.23.06.2008", latitude="-6,8123", longitude="111.8456789123"),
    )
    business.refresh_from_db()
    assert business.desa_id == "35.23.06.2008"
    assert business.latitude == Decimal("-6.812300")
    assert business.longitude == Decimal("111.845679")


def test_a_desa_outside_the_chosen_kecamatan_is_refused(owner_client, business):
    # Margorejo in Kerek, but the kecamatan says Parengan (which has its own Margorejo).
    response = owner_client.post(url("location", business), location_data(kecamatan="35.23.09", desa="35.23.08.2008"))
    assert response.status_code == 200
    assert response.context["form"].errors["desa"] == ["Pilih desa/kelurahan yang berada di kecamatan yang dipilih."]
    business.refresh_from_db()
    assert business.desa_id == "35.23.08.2008"


def test_desa_list_offers_only_the_desa_of_the_businesss_kecamatan(owner_client, business):
    form = owner_client.get(url("location", business)).context["form"]
    codes = {desa.code[:8] for desa in form.fields["desa"].queryset}
    assert codes == {"35.23.08"}


def test_choosing_a_kecamatan_without_javascript_keeps_what_was_typed(owner_client, business):
    response = owner_client.post(
        url("location", business),
        {"kecamatan": "35.23.06", "desa": "35.23.08.2008", "address": "Jl. Pantura 7", "pilih_kecamatan": "1"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # no error messages for the half-filled form
    assert {desa.kecamatan_id for desa in form.fields["desa"].queryset} == {"35.23.06"}
    assert 'value="Jl. Pantura 7"' in response.text
    assert '<option value="35.23.06" selected>' in response.text
    business.refresh_from_db()
    assert business.address == "Jl. Raya Kerek No. 1"


def test_a_point_outside_tuban_is_refused(owner_client, business):
    response = owner_client.post(url("location", business), location_data(latitude="-7.25", longitude="112.75"))
    assert "Titik lokasi berada di luar Kabupaten Tuban." in response.context["form"].errors["latitude"]


def test_latitude_without_longitude_is_refused(owner_client, business):
    response = owner_client.post(url("location", business), location_data(latitude="-6.9"))
    assert response.context["form"].errors["latitude"]


def test_location_page_carries_the_desa_list_for_the_live_filter_and_the_location_button(owner_client, business):
    response = owner_client.get(url("location", business))
    assert 'id="desa-options"' in response.text
    assert "js/desa_filter.js" in response.text
    assert "Gunakan lokasi saya" in response.text


# --- Workers and investment ---------------------------------------------------------------


def test_indonesian_rupiah_is_accepted_and_the_class_is_shown_after_saving(owner_client, business):
    response = owner_client.post(
        url("workers", business),
        {
            "workers_male": "2",
            "workers_female": "5",
            "investment": "1.500.000",
            "land_building_value": "Rp 50.000.000",
            "yearly_sales": "Rp 240.000.000",
        },
        follow=True,
    )
    business.refresh_from_db()
    assert business.investment == Decimal("1500000")
    assert business.land_building_value == Decimal("50000000")
    assert business.yearly_sales == Decimal("240000000")
    assert "Industri Kecil" in response.text
    assert "Usaha Mikro" in response.text
    assert 'value="1.500.000"' in response.text


def test_a_large_business_is_flagged_not_refused(owner_client, business):
    response = owner_client.post(
        url("workers", business),
        {"workers_male": "150", "workers_female": "0", "investment": "20.000.000.000"},
        follow=True,
    )
    business.refresh_from_db()
    assert business.industry_class == Business.IndustryClass.BESAR
    assert "di luar IKM" in response.text


def test_words_instead_of_numbers_get_an_indonesian_message(owner_client, business):
    response = owner_client.post(
        url("workers", business), {"workers_male": "1", "workers_female": "1", "investment": "satu juta"}
    )
    assert response.context["form"].errors["investment"] == ["Tulis angka saja, misalnya 1.500.000 atau 2,5."]
    assert 'value="satu juta"' in response.text


def test_negative_workers_are_refused(owner_client, business):
    response = owner_client.post(url("workers", business), {"workers_male": "-1", "workers_female": "0"})
    assert "workers_male" in response.context["form"].errors


# --- Needs ---------------------------------------------------------------------------------


def test_needs_create_and_delete_one_row_per_kind(owner_client, business):
    NeedFactory(business=business, kind="pelatihan")
    owner_client.post(
        url("needs", business),
        {"alat": "on", "alat_description": "Mesin jahit 2 unit", "kemasan": "on", "pelatihan_description": "lupa"},
    )
    needs = {need.kind: need.description for need in Need.objects.filter(business=business)}
    assert needs == {"alat": "Mesin jahit 2 unit", "kemasan": ""}


def test_saving_needs_again_updates_rather_than_duplicates(owner_client, business):
    for description in ("Mesin jahit", "Mesin jahit dan obras"):
        owner_client.post(url("needs", business), {"alat": "on", "alat_description": description})
    assert list(Need.objects.filter(business=business).values_list("kind", "description")) == [
        ("alat", "Mesin jahit dan obras")
    ]


def test_needs_page_shows_current_choices(owner_client, business):
    NeedFactory(business=business, kind="permodalan", description="KUR")
    form = owner_client.get(url("needs", business)).context["form"]
    assert form.initial["permodalan"] is True
    assert form.initial["permodalan_description"] == "KUR"


# --- Assistance received ------------------------------------------------------------------


def assistance_row(index, **values):
    row = {
        "programme": "Bantuan Alat IKM 2023",
        "agency": "Disnakerin Kabupaten Tuban",
        "year": "2023",
        "kind": "alat",
        "item": "Mesin jahit",
        "value": "2.500.000",
        "status": "diserahkan",
    }
    row.update(values)
    return {f"assistance-{index}-{key}": value for key, value in row.items()}


def management(total, initial):
    return {"assistance-TOTAL_FORMS": str(total), "assistance-INITIAL_FORMS": str(initial)}


def test_owner_adds_assistance_with_rupiah_value(owner_client, business):
    owner_client.post(url("assistance", business), {**management(1, 0), **assistance_row(0)})
    row = Assistance.objects.get(business=business)
    assert row.value == Decimal("2500000")
    # The posted status is not the owner's to set: the row is an unconfirmed owner report.
    assert (row.source, row.status) == ("pemilik", "diusulkan")


def test_owner_edits_and_deletes_their_assistance_rows(owner_client, business):
    keep = AssistanceFactory(business=business, programme="Pelatihan batik", source="pemilik")
    drop = AssistanceFactory(business=business, programme="Salah input", source="pemilik")
    data = {
        **management(2, 2),
        **assistance_row(0, id=str(keep.pk), programme="Pelatihan batik pewarna alam", kind="pelatihan"),
        **assistance_row(1, id=str(drop.pk), DELETE="on"),
    }
    owner_client.post(url("assistance", business), data)
    assert list(Assistance.objects.filter(business=business).values_list("programme", flat=True)) == [
        "Pelatihan batik pewarna alam"
    ]


def test_assistance_row_without_programme_is_refused_in_indonesian(owner_client, business):
    response = owner_client.post(url("assistance", business), {**management(1, 0), **assistance_row(0, programme="")})
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["programme"]
    assert not Assistance.objects.filter(business=business).exists()


def test_an_untouched_blank_assistance_row_is_ignored(owner_client, business):
    response = owner_client.post(
        url("assistance", business),
        {**management(1, 0), "assistance-0-status": "diusulkan"},
    )
    assert response.status_code == 302
    assert not Assistance.objects.filter(business=business).exists()


# --- Publication consent -------------------------------------------------------------------


def test_publication_consent_is_saved_and_explained(owner_client, business):
    page = owner_client.get(url("publication", business))
    assert "Tidak pernah ditampilkan" in page.text
    owner_client.post(url("publication", business), {"publish_phone": "on"})
    business.refresh_from_db()
    assert (business.publish_phone, business.publish_email, business.publish_address) == (True, False, False)
