"""`pip install .` ships the curriculum and keeps the instance folder out of site-packages."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_the_curriculum_and_runs_from_any_folder(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
        + ["-w", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("hoc_so-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("content", "quizzes", "static"):
        files = sorted((REPO / shipped).rglob("*.*"))
        assert files and all(
            f"lms/_curriculum/{path.relative_to(REPO)}" in names for path in files
        ), shipped
    assert "lms/migrations/env.py" in names and "lms/data/common-passwords.txt" in names
    # The certificate's font and its licence travel with the package.
    assert {"lms/data/fonts/NotoSans-Regular.ttf", "lms/data/fonts/OFL.txt"} <= names

    # Unpacked as site-packages would be, and started from an unrelated folder.
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    env["PYTHONPATH"] = str(site)
    code = (
        "from lms.config import ROOT, instance_path; from lms.content import load_curriculum;"
        "c = load_curriculum(ROOT); print(ROOT); print(instance_path()); print(c.ok);"
        "print(c.stats()['lessons'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=elsewhere, capture_output=True, text=True
    )
    root, instance, ok, lessons = out.stdout.split()
    assert root == str(site / "lms" / "_curriculum")
    assert instance == str(elsewhere / "instance")
    assert ok == "True" and int(lessons) > 10
