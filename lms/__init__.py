"""Học Số: short digital-skills lessons and quizzes for the Công dân học tập programme.

The app factory is ``lms.app.create_app``. This package file imports nothing, so that the
pure cores (``lms.content``, ``lms.quiz``, ``lms.criteria``) load without Flask or
SQLAlchemy.
"""
