"""Locust scenario for `make load` (bench/load/run.sh starts the server and locust).

Four kinds of users against one gunicorn on 127.0.0.1:
- Visitor: the public catalogue, product pages and desa pages (most users);
- Owner: logs in as a distinct load owner (beban01..), opens the identity section of its own
  business and saves it with a unique brand; every acknowledged save (302 back to the section,
  then "Tersimpan." on the page) is recorded with its value and time;
- Officer: uploads a small officers' template (two new businesses) and confirms it;
- Staff: exports the business list of one kecamatan as xlsx and CSV.

At the end the acknowledged saves go to LOAD_OUT/acks.json; bench/load/check.py then checks
the database.
"""

import io
import json
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
from locust import HttpUser, between, events, task

OUT = Path(os.environ.get("LOAD_OUT", "/tmp/tuban-load"))
SETUP = json.loads((OUT / "setup.json").read_text())
ACKS = []  # one dict per acknowledged owner save
OWNERS = list(SETUP["owners"])
KECAMATAN = [f"35.23.{n:02d}" for n in range(1, 21)]


class FormFields(HTMLParser):
    """The named fields of every POST form on a page, as the browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self._form[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data


def form_with(html, field):
    parser = FormFields()
    parser.feed(html)
    for form in parser.forms:
        if field in form:
            return form
    return None


def login(user, username, password):
    page = user.client.get("/akun/masuk/", name="/akun/masuk/")
    form = form_with(page.text, "csrfmiddlewaretoken") or {}
    token = form.get("csrfmiddlewaretoken", "")
    with user.client.post(
        "/akun/masuk/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
        name="/akun/masuk/ [POST]",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login {username} failed: {response.status_code}")


class Visitor(HttpUser):
    weight = 34
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/katalog/", name="/katalog/")
        self.products = sorted(set(re.findall(r'href="/katalog/produk/(\d+)/"', page.text))) or ["1"]
        page = self.client.get("/desa/", name="/desa/")
        self.desa = sorted(set(re.findall(r'href="/desa/(35\.23\.\d{2}\.\d{4})/"', page.text))) or ["35.23.08.2008"]

    @task(4)
    def catalogue(self):
        params = random.choice([{}, {"kecamatan": random.choice(KECAMATAN)}, {"q": "batik"}, {"page": "2"}])
        self.client.get("/katalog/", params=params, name="/katalog/?…")

    @task(4)
    def product(self):
        self.client.get(f"/katalog/produk/{random.choice(self.products)}/", name="/katalog/produk/[id]/")

    @task(2)
    def desa(self):
        self.client.get(f"/desa/{random.choice(self.desa)}/", name="/desa/[kode]/")


class Owner(HttpUser):
    fixed_count = 10
    wait_time = between(1, 2)

    def on_start(self):
        owner = OWNERS.pop(0)  # a distinct owner per simulated user
        self.username, self.business = owner["username"], owner["business"]
        self.sequence = 0
        login(self, owner["username"], owner["password"])

    @task
    def save_identity(self):
        url = f"/usaha/{self.business}/identitas/"
        page = self.client.get(url, name="/usaha/[id]/identitas/")
        form = form_with(page.text, "version")
        if form is None:
            return
        self.sequence += 1
        value = f"Merek {self.username}-{self.sequence}-{uuid.uuid4().hex[:6]}"
        form["brand"] = value
        with self.client.post(
            url, form, name="/usaha/[id]/identitas/ [POST]", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"save not acknowledged: {response.status_code}")
                return
            # The redirect is the acknowledgement the owner gets: from here the value must be kept.
            ACKS.append({"business": self.business, "user": self.username, "value": value, "at": time.time()})
        with self.client.get(url, name="/usaha/[id]/identitas/", catch_response=True) as confirmation:
            if "Tersimpan." not in confirmation.text:
                confirmation.failure("no 'Tersimpan.' message after an acknowledged save")


class Officer(HttpUser):
    fixed_count = 2
    wait_time = between(5, 10)

    def on_start(self):
        login(self, "pengurus", SETUP["logins"]["pengurus"])

    def workbook(self):
        headers = SETUP["headers"]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Usaha IKM"
        sheet.append(headers)
        for n in range(2):
            values = {
                "Nama usaha": f"Usaha Beban {uuid.uuid4().hex[:10]} {n}",
                "Nama pemilik": "Siti Beban",
                "Jenis kelamin pemilik": "Perempuan",
                "Kecamatan": "Kerek",
                "Desa/kelurahan": "Margorejo",
                "Alamat": "Dusun Krajan",
                "Tenaga kerja perempuan": 3,
            }
            sheet.append([values.get(h) for h in headers])
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    @task
    def import_sheet(self):
        page = self.client.get("/asosiasi/impor/", name="/asosiasi/impor/")
        form = form_with(page.text, "csrfmiddlewaretoken") or {}
        data = {"csrfmiddlewaretoken": form.get("csrfmiddlewaretoken", "")}
        if "unit" in form:
            data["unit"] = form["unit"]
        files = {"file": ("anggota.xlsx", self.workbook())}
        with self.client.post(
            "/asosiasi/impor/", data, files=files, name="/asosiasi/impor/ [POST]", catch_response=True
        ) as response:
            if "Baru: 2" not in response.text:
                response.failure("preview did not show the two new rows")
                return
            confirm = form_with(response.text, "csrfmiddlewaretoken") or data
        with self.client.post(
            "/asosiasi/impor/konfirmasi/",
            {"csrfmiddlewaretoken": confirm["csrfmiddlewaretoken"]},
            name="/asosiasi/impor/konfirmasi/ [POST]",
            catch_response=True,
        ) as response:
            if "semua baris tersimpan" not in response.text:
                response.failure("import not confirmed")


class Staff(HttpUser):
    fixed_count = 2
    wait_time = between(3, 6)

    def on_start(self):
        login(self, "dinas", SETUP["logins"]["dinas"])

    @task
    def export(self):
        file_format = random.choice(["xlsx", "csv"])
        kecamatan = random.choice(KECAMATAN)
        with self.client.get(
            f"/dasbor/ekspor/businesses.{file_format}",
            params={"kecamatan": kecamatan},
            name=f"/dasbor/ekspor/businesses.{file_format}",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or len(response.content) < 100:
                response.failure(f"export failed: {response.status_code}")


@events.test_stop.add_listener
def write_acks(environment, **kwargs):
    (OUT / "acks.json").write_text(json.dumps(ACKS, indent=0))
