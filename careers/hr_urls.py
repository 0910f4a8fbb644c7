"""HR's career pages (tracks editor, training editor, promotion queue, readiness), included
under /careers/hr/ in the ``careers`` namespace."""

from django.urls import path

from careers.hr_views import levels, modules, paths, promotions, readiness, requirements, tracks

urlpatterns = [
    # Tracks, their levels and each level's requirements
    path("tracks/", tracks.tracks, name="hr_tracks"),
    path("tracks/<int:pk>/", tracks.track_edit, name="hr_track"),
    path("tracks/<int:pk>/copy/", tracks.track_copy, name="hr_track_copy"),
    path("tracks/<int:pk>/levels/", levels.level_add, name="hr_level_add"),
    path("tracks/<int:pk>/levels/order/", levels.levels_reorder, name="hr_levels_reorder"),
    path("levels/<int:pk>/", levels.level_edit, name="hr_level_edit"),
    path("levels/<int:pk>/delete/", levels.level_delete, name="hr_level_delete"),
    path("levels/<int:pk>/requirements/", requirements.requirement_add, name="hr_requirement_add"),
    path(
        "levels/<int:pk>/requirements/order/",
        requirements.requirements_reorder,
        name="hr_requirements_reorder",
    ),
    path(
        "requirements/<int:pk>/delete/",
        requirements.requirement_delete,
        name="hr_requirement_delete",
    ),
    # Training paths and their modules
    path("training/", paths.paths, name="hr_paths"),
    path("training/<int:pk>/", paths.path_edit, name="hr_path"),
    path("training/<int:pk>/modules/new/", modules.module_add, name="hr_module_add"),
    path("training/<int:pk>/modules/order/", modules.modules_reorder, name="hr_modules_reorder"),
    path("modules/<int:pk>/", modules.module_edit, name="hr_module_edit"),
    path("modules/<int:pk>/delete/", modules.module_delete, name="hr_module_delete"),
    # Promotions and levels
    path("promotions/", promotions.promotion_queue, name="promotion_queue"),
    path("promotions/<int:pk>/approve/", promotions.promotion_approve, name="hr_promotion_approve"),
    path("promotions/<int:pk>/decline/", promotions.promotion_decline, name="hr_promotion_decline"),
    path("people/<int:pk>/level/", promotions.set_level, name="hr_set_level"),
    # The company's readiness
    path("readiness/", readiness.readiness, name="hr_readiness"),
]
