"""Training paths and enrollments, as callers knew them before the split by entity:
``paths`` (HR's paths), ``modules`` (their modules and quizzes) and ``enrollments``
(enrolling, assigning, completing)."""

from __future__ import annotations

from careers.services.enrollments import ModuleResult, assign_path, complete_module, enroll
from careers.services.modules import add_module, delete_module, reorder_modules, update_module
from careers.services.paths import create_path, update_path

__all__ = [
    "ModuleResult",
    "add_module",
    "assign_path",
    "complete_module",
    "create_path",
    "delete_module",
    "enroll",
    "reorder_modules",
    "update_module",
    "update_path",
]
