"""Villages: a list per commune, free text migrated and mapped, chosen at sign-up."""

from alembic import command
from sqlalchemy import create_engine, select, text

from lms.database import alembic_config
from lms.models import User, Village
from lms.places.villages import add_village, kind_of, map_village, search_key

from .conftest import database_url

THANG_BINH = 20791


def test_free_text_villages_become_rows_of_their_commune(tmp_path):
    url = database_url(tmp_path)
    engine = create_engine(url)
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        for n, (commune, village) in enumerate(
            [
                (THANG_BINH, "Thôn Bình Hoà"),
                (THANG_BINH, "thôn  bình hoà "),
                (THANG_BINH, "Thon Binh Hoa"),
                (THANG_BINH, "Thôn Bình Hoà"),
                (THANG_BINH, "Tổ dân phố 3"),
                (20794, "Thôn Bình Hoà"),  # another commune: another row
                (THANG_BINH, None),
                (None, "Thôn Lạc"),  # no commune: stays text
            ]
        ):
            connection.execute(
                text(
                    "INSERT INTO users (phone, password_hash, display_name, province_code,"
                    " commune_code, village, created_at, session_version, criterion_points)"
                    " VALUES (:phone, '!', 'A', 48, :commune, :village, '2026-01-01', 1, 0)"
                ),
                {"phone": f"09000000{n:02d}", "commune": commune, "village": village},
            )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        villages = connection.execute(
            text("SELECT id, commune_code, name, kind, search_key FROM villages ORDER BY id")
        ).all()
        assert [(v.commune_code, v.name, v.kind) for v in villages] == [
            (THANG_BINH, "Thôn Bình Hoà", "thon"),
            (THANG_BINH, "Tổ dân phố 3", "to-dan-pho"),
            (20794, "Thôn Bình Hoà", "thon"),
        ]
        users = connection.execute(text("SELECT village_id, village FROM users ORDER BY id")).all()
        first = villages[0].id
        assert [tuple(u) for u in users] == [
            (first, None),
            (first, None),
            (first, None),
            (first, None),
            (villages[1].id, None),
            (villages[2].id, None),
            (None, None),
            (None, "Thôn Lạc"),
        ]
    engine.dispose()


def test_search_key_and_kind():
    assert search_key("  Thôn   Đồng Hoà ") == "thon dong hoa"
    assert kind_of("Tổ dân phố 12") == "to-dan-pho"
    assert kind_of("Bản Lầm") == "ban"
    assert kind_of("Khối phố 2") == "khoi-pho"
    assert kind_of("Bình An") == "khac"


def test_map_village_moves_everyone_who_typed_it(session):
    village = add_village(session, THANG_BINH, "Thôn Bình Hoà")
    assert add_village(session, THANG_BINH, "thon binh hoa") is village
    for n, (commune, typed) in enumerate(
        [
            (THANG_BINH, "thon binh  hoa"),
            (THANG_BINH, "Thôn Bình Hoà"),
            (THANG_BINH, "Thôn Bình Hòa"),  # the other tone-mark placement
            (THANG_BINH, "Thôn Khác"),
            (20794, "Thôn Bình Hoà"),
        ]
    ):
        session.add(
            User(
                phone=f"091000000{n}",
                password_hash="!",
                display_name="A",
                commune_code=commune,
                village=typed,
            )
        )
    session.flush()
    assert map_village(session, THANG_BINH, "Thôn Bình Hoà", village.id) == 3
    rows = session.execute(select(User.village_id, User.village).order_by(User.id)).all()
    assert [tuple(r) for r in rows] == [
        (village.id, None),
        (village.id, None),
        (village.id, None),
        (None, "Thôn Khác"),
        (None, "Thôn Bình Hoà"),
    ]
    other = add_village(session, 20794, "Thôn Bình Hoà")
    try:
        map_village(session, THANG_BINH, "Thôn Khác", other.id)
    except ValueError:
        pass
    else:
        raise AssertionError("a village of another commune was accepted")
    assert session.scalar(select(Village.kind).where(Village.id == village.id)) == "thon"
