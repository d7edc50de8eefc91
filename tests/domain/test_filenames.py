from app.domain.filenames import safe_filename


def test_japanese_names_stay_readable() -> None:
    assert safe_filename("令和7年度_収支決算書_みどり野地域協働体.xlsx") == "令和7年度_収支決算書_みどり野地域協働体.xlsx"


def test_windows_forbidden_characters_are_replaced() -> None:
    assert safe_filename('a/b\\c:d*e?f"g<h>i|j.pdf') == "a_b_c_d_e_f_g_h_i_j.pdf"


def test_trailing_dots_spaces_and_reserved_names() -> None:
    assert safe_filename("名簿. . ") == "名簿"
    assert safe_filename("CON.xlsx") == "_CON.xlsx"
    assert safe_filename("") == "_"
