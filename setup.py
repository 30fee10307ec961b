"""Packages the shipped curriculum with the code, so `pip install .` serves it anywhere.

content/, quizzes/ and static/ stay at the top of the repository (trainers and the
import tools work there); a regular build copies them into lms/_curriculum/ of the
wheel. Editable installs run from the checkout and need no copy (lms.config finds it).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CURRICULUM = ("content", "quizzes", "static")


class BuildWithCurriculum(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "lms" / "_curriculum"
        for name in CURRICULUM:
            shutil.copytree(
                HERE / name,
                target / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
            )


setup(cmdclass={"build_py": BuildWithCurriculum})
