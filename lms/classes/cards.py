"""Login cards for members without a phone number: a username and a one-time password.

Printing cards gives each such member a fresh random password (the previous card stops
working), ends their sign-ins, and marks the account so that the next login asks the
learner to choose their own password (lms.auth). The passwords are shown once, on the
page that printed them, and kept only as hashes.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .. import audit
from ..database import end_read
from ..models import TrainingClass, User
from ..people.logins import end_every_login
from ..people.passwords import hash_password
from ..people.reset_codes import only_learner
from . import members

#: No 0/o, 1/l/i: read off paper by someone who may not know the difference.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 8
PER_PAGE = 8


@dataclass(frozen=True)
class Card:
    name: str
    username: str
    password: str


def one_time_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def card_holders(db: Session, klass: TrainingClass) -> list[User]:
    """Members who sign in with a username: no phone, learner accounts only."""
    return [u for u in members(db, klass) if not u.phone and u.username and only_learner(u)]


def issue_cards(
    db: Session, klass: TrainingClass, trainer: User, chosen: set[int], where: str = ""
) -> list[Card]:
    """Cards for the chosen card holders (ids of others are ignored).

    The passwords are hashed before anything is written, holding no database lock: a
    class of 40 takes seconds of argon2, and on SQLite every other learner's write would
    wait behind it (see lms.database.end_read)."""
    holders = [
        (user.id, user.display_name, user.username)
        for user in card_holders(db, klass)
        if user.id in chosen
    ]
    trainer_id = trainer.id
    end_read(db)
    hashed = []
    for user_id, name, username in holders:
        password = one_time_password()
        hashed.append((user_id, Card(name, username, password), hash_password(password)))
    trainer = db.get(User, trainer_id)
    cards = []
    for user_id, card, password_hash in hashed:
        user = db.get(User, user_id)
        audit.record_access(db, trainer, user, "reset_password", where=where)
        user.password_hash = password_hash
        user.must_choose_password = True
        end_every_login(db, user)
        cards.append(card)
    db.flush()
    return cards


def pages(cards: list[Card]) -> list[list[Card]]:
    """Cards in sheets of PER_PAGE (one A4 each)."""
    return [cards[i : i + PER_PAGE] for i in range(0, len(cards), PER_PAGE)]
