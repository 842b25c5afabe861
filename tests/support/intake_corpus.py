"""A made-up corpus of incoming letters for the intake tests (no real family's letters).

Letters from the demo family's municipality (Gemeente Lindenhoven, about Noor
de Vries) are written as Markdown, turned into .docx by the project's own
letter pipeline (blocks + docx writer), converted to PDF with LibreOffice, then
rasterised with pdftoppm and degraded with Pillow (rotation, noise, low
resolution) to play the part of scans. Each letter carries the facts the
recogniser should find, and other dates (a birth date, a period of care, the
date of the family's own letter) that it must not take for the letter's date.
"""

from __future__ import annotations

import datetime as dt
import email.message
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dossier_app.dutch import long_date

SENDER = "Gemeente Lindenhoven"
CHILD = "Noor de Vries"
BIRTH = "14 maart 2016"

# The accuracy lines the tests print per field; conftest shows them in the terminal summary.
REPORT: list[str] = []

SHORT_MONTHS = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


@dataclass(frozen=True)
class Letter:
    name: str
    kind: str            # the recogniser's kind id
    date: dt.date
    kenmerk: str
    markdown: str


def _date_forms(day: dt.date) -> list[str]:
    return [long_date(day), day.strftime("%d-%m-%Y"), f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}",
            f"{day.day}/{day.month}/{day.year}"]


def _header(day: dt.date, kenmerk: str, style: int, subject: str) -> str:
    forms = _date_forms(day)
    date_line = [f"Datum: {forms[0]}", f"Lindenhoven, {forms[1]}", f"Verzenddatum: {forms[2]}",
                 f"Datum: {forms[3]}"][style % 4]
    label = ["Ons kenmerk", "Kenmerk", "Zaaknummer", "Ons kenmerk"][style % 4]
    return (f"**{SENDER}**  \nPostbus 100  \n1230 AA Lindenhoven\n\n"
            f"Familie De Vries  \nBerkenlaan 12  \n1234 AB Lindenhoven\n\n"
            f"{date_line}  \n{label}: {kenmerk}  \nUw kenmerk: aanvraag {CHILD.split()[0]}  \n"
            f"Onderwerp: {subject}\n\nGeachte heer en mevrouw De Vries,\n\n")


CLOSING = ("Met vriendelijke groet,\n\nnamens het college van burgemeester en wethouders van Lindenhoven,\n\n"
           "mevrouw L. Jansen  \nconsulent jeugd\n")

REMEDY = ("Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken bij het college van burgemeester en "
          "wethouders. Dat moet binnen zes weken na de datum van verzending van deze brief. Zet in uw "
          "bezwaarschrift uw naam, adres, de datum, het kenmerk van dit besluit en waarom u het er niet mee "
          "eens bent, en onderteken het.")


def _beschikking(number: int, day: dt.date, kenmerk: str, granted: bool) -> Letter:
    applied = day - dt.timedelta(days=40)
    period = ((day + dt.timedelta(days=14)).replace(day=1), (day + dt.timedelta(days=380)).replace(day=1))
    decision = (f"Wij kennen u jeugdhulp toe: ambulante begeleiding voor {CHILD}, vier uur per week, "
                f"van {long_date(period[0])} tot en met {long_date(period[1])}."
                if granted else
                "Wij wijzen uw aanvraag voor specialistische jeugd-ggz af. Lichte ambulante begeleiding "
                "volstaat volgens het advies van de gedragswetenschapper.")
    body = (f"U heeft op {long_date(applied)} jeugdhulp aangevraagd voor {CHILD}, geboren op {BIRTH}. "
            f"In deze beschikking leest u wat wij hebben besloten.\n\n## Ons besluit\n\n{decision}\n\n"
            f"## Bezwaar maken\n\n{REMEDY}\n\n")
    return Letter(f"beschikking-{number}", "beschikking", day, kenmerk,
                  _header(day, kenmerk, number, f"Beschikking jeugdhulp {CHILD}") + body + CLOSING)


def _receipt(number: int, day: dt.date, kenmerk: str) -> Letter:
    sent = day - dt.timedelta(days=9)
    received = day - dt.timedelta(days=6)
    body = (f"Hierbij bevestigen wij de ontvangst van uw aanvraag van {long_date(sent)} voor jeugdhulp voor "
            f"{CHILD}. Wij hebben uw aanvraag op {long_date(received)} ontvangen en in behandeling genomen.\n\n"
            f"Wij beslissen binnen acht weken na ontvangst. Heeft u vragen, noem dan het kenmerk van deze brief.\n\n")
    return Letter(f"ontvangstbevestiging-{number}", "ontvangstbevestiging", day, kenmerk,
                  _header(day, kenmerk, number + 1, "Ontvangstbevestiging van uw aanvraag") + body + CLOSING)


def _postponement(number: int, day: dt.date, kenmerk: str) -> Letter:
    received = day - dt.timedelta(days=50)
    body = (f"Op {long_date(received)} hebben wij uw aanvraag voor jeugdhulp voor {CHILD} ontvangen. "
            f"Wij hebben meer tijd nodig om een zorgvuldig besluit te nemen, omdat wij nog advies vragen aan "
            f"de jeugdarts. Daarom verdagen wij de beslissing met zes weken.\n\n"
            f"U hoort uiterlijk op {long_date(day + dt.timedelta(days=42))} van ons.\n\n")
    return Letter(f"verdagingsbrief-{number}", "verdagingsbrief", day, kenmerk,
                  _header(day, kenmerk, number + 2, "Verdaging van de beslissing op uw aanvraag") + body + CLOSING)


def letters() -> list[Letter]:
    """Ten letters: four beschikkingen, three ontvangstbevestigingen, three verdagingsbrieven."""
    base = dt.date(2026, 3, 2)
    made = []
    for number in range(4):
        made.append(_beschikking(number, base + dt.timedelta(days=61 * number + 3), f"JGT-2026-{410 + number:04d}",
                                 granted=number % 2 == 1))
    for number in range(3):
        made.append(_receipt(number, base + dt.timedelta(days=47 * number + 11), f"ZK-{2026 + number}-{7731 + number}"))
    for number in range(3):
        made.append(_postponement(number, base + dt.timedelta(days=53 * number + 29), f"JGT/2026/{880 + number}"))
    return made


# -- rendering ---------------------------------------------------------------------------------
def write_docx(letter: Letter, folder: Path) -> Path:
    from dossier_app.letters.blocks import parse
    from dossier_app.letters.docx_writer import write_docx as blocks_to_docx

    target = folder / f"{letter.name}.docx"
    target.write_bytes(blocks_to_docx(parse(letter.markdown), title=letter.name))
    return target


def to_pdfs(docx_files: list[Path], folder: Path) -> list[Path]:
    """One LibreOffice run for all files (a private, throw-away profile)."""
    profile = folder / "lo-profile"
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx_files)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=300,
                   check=True)
    shutil.rmtree(profile, ignore_errors=True)
    return [folder / (item.stem + ".pdf") for item in docx_files]


def rasterise(pdf: Path, folder: Path, dpi: int) -> Path:
    prefix = folder / (pdf.stem + f"-{dpi}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(pdf), str(prefix)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted(folder.glob(prefix.name + "*.png"))[0]


def degrade(png: Path, target: Path, *, seed: int) -> Path:
    """A phone photo or office scan: slightly rotated, noisy, low resolution."""
    from PIL import Image, ImageFilter

    chance = random.Random(seed)
    with Image.open(png) as opened:
        image = opened.convert("L")
    angle = chance.choice([-2.0, -1.2, 0.8, 1.5, 2.2])
    image = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 60):   # salt-and-pepper specks
        x, y = chance.randrange(width), chance.randrange(height)
        pixels[x, y] = chance.choice((0, 90, 200, 255))
    image = image.filter(ImageFilter.GaussianBlur(0.4))
    if target.suffix == ".pdf":
        image.save(target, "PDF", resolution=120)
    else:
        image.convert("RGB").save(target, quality=70)
    return target


def heic_encoder() -> str:
    """The name of pillow-heif's HEIC encoder, or '' when its wheel was built without one."""
    try:
        import pillow_heif
    except ImportError:
        return ""
    return pillow_heif.libheif_info().get("HEIF", "") or ""


def write_heic(png: Path, target: Path, *, seed: int) -> Path:
    """A phone photo of a letter as an iPhone saves it: HEIC, slightly tilted, a grey cast, noise."""
    import pillow_heif
    from PIL import Image

    chance = random.Random(seed)
    with Image.open(png) as opened:
        image = opened.convert("L")
    image = image.rotate(chance.choice([-1.5, 1.0]), resample=Image.BICUBIC, expand=True, fillcolor=255)
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 80):
        x, y = chance.randrange(width), chance.randrange(height)
        pixels[x, y] = chance.choice((60, 160, 220))
    image = image.point(lambda value: 40 + value * 190 // 255).convert("RGB")   # paper is never white
    pillow_heif.from_pillow(image).save(target, quality=60)
    return target


def write_msg(letter: Letter, pdf: Path, target: Path) -> Path:
    """The letter as an Outlook e-mail (.msg) with the PDF attached."""
    from tests.support.intake_msg import msg_bytes

    sent = dt.datetime.combine(letter.date, dt.time(9, 12), dt.timezone(dt.timedelta(hours=1)))
    target.write_bytes(msg_bytes(
        subject=f"Uw post van de gemeente: {letter.name}", sender_name="Jeugd- en gezinsteam Lindenhoven",
        sender_email="jgt@lindenhoven.example.nl", to="sanne.devries@example.nl",
        body="Beste mevrouw De Vries,\r\n\r\nIn de bijlage vindt u onze brief.\r\n\r\nMet vriendelijke groet,"
             "\r\nJeugd- en gezinsteam Lindenhoven\r\n",
        sent=sent, attachment_name=pdf.name, attachment=pdf.read_bytes()))
    return target


def write_eml(letter: Letter, pdf: Path, target: Path) -> Path:
    message = email.message.EmailMessage()
    message["From"] = "Gemeente Lindenhoven <jgt@lindenhoven.example.nl>"
    message["To"] = "sanne.devries@example.nl"
    message["Subject"] = f"Uw post van de gemeente: {letter.name}"
    message["Date"] = "Mon, 30 Nov 2026 09:12:00 +0100"
    message.set_content("Beste mevrouw De Vries,\n\nIn de bijlage vindt u onze brief.\n\n"
                        "Met vriendelijke groet,\nJeugd- en gezinsteam Lindenhoven\n")
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name)
    target.write_bytes(message.as_bytes())
    return target


@dataclass
class Corpus:
    letters: list[Letter]
    docx: list[Path]
    pdfs: list[Path]
    scans: list[Path]      # one per letter: five JPEG photos and five image-only PDFs
    emails: list[Path]
    msgs: list[Path]       # one Outlook .msg per letter, the PDF attached
    photos: list[Path]     # HEIC phone photos of the letters in PHOTO_LETTERS ([] without an encoder)


# Which letters also come as a HEIC phone photo: a beschikking, an ontvangstbevestiging, a verdagingsbrief.
PHOTO_LETTERS = (0, 4, 7)


def build(folder: Path, *, with_scans: bool = True) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    made = letters()
    docx = [write_docx(letter, folder) for letter in made]
    pdfs = to_pdfs(docx, folder)
    emails = [write_eml(letter, pdf, folder / f"mail-{letter.name}.eml")
              for letter, pdf in zip(made, pdfs, strict=True)]
    msgs = [write_msg(letter, pdf, folder / f"outlook-{letter.name}.msg")
            for letter, pdf in zip(made, pdfs, strict=True)]
    made_corpus = Corpus(made, docx, pdfs, [], emails, msgs, [])
    return add_scans(made_corpus, folder) if with_scans else made_corpus


def add_scans(corpus: Corpus, folder: Path) -> Corpus:
    """The same corpus plus scans (five JPEG photos, five image-only PDFs) and HEIC photos, made in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    scans, photos = [], []
    work = folder / "raster"
    work.mkdir(exist_ok=True)
    for number, pdf in enumerate(corpus.pdfs):
        dpi = (150, 200)[number % 2]   # low resolution
        png = rasterise(pdf, work, dpi)
        suffix = ".jpg" if number % 2 == 0 else ".pdf"
        scans.append(degrade(png, folder / f"scan-{corpus.letters[number].name}{suffix}", seed=number))
        if number in PHOTO_LETTERS and heic_encoder():
            photos.append(write_heic(rasterise(pdf, work, 200), folder / f"foto-{corpus.letters[number].name}.heic",
                                     seed=number))
    shutil.rmtree(work, ignore_errors=True)
    return Corpus(corpus.letters, corpus.docx, corpus.pdfs, scans, corpus.emails, corpus.msgs, photos)
