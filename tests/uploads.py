"""Real small files for upload tests: the content checks decode what they are given."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(fmt="JPEG", size=(8, 8), color=(200, 30, 30), mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, size, color if mode == "RGB" else 0).save(buffer, format=fmt)
    return buffer.getvalue()


def jpeg(name="ktp.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def png(name="foto.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def pdf(name="tanda-terima.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")
