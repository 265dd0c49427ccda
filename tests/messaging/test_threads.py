"""Two-way talk between owners/officers and Dinas: who may read, write and answer what."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification
from messaging import services
from messaging.models import Thread
from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db

CREATE = reverse("messaging:thread_create")
QUEUE = reverse("messaging:staff_queue")


def detail(thread):
    return reverse("messaging:thread_detail", args=[thread.pk])


def staff_page(thread):
    return reverse("messaging:staff_thread", args=[thread.pk])


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def thread(pelaku, business):
    return services.thread_start(
        writer=pelaku,
        kind=Thread.Kind.QUESTION,
        subject="Cara mengurus P-IRT",
        body="Bagaimana cara mengurus izin P-IRT untuk batik?",
        business=business,
    )


def test_an_owner_asks_a_question_about_their_business(client, pelaku, business):
    client.force_login(pelaku)
    response = client.post(
        CREATE,
        {"kind": "pertanyaan", "about": f"usaha-{business.pk}", "subject": "Izin edar", "body": "Apa syaratnya?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == detail(thread)
    assert (thread.writer, thread.business, thread.kecamatan_id) == (pelaku, business, business.desa.kecamatan_id)
    assert thread.awaiting_answer and thread.is_open
    page = client.get(detail(thread)).text
    assert "Izin edar" in page and "Apa syaratnya?" in page


def test_a_general_question_needs_no_business(client, pelaku):
    client.force_login(pelaku)
    client.post(CREATE, {"kind": "aspirasi", "about": "", "subject": "Pameran", "body": "Mohon pameran rutin."})
    thread = Thread.objects.get()
    assert thread.business is None and thread.kind == Thread.Kind.ASPIRATION


def test_an_owner_cannot_write_about_another_owners_business(client, pelaku, other_pelaku):
    other = other_pelaku.businesses.get()
    client.force_login(pelaku)
    response = client.post(CREATE, {"kind": "pertanyaan", "about": f"usaha-{other.pk}", "subject": "x", "body": "y"})
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan" in response.text  # next to the field, in Indonesian
    assert not Thread.objects.exists()


def test_an_empty_message_is_refused_next_to_the_field_and_nothing_is_saved(client, pelaku):
    client.force_login(pelaku)
    response = client.post(CREATE, {"kind": "pertanyaan", "about": "", "subject": "Tanya", "body": "   "})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong" in response.text or "Tulis isi pesan" in response.text
    assert not Thread.objects.exists()


def test_an_officer_writes_for_their_association(client, pengurus):
    association = pengurus.officer_roles.get().association
    client.force_login(pengurus)
    client.post(
        CREATE, {"kind": "masalah", "about": f"asosiasi-{association.pk}", "subject": "Server lambat", "body": "..."}
    )
    thread = Thread.objects.get()
    assert thread.association_name == association.name and thread.writer == pengurus
    assert thread.kecamatan_id == association.kecamatan_id


def test_an_owner_sees_only_their_own_threads(client, thread, other_pelaku):
    client.force_login(other_pelaku)
    assert client.get(detail(thread)).status_code == 404
    assert "Cara mengurus P-IRT" not in client.get(reverse("messaging:thread_list")).text
    response = client.post(detail(thread), {"body": "menyusup"})
    assert response.status_code == 404
    assert thread.messages.count() == 1


def test_an_officer_cannot_open_an_owners_thread(client, thread, pengurus):
    client.force_login(pengurus)
    assert client.get(detail(thread)).status_code == 404


def test_visitors_are_sent_to_the_login_page(client, thread):
    for url in (reverse("messaging:thread_list"), CREATE, detail(thread), QUEUE, staff_page(thread)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_owners_officers_and_pimpinan_cannot_open_the_staff_pages(client, thread, pelaku, pengurus, pimpinan):
    for user in (pelaku, pengurus, pimpinan):
        client.force_login(user)
        assert client.get(QUEUE).status_code == 403
        assert client.get(staff_page(thread)).status_code == 403
        assert client.post(staff_page(thread), {"body": "jawaban palsu"}).status_code == 403
        assert client.post(reverse("messaging:staff_close", args=[thread.pk])).status_code == 403
    assert thread.messages.count() == 1
    thread.refresh_from_db()
    assert thread.is_open


def test_staff_answer_and_the_writer_is_told_in_the_inbox_and_by_email(
    client, dinas, pelaku, thread, django_capture_on_commit_callbacks
):
    client.force_login(dinas)
    queue = client.get(QUEUE).text
    assert "Cara mengurus P-IRT" in queue
    assert pelaku.get_full_name() in queue  # the writer's name, for staff
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_page(thread), {"body": "Daftar lewat OSS, lalu ikut penyuluhan."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert not thread.awaiting_answer and thread.assigned_to == dinas
    notice = Notification.objects.get(recipient=pelaku)
    assert "Cara mengurus P-IRT" in notice.message and notice.url == detail(thread)
    [email] = mail.outbox
    assert email.to == [pelaku.email]
    assert "Daftar lewat OSS" in email.body
    assert f"http://testserver{detail(thread)}" in email.body  # an absolute link (SITE_URL)

    client.force_login(pelaku)
    page = client.get(detail(thread)).text
    assert "Daftar lewat OSS" in page
    assert dinas.get_full_name() not in page  # the writer sees "Dinas", not the staff member


def test_the_writer_replies_and_the_thread_waits_for_dinas_again(client, dinas, pelaku, thread):
    services.thread_reply(thread=thread, author=dinas, body="Sudah dijawab")
    client.force_login(pelaku)
    client.post(detail(thread), {"body": "Terima kasih, satu lagi..."})
    thread.refresh_from_db()
    assert thread.awaiting_answer
    assert [m.from_dinas for m in thread.messages.all()] == [False, True, False]


def test_staff_assign_close_and_reopen(client, dinas, pelaku, thread):
    colleague = UserFactory(username="dinas2", is_staff=True, groups=[roles.STAF_DINAS])
    client.force_login(dinas)
    client.post(reverse("messaging:staff_assign", args=[thread.pk]), {"assigned_to": colleague.pk})
    thread.refresh_from_db()
    assert thread.assigned_to == colleague
    client.post(reverse("messaging:staff_close", args=[thread.pk]), {"action": "close"})
    thread.refresh_from_db()
    assert not thread.is_open and thread.closed_at is not None
    # The writer can no longer reply to a closed thread.
    client.force_login(pelaku)
    response = client.post(detail(thread), {"body": "Masih ada pertanyaan"})
    assert "sudah ditutup" in response.text
    assert thread.messages.count() == 1
    client.force_login(dinas)
    client.post(reverse("messaging:staff_close", args=[thread.pk]), {"action": "reopen"})
    thread.refresh_from_db()
    assert thread.is_open and thread.closed_at is None


def test_a_thread_cannot_be_given_to_someone_who_cannot_answer(client, dinas, pimpinan, thread):
    client.force_login(dinas)
    client.post(reverse("messaging:staff_assign", args=[thread.pk]), {"assigned_to": pimpinan.pk})
    thread.refresh_from_db()
    assert thread.assigned_to is None


def test_staff_do_not_open_threads_of_their_own(client, dinas, pimpinan):
    client.force_login(dinas)
    assert client.get(CREATE).url == QUEUE
    client.force_login(pimpinan)
    assert client.get(CREATE).status_code == 403


def test_the_queue_shows_waiting_threads_first_and_filters_by_kind(client, dinas, pelaku, other_pelaku, thread):
    answered = services.thread_start(writer=other_pelaku, kind="aspirasi", subject="Pasar murah", body="...")
    services.thread_reply(thread=answered, author=dinas, body="Baik")
    client.force_login(dinas)
    html = client.get(QUEUE).text
    assert html.index("Cara mengurus P-IRT") < html.index("Pasar murah")
    filtered = client.get(QUEUE, {"kind": "aspirasi"}).text
    assert "Pasar murah" in filtered and "Cara mengurus P-IRT" not in filtered
    waiting = client.get(QUEUE, {"status": "menunggu"}).text
    assert "Cara mengurus P-IRT" in waiting and "Pasar murah" not in waiting


def test_thread_texts_stay_off_public_pages(client, thread):
    for url in (reverse("home"), reverse("catalogue:list"), reverse("contact")):
        assert "Cara mengurus P-IRT" not in client.get(url).text


@pytest.mark.parametrize("count", [2, 12])
def test_the_thread_pages_need_the_same_queries_for_2_or_12_threads(
    client, dinas, pelaku, business, count, django_assert_max_num_queries
):
    threads = [
        services.thread_start(writer=pelaku, kind="pertanyaan", subject=f"Topik {i}", body="isi", business=business)
        for i in range(count)
    ]
    for t in threads:
        services.thread_reply(thread=t, author=dinas, body="jawaban")
    client.force_login(pelaku)
    # session, user, threads, count, footer contact, unread count
    with django_assert_max_num_queries(7):
        assert client.get(reverse("messaging:thread_list")).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(detail(threads[0])).status_code == 200
    client.force_login(dinas)
    # + permissions (group and user), the OTP device check
    with django_assert_max_num_queries(11):
        assert client.get(QUEUE).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(staff_page(threads[0])).status_code == 200


def test_anonymisation_erases_the_writers_threads(dinas, pelaku, thread):
    from accounts.anonymisation import data_request_anonymise
    from accounts.models import DataRequest

    request = DataRequest.objects.create(user=pelaku, kind=DataRequest.Kind.DELETION, message="hapus")
    data_request_anonymise(data_request=request, by=dinas)
    assert not Thread.objects.exists()


def test_open_topic_counts_by_kind_and_kecamatan(dinas, pelaku, other_pelaku, thread):
    from messaging.selectors import open_topic_counts

    other = other_pelaku.businesses.get()
    services.thread_start(writer=other_pelaku, kind="masalah", subject="Jalan rusak", body="...", business=other)
    services.thread_start(writer=other_pelaku, kind="aspirasi", subject="Umum", body="...")
    closed = services.thread_start(writer=other_pelaku, kind="masalah", subject="Selesai", body="...", business=other)
    services.thread_close(thread=closed, by=dinas)
    counts = open_topic_counts()
    assert counts["total"] == 3
    by_code = {row["code"]: row["counts"] for row in counts["rows"]}
    assert by_code[thread.kecamatan_id]["pertanyaan"] == 1
    assert by_code[other.desa.kecamatan_id]["masalah"] == 1
    assert by_code[""]["aspirasi"] == 1
    assert counts["rows"][-1]["code"] == ""  # general topics last
    only = open_topic_counts(kecamatan=other.desa.kecamatan_id)
    assert only["total"] == 1


def test_the_dashboard_shows_open_topics(client, dinas, thread):
    client.force_login(dinas)
    html = client.get(reverse("dashboard:index")).text
    assert "Topik terbuka" in html
    assert "data-open-topics-total>1<" in html
    assert "Cara mengurus P-IRT" not in html  # counts only
