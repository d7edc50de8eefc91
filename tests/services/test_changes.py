from app.services.changes import LEDGER, MEMBER_KINDS, ORGANISATIONS, Changes, combine


def test_changes_merge_ids_and_whole_areas():
    c = Changes.of(ORGANISATIONS, 1) | Changes.of(ORGANISATIONS, 2) | Changes.of(LEDGER)
    assert c.ids(ORGANISATIONS) == {1, 2}
    assert c.ids(LEDGER) is None and c.touches(LEDGER)
    assert not c.touches(MEMBER_KINDS)
    assert (c | Changes.of(ORGANISATIONS)).ids(ORGANISATIONS) is None


def test_everything_touches_every_area_and_empty_is_false():
    assert Changes.everything().touches(MEMBER_KINDS)
    assert not Changes()
    assert combine([Changes.of(LEDGER, 3), Changes.of(LEDGER, 4)]).ids(LEDGER) == {3, 4}
