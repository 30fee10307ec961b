"""Question statistics: stored per-question rows, their aggregates, the studio's pages."""

import json

from alembic import command
from sqlalchemy import create_engine, select, text

from lms import quiz as q
from lms.database import alembic_config
from lms.insights import outcome_rows, rebuild_tallies, revision_stats
from lms.models import Attempt, QuestionOutcome, QuestionTally
from lms.web import db

from .answers import attempt_quiz, quiz_form
from .factories import STAFF_PASSWORD, database_url, grade_papers, make_staff
from .people import Person

#: The fixture's phone quiz: bat-may (single; choice 0 right), wifi-o-nha (true/false;
#: false is right), buoc-ket-noi (ordering of three).
PAPERS = [
    # (answers, score, seconds, passed)
    ({"bat-may": [1], "wifi-o-nha": [True], "buoc-ket-noi": [0, 1, 2]}, 10, 60, False),
    ({"bat-may": [1], "buoc-ket-noi": [1, 0, 2]}, 20, 120, False),
    ({"bat-may": [2], "wifi-o-nha": [False], "buoc-ket-noi": [0, 1, 2]}, 30, 180, False),
    ({"bat-may": [0], "wifi-o-nha": [True]}, 40, 240, False),
    ({"wifi-o-nha": [True]}, 90, None, True),
]


def _grade_papers(app, papers=PAPERS):
    grade_papers(app, "dien-thoai", papers)


def test_statistics_count_right_blank_and_the_most_chosen_wrong_answer(app):
    _grade_papers(app)
    with app.app_context():
        stats = revision_stats(db.session(), "dien-thoai")
    assert (stats.attempts, stats.passed, stats.pass_rate) == (5, 1, 0.2)
    assert stats.median_score == 30  # 10 20 [30] 40 90
    assert stats.median_seconds == 150  # 60 120 | 180 240: the two middles, averaged
    by_id = {s.id: s for s in stats.questions}
    phone, wifi, order = by_id["bat-may"], by_id["wifi-o-nha"], by_id["buoc-ket-noi"]
    assert [s.number for s in stats.questions] == [1, 2, 3]
    assert (phone.seen, phone.correct, phone.blank) == (5, 1, 1)
    assert phone.wrong_html == ("Nhấn nhanh nút tăng âm lượng",) and phone.wrong_count == 2
    assert phone.flagged and phone.share_correct == 0.2
    assert (wifi.seen, wifi.correct, wifi.blank) == (5, 1, 1)
    assert wifi.wrong_html == ("Đúng",) and wifi.wrong_count == 3 and wifi.own_texts
    assert (order.seen, order.correct, order.blank) == (5, 2, 2)
    assert order.wrong_html == ("Chọn Wi-Fi và tên mạng", "Mở Cài đặt", "Nhập mật khẩu Wi-Fi")
    assert not order.flagged  # 40 %
    assert stats.flagged == 2


def test_tallies_rebuilt_from_the_rows_equal_those_kept_at_grading(app):
    _grade_papers(app)
    with app.app_context():
        session = db.session()
        table = QuestionTally.__table__
        kept = session.execute(select(table).order_by(*table.primary_key)).all()
        assert rebuild_tallies(session) == len(kept)
        again = session.execute(select(table).order_by(*table.primary_key)).all()
    assert again == kept and sum(row.count for row in kept) == 15


def test_a_quiz_nobody_took_has_empty_statistics(app):
    with app.app_context():
        stats = revision_stats(db.session(), "dien-thoai")
        assert revision_stats(db.session(), "khong-co") is None
        assert revision_stats(db.session(), "dien-thoai", 99) is None
    assert (stats.attempts, stats.pass_rate, stats.median_score, stats.median_seconds) == (
        0,
        None,
        None,
        None,
    )
    assert all(s.seen == 0 and not s.flagged for s in stats.questions)


def test_rows_keep_the_wrong_answer_only_and_survive_unknown_input():
    pool = q.Quiz.from_dict(
        {
            "slug": "x",
            "title": "X",
            "questions": [
                {"id": "a", "type": "multiple", "html": "A", "choices": [
                    {"html": "1", "correct": True}, {"html": "2", "correct": False},
                    {"html": "3", "correct": True}]},
                {"id": "b", "type": "no-such-type", "html": "B"},
            ],
        }
    )  # fmt: skip
    rows = outcome_rows(
        pool,
        {"a": [2, 1]},
        [{"id": "a", "correct": False}, {"id": "b", "correct": False}, {"id": "gone"}],
    )
    assert rows == [
        {"question_id": "a", "correct": False, "answered": True, "chosen": "1,2"},
        {"question_id": "b", "correct": False, "answered": False, "chosen": None},
    ]
    assert q.kind_of("multiple").answer_texts(pool.questions[0], "1,2") == ("2", "3")
    assert q.kind_of("multiple").answer_texts(pool.questions[0], "x") == ()


def test_grading_an_attempt_on_the_site_stores_its_rows(app, learner, session):
    attempt_url = learner.start_quiz("dien-thoai")
    paper, seed = attempt_quiz(session, attempt_url)
    response = learner.submit(attempt_url, quiz_form(paper, seed, wrong=frozenset({"bat-may"})))
    assert response.status_code == 302
    attempt_id = int(attempt_url.rsplit("/", 1)[1])
    rows = {
        r.question_id: r
        for r in session.scalars(
            select(QuestionOutcome).where(QuestionOutcome.attempt_id == attempt_id)
        )
    }
    assert set(rows) == {"bat-may", "wifi-o-nha", "buoc-ket-noi"}
    assert not rows["bat-may"].correct and rows["bat-may"].answered
    assert rows["bat-may"].chosen in ("1", "2")  # quiz_form picks a wrong choice
    assert rows["wifi-o-nha"].correct and rows["wifi-o-nha"].chosen is None
    assert session.get(Attempt, attempt_id).seconds is not None


def test_migration_0014_fills_rows_and_seconds_from_stored_attempts(tmp_path):
    url = database_url(tmp_path)
    engine, config = create_engine(url), alembic_config(url)
    definition = {
        "slug": "q",
        "title": "Q",
        "questions": [
            {"id": "a", "type": "single", "html": "A", "choices": [
                {"html": "Đúng rồi", "correct": True}, {"html": "Sai rồi", "correct": False}]},
            {"id": "b", "type": "true_false", "html": "B", "answer": True},
        ],
    }  # fmt: skip
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")
        connection.execute(
            text("INSERT INTO quizzes (id, slug, current_number, active) VALUES (1, 'q', 1, :a)"),
            {"a": True},
        )
        connection.execute(
            text(
                "INSERT INTO quiz_revisions (id, quiz_id, number, title, definition,"
                " question_count, source_hash, created_at)"
                " VALUES (1, 1, 1, 'Q', :definition, 2, 'h', '2026-01-01')"
            ),
            {"definition": json.dumps(definition)},
        )
        for attempt_id, answers, results, submitted in (
            (1, {"a": [1], "b": [True]}, [("a", False, True), ("b", True, True)], "00:01:30"),
            (2, {}, [("a", False, False), ("b", False, False)], "00:10:00"),
            (3, None, None, None),  # never submitted: no rows
        ):
            connection.execute(
                text(
                    "INSERT INTO attempts (id, quiz_revision_id, seed, started_at, submitted_at,"
                    " answers, results, score)"
                    " VALUES (:id, 1, 5, '2026-01-01 00:00:00', :submitted, :answers, :results,"
                    " :score)"
                ),
                {
                    "id": attempt_id,
                    "submitted": f"2026-01-01 {submitted}" if submitted else None,
                    "answers": json.dumps(answers) if answers is not None else None,
                    "results": json.dumps(
                        [{"id": i, "correct": c, "answered": a} for i, c, a in results]
                    )
                    if results
                    else None,
                    "score": 50 if results else None,
                },
            )
        command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT attempt_id, question_id, correct, answered, chosen"
                " FROM question_outcomes ORDER BY attempt_id, question_id"
            )
        ).all()
        seconds = connection.execute(text("SELECT id, seconds FROM attempts ORDER BY id")).all()
    assert [(a, qid, bool(c), bool(ans), ch) for a, qid, c, ans, ch in rows] == [
        (1, "a", False, True, "1"),
        (1, "b", True, True, None),
        (2, "a", False, False, None),
        (2, "b", False, False, None),
    ]
    assert [tuple(r) for r in seconds] == [(1, 90), (2, 600), (3, None)]
    with engine.connect() as connection:
        tallies = connection.execute(
            text(
                "SELECT question_id, correct, answered, chosen, count FROM question_tallies"
                " ORDER BY question_id, answered"
            )
        ).all()
    assert [(qid, bool(c), bool(a), ch, n) for qid, c, a, ch, n in tallies] == [
        ("a", False, False, "", 1),
        ("a", False, True, "1", 1),
        ("b", False, False, "", 1),
        ("b", True, True, "", 1),
    ]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    engine.dispose()


def _trainer(app, client) -> Person:
    make_staff(app, "trainer", "giangvien")
    trainer = Person(client)
    assert trainer.log_in("giangvien", STAFF_PASSWORD).status_code == 302
    return trainer


def test_a_trainer_sees_flagged_questions_with_a_link_to_edit_them(app, client):
    _grade_papers(app)
    trainer = _trainer(app, client)
    listing = client.get("/giang-vien/thong-ke")
    assert listing.status_code == 200
    assert 'href="/giang-vien/thong-ke/dien-thoai"' in listing.get_data(as_text=True)
    page = client.get("/giang-vien/thong-ke/dien-thoai")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count(">Cần xem lại<") == 2
    assert 'href="/giang-vien/cau-hoi/dien-thoai#cau-1"' in html
    assert 'href="/giang-vien/cau-hoi/dien-thoai#cau-3"' not in html  # 40 %: fine
    assert "Nhấn nhanh nút tăng âm lượng" in html
    assert "20%" in html  # pass rate
    assert "2 phút 30 giây" in html  # median time
    assert trainer.client.get("/giang-vien/thong-ke/dien-thoai?ban=1").status_code == 200


def test_statistics_refuse_an_unknown_quiz_or_revision(app, client):
    _trainer(app, client)
    for url in (
        "/giang-vien/thong-ke/khong-co",
        "/giang-vien/thong-ke/dien-thoai?ban=9",
        "/giang-vien/thong-ke/dien-thoai?ban=abc",
        "/giang-vien/thong-ke/dien-thoai?ban=-1",
        "/giang-vien/thong-ke/dien-thoai?ban=99999999999999999999",
    ):
        assert client.get(url).status_code == 404, url


def test_learners_get_no_statistics(learner, client):
    assert client.get("/giang-vien/thong-ke/dien-thoai").status_code == 403
