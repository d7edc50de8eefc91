"""Privacy (issue 14): a 代表者 who did not consent to publication appears as 「（非公表）」 in the
submission's 構成団体 sheet and PDF; one who consented is named."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from app.services.members.organisations import list_organisations
from tests.postgres_support import open_target
from tests.submission.conftest import BODIES, YEAR


def test_the_submission_names_only_consenting_representatives(submitted) -> None:
    body = submitted[BODIES[0]]
    db = open_target(body.target)
    try:
        active = [o for o in list_organisations(db)
                  if (o.joined_on is None or o.joined_on <= YEAR.end) and (o.left_on is None or o.left_on >= YEAR.start)]
    finally:
        db.close()
    named = {o.name: o.representative for o in active if o.representative_consent}
    hidden = {o.name: o.representative for o in active if not o.representative_consent}
    assert named and hidden  # the demo has both

    rows = list(load_workbook(body.workbook)["構成団体"].iter_rows(values_only=True))
    header = next(r for r in rows if "名称" in r)
    name_at, rep_at = header.index("名称"), header.index("代表者")
    cells = {r[name_at]: r[rep_at] for r in rows[rows.index(header) + 1:] if r[name_at] in named | hidden}
    assert {n: cells[n] for n in hidden} == dict.fromkeys(hidden, "（非公表）")
    assert {n: cells[n] for n in named} == named

    pdf = next(body.folder.glob("*_構成団体_*.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "（非公表）" in text
    for person in set(hidden.values()) - set(named.values()):  # a name also heading a consenting group stays
        assert person not in text
