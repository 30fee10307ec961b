"""The quiz editor's logic without a request (lms.studio.quiz_editing)."""

from lms.studio.quiz_editing import (
    MAX_CHOICES,
    SPARE_CHOICES,
    act,
    blank_question,
    choice_rows,
    for_saving,
    from_form,
)


def posted(**extra) -> dict:
    form = {
        "title": " Bài ",
        "base": "3",
        "questions": "2",
        "q0-id": "a",
        "q0-type": "single",
        "q0-text": "Câu một",
        "q0-choices": "3",
        "q0-c0-text": "Đúng",
        "q0-c0-correct": "1",
        "q0-c1-text": "Sai",
        "q0-c2-text": "",
        "q0-explanation": "Vì",
        "q1-id": "b",
        "q1-type": "true_false",
        "q1-text": "Câu hai",
        "q1-answer": "false",
        "q1-items": "thừa\n",
    }
    form.update(extra)
    return form


def test_the_form_becomes_a_quiz_and_keeps_each_types_own_fields():
    editor = from_form(posted())
    assert editor.base == 3 and editor.quiz["title"] == "Bài"
    saved = for_saving(editor.quiz)
    first, second = saved["questions"]
    right, wrong = first["choices"]  # the empty row is dropped
    assert right == {"text": "Đúng", "correct": True} and wrong["correct"] is False
    assert "answer" not in first and "items" not in first
    assert second == {
        "id": "b",
        "type": "true_false",
        "text": "Câu hai",
        "explanation": "",
        "answer": False,
    }


def test_tampered_numbers_are_bounded_not_errors():
    editor = from_form(posted(questions="99999999", base="x", **{"q0-choices": "-1"}))
    assert len(editor.quiz["questions"]) == 200 and editor.base == -1
    assert editor.quiz["questions"][0]["choices"] == []


def test_buttons_add_move_remove_and_add_choices():
    editor = from_form(posted())
    assert act(editor, "add") and editor.quiz["questions"][2]["id"] == "cau-3"
    assert act(editor, "up-1") and [q["id"] for q in editor.quiz["questions"]][:2] == ["b", "a"]
    assert act(editor, "down-0") and [q["id"] for q in editor.quiz["questions"]][:2] == ["a", "b"]
    assert act(editor, "remove-2") and len(editor.quiz["questions"]) == 2
    assert not act(editor, "remove-7") and not act(editor, "explode-0")
    for _ in range(20):
        act(editor, "choice-0")
    assert len(editor.quiz["questions"][0]["choices"]) == MAX_CHOICES + SPARE_CHOICES


def test_choice_rows_offer_empty_rows_to_fill():
    assert len(choice_rows({"choices": []})) == 4
    three = [{"text": t, "correct": False} for t in "abc"]
    assert len(choice_rows({"choices": three})) == 4
    assert len(choice_rows({"choices": [*three, {"text": "", "correct": False}]})) == 4


def test_new_question_ids_do_not_clash():
    assert blank_question({"cau-1", "cau-2"})["id"] == "cau-3"
    assert blank_question({"cau-2"})["id"] == "cau-3"
