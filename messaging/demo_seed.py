"""Demo data of the two-way talk: open threads with answers, a closed one, a general one,
unread notices for the demo owner 'pelaku', and Dinas's contact details.

Idempotent and fast (a dozen rows): nothing is added once the demo owner has a thread.
Call after the registry's demo data exists: `seed(random.Random(seed), password)` (the
password is not used; the signature matches the other demo_seed modules).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from organizations.selectors import officer_roles
from registry.models import Business
from tuban_ikm.models import DinasContact

from . import services
from .models import Message, Thread

CONTACT = {
    "address": "Jl. Basuki Rahmat No. 2, Kebonsari, Tuban 62311",
    "phone": "(0356) 322 117",
    "whatsapp": "0812 3300 2117",
    "email": "disnakerin@tubankab.go.id",
    "office_hours": "Senin-Kamis 07.30-15.30, Jumat 07.30-14.00 WIB",
}

# (writer, kind, subject, question, answer or None, close it)
OWNER_THREADS = [
    (
        "pertanyaan",
        "Syarat sertifikat halal gratis (SEHATI)",
        "Selamat pagi. Apakah produk kami bisa ikut sertifikasi halal gratis tahun ini? Apa saja berkasnya?",
        "Bisa. Siapkan NIB, foto produk dan daftar bahan. Pendaftaran lewat SIHALAL; pendamping PPH dari Dinas "
        "membantu setiap Selasa di Mal Pelayanan Publik.",
        False,
    ),
    (
        "aspirasi",
        "Pameran produk IKM di alun-alun",
        "Kami usul pameran produk IKM rutin tiap bulan di alun-alun, supaya pembeli dari luar kota tahu produk Tuban.",
        "Terima kasih atas usulnya. Dinas sedang menyusun jadwal bazar bulanan bersama Dekranasda; kami kabari lagi.",
        False,
    ),
    (
        "masalah",
        "Tidak bisa unggah foto produk",
        "Saat unggah foto dari HP muncul pesan gagal. Ukuran fotonya sekitar 12 MB.",
        "Batas ukuran foto 10 MB. Kecilkan foto di kamera HP (pilih resolusi lebih rendah) lalu coba lagi.",
        True,
    ),
    ("pertanyaan", "Jadwal pelatihan pengemasan", "Kapan ada pelatihan kemasan lagi? Kami ingin ikut.", None, False),
]

OTHER_THREADS = [
    ("masalah", "Harga benang naik", "Harga benang kapas naik dua kali lipat, mohon dibantu akses bahan baku."),
    ("aspirasi", "Akses modal KUR", "Mohon sosialisasi KUR untuk IKM di desa kami."),
    ("pertanyaan", "Cara daftar P-IRT", "Bagaimana cara mendaftar P-IRT untuk keripik?"),
]


@transaction.atomic
def seed(rng, password=None):
    """Returns the number of threads created (0 when the demo already has them)."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["dinas", "pelaku", "pengurus"])}
    dinas, pelaku = users.get("dinas"), users.get("pelaku")
    if dinas is None or pelaku is None or Thread.objects.filter(writer=pelaku).exists():
        return 0
    contact = DinasContact.current()
    if not contact.is_filled:
        for field, value in CONTACT.items():
            setattr(contact, field, value)
        contact.save()

    created = 0
    business = Business.objects.filter(owner=pelaku).select_related("desa").first()
    for kind, subject, question, answer, close in OWNER_THREADS:
        thread = services.thread_start(writer=pelaku, kind=kind, subject=subject, body=question, business=business)
        created += 1
        if answer:
            services.thread_reply(thread=thread, author=dinas, body=answer)
        if close:
            services.thread_close(thread=thread, by=dinas)

    pengurus = users.get("pengurus")
    role = officer_roles(pengurus).first() if pengurus else None
    if role is not None:
        services.thread_start(
            writer=pengurus,
            kind="aspirasi",
            subject="Data anggota untuk pendataan",
            body="Mohon Dinas mengirim daftar IKM binaan per kecamatan agar kami bisa mengajak mereka menjadi anggota.",
            association=role.association,
        )
        created += 1

    # A few other owners with accounts, in other kecamatan, for the dashboard's counts.
    others = list(
        Business.objects.exclude(owner=None).exclude(owner=pelaku).select_related("owner", "desa").order_by("pk")[:30]
    )
    rng.shuffle(others)
    for (kind, subject, body), other in zip(OTHER_THREADS, others, strict=False):
        services.thread_start(writer=other.owner, kind=kind, subject=subject, body=body, business=other)
        created += 1
    if not others and role is not None:
        # The demo's other businesses have no accounts: the officer raises them for the
        # association's kecamatan units instead, so the dashboard counts several kecamatan.
        from organizations.selectors import associations_run_by

        units = list(associations_run_by(pengurus).exclude(kecamatan=None).order_by("name")[: len(OTHER_THREADS)])
        for (kind, subject, body), unit in zip(OTHER_THREADS, units, strict=False):
            services.thread_start(writer=pengurus, kind=kind, subject=subject, body=body, association=unit)
            created += 1

    # Spread the times over the last weeks so the lists read like real ones.
    now = timezone.now()
    for index, thread in enumerate(Thread.objects.order_by("pk")):
        moment = now - timedelta(days=2 * index + 1, hours=rng.randint(0, 8))
        Thread.objects.filter(pk=thread.pk).update(created_at=moment, last_message_at=moment + timedelta(hours=3))
        Message.objects.filter(thread=thread).update(created_at=moment)

    # Unread notices of other kinds for the demo owner (the answers above left theirs).
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=pelaku,
                message="Pengumuman dari Dinas: Pelatihan desain kemasan, 12 Januari di Gedung Dekranasda",
                url=reverse("aid:inbox"),
            ),
            Notification(
                recipient=pelaku,
                message="Pengingat: laporan berkala semester ini belum dikirim.",
                url=reverse("reporting:report_edit", kwargs={"business_pk": business.pk}) if business else "",
            ),
        ]
    )
    return created
