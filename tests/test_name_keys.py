"""Stored name keys: search without diacritics or case, Vietnamese class-list order."""

from alembic import command
from sqlalchemy import create_engine, select, text

from lms.citizens.keys import plain, search_key, sort_key
from lms.database import alembic_config
from lms.models import User
from lms.web import db

from .factories import database_url, make_app, make_user
from .paths import CURRICULUM


def test_search_key_drops_diacritics_case_and_reads_d_for_dj():
    assert search_key("Nguyễn Văn Đức", "0912345678") == " nguyen van duc 0912345678"
    assert plain("ĐẶNG  Thị-Ánh") == "dang thi anh"
    assert search_key("Lò Thị Ơn") == " lo thi on"


def test_search_key_keeps_only_letters_digits_and_spaces():
    # No LIKE wildcard or quote can ever be stored or searched for.
    assert search_key("100% _Ba'_") == " 100 ba"


def names_in_order(names):
    return sorted(names, key=sort_key)


def test_sorted_by_given_name_then_family_name():
    assert names_in_order(["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]) == [
        "Lê Văn An",
        "Nguyễn Thị An",
        "Trần Văn Bình",
    ]


def test_vietnamese_letters_follow_their_base_letter():
    given = ["Ân", "Ăn", "An", "Bê", "Dung", "Đức", "Ê", "E", "Ơn", "Ôn", "On", "Ưng", "Ung"]
    assert names_in_order(given) == [
        "An", "Ăn", "Ân", "Bê", "Dung", "Đức", "E", "Ê", "On", "Ôn", "Ơn", "Ung", "Ưng",
    ]  # fmt: skip


def test_tones_only_break_ties_in_dictionary_order():
    assert names_in_order(["Lý Á", "Lý Ạ", "Lý À", "Lý A", "Lý Ã", "Lý Ả"]) == [
        "Lý A", "Lý À", "Lý Ả", "Lý Ã", "Lý Á", "Lý Ạ",
    ]  # fmt: skip
    # A tone never outweighs a letter.
    assert names_in_order(["Lê Anh", "Lê Án", "Lê An"]) == ["Lê An", "Lê Án", "Lê Anh"]


def test_a_shorter_name_comes_first():
    assert names_in_order(["Hà Văn An", "Hà An", "Hà Anh"]) == ["Hà An", "Hà Văn An", "Hà Anh"]


def test_keys_are_stored_whenever_a_user_is_written(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, CURRICULUM)
    with app.app_context():
        session = db.session()
        user = make_user(session, "Đỗ Thị Hoa", commune=20791, province=48)
        assert user.search_key == " do thi hoa"
        user.display_name = "Đặng Thị Hoà"
        user.phone = "0912345678"
        session.commit()
        stored = session.execute(
            select(User.search_key, User.sort_key).where(User.id == user.id)
        ).one()
        assert stored == (" dang thi hoa 0912345678", sort_key("Đặng Thị Hoà"))
    db.engine(app).dispose()


def test_the_migration_fills_keys_of_existing_users(tmp_path):
    url = database_url(tmp_path)
    engine = create_engine(url)
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")
        for n, name in enumerate(["Nguyễn Văn Đức", "Lê Thị Ánh"]):
            connection.execute(
                text(
                    "INSERT INTO users (phone, password_hash, display_name, created_at,"
                    " session_token, criterion_points)"
                    " VALUES (:phone, '!', :name, '2026-01-01', :phone, 0)"
                ),
                {"phone": f"090000000{n}", "name": name},
            )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT search_key, sort_key FROM users ORDER BY id"))
        assert [tuple(row) for row in rows] == [
            (" nguyen van duc 0900000000", sort_key("Nguyễn Văn Đức")),
            (" le thi anh 0900000001", sort_key("Lê Thị Ánh")),
        ]
    engine.dispose()
