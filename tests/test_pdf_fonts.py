"""Every kind of PDF the app prints embeds every font it names (`pdffonts`: emb yes on each line),
so that a PC without Japanese fonts, or a print shop, shows the same page."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.printing.return_summary import render_return_summary
from desktop_app.services import printing, stays
from desktop_app.services.prefecture_import import import_packages
from desktop_app.services.prefecture_report import write_report
from desktop_app.services.return_figures import compute_figures
from desktop_app.services.stay_house_printing import print_booking_confirmation, print_house_listing
from desktop_app.services.vouchers import BatchInput, issue_batch
from tests.conftest import ADMIN_PASSWORD
from tests.prefecture_helpers import certificate, town_key, town_package, trust
from tests.printing_helpers import TODAY, needs_poppler, register_people, supervisor_of
from tests.stays_helpers import published_house

QUARTER = FiscalQuarter.parse("2025Q1")


def every_kind_of_pdf(admin, clerk, facility, prefecture, out_dir: Path) -> dict[str, Path]:
    """One file of each kind the app prints, written to `out_dir`; by kind."""
    people = register_people(clerk, supervisor_of(admin), count=3)
    chosen = [admin.db.registrants.get(i) for i in people]
    _batch, _serials = issue_batch(admin, BatchInput(count=2, value=2, expires_on=date(2026, 3, 31),
                                                     donor="寄附　太郎", receipt_no="R-0001"),
                                   today=TODAY)
    house = published_house(admin, "北上", price_yen=3_000_000)
    booking = stays.book(admin, facility_id=facility, registrant=people[1],
                         check_in=date(2026, 8, 1), check_out=date(2026, 8, 3))
    pdfs = {
        "card": printing.print_card(clerk, people[0]),
        "card preview": printing.print_card(clerk, people[0], preview=True),
        "cards a4": printing.print_cards(clerk, statuses=("registered",), sheet="a4-10up"),
        "certificate": printing.issue_certificate(clerk, people[0])[1],
        "vouchers": printing.print_vouchers(clerk, _batch),
        "labels": printing.print_labels(clerk, chosen),
        "renewal letters": printing.print_letters(clerk, chosen, kind="renewal"),
        "expiry letters": printing.print_letters(clerk, chosen, kind="expiry"),
        "application form": printing.print_application_form(clerk, people[2]),
        "public key": printing.print_public_key(admin),
        "exchange key": printing.print_exchange_key(admin),
        "house listing": print_house_listing(admin, house),
        "booking confirmation": print_booking_confirmation(admin, booking),
    }
    files = {}
    for kind, pdf in pdfs.items():
        files[kind] = out_dir / f"{kind.replace(' ', '-')}.pdf"
        files[kind].write_bytes(pdf)
    files["return summary"] = render_return_summary(
        compute_figures(admin.db, QUARTER), compute_figures(admin.db, QUARTER.previous()),
        out_dir / "return-summary.pdf", "石巻市役所 本庁", date_style="wareki")
    trust(prefecture, town_key(1), "042021")  # one town's return, so the report has its chart
    [imported] = import_packages(prefecture, [town_package(
        out_dir / "return", town_key(1), code="042021", certificate_pem=certificate(prefecture))],
        password=ADMIN_PASSWORD)
    assert imported.status == "imported"
    files["prefecture report"] = write_report(prefecture, QUARTER,
                                              out_dir / "prefecture-report.pdf")
    return files


def fonts_of(path: Path) -> list[tuple[str, str]]:
    """(font name, emb column) of each line pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    # the columns from the right: object ID (2 fields), uni, sub, emb
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


@needs_poppler
def test_every_kind_of_pdf_embeds_every_font_it_names(admin, clerk, facility, prefecture,
                                                       tmp_path):
    files = every_kind_of_pdf(admin, clerk, facility, prefecture, tmp_path)
    assert len(files) == 15
    for kind, path in files.items():
        listed = fonts_of(path)
        assert listed, kind  # every document has text
        not_embedded = [name for name, embedded in listed if embedded != "yes"]
        assert not_embedded == [], f"{kind}: {not_embedded}"
        assert all("IPAex" in name or "Futasato" in name for name, _ in listed), (kind, listed)


def test_the_check_sees_a_font_that_is_not_embedded(tmp_path):
    """The check above can fail: ReportLab's own canvas, in its standard fonts, lists them as
    not embedded."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "standard.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Courier", 10)
    canvas.drawString(10, 10, "x")
    canvas.save()
    assert sorted(fonts_of(path)) == [("Courier", "no"), ("Helvetica", "no")]
