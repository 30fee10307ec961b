"""Officer reports: the tally gives exactly what counting the citizens one by one gives,
and stays right through sign-up, levels reached, profile edits, withdrawal and deletion."""

import random
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import delete, select, update

from lms import places
from lms.models import Attempt, CitizenTally, CriterionStatus, User, Village
from lms.people import personal_data
from lms.people.accounts import Profile
from lms.places.villages import map_village
from lms.publishing import current_rules
from lms.reports import COMMUNE, PROVINCE, age_band, report, tally, targets
from lms.standing import record_all_standings, record_standing
from lms.web import db

from .people import answer_phone_quiz


def _brute(session, kind: str, code: int, year: int) -> dict:
    """Every figure of the report, counted citizen by citizen in Python."""
    levels: dict[int, dict[str, object]] = {}
    for user_id, level, met_at in session.execute(
        select(CriterionStatus.user_id, CriterionStatus.level, CriterionStatus.met_at)
    ):
        levels.setdefault(user_id, {})[level] = met_at
    figures: Counter = Counter()
    for user in session.scalars(select(User).where(User.commune_code.is_not(None))):
        if (user.province_code if kind == PROVINCE else user.commune_code) != code:
            continue
        keys = [
            ("total", ""),
            ("unit", str(user.commune_code if kind == PROVINCE else (user.village_id or ""))),
            ("group", user.target_group or ""),
            ("age", age_band(user.birth_year, year)),
            ("gender", user.gender or ""),
        ]
        reached = [("", user.created_at)] + list(levels.get(user.id, {}).items())
        for level, at in reached:
            if at.year <= year:
                figures.update((part, key, level) for part, key in keys)
            if at.year == year:
                figures[("month", str(at.month), level)] += 1
    return {k: v for k, v in figures.items() if v}


def _figures(found) -> dict:
    figures: Counter = Counter()
    parts = [("unit", found.units), ("group", found.groups), ("age", found.ages)]
    parts += [("gender", found.genders), ("month", {str(m): c for m, c in found.months.items()})]
    for part, counts in [("total", {"": found.total}), *parts]:
        for key, count in counts.items():
            figures[(part, key, "")] += count.registered
            for level, citizens in count.levels.items():
                figures[(part, key, level)] += citizens
    return {k: v for k, v in figures.items() if v}


def _stored(session) -> dict:
    rows = session.execute(select(CitizenTally)).scalars()
    key = ("province_code", "commune_code", "dimension", "value", "level", "year", "month")
    return {tuple(getattr(r, k) for k in key): r.citizens for r in rows if r.citizens}


def _check_everything(session, years) -> None:
    """Every area the citizens live in, every year: the report is the brute count."""
    communes = session.scalars(select(User.commune_code).distinct()).all()
    areas = [(PROVINCE, 48)] + [(COMMUNE, c) for c in communes if c is not None]
    for kind, code in areas:
        for year in years:
            assert _figures(report(session, kind, code, year)) == _brute(
                session, kind, code, year
            ), (kind, code, year)


@pytest.fixture
def demo(app, lms):
    result = lms(["demo-data", "--citizens", "250", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return app


def test_the_report_is_the_brute_count_of_a_random_province(demo):
    with demo.app_context():
        session = db.session()
        years = sorted({u.created_at.year for u in session.scalars(select(User))})
        assert _brute(session, PROVINCE, 48, years[-1])[("total", "", "KNS-1")] > 0
        _check_everything(session, [years[0] - 1, *years])


def test_restating_every_learner_recounts_the_levels(demo):
    with demo.app_context():
        session = db.session()
        session.execute(delete(CriterionStatus))  # as if new rules met nobody yet
        db.commit()
        record_all_standings(session, current_rules(session))  # and now they do again
        db.commit()
        restated = _stored(session)
        _check_everything(session, [2025, 2026])
        tally.rebuild(session)
        assert _stored(session) == restated


def test_edits_withdrawals_and_deletions_keep_the_tally_as_a_rebuild_would(demo):
    rng = random.Random(5)
    with demo.app_context():
        session = db.session()
        users = session.scalars(select(User).order_by(User.id)).all()
        other_commune = places.communes(48)[0].code
        for user in rng.sample(users, 30):
            personal_data.update_profile(
                session,
                user,
                Profile(
                    display_name=user.display_name,
                    birth_year=rng.randint(1940, 2005),
                    gender=rng.choice(["nu", "nam", "khac"]),
                    target_group=rng.choice(["nong-dan", "khac"]),
                    province_code=48,
                    commune_code=rng.choice([user.commune_code, other_commune]),
                    village="Thôn Mới Lập",
                ),
            )
        left = [u for u in users if u.commune_code]
        for user in rng.sample(left, 20):
            personal_data.withdraw_consent(session, user)  # still counted
        for user in rng.sample(left, 15):
            personal_data.delete_account(session, user)
        db.commit()
        incremental = _stored(session)
        tally.rebuild(session)
        assert _stored(session) == incremental
        _check_everything(session, [2025, 2026, 2027])


def test_mapping_a_typed_village_moves_its_learners_in_the_village_breakdown(demo):
    with demo.app_context():
        session = db.session()
        typed = session.execute(
            select(User.commune_code, User.village).where(User.village.is_not(None))
        ).first()
        commune, text = typed
        village = session.scalar(select(Village).where(Village.commune_code == commune))
        year = date.today().year
        units = report(session, COMMUNE, commune, year).units
        before = units[str(village.id)].registered if str(village.id) in units else 0
        moved = map_village(session, commune, text, village.id)
        db.commit()
        after = report(session, COMMUNE, commune, year).units[str(village.id)].registered
        assert moved and after == before + moved
        _check_everything(session, [year])


def test_sign_up_and_a_level_reached_are_counted_at_once_and_deletion_uncounts(learner, app):
    with app.app_context():
        session = db.session(writes=False)
        year = session.scalar(select(User.created_at)).year
        assert report(session, COMMUNE, 20791, year).total.registered == 1
        assert report(session, PROVINCE, 48, year).units["20791"].registered == 1
        assert report(session, COMMUNE, 20275, year).total.registered == 0
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    with app.app_context():
        session = db.session(writes=False)
        found = report(session, COMMUNE, 20791, year)
        assert (found.total.registered, found.total.kns1) == (1, 1)
        assert found.total.share("KNS-1") == 100
        assert sum(m.kns1 for m in found.months.values()) == 1
        assert found.genders["nu"].kns1 == 1 and found.groups["nong-dan"].kns1 == 1
        assert _brute(session, COMMUNE, 20791, year) == _figures(found)
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User))
        personal_data.delete_account(session, user)
        db.commit()
        # No row is left, not even a zero: "born 1960 in this commune" would stay behind.
        assert session.scalars(select(CitizenTally)).all() == []


def test_a_lost_level_is_uncounted(learner, app):
    url = learner.start_quiz("dien-thoai")
    learner.submit(url, answer_phone_quiz(learner, url))
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User))
        year = user.created_at.year
        assert report(session, COMMUNE, 20791, year).total.kns1 == 1
        session.execute(update(Attempt).values(score=10))  # as if the rules now said fail
        record_standing(session, user, current_rules(session))
        db.commit()
        assert report(session, COMMUNE, 20791, year).total.kns1 == 0
        assert report(session, COMMUNE, 20791, year).total.registered == 1
        assert _brute(session, COMMUNE, 20791, year) == _figures(
            report(session, COMMUNE, 20791, year)
        )


def test_targets_are_interpolated_between_listed_years():
    table = targets.from_file()
    assert table == [(2025, 70, 60), (2030, 90, 80)]
    assert targets.for_year(table, 2026).kns1 == pytest.approx(74)
    assert targets.for_year(table, 2026).between == (2025, 2030)
    assert targets.for_year(table, 2030).kns2 == 80
    assert targets.for_year(table, 2040).kns1 == 90 and targets.for_year(table, 2020).kns1 == 70
    assert targets.for_year([], 2026) is None


def test_age_bands_are_the_age_at_the_end_of_the_year():
    assert age_band(1996, 2026) == "30-44" and age_band(1997, 2026) == "duoi-30"
    assert age_band(1951, 2026) == "tu-75" and age_band(None, 2026) == ""
