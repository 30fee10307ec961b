"""Issue 13: each attempt draws its paper from the pool, a blank paper reveals no keys,
a cooldown after two failures, and the evidence of each pass."""

import json
import re
import shutil
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text

from lms import quiz as q
from lms.database import alembic_config
from lms.models import Attempt, CriterionStatus, Quiz, QuizRevision
from lms.web import db

from .answers import attempt_quiz, quiz_form
from .factories import database_url, make_app
from .paths import CURRICULUM
from .people import Person


def pool_quiz(size: int = 20, show: int | None = 10) -> q.Quiz:
    questions = tuple(
        q.Question(f"c{i}", q.TRUE_FALSE, f"Câu {i}", f"Vì {i}", answer=True) for i in range(size)
    )
    return q.Quiz("de", "Đề", questions=questions, show=show)


def test_show_travels_in_the_stored_definition():
    quiz = pool_quiz()
    assert quiz.to_dict()["show"] == 10
    assert q.Quiz.from_dict(quiz.to_dict()).show == 10
    assert "show" not in pool_quiz(show=None).to_dict()
    assert q.Quiz.from_dict(pool_quiz(show=None).to_dict()).show is None


def test_an_attempt_draws_show_questions_the_same_way_every_time():
    quiz = pool_quiz()
    paper = quiz.draw(12345)
    assert len(paper.questions) == 10
    assert paper == quiz.draw(12345)  # page, grading and review see the same paper
    ids = [question.id for question in paper.questions]
    assert ids == sorted(ids, key=lambda i: int(i[1:]))  # the author's order is kept
    assert len(q.present(paper, 12345)) == 10
    assert q.grade(paper, {}, 12345).total == 10


def test_retakes_draw_different_sets_and_every_question_can_appear():
    quiz = pool_quiz()
    papers = {frozenset(x.id for x in quiz.draw(seed).questions) for seed in range(200)}
    assert len(papers) > 150
    assert set().union(*papers) == {x.id for x in quiz.questions}


def test_a_quiz_without_show_keeps_its_whole_pool():
    quiz = pool_quiz(size=3, show=None)
    assert quiz.draw(7) is quiz and quiz.shown_count == 3


@pytest.fixture
def pooled(tmp_path, monkeypatch):
    """A learner on a site whose phone quiz draws 1 of its 3 questions per attempt."""
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    path = root / "quizzes" / "dien-thoai.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("questions:\n", "show: 1\nquestions:\n", 1)
    )
    app = make_app(tmp_path, monkeypatch, root)
    person = Person(app.test_client())
    assert person.sign_up().status_code == 302
    person.app = app
    yield person
    db.engine(app).dispose()


def test_the_page_the_grade_and_the_review_all_use_the_drawn_paper(pooled):
    intro = pooled.client.get("/kiem-tra/dien-thoai").get_data(as_text=True)
    assert "1 câu hỏi, không giới hạn thời gian." in intro
    url = pooled.start_quiz("dien-thoai")
    html = pooled.client.get(url).get_data(as_text=True)
    with pooled.app.app_context():
        session = db.session()
        paper, seed = attempt_quiz(session, url)
        (drawn,) = paper.questions
        count = select(QuizRevision.question_count).join(Quiz).where(Quiz.slug == "dien-thoai")
        assert session.scalar(count) == 1
    asked = set(re.findall(r'name="q-([a-z-]+?)(?:-\d+)?"', html))
    assert asked == {drawn.id}
    assert pooled.submit(url, quiz_form(paper, seed)).status_code == 302
    result = pooled.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "đúng <strong>1/1</strong> câu (100%)" in result
    assert result.count('id="cau-') == 1


def test_an_attempt_graded_on_the_whole_pool_is_still_reviewed_whole(learner, session):
    url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, url)
    learner.submit(url, quiz_form(paper, seed))
    # A revision that gained 'show' after the attempt was graded on all three questions.
    revision = session.scalar(select(QuizRevision).join(Quiz).where(Quiz.slug == "dien-thoai"))
    revision.definition = {**revision.definition, "show": 1}
    session.commit()
    result = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "đúng <strong>3/3</strong> câu" in result and result.count('id="cau-') == 3


PHONE_EXPLANATIONS = ("nhấn giữ", "không tốn tiền dữ liệu", "vào Cài đặt trước")


def test_a_blank_paper_reveals_no_answer_and_no_explanation(learner):
    url = learner.start_quiz("dien-thoai")
    assert learner.submit(url, {"nop-thieu": "1"}).status_code == 302
    html = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "đúng <strong>0/3</strong> câu" in html
    assert "Đáp án đúng:" not in html and "Vì sao:" not in html
    for why in PHONE_EXPLANATIONS:
        assert why not in html
    assert "Nhấn giữ nút nguồn" not in html  # the right choice, not even as a choice
    assert "Mở Cài đặt" not in html  # the ordering items
    assert html.count('href="/phan/dien-thoai"') >= 3  # each one sends to the lessons
    assert html.count("chưa có đáp án") == 3


def test_a_half_blank_paper_shows_keys_for_exactly_the_answered_ones(learner):
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, {"q-wifi-o-nha": "true", "nop-thieu": "1"})  # answered, wrongly
    html = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert html.count("Đáp án đúng:") == 1 and html.count("Vì sao:") == 1
    assert "không tốn tiền dữ liệu" in html  # the answered question's explanation
    assert "nhấn giữ" not in html and "vào Cài đặt trước" not in html
    assert "Nhấn giữ nút nguồn" not in html and "Mở Cài đặt" not in html
    assert html.count("chưa có đáp án") == 2


def fail_once(learner, session) -> str:
    url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, url)
    learner.submit(url, quiz_form(paper, seed, wrong=frozenset(x.id for x in paper.questions)))
    return url


def earlier(session, minutes: int) -> None:
    """Move every attempt back in time, as if the learner had waited."""
    for attempt in session.scalars(select(Attempt)):
        attempt.started_at -= timedelta(minutes=minutes)
        attempt.submitted_at -= timedelta(minutes=minutes)
    session.commit()


def start(learner):
    return learner.post_form("/kiem-tra/dien-thoai", {})


def test_two_failures_in_a_row_make_the_next_attempt_wait(learner, session):
    fail_once(learner, session)
    assert "ôn lại bài" not in learner.client.get("/kiem-tra/dien-thoai").get_data(as_text=True)
    url = fail_once(learner, session)
    result = learner.client.get(f"{url}/ket-qua").get_data(as_text=True)
    assert "quay lại sau khoảng 10 phút" in result and "Làm lại bài này" not in result
    intro = learner.client.get("/kiem-tra/dien-thoai").get_data(as_text=True)
    assert "Bạn hãy ôn lại bài rồi quay lại sau khoảng 10 phút nhé." in intro
    assert 'href="/phan/dien-thoai"' in intro
    refused = start(learner)
    assert refused.status_code == 429
    assert "quay lại sau khoảng 10 phút" in refused.get_data(as_text=True)
    assert session.scalar(select(func.count(Attempt.id))) == 2  # no attempt was opened
    # Four minutes later: six to go.
    earlier(session, minutes=4)
    assert "khoảng 6 phút" in start(learner).get_data(as_text=True)
    earlier(session, minutes=6)
    assert start(learner).status_code == 302


def test_a_pass_resets_the_wait(learner, session):
    fail_once(learner, session)
    url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, url)
    learner.submit(url, quiz_form(paper, seed))
    fail_once(learner, session)
    assert start(learner).status_code == 302  # pass, fail: not two failures in a row


def test_the_wait_is_configurable(learner, session, app):
    app.config["QUIZ_RETRY_WAIT_MINUTES"] = 3
    fail_once(learner, session)
    fail_once(learner, session)
    assert "khoảng 3 phút" in start(learner).get_data(as_text=True)
    app.config["QUIZ_RETRY_WAIT_MINUTES"] = 0
    assert start(learner).status_code == 302


def test_evidence_says_which_try_the_pass_was_and_how_long_it_took(learner, session):
    fail_once(learner, session)
    url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, url)
    attempt = session.get(Attempt, int(url.rsplit("/", 1)[1]))
    attempt.started_at -= timedelta(minutes=6)  # as if the learner took six minutes
    session.commit()
    learner.submit(url, quiz_form(paper, seed))
    session.expire_all()
    (row,) = session.scalars(select(CriterionStatus)).all()
    (evidence,) = [e for e in row.evidence if e["quiz"] == "dien-thoai"]
    assert evidence["tries"] == 2 and 360 <= evidence["seconds"] < 370
    progress = learner.client.get("/tien-do").get_data(as_text=True)
    assert "(lần thứ 2, 6 phút)" in progress


def test_evidence_stored_before_tries_were_counted_still_renders(learner, session):
    url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, url)
    learner.submit(url, quiz_form(paper, seed))
    row = session.scalar(select(CriterionStatus))
    row.evidence = [
        {k: v for k, v in e.items() if k not in ("tries", "seconds")} for e in row.evidence
    ]
    session.commit()
    response = learner.client.get("/tien-do")
    assert response.status_code == 200
    assert "lần thứ" not in response.get_data(as_text=True)


def test_the_glossary_lists_its_terms_alphabetically_with_an_anchor_each(client):
    response = client.get("/tu-dien")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    ids = re.findall(r'<dt id="([a-z-]+)"', html)
    assert ids == ["anh-chup-man-hinh", "dam-may", "ma-qr", "vneid", "zalo"]  # Vietnamese order
    assert "<strong>không</strong>" in html  # definitions are rendered Markdown
    assert 'href="/tu-dien"' in client.get("/").get_data(as_text=True)  # the footer link
    assert "/tu-dien</loc>" in client.get("/sitemap.xml").get_data(as_text=True)


def test_without_a_glossary_file_the_page_says_so(app, tmp_path):
    (tmp_path / "empty" / "content").mkdir(parents=True)
    app.config["CONTENT_ROOT"] = tmp_path / "empty"
    html = app.test_client().get("/tu-dien").get_data(as_text=True)
    assert "Từ điển chưa có từ nào." in html


def test_migration_0010_recounts_stored_revisions_per_attempt(tmp_path):
    url = database_url(tmp_path)
    engine, config = create_engine(url), alembic_config(url)
    pool = [{"id": f"c{i}"} for i in range(20)]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        connection.execute(
            text(
                "INSERT INTO quizzes (id, slug, current_number, active) VALUES (1, 'q', 2, :active)"
            ),
            {"active": True},  # a boolean, not 1: PostgreSQL does not cast
        )
        for number, definition, count in (
            (1, {"questions": pool[:3]}, 3),  # before pools: no 'show'
            (2, {"questions": pool, "show": 10}, 20),
        ):
            connection.execute(
                text(
                    "INSERT INTO quiz_revisions (quiz_id, number, title, definition,"
                    " question_count, source_hash, created_at)"
                    " VALUES (1, :number, 'Q', :definition, :count, 'h', '2026-01-01')"
                ),
                {"number": number, "definition": json.dumps(definition), "count": count},
            )

    def counts():
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT question_count FROM quiz_revisions ORDER BY number")
            )
            return [count for (count,) in rows]

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert counts() == [3, 10]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    assert counts() == [3, 20]
    engine.dispose()
