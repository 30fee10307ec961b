"""Villages: a list per commune, free text migrated and mapped, chosen at sign-up."""

from alembic import command
from sqlalchemy import create_engine, select, text

from lms.database import alembic_config
from lms.models import User, Village
from lms.places.villages import add_village, kind_of, map_village, search_key

from .factories import database_url

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
                    " commune_code, village, created_at, session_token, criterion_points)"
                    " VALUES (:phone, '!', 'A', 48, :commune, :village, '2026-01-01', :phone, 0)"
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


def _list_villages(app) -> dict[str, int]:
    from lms.web import db

    with app.app_context():
        session = db.session()
        made = {
            name: add_village(session, commune, name).id
            for commune, name in [
                (THANG_BINH, "Thôn 2"),
                (THANG_BINH, "Thôn 10"),
                (THANG_BINH, "Thôn Bình Hoà"),
                (20794, "Tổ dân phố 1"),
            ]
        }
        db.commit()
        return made


def test_signup_lists_the_villages_grouped_by_commune(app, person):
    made = _list_villages(app)
    html = person.client.get("/dang-ky?tinh=48").get_data(as_text=True)
    assert 'id="village_id" name="village_id"' in html
    assert "<optgroup" in html and "Không có trong danh sách" in html
    assert html.index(">Thôn 2<") < html.index(">Thôn 10<")
    response = person.sign_up(village_id=str(made["Thôn 10"]), village="")
    assert response.status_code == 302
    with app.app_context():
        from lms.web import db

        user = db.session().scalar(select(User))
        assert (user.village_id, user.village) == (made["Thôn 10"], None)
        assert user.village_name == "Thôn 10"


def test_a_village_of_another_commune_is_refused_with_a_message(app, person):
    made = _list_villages(app)
    response = person.sign_up(village_id=str(made["Tổ dân phố 1"]))
    assert response.status_code == 422
    assert "không thuộc xã, phường bạn đã chọn" in response.get_data(as_text=True)
    response = person.sign_up(village_id="99999")
    assert response.status_code == 422


def test_not_listed_keeps_the_text_and_a_listed_name_typed_links(app, person):
    _list_villages(app)
    assert person.sign_up(village_id="khac", village="Thôn Mới").status_code == 302
    person.log_out()
    made = person.sign_up(login="0912345679", village_id="", village="thon binh hoa")
    assert made.status_code == 302
    with app.app_context():
        from lms.web import db

        rows = db.session().execute(select(User.village_id, User.village).order_by(User.id))
        first, second = [tuple(r) for r in rows]
        assert first == (None, "Thôn Mới")
        assert second[0] is not None and second[1] is None


def test_without_a_list_the_form_asks_for_text_only(person):
    html = person.client.get("/dang-ky?tinh=48").get_data(as_text=True)
    assert 'name="village_id"' not in html and 'name="village"' in html
    assert person.sign_up().status_code == 302


def test_profile_edit_preselects_and_changes_the_village(app, learner):
    made = _list_villages(app)
    html = learner.client.get("/tai-khoan/sua").get_data(as_text=True)
    assert '<option selected value="khac">' in html  # typed before the list existed
    from .people import signup_data

    data = {
        k: v
        for k, v in signup_data().items()
        if k not in ("login", "password", "password_again", "consent")
    }
    data.update(village_id=str(made["Thôn 2"]), village="")
    response = learner.post_form("/tai-khoan/sua", data)
    assert response.status_code == 302
    html = learner.client.get("/tai-khoan/sua").get_data(as_text=True)
    assert f'<option selected value="{made["Thôn 2"]}">' in html
    assert "Thôn 2, " in learner.client.get("/tai-khoan").get_data(as_text=True)
