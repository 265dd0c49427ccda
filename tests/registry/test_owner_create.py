"""Creating a business: a short form, likely duplicates pointed out before anything is
created, and nothing typed lost on the way."""

import pytest
from django.urls import reverse, reverse_lazy

from registry import selectors
from registry.models import Business
from tests.factories import BusinessFactory, desa

pytestmark = pytest.mark.django_db

CREATE_URL = reverse_lazy("owner:business_create")


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def create_data(**changes):
    data = {
        "name": "Kerupuk Ikan Mina Jaya",
        "brand": "Mina",
        "legal_form": "perorangan",
        "nib": "",
        "owner_name": "Siti Aminah",
        "owner_gender": "P",
        "phone": "0813 2222 3333",
        "email": "",
        "kecamatan": "35.23.06",
        "desa": "35.23.06.2008",
        "address": "Jl. Pantura 5",
    }
    data.update(changes)
    return data


def test_create_form_suggests_the_users_own_name_as_owner_name(owner_client, pelaku):
    pelaku.first_name, pelaku.last_name = "Sri", "Wahyuni"
    pelaku.save()
    response = owner_client.get(CREATE_URL)
    assert response.context["form"].initial["owner_name"] == "Sri Wahyuni"


def test_a_new_business_belongs_to_the_user_as_a_draft(owner_client, pelaku):
    response = owner_client.post(CREATE_URL, create_data())
    business = Business.objects.get(name="Kerupuk Ikan Mina Jaya")
    assert response.status_code == 302
    assert response["Location"] == reverse("owner:business_overview", args=[business.pk])
    assert business.owner == pelaku
    assert business.verification_status == Business.Verification.DRAFT
    assert business.phone == "+6281322223333"
    assert pelaku.businesses.count() == 2  # one owner may run several businesses


def test_the_same_phone_is_pointed_out_before_creating(owner_client, other_pelaku):
    existing = other_pelaku.businesses.get()
    Business.objects.filter(pk=existing.pk).update(phone="+6281234567890")

    response = owner_client.post(CREATE_URL, create_data(name="Usaha Lain Sama Sekali", phone="0812-3456-7890"))

    assert response.status_code == 200
    assert "Mungkin usaha Anda sudah terdaftar" in response.text
    assert "Terasi Gadon Jaya" in response.text
    assert "+62812****7890" in response.text
    assert "+6281234567890" not in response.text.replace('value="0812-3456-7890"', "")
    assert "tautan undangan" in response.text
    assert "Bukan, ini usaha baru" in response.text
    # Nothing typed is lost.
    assert 'value="Usaha Lain Sama Sekali"' in response.text
    assert 'value="Jl. Pantura 5"' in response.text
    assert not Business.objects.filter(name="Usaha Lain Sama Sekali").exists()


def test_confirming_it_is_a_new_business_creates_it(owner_client, other_pelaku):
    Business.objects.filter(owner=other_pelaku).update(phone="+6281234567890")
    response = owner_client.post(CREATE_URL, create_data(phone="0812-3456-7890", confirm="1"))
    assert response.status_code == 302
    assert Business.objects.filter(name="Kerupuk Ikan Mina Jaya", phone="+6281234567890").exists()


def test_the_same_nib_is_pointed_out_and_cannot_be_created_twice(owner_client, other_pelaku):
    Business.objects.filter(owner=other_pelaku).update(nib="1234567890123")
    for confirm in ("", "1"):
        response = owner_client.post(CREATE_URL, create_data(nib="1234567890123", confirm=confirm))
        assert response.status_code == 200
        assert "Mungkin usaha Anda sudah terdaftar" in response.text
        assert "NIB sama" in response.text
        assert response.context["form"].errors["nib"] == ["NIB ini sudah terdaftar untuk usaha lain."]
    assert Business.objects.filter(nib="1234567890123").count() == 1


def test_a_similar_name_in_the_same_desa_is_pointed_out(owner_client, other_pelaku):
    response = owner_client.post(CREATE_URL, create_data(name="UD. Terasi Gadon-Jaya"))
    assert response.status_code == 200
    assert "Terasi Gadon Jaya" in response.text
    assert "Nama mirip di desa yang sama" in response.text


def test_the_same_name_in_another_desa_is_not_a_duplicate(owner_client, other_pelaku):
    response = owner_client.post(
        CREATE_URL, create_data(name="Terasi Gadon Jaya", kecamatan="35.23.08", desa="35.23.08.2008")
    )
    assert response.status_code == 302


def test_a_desa_outside_the_chosen_kecamatan_is_refused_on_create(owner_client):
    response = owner_client.post(CREATE_URL, create_data(kecamatan="35.23.09", desa="35.23.08.2008"))
    assert response.status_code == 200
    assert "desa" in response.context["form"].errors
    assert not Business.objects.filter(name="Kerupuk Ikan Mina Jaya").exists()


def test_missing_required_fields_are_named_in_indonesian(owner_client):
    response = owner_client.post(CREATE_URL, create_data(name="", owner_gender=""))
    errors = response.context["form"].errors
    assert errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert errors["owner_gender"] == ["Bidang ini tidak boleh kosong."]


def test_choosing_a_kecamatan_without_javascript_keeps_the_typed_values(owner_client):
    response = owner_client.post(CREATE_URL, create_data(desa="", pilih_kecamatan="1"))
    form = response.context["form"]
    assert not form.is_bound
    assert [d.kecamatan_id for d in form.fields["desa"].queryset][:1] == ["35.23.06"]
    for typed in ("Kerupuk Ikan Mina Jaya", "Siti Aminah", "0813 2222 3333", "Jl. Pantura 5"):
        assert f'value="{typed}"' in response.text
    assert not Business.objects.filter(name="Kerupuk Ikan Mina Jaya").exists()


# --- The duplicate selector ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "similar"),
    [
        ("UD. Batik Sekar", "Batik Sekar", True),
        ("CV Batik-Sekar", "batik sekar", True),
        ("Batik Sekar Gedhog", "Batik Sekar Gedog", True),
        ("U.D. BATIK SEKAR", "Batik  Sekar", True),
        ("Batik Sekar", "Terasi Sekar", False),
        ("Batik", "Batik Sekar Gedog Lestari", False),
    ],
)
def test_names_are_compared_without_legal_prefixes_case_or_punctuation(typed, stored, similar):
    assert selectors.names_are_similar(typed, stored) is similar


def test_duplicate_candidates_are_found_in_one_query(django_assert_num_queries):
    target = desa("35.23.08.2008")
    BusinessFactory.create_batch(20, desa=target)
    BusinessFactory(name="CV Tenun Gedog Karya", desa=target, nib="1234567890123")
    with django_assert_num_queries(1):
        candidates = selectors.find_duplicate_candidates(nib=None, phone=None, name="Tenun Gedog Karya", desa=target)
    assert [c.name for c in candidates] == ["CV Tenun Gedog Karya"]


def test_phone_is_masked_but_recognisable():
    assert selectors.mask_phone("+6281234567890") == "+62812****7890"
    assert selectors.mask_phone("") == ""
