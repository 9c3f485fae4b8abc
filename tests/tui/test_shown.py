"""What the screens show of text from users and files: escaped, and cut with its size."""

from __future__ import annotations

from textual.content import Content

from srs_advisor.tui.shown import cut, pictured, shown, visible, visible_lines


def test_long_text_is_cut_and_says_its_full_size() -> None:
    assert cut("abc", 3) == "abc"
    assert cut("N" * 1_000_000, 5) == "NNNNN… (1,000,000 characters)"


def test_controls_and_bidi_show_as_escapes_and_newlines_stay_where_asked() -> None:
    text = "a\x1b]52;c;aGk=\x07b\x9bc\u202ed\nnext"
    assert visible(text) == "a\\x1b]52;c;aGk=\\x07b\\x9bc\\u202ed\nnext"
    assert visible(text, multiline=False).endswith("\\u202ed\\x0anext")
    assert visible("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"
    rendered = shown("[b]x[/b]")
    assert isinstance(rendered, Content) and rendered.plain == "[b]x[/b]"


def test_inputs_show_each_hidden_character_as_one_visible_one() -> None:
    assert pictured("a\x1bb\x9bc\u202ed\x7f\te") == "a␛b\ufffdc\ufffdd␡\te"


def test_notes_keep_every_line_in_view_and_cut_the_huge_ones() -> None:
    notes = "# Notes\n\n- Partner: " + "N" * 1_000_000 + "\n- Next: fine\x1b"
    assert visible_lines(notes, 20, 1_000) == (
        "# Notes\n\n- Partner: NNNNNNNNN… (1,000,011 characters)\n- Next: fine\\x1b"
    )
    many = "line\n" * 1_000
    shown_lines = visible_lines(many, 10, 50).split("\n")
    assert shown_lines[-1] == "… (cut here: 5,000 characters in all)" and len(shown_lines) == 12
