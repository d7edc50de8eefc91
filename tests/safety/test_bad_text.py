"""Bad input sweep (hypothesis): random and hostile text given to every service that takes text.

Very long text, control characters, RTL overrides, emoji, SQL and formula fragments: each call is
accepted or refused with a ValidationError whose message says why; a refusal leaves the database
exactly as it was; what is accepted fits its column, and an export shows formula-like text as text.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.accounts import categories, ledger
from app.services.members import committees as members_committees
from app.services.members import kinds as members_kinds
from app.services.members import officers as members_officers
from app.services.members.organisations import Organisation, save_organisation
from app.services.members.people import Member, save_person
from app.services.profile import Profile, save_profile
from app.services.projects import evaluation, meetings, projects
from tests.safety.sweep_support import (
    FY,
    SWEEP,
    Template,
    attempt,
    check_export,
    formula_like,
    fresh_db,
    make_template,
    nasty_text,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    return make_template(tmp_path_factory.mktemp("texts"))


def _stored_and_exported(template: Template, call, kind: str, shown) -> None:
    """`call(db)` returns the normalised texts an export of `kind` must show (when accepted)."""
    with fresh_db(template) as (db, folder):
        result: list = []
        if attempt(db, lambda: result.append(call(db))) and formula_like(*shown(result[0])):
            check_export(db, kind, folder, [t for t in shown(result[0]) if formula_like(t)])


@SWEEP
@given(name=nasty_text, centre=nasty_text, chair=nasty_text, address=nasty_text, phone=nasty_text)
def test_profile(template, name, centre, chair, address, phone) -> None:
    def call(db):
        return save_profile(db, Profile(name=name, centre_name=centre, chair_name=chair, address=address,
                                        phone=phone)).value  # fmt: skip

    _stored_and_exported(template, call, "settlement", lambda p: [p.name])


@SWEEP
@given(name=nasty_text, furigana=nasty_text, representative=nasty_text, address=nasty_text, note=nasty_text,
       phone=st.one_of(st.just(""), nasty_text))  # fmt: skip
def test_organisations(template, name, furigana, representative, address, note, phone) -> None:
    def call(db):
        return save_organisation(db, Organisation(kind_id=template.kind_id, name=name, furigana=furigana,
                                                  representative=representative, address=address, note=note,
                                                  phone=phone)).value  # fmt: skip

    _stored_and_exported(template, call, "members", lambda o: [o.name, o.representative, o.address])


@SWEEP
@given(name=nasty_text, address=nasty_text, email=st.one_of(st.just(""), nasty_text), note=nasty_text,
       postal=st.one_of(st.just(""), nasty_text))  # fmt: skip
def test_people(template, name, address, email, note, postal) -> None:
    def call(db):
        return save_person(db, Member(name=name, address=address, email=email, note=note, postal_code=postal)).value

    _stored_and_exported(template, call, "members", lambda p: [p.name, p.address])


@SWEEP
@given(committee=nasty_text, note=nasty_text, kind=nasty_text, post=nasty_text)
def test_committees_kinds_and_posts(template, committee, note, kind, post) -> None:
    with fresh_db(template) as (db, _folder):
        attempt(db, lambda: members_committees.save_committee(
            db, members_committees.CommitteeInfo(name=committee, note=note, chair_id=template.person_id)))
        attempt(db, lambda: members_kinds.add_member_kind(db, kind))
        first = members_kinds.list_member_kinds(db)[0]
        attempt(db, lambda: members_kinds.update_member_kind(db, members_kinds.Kind(first.id, kind)))
        attempt(db, lambda: members_officers.add_office_post(db, post))
        attempt(db, lambda: members_officers.save_term(db, members_officers.Term(
            post_id=members_officers.list_office_posts(db)[0].id, person_id=template.person_id,
            start_on=FY.start, note=note)))  # fmt: skip


@SWEEP
@given(income=nasty_text, expense=nasty_text, rename=nasty_text)
def test_categories(template, income, expense, rename) -> None:
    _stored_and_exported(template, lambda db: categories.add_category(db, "income", income).value, "budget",
                         lambda c: [c.name])  # fmt: skip
    with fresh_db(template) as (db, _folder):
        attempt(db, lambda: categories.add_category(db, "expense", expense))
        attempt(db, lambda: categories.rename_category(db, template.income_category, rename))


@SWEEP
@given(description=nasty_text, counterparty=nasty_text, method=st.one_of(st.just("現金"), nasty_text),
       amount=st.one_of(nasty_text, st.sampled_from(["1,200", "１２００", "△5", "0", "9" * 30])))  # fmt: skip
def test_ledger_entries(template, description, counterparty, method, amount) -> None:
    def call(db):
        return ledger.add_entry(db, FY, ledger.EntryInput(date(2025, 5, 1), "expense", template.expense_category,
                                                           amount if amount.strip() else 100, description,
                                                           counterparty, payment_method=method)).value  # fmt: skip

    _stored_and_exported(template, call, "ledger", lambda e: [e.description, e.counterparty])


@SWEEP
@given(texts=st.fixed_dictionaries({f: nasty_text for f in ("name", "committee", "person_in_charge", "goal",
                                                               "target_label", "unit", "note")}))  # fmt: skip
def test_projects(template, texts) -> None:
    def call(db):
        pid = projects.create_project(db, FY, projects.ProjectData(item_code="1-2", **texts)).value
        return projects.get_project(db, pid)

    _stored_and_exported(template, call, "evaluation", lambda p: [p.data.name])


@SWEEP
@given(texts=st.fixed_dictionaries({f: nasty_text for f in ("committee", "title", "agenda", "decisions")}),
       kind=st.one_of(st.sampled_from(["総会", "部会", "役員会"]), nasty_text))  # fmt: skip
def test_meetings(template, texts, kind) -> None:
    def call(db):
        meetings.create_meeting(db, FY, meetings.MeetingData(held_on=date(2025, 6, 1), kind=kind, **texts))
        return meetings.list_meetings(db, FY)[-1]

    _stored_and_exported(template, call, "evaluation", lambda m: [m.data.title])


@SWEEP
@given(field=st.sampled_from(sorted(evaluation.TEXT_FIELDS)), value=nasty_text, comment=nasty_text,
       grade=st.one_of(st.sampled_from(["A", "B", "4", "", "Ｃ"]), nasty_text),
       body=st.booleans())  # fmt: skip
def test_evaluation_texts_and_comments(template, field, value, comment, grade, body) -> None:
    project_id = None if body else template.project_id
    with fresh_db(template) as (db, folder):
        key = evaluation.get_evaluation(db, FY, project_id).criteria[0].key
        attempt(db, lambda: evaluation.set_evaluation_text(db, FY, project_id, field, value))
        attempt(db, lambda: evaluation.set_grade(db, FY, project_id, key, grade, comment))
        state = evaluation.get_evaluation(db, FY, project_id)
        shown = [t for t in (getattr(state, field), state.entry(key).comment) if formula_like(t)]
        if shown:  # the export's choice of texts is the sheet's; no text may turn into a formula
            check_export(db, "evaluation", folder, [])
